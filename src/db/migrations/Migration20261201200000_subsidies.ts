import { Migration } from '@mikro-orm/migrations';

/** The subsidy tables and the union paths each of their rows hangs under, for the response cache. */
const ROW_PATHS: Record<string, string[]> = {
  subsidy_budgets: ['unionhub_union_path(r.union_id)'],
  subsidy_claims: [
    'unionhub_union_path(r.union_id)',
    'unionhub_union_path((select b.union_id from subsidy_budgets b where b.id = r.budget_id))',
  ],
  subsidy_claim_steps: ['unionhub_union_path((select c.union_id from subsidy_claims c where c.id = r.claim_id))'],
};

/**
 * Subsidies after the event (先举办后补助): a union's yearly budget, in integer fen, with
 * the rule it pays by; the claims the unions below it make for activities they held, and
 * every step of each claim (claimed, corrected, approved, rejected, paid, withdrawn),
 * never rewritten: a claim's current row is its last step.
 *
 * One claim per activity that is not withdrawn (a withdrawn one stays, with its reason).
 * Approved and paid amounts never exceed the budget: approvals lock the budget's row and
 * count under it; the checks here are the last guard of each row's own rules.
 *
 * The tables join the touched-paths triggers of Migration20261130000000_touched_paths
 * (every row notes its union's path; a claim its budget's union's too), and claim events
 * join the event log under the topic `subsidy`, with the claiming union's path.
 */
export class Migration20261201200000_subsidies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "subsidy_claim_status" as enum ('CLAIMED', 'APPROVED', 'REJECTED', 'PAID', 'WITHDRAWN');`);
    this.addSql(`create table "subsidy_budgets" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "year" smallint not null check ("year" between 2000 and 2100),
      "total_fen" bigint not null check ("total_fen" between 0 and 100000000000),
      "union_cap_fen" bigint null check ("union_cap_fen" between 0 and 100000000000),
      "rules" jsonb not null check (jsonb_typeof("rules") = 'array' and jsonb_array_length("rules") between 1 and 20),
      "note" text null,
      unique ("union_id", "year")
    );`);
    this.addSql(`create table "subsidy_claims" (
      "id" serial primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "budget_id" int not null references "subsidy_budgets" ("id") on update cascade on delete restrict,
      "union_id" int not null references "unions" ("id") on update cascade on delete restrict,
      "activity_id" int not null references "activities" ("id") on update cascade on delete restrict,
      "status" "subsidy_claim_status" not null default 'CLAIMED',
      "attendance" int not null check ("attendance" >= 0),
      "claimed_fen" bigint not null check ("claimed_fen" > 0),
      "approved_fen" bigint null check ("approved_fen" >= 0),
      "evidence" text not null check (btrim("evidence") <> ''),
      "reason" text null,
      "paid_reference" text null,
      "decided_at" timestamptz null,
      "paid_at" timestamptz null,
      check ("approved_fen" is null or "approved_fen" <= "claimed_fen"),
      check (("status" in ('APPROVED', 'PAID')) = ("approved_fen" is not null)),
      check ("status" not in ('REJECTED', 'WITHDRAWN') or "reason" is not null),
      check (("status" = 'PAID') = ("paid_at" is not null))
    );`);
    this.addSql(
      `create unique index "subsidy_claims_activity_unique" on "subsidy_claims" ("activity_id") where "status" <> 'WITHDRAWN';`,
    );
    this.addSql(`create index "subsidy_claims_budget_id_index" on "subsidy_claims" ("budget_id", "status");`);
    this.addSql(`create index "subsidy_claims_union_id_index" on "subsidy_claims" ("union_id", "created_at", "id");`);
    this.addSql(`create table "subsidy_claim_steps" (
      "id" serial primary key,
      "claim_id" int not null references "subsidy_claims" ("id") on update cascade on delete restrict,
      "at" timestamptz not null default now(),
      "status" "subsidy_claim_status" not null,
      "attendance" int not null,
      "claimed_fen" bigint not null,
      "approved_fen" bigint null,
      "evidence" text not null,
      "reason" text null,
      "staff_id" text not null
    );`);
    this.addSql(`create index "subsidy_claim_steps_claim_id_index" on "subsidy_claim_steps" ("claim_id", "id");`);

    for (const [table, lookups] of Object.entries(ROW_PATHS)) {
      const touch = lookups.map((lookup) => `perform unionhub_touch(${lookup});`).join('\n            ');
      this.addSql(`create function unionhub_touch_${table}() returns trigger language plpgsql as $$
        declare
          r record;
        begin
          if current_setting('unionhub.touched', true) = '*' then return null; end if;
          perform unionhub_touch('#${table}');
          if TG_OP <> 'INSERT' then
            r := OLD;
            ${touch}
          end if;
          if TG_OP <> 'DELETE' then
            r := NEW;
            ${touch}
          end if;
          return null;
        end $$;`);
      this.addSql(
        `create trigger "${table}_touched" after insert or update or delete on "${table}" for each row execute function unionhub_touch_${table}();`,
      );
      this.addSql(
        `create trigger "${table}_truncated" after truncate on "${table}" for each statement execute function unionhub_touch_anything();`,
      );
    }

    this.addSql(`do $$
      declare definition text;
      begin
        select pg_get_constraintdef(oid) into definition from pg_constraint
        where conrelid = 'events'::regclass and conname = 'events_topic_check';
        execute 'alter table "events" drop constraint "events_topic_check"';
        execute 'alter table "events" add constraint "events_topic_check" '
          || replace(definition, 'ARRAY[', 'ARRAY[''subsidy''::text, ');
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "events" where "topic" = 'subsidy';`);
    this.addSql(`do $$
      declare definition text;
      begin
        select pg_get_constraintdef(oid) into definition from pg_constraint
        where conrelid = 'events'::regclass and conname = 'events_topic_check';
        execute 'alter table "events" drop constraint "events_topic_check"';
        execute 'alter table "events" add constraint "events_topic_check" '
          || replace(definition, '''subsidy''::text, ', '');
      end $$;`);
    for (const table of Object.keys(ROW_PATHS).reverse()) {
      this.addSql(`drop table "${table}";`);
      this.addSql(`drop function unionhub_touch_${table}();`);
    }
    this.addSql(`drop type "subsidy_claim_status";`);
  }
}
