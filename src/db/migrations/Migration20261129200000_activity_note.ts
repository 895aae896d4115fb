import { Migration } from '@mikro-orm/migrations';

/** A staff note on an activity: what may still change once it is FINISHED or CANCELLED. */
export class Migration20261129200000_activity_note extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "activities" add column "note" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "activities" drop column "note";`);
  }
}
