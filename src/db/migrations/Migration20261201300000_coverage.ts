import { Migration } from '@mikro-orm/migrations';

/**
 * The ten-minute circle (issue 13): a union's location (its village or community centre),
 * a nearest-site index and service circles.
 *
 * Nearest sites are found by a KNN scan of a GiST index over each site's position as a
 * point on the unit sphere (a `cube`, from the cube extension): the straight-line distance
 * between two such points orders them exactly as the great-circle distance does. The
 * expression is written out here and in src/coverage/geo.ts (`unitSphere`), so the
 * planner matches the two; it calls no SQL-language function, so no search_path matters.
 */
export class Migration20261201300000_coverage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists cube;`);
    this.addSql(`alter table "unions"
      add column "latitude" double precision null check ("latitude" between -90 and 90),
      add column "longitude" double precision null check ("longitude" between -180 and 180),
      add constraint "unions_location_check" check (("latitude" is null) = ("longitude" is null));`);
    this.addSql(`create index "sites_position_index" on "sites" using gist ((cube(array[
        cos(radians("latitude")) * cos(radians("longitude")),
        cos(radians("latitude")) * sin(radians("longitude")),
        sin(radians("latitude"))])))
      where "latitude" is not null and "longitude" is not null;`);

    // A hub site and the sites it serves; a site serves in one circle at most.
    this.addSql(`create table "service_circles" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "name" varchar(200) not null check (btrim("name") <> ''),
      "hub_site_id" int not null unique references "sites" ("id") on update cascade on delete cascade
    );`);
    this.addSql(`create table "service_circle_sites" (
      "circle_id" int not null references "service_circles" ("id") on update cascade on delete cascade,
      "site_id" int not null unique references "sites" ("id") on update cascade on delete cascade,
      primary key ("circle_id", "site_id")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "service_circle_sites";`);
    this.addSql(`drop table "service_circles";`);
    this.addSql(`drop index "sites_position_index";`);
    this.addSql(
      `alter table "unions" drop constraint "unions_location_check", drop column "latitude", drop column "longitude";`,
    );
  }
}
