import { Migration } from '@mikro-orm/migrations';

/**
 * Attendance of a course of several sessions has one truth, its check-ins: staff record
 * and correct it per session too (`recorded_by`), and a check-in taken back is voided
 * with when and why, never deleted. At most one live check-in per sign-up and session.
 */
export class Migration20261201000000_attendance_by_session extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "check_ins"
      add column "recorded_by" varchar(10) not null default 'WORKER',
      add column "voided_at" timestamptz null,
      add column "void_reason" text null,
      add constraint "check_ins_recorded_by_check" check ("recorded_by" in ('WORKER', 'STAFF'));`);
    this.addSql(`drop index "check_ins_once";`);
    this.addSql(
      `create unique index "check_ins_once" on "check_ins" ("sign_up_id", coalesce("session_id", 0)) where "voided_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "check_ins" where "voided_at" is not null;`);
    this.addSql(`drop index "check_ins_once";`);
    this.addSql(`create unique index "check_ins_once" on "check_ins" ("sign_up_id", coalesce("session_id", 0));`);
    this.addSql(
      `alter table "check_ins" drop column "recorded_by", drop column "voided_at", drop column "void_reason";`,
    );
  }
}
