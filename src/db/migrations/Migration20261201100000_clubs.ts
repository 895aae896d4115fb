import { Migration } from '@mikro-orm/migrations';

/**
 * Clubs and teams (issue 13, point 1): a union's interest groups and culture teams, the
 * workers' memberships of them, the honours they won with every correction kept, and the
 * club an activity is a meeting of.
 *
 * `member_count` counts ACTIVE members and never passes `member_limit` (a check, on top of
 * the club row lock every membership change takes). A worker holds at most one PENDING or
 * ACTIVE membership per club (a partial unique index); leaving or a decline keeps the row
 * as history. Honours are never deleted: corrections keep what they said before.
 *
 * Reads of these tables report themselves as GLOBAL to the response cache (no row
 * triggers here), as the menu's do: any committed write forgets answers that read them.
 */
export class Migration20261201100000_clubs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "club_kind" as enum ('SPORTS', 'ARTS', 'READING', 'SKILLS', 'VOLUNTEERING', 'OTHER');`);
    this.addSql(`create type "club_member_status" as enum ('PENDING', 'ACTIVE', 'DECLINED', 'LEFT');`);
    this.addSql(`create type "honour_level" as enum ('NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY');`);
    this.addSql(`create table "clubs" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "name" varchar(200) not null check (btrim("name") <> ''),
      "kind" "club_kind" not null,
      "leader" varchar(100) null,
      "description" text null,
      "home_site_id" int null references "sites" ("id") on update cascade on delete restrict,
      "recruiting" boolean not null default true,
      "member_limit" int null check ("member_limit" between 1 and 100000),
      "requires_approval" boolean not null default false,
      "member_count" int not null default 0 check ("member_count" >= 0),
      check ("member_limit" is null or "member_count" <= "member_limit"),
      unique ("union_id", "name")
    );`);
    this.addSql(`create index "clubs_union_id_name_index" on "clubs" ("union_id", "name", "id");`);
    this.addSql(`create index "clubs_home_site_id_index" on "clubs" ("home_site_id");`);

    this.addSql(`create table "club_members" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "club_id" int not null references "clubs" ("id") on update cascade on delete restrict,
      "worker_id" text not null,
      "worker_name" varchar(100) not null,
      "phone" varchar(20) null,
      "union_id" int null references "unions" ("id") on update cascade on delete set null,
      "status" "club_member_status" not null default 'ACTIVE',
      "decided_at" timestamptz null,
      "decline_reason" text null,
      "left_at" timestamptz null,
      check (("status" = 'DECLINED') = ("decline_reason" is not null)),
      check (("status" = 'LEFT') = ("left_at" is not null))
    );`);
    this.addSql(
      `create unique index "club_members_one_open_per_worker" on "club_members" ("club_id", "worker_id")
       where "status" in ('PENDING', 'ACTIVE');`,
    );
    this.addSql(
      `create index "club_members_club_id_created_at_index" on "club_members" ("club_id", "created_at", "id");`,
    );
    this.addSql(`create index "club_members_worker_id_index" on "club_members" ("worker_id", "created_at", "id");`);
    this.addSql(`create index "club_members_union_id_index" on "club_members" ("union_id");`);

    this.addSql(`create table "club_honours" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "club_id" int not null references "clubs" ("id") on update cascade on delete restrict,
      "level" "honour_level" not null,
      "title" varchar(300) not null check (btrim("title") <> ''),
      "year" smallint not null check ("year" between 1949 and 2100),
      "awarded_by" varchar(200) null,
      "withdrawn" boolean not null default false
    );`);
    this.addSql(`create index "club_honours_club_id_index" on "club_honours" ("club_id", "year", "id");`);
    this.addSql(`create table "club_honour_corrections" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "honour_id" int not null references "club_honours" ("id") on update cascade on delete restrict,
      "previous_level" "honour_level" not null,
      "previous_title" varchar(300) not null,
      "previous_year" smallint not null,
      "previous_awarded_by" varchar(200) null,
      "previous_withdrawn" boolean not null,
      "reason" text not null check (btrim("reason") <> '')
    );`);
    this.addSql(
      `create index "club_honour_corrections_honour_id_index" on "club_honour_corrections" ("honour_id", "created_at", "id");`,
    );

    // A meeting of a club is an activity that names it.
    this.addSql(
      `alter table "activities" add column "club_id" int null references "clubs" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `create index "activities_club_id_starts_at_index" on "activities" ("club_id", "starts_at", "id") where "club_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "activities" drop column "club_id";`);
    this.addSql(`drop table "club_honour_corrections";`);
    this.addSql(`drop table "club_honours";`);
    this.addSql(`drop table "club_members";`);
    this.addSql(`drop table "clubs";`);
    this.addSql(`drop type "honour_level";`);
    this.addSql(`drop type "club_member_status";`);
    this.addSql(`drop type "club_kind";`);
  }
}
