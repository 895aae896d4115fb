import { Migration } from '@mikro-orm/migrations';

/** Attendance of an activity that is over is corrected with a reason, kept with the sign-up. */
export class Migration20261129300000_attendance_corrections extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "sign_ups" add column "attendance_corrected_at" timestamptz null, add column "attendance_correction_reason" text null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "sign_ups" drop column "attendance_corrected_at", drop column "attendance_correction_reason";`,
    );
  }
}
