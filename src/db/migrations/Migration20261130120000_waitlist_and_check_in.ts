import { Migration } from '@mikro-orm/migrations';

/**
 * The waitlist: a WAITLISTED sign-up waits for a place, counted on the activity; a
 * worker's own sign-up changes are `sign-up` events in the log, for `mySignUpChanged`.
 * Check-in: a course's sessions, and one check-in per sign-up and session (or one for an
 * activity without sessions).
 */
export class Migration20261130120000_waitlist_and_check_in extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "sign_up_status" add value if not exists 'WAITLISTED' before 'CANCELLED';`);
    this.addSql(`alter table "activities" add column "waitlist_count" int not null default 0;`);
    this.addSql(
      `alter table "activities" add constraint "activities_waitlist_count_check" check ("waitlist_count" >= 0);`,
    );
    // The log takes a new topic: the check is extended as it stands (other migrations add topics too).
    this.addSql(`do $$
      declare definition text;
      begin
        select pg_get_constraintdef(oid) into definition from pg_constraint
        where conrelid = 'events'::regclass and conname = 'events_topic_check';
        execute 'alter table "events" drop constraint "events_topic_check"';
        execute 'alter table "events" add constraint "events_topic_check" '
          || replace(definition, 'ARRAY[', 'ARRAY[''sign-up''::text, ');
      end $$;`);
    this.addSql(`create table "activity_sessions" (
      "id" serial primary key,
      "activity_id" int not null references "activities" ("id") on delete cascade,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz not null,
      check ("ends_at" > "starts_at")
    );`);
    this.addSql(
      `create index "activity_sessions_activity_id_index" on "activity_sessions" ("activity_id", "starts_at");`,
    );
    this.addSql(`create table "check_ins" (
      "id" serial primary key,
      "sign_up_id" int not null references "sign_ups" ("id") on delete cascade,
      "session_id" int null references "activity_sessions" ("id") on delete restrict,
      "checked_in_at" timestamptz not null default now()
    );`);
    this.addSql(`create unique index "check_ins_once" on "check_ins" ("sign_up_id", coalesce("session_id", 0));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "check_ins";`);
    this.addSql(`drop table "activity_sessions";`);
    this.addSql(`delete from "events" where "topic" = 'sign-up';`);
    this.addSql(`do $$
      declare definition text;
      begin
        select pg_get_constraintdef(oid) into definition from pg_constraint
        where conrelid = 'events'::regclass and conname = 'events_topic_check';
        execute 'alter table "events" drop constraint "events_topic_check"';
        execute 'alter table "events" add constraint "events_topic_check" '
          || replace(definition, '''sign-up''::text, ', '');
      end $$;`);
    this.addSql(`update "sign_ups" set "status" = 'CANCELLED' where "status" = 'WAITLISTED';`);
    this.addSql(`alter table "activities" drop column "waitlist_count";`);
  }
}
