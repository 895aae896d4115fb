import { Migration } from '@mikro-orm/migrations';

/**
 * The event log (outbox): every change a subscriber may care about is written here in
 * the transaction that makes it. `cursor` comes from a sequence taken under one advisory
 * transaction lock held until commit, so cursors increase in commit order (see
 * src/live/event-log.ts). `union_path` is the organiser's tree path at the time, so a
 * subtree feed replays through the ltree index like every other subtree question.
 */
export class Migration20261121200000_event_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "event_cursor_seq" as bigint;`);
    this.addSql(`create table "events" (
      "cursor" bigint primary key,
      "topic" text not null check ("topic" in ('activity', 'competition')),
      "type" text not null,
      "subject_id" int not null,
      "union_path" ltree not null,
      "payload" jsonb not null default '{}',
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "events_subject_index" on "events" ("topic", "subject_id", "cursor");`);
    this.addSql(`create index "events_union_path_index" on "events" using gist ("union_path");`);
    this.addSql(`create index "events_created_at_index" on "events" ("created_at");`);
    // One row: how far retention has pruned, so a cursor older than that is known to be gone.
    this.addSql(`create table "event_log_state" (
      "singleton" boolean primary key default true check ("singleton"),
      "pruned_through" bigint not null default 0
    );`);
    this.addSql(`insert into "event_log_state" default values;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "event_log_state";`);
    this.addSql(`drop table "events";`);
    this.addSql(`drop sequence "event_cursor_seq";`);
  }
}
