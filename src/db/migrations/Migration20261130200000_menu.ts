import { Migration } from '@mikro-orm/migrations';

/**
 * The menu and its orders (点单): items a union offers to the unions below it, and the
 * orders those unions place. An accepted order points at the activity that delivers it;
 * neither an item that was ordered nor that activity can be deleted while the order
 * refers to them (history stays). `offering_union_id` copies the item's union so that
 * "orders a union received" is an indexed list like "orders it placed".
 *
 * Order events join the event log under the topic `order`, with the ordering union's
 * path: the offering union is an ancestor of it, so one path serves both subtrees.
 */
export class Migration20261130200000_menu extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "menu_item_kind" as enum ('COURSE', 'LECTURE', 'PERFORMANCE', 'OUTREACH_SERVICE');`);
    this.addSql(
      `create type "order_status" as enum ('REQUESTED', 'ACCEPTED', 'DELIVERED', 'RATED', 'DECLINED', 'CANCELLED');`,
    );
    this.addSql(`create table "menu_items" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "title" varchar(200) not null check (btrim("title") <> ''),
      "kind" "menu_item_kind" not null,
      "provider" varchar(200) not null check (btrim("provider") <> ''),
      "description" text null,
      "months" smallint[] not null check (cardinality("months") between 1 and 12 and "months" <@ '{1,2,3,4,5,6,7,8,9,10,11,12}'),
      "duration_minutes" int not null check ("duration_minutes" between 1 and 1440),
      "places" int not null check ("places" between 1 and 100000),
      "quota_per_season" int null check ("quota_per_season" between 0 and 100000),
      "withdrawn_at" timestamptz null,
      "withdrawal_reason" text null
    );`);
    this.addSql(`create index "menu_items_union_id_title_index" on "menu_items" ("union_id", "title", "id");`);

    this.addSql(`create table "orders" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "item_id" int not null references "menu_items" ("id") on update cascade on delete restrict,
      "offering_union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "ordering_union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "site_id" int not null references "sites" ("id") on update cascade on delete restrict,
      "wished_dates" date[] not null check (cardinality("wished_dates") between 1 and 5),
      "expected_attendees" int not null check ("expected_attendees" between 1 and 100000),
      "note" text null,
      "status" "order_status" not null default 'REQUESTED',
      "activity_id" int null unique references "activities" ("id") on update cascade on delete restrict,
      "decline_reason" text null,
      "cancel_reason" text null,
      "rating" smallint null check ("rating" between 1 and 5),
      "rating_comment" text null,
      "rated_at" timestamptz null,
      check ("offering_union_id" <> "ordering_union_id"),
      check ("status" not in ('ACCEPTED', 'DELIVERED', 'RATED') or "activity_id" is not null),
      check (("status" = 'RATED') = ("rating" is not null and "rated_at" is not null)),
      check (("status" = 'DECLINED') = ("decline_reason" is not null))
    );`);
    this.addSql(
      `create index "orders_ordering_union_id_created_at_index" on "orders" ("ordering_union_id", "created_at", "id");`,
    );
    this.addSql(
      `create index "orders_offering_union_id_created_at_index" on "orders" ("offering_union_id", "created_at", "id");`,
    );
    this.addSql(`create index "orders_item_id_created_at_index" on "orders" ("item_id", "created_at", "id");`);
    this.addSql(`create index "orders_site_id_index" on "orders" ("site_id");`);

    // The log takes a new topic. The check is extended as it stands (other migrations may
    // have added topics of their own), not rewritten from a list.
    this.addSql(`do $$
      declare definition text;
      begin
        select pg_get_constraintdef(oid) into definition from pg_constraint
        where conrelid = 'events'::regclass and conname = 'events_topic_check';
        execute 'alter table "events" drop constraint "events_topic_check"';
        execute 'alter table "events" add constraint "events_topic_check" '
          || replace(definition, 'ARRAY[', 'ARRAY[''order''::text, ');
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "events" where "topic" = 'order';`);
    this.addSql(`do $$
      declare definition text;
      begin
        select pg_get_constraintdef(oid) into definition from pg_constraint
        where conrelid = 'events'::regclass and conname = 'events_topic_check';
        execute 'alter table "events" drop constraint "events_topic_check"';
        execute 'alter table "events" add constraint "events_topic_check" '
          || replace(definition, '''order''::text, ', '');
      end $$;`);
    this.addSql(`drop table "orders";`);
    this.addSql(`drop table "menu_items";`);
    this.addSql(`drop type "order_status";`);
    this.addSql(`drop type "menu_item_kind";`);
  }
}
