import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail: one row per committed mutation, inserted in its transaction (see
 * src/audit/audit-log.ts). `union_paths` holds the tree paths of the unions the change
 * concerns, as they were then, under a GiST index like every other subtree question.
 * The table is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, whoever sends
 * them. There is no retention: entries are kept for good.
 */
export class Migration20261123000000_audit_trail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_entries" (
      "id" int generated always as identity primary key,
      "at" timestamptz not null default now(),
      "staff_id" text not null,
      "staff_name" text not null,
      "staff_union_id" int not null,
      "staff_role" text not null check ("staff_role" in ('STAFF', 'ADMIN')),
      "mutation" text not null,
      "reason" text,
      "subject_ids" text[] not null,
      "union_paths" ltree[] not null,
      "request_id" text,
      "connection_id" text,
      "operation_id" text,
      check (("request_id" is null) <> ("connection_id" is null)),
      check ("operation_id" is null or "connection_id" is not null)
    );`);
    this.addSql(`create index "audit_entries_at_index" on "audit_entries" ("at" desc, "id" desc);`);
    this.addSql(`create index "audit_entries_union_paths_index" on "audit_entries" using gist ("union_paths");`);
    this.addSql(`create function "audit_entries_refuse_change"() returns trigger language plpgsql as $$
      begin
        raise exception 'audit entries are never changed or removed: % refused', tg_op;
      end;
    $$;`);
    this.addSql(`create trigger "audit_entries_append_only"
      before update or delete or truncate on "audit_entries"
      for each statement execute function "audit_entries_refuse_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "audit_entries";`);
    this.addSql(`drop function "audit_entries_refuse_change"();`);
  }
}
