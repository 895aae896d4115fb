import { Migration } from '@mikro-orm/migrations';

/**
 * Workers serve themselves: an activity's sign-up window, cancellation deadline, audience,
 * contact and cover image; a sign-up made by a worker keeps their token's subject, by
 * which they find, cancel and check in to their own sign-ups.
 */
export class Migration20261130110000_self_service extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "activity_audience" as enum ('ANYONE', 'MEMBERS');`);
    this.addSql(`alter table "activities"
      add column "sign_up_opens_at" timestamptz null,
      add column "sign_up_closes_at" timestamptz null,
      add column "cancellation_deadline" timestamptz null,
      add column "audience" "activity_audience" not null default 'ANYONE',
      add column "contact" varchar(200) null,
      add column "cover_image_url" varchar(2000) null,
      add constraint "activities_cover_image_url_check" check ("cover_image_url" ~ '^https?://'),
      add constraint "activities_sign_up_window_check" check ("sign_up_closes_at" > "sign_up_opens_at");`);
    this.addSql(`alter table "sign_ups" add column "worker_id" text null;`);
    this.addSql(
      `create index "sign_ups_worker_id_index" on "sign_ups" ("worker_id", "id") where "worker_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sign_ups" drop column "worker_id";`);
    this.addSql(`alter table "activities"
      drop column "sign_up_opens_at", drop column "sign_up_closes_at", drop column "cancellation_deadline",
      drop column "audience", drop column "contact", drop column "cover_image_url";`);
    this.addSql(`drop type "activity_audience";`);
  }
}
