import { Migration } from '@mikro-orm/migrations';

/** The union tree, sites, programmes, activities and sign-ups. */
export class Migration20261121000000_init extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists ltree;`);
    this.addSql(`create extension if not exists pg_trgm;`);

    this.addSql(`create type "union_level" as enum ('PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE', 'GRASSROOTS');`);
    this.addSql(
      `create type "site_kind" as enum ('CULTURAL_PALACE', 'WORKERS_HOME', 'READING_ROOM', 'OUTDOOR_STATION', 'SPORTS_ROOM', 'ENERGY_STATION', 'WELLBEING_CENTER', 'SERVICE_CENTER');`,
    );
    this.addSql(`create type "site_rating" as enum ('NATIONAL', 'PROVINCIAL', 'CITY');`);
    this.addSql(
      `create type "activity_kind" as enum ('COMPETITION', 'PERFORMANCE', 'EXHIBITION', 'COURSE', 'LECTURE', 'READING', 'OUTREACH_SERVICE');`,
    );
    this.addSql(`create type "activity_status" as enum ('PLANNED', 'OPEN', 'RUNNING', 'FINISHED', 'CANCELLED');`);
    this.addSql(`create type "sign_up_status" as enum ('SIGNED_UP', 'CANCELLED');`);

    this.addSql(`create table "unions" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "name" varchar(100) not null check (btrim("name") <> ''),
      "level" "union_level" not null,
      "parent_id" int null references "unions" ("id") on update cascade on delete restrict,
      "path" ltree not null,
      "region" varchar(200) null,
      "member_count" int not null default 0 check ("member_count" >= 0),
      check ("parent_id" <> "id")
    );`);
    // GiST answers "<@" (subtree) and "@>" (ancestors); the unique btree keeps paths distinct and ordered.
    this.addSql(`create index "unions_path_index" on "unions" using gist ("path");`);
    this.addSql(`create unique index "unions_path_unique" on "unions" ("path");`);
    this.addSql(`create index "unions_parent_id_index" on "unions" ("parent_id");`);
    this.addSql(`create index "unions_name_trgm" on "unions" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "sites" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "name" varchar(200) not null check (btrim("name") <> ''),
      "kind" "site_kind" not null,
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "address" varchar(300) null,
      "latitude" double precision null check ("latitude" between -90 and 90),
      "longitude" double precision null check ("longitude" between -180 and 180),
      "area_sqm" double precision null check ("area_sqm" >= 0),
      "opening_hours" varchar(200) null,
      "facilities" text[] not null default '{}',
      "rating" "site_rating" null,
      "honours" text[] not null default '{}'
    );`);
    this.addSql(`create index "sites_union_id_index" on "sites" ("union_id", "kind");`);
    this.addSql(`create index "sites_name_trgm" on "sites" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "programmes" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "name" varchar(200) not null check (btrim("name") <> ''),
      "description" text null,
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "starts_on" date null,
      "ends_on" date null,
      check ("ends_on" is null or "starts_on" is null or "ends_on" >= "starts_on")
    );`);
    this.addSql(`create index "programmes_union_id_index" on "programmes" ("union_id");`);

    this.addSql(`create table "activities" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "kind" "activity_kind" not null,
      "title" varchar(200) not null check (btrim("title") <> ''),
      "description" text null,
      "organiser_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "site_id" int null references "sites" ("id") on update cascade on delete restrict,
      "programme_id" int null references "programmes" ("id") on update cascade on delete set null,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz null check ("ends_at" >= "starts_at"),
      "status" "activity_status" not null default 'PLANNED',
      "capacity" int null check ("capacity" >= 0),
      "sign_up_count" int not null default 0 check ("sign_up_count" >= 0),
      "attendance_count" int not null default 0 check ("attendance_count" >= 0),
      -- The last guard of "sign-ups never exceed capacity"; the sign-up statement checks first.
      check ("capacity" is null or "sign_up_count" <= "capacity")
    );`);
    this.addSql(
      `create index "activities_organiser_id_starts_at_index" on "activities" ("organiser_id", "starts_at");`,
    );
    this.addSql(`create index "activities_site_id_starts_at_index" on "activities" ("site_id", "starts_at");`);
    this.addSql(`create index "activities_programme_id_index" on "activities" ("programme_id");`);
    this.addSql(`create index "activities_starts_at_index" on "activities" ("starts_at");`);
    this.addSql(`create index "activities_title_trgm" on "activities" using gin ("title" gin_trgm_ops);`);

    this.addSql(`create table "sign_ups" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "activity_id" int not null references "activities" ("id") on update cascade on delete cascade,
      "worker_name" varchar(100) not null check (btrim("worker_name") <> ''),
      "phone" varchar(20) not null,
      "union_id" int null references "unions" ("id") on update cascade on delete set null,
      "status" "sign_up_status" not null default 'SIGNED_UP',
      "attended" boolean not null default false
    );`);
    this.addSql(`create index "sign_ups_activity_id_created_at_index" on "sign_ups" ("activity_id", "created_at");`);
    this.addSql(`create index "sign_ups_union_id_index" on "sign_ups" ("union_id");`);
    // One active sign-up per worker (phone) and activity; a cancelled one may sign up again.
    this.addSql(
      `create unique index "sign_ups_active_unique" on "sign_ups" ("activity_id", "phone") where "status" = 'SIGNED_UP';`,
    );
  }
}
