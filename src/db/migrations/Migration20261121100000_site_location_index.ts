import { Migration } from '@mikro-orm/migrations';

/** "Sites near me": the bounding box of a `near` filter is answered from this index. */
export class Migration20261121100000_site_location_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "sites_location_index" on "sites" ("latitude", "longitude");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "sites_location_index";`);
  }
}
