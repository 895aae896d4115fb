import { Migration } from '@mikro-orm/migrations';

/**
 * Sibling names are unique: no two unions under one parent (or two roots), no two sites of
 * one union, share a name. Names compare through `name_key`: lower-cased, invisible
 * characters removed, runs of whitespace made one space, trimmed; the hub stores names
 * cleaned that way already (src/common/validation.ts `clean`), the key covers whatever
 * was written before or by hand. The resolvers check first to name the existing record.
 */
export class Migration20261129100000_sibling_names extends Migration {
  override async up(): Promise<void> {
    // Format characters (U+00AD, U+061C, U+180E, U+200B–U+200F, U+202A–U+202E,
    // U+2060–U+206F, U+FEFF) and blank fillers (U+115F, U+1160, U+3164, U+FFA0, U+2800).
    await this.execute(`create function name_key(name text) returns text
      language sql immutable strict parallel safe
      as $$ select lower(btrim(regexp_replace(
        regexp_replace(name, E'[\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\uFEFF\\u115F\\u1160\\u3164\\uFFA0\\u2800]', '', 'g'),
        '[[:space:]]+', ' ', 'g'))) $$;`);
    // A database with duplicates cannot take the indexes: say which, so they can be renamed.
    const duplicates = (await this.execute(`
      select 'unions under ' || coalesce(parent_id::text, 'no parent') || ': ' || string_agg(name || ' (id ' || id || ')', ', ') as what
        from unions group by coalesce(parent_id, 0), parent_id, name_key(name) having count(*) > 1
      union all
      select 'sites of union ' || union_id || ': ' || string_agg(name || ' (id ' || id || ')', ', ')
        from sites group by union_id, name_key(name) having count(*) > 1
      limit 20`)) as { what: string }[];
    if (duplicates.length) {
      throw new Error(`Rename these duplicate names before upgrading: ${duplicates.map((d) => d.what).join('; ')}`);
    }
    this.addSql(
      `create unique index "unions_sibling_name_unique" on "unions" (coalesce("parent_id", 0), name_key("name"));`,
    );
    this.addSql(`create unique index "sites_union_name_unique" on "sites" ("union_id", name_key("name"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "sites_union_name_unique";`);
    this.addSql(`drop index "unions_sibling_name_unique";`);
    this.addSql(`drop function name_key(text);`);
  }
}
