import { Migration } from '@mikro-orm/migrations';

/**
 * Revoked staff tokens (checked on every request from an in-memory copy that every
 * instance keeps up to date through NOTIFY), and idempotency keys of mutations, so a
 * retried request is applied once.
 */
export class Migration20261121400000_auth extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "revoked_tokens" (
      "token_id" text primary key check (length("token_id") between 1 and 100),
      "revoked_by" text not null,
      "revoked_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "idempotency_keys" (
      "principal" text not null,
      "key" text not null check (length("key") between 1 and 100),
      "request_hash" text not null,
      "response" jsonb,
      "created_at" timestamptz not null default now(),
      primary key ("principal", "key")
    );`);
    this.addSql(`create index "idempotency_keys_created_at_index" on "idempotency_keys" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "idempotency_keys";`);
    this.addSql(`drop table "revoked_tokens";`);
  }
}
