import { Migration } from '@mikro-orm/migrations';

/**
 * Competitions: rules per COMPETITION activity, entries, matches and judge scores.
 * Matches and judge scores reference entries through (competition_id, id), so an entry
 * of another competition is refused by the database too, not only by the resolvers.
 */
export class Migration20261121300000_competitions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "competition_format" as enum ('MATCHES', 'JUDGED');`);
    this.addSql(`create type "match_status" as enum ('SCHEDULED', 'LIVE', 'FINISHED', 'CANCELLED');`);

    this.addSql(`create table "competitions" (
      "activity_id" int primary key references "activities" ("id") on update cascade on delete cascade,
      "updated_at" timestamptz not null default now(),
      "format" "competition_format" not null default 'MATCHES',
      "points_for_win" int not null default 3 check ("points_for_win" between 0 and 100),
      "points_for_draw" int not null default 1 check ("points_for_draw" between 0 and 100),
      "points_for_loss" int not null default 0 check ("points_for_loss" between 0 and 100),
      "drop_highest_and_lowest" boolean not null default true,
      check ("points_for_win" >= "points_for_draw" and "points_for_draw" >= "points_for_loss")
    );`);

    this.addSql(`create table "competition_entries" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "competition_id" int not null references "activities" ("id") on update cascade on delete cascade,
      "name" varchar(200) not null check (btrim("name") <> ''),
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "members" text[] not null default '{}',
      unique ("competition_id", "name"),
      unique ("competition_id", "id")
    );`);
    this.addSql(
      `create index "competition_entries_competition_id_created_at_index" on "competition_entries" ("competition_id", "created_at");`,
    );
    this.addSql(`create index "competition_entries_union_id_index" on "competition_entries" ("union_id");`);

    this.addSql(`create table "matches" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "competition_id" int not null references "activities" ("id") on update cascade on delete cascade,
      "round" varchar(100) not null check (btrim("round") <> ''),
      "home_entry_id" int not null,
      "away_entry_id" int not null,
      "starts_at" timestamptz not null,
      "site_id" int null references "sites" ("id") on update cascade on delete restrict,
      "status" "match_status" not null default 'SCHEDULED',
      "home_score" int null check ("home_score" >= 0),
      "away_score" int null check ("away_score" >= 0),
      "version" int not null default 0 check ("version" >= 0),
      "corrected_at" timestamptz null,
      "correction_reason" text null,
      foreign key ("competition_id", "home_entry_id") references "competition_entries" ("competition_id", "id") on delete cascade,
      foreign key ("competition_id", "away_entry_id") references "competition_entries" ("competition_id", "id") on delete cascade,
      check ("home_entry_id" <> "away_entry_id"),
      -- No score before the start; a score from the start on; a cancelled match keeps what it had.
      check (case "status"
        when 'SCHEDULED' then "home_score" is null and "away_score" is null
        when 'CANCELLED' then ("home_score" is null) = ("away_score" is null)
        else "home_score" is not null and "away_score" is not null end),
      check (("corrected_at" is null) = ("correction_reason" is null)),
      check ("corrected_at" is null or "status" = 'FINISHED')
    );`);
    this.addSql(
      `create index "matches_competition_id_starts_at_index" on "matches" ("competition_id", "starts_at", "id");`,
    );
    this.addSql(`create index "matches_home_entry_id_index" on "matches" ("home_entry_id");`);
    this.addSql(`create index "matches_away_entry_id_index" on "matches" ("away_entry_id");`);

    this.addSql(`create table "judge_scores" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "competition_id" int not null references "activities" ("id") on update cascade on delete cascade,
      "entry_id" int not null,
      "round" int not null check ("round" >= 1),
      "judge" varchar(100) not null check (btrim("judge") <> ''),
      "score" numeric(5,2) not null check ("score" between 0 and 100),
      "corrected_at" timestamptz null,
      "correction_reason" text null,
      foreign key ("competition_id", "entry_id") references "competition_entries" ("competition_id", "id") on delete cascade,
      unique ("entry_id", "round", "judge"),
      check (("corrected_at" is null) = ("correction_reason" is null))
    );`);
    this.addSql(
      `create index "judge_scores_competition_id_index" on "judge_scores" ("competition_id", "entry_id", "round");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "judge_scores";`);
    this.addSql(`drop table "matches";`);
    this.addSql(`drop table "competition_entries";`);
    this.addSql(`drop table "competitions";`);
    this.addSql(`drop type "match_status";`);
    this.addSql(`drop type "competition_format";`);
  }
}
