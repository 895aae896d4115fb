import { Migration } from '@mikro-orm/migrations';

/**
 * The status sweep (src/activities/status-sweep.ts) asks every minute for the activities
 * that have not started yet but are due, and for the running ones: two small partial
 * indexes answer that without reading the year of finished activities.
 */
export class Migration20261129000000_status_sweep extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "activities_not_started_index" on "activities" ("starts_at") where "status" in ('PLANNED', 'OPEN');`,
    );
    this.addSql(`create index "activities_running_index" on "activities" ("starts_at") where "status" = 'RUNNING';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "activities_running_index";`);
    this.addSql(`drop index "activities_not_started_index";`);
  }
}
