import { Migration } from '@mikro-orm/migrations';

/** Workers sign in with their own tokens: the audit trail records WORKER beside STAFF and ADMIN. */
export class Migration20261130100000_worker_role extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entries" drop constraint "audit_entries_staff_role_check";`);
    this.addSql(
      `alter table "audit_entries" add constraint "audit_entries_staff_role_check" check ("staff_role" in ('STAFF', 'ADMIN', 'WORKER'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entries" drop constraint "audit_entries_staff_role_check";`);
    this.addSql(
      `alter table "audit_entries" add constraint "audit_entries_staff_role_check" check ("staff_role" in ('STAFF', 'ADMIN'));`,
    );
  }
}
