import { Migration } from '@mikro-orm/migrations';

/**
 * Every committed write advances the event log: changes without an event of their own
 * (unions, sites, programmes, revocations, seeding) append a `write` mark, which has no
 * subject and no union path and is never sent to a subscriber. The response cache
 * compares the log's newest cursor to know whether an answer may have changed.
 */
export class Migration20261122000000_write_marks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "events" drop constraint "events_topic_check";`);
    this.addSql(
      `alter table "events" add constraint "events_topic_check" check ("topic" in ('activity', 'competition', 'write'));`,
    );
    this.addSql(
      `alter table "events" alter column "subject_id" drop not null, alter column "union_path" drop not null;`,
    );
    this.addSql(
      `alter table "events" add constraint "events_subject_check" check (("topic" = 'write') = ("subject_id" is null and "union_path" is null));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "events" where "topic" = 'write';`);
    this.addSql(`alter table "events" drop constraint "events_subject_check";`);
    this.addSql(`alter table "events" alter column "subject_id" set not null, alter column "union_path" set not null;`);
    this.addSql(`alter table "events" drop constraint "events_topic_check";`);
    this.addSql(
      `alter table "events" add constraint "events_topic_check" check ("topic" in ('activity', 'competition'));`,
    );
  }
}
