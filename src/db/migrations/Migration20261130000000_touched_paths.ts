import { Migration } from '@mikro-orm/migrations';

/** A path a changed row hangs under: a lookup over `r` (OLD or NEW), skipped when the optional column `unless` is null. */
interface RowPath {
  lookup: string;
  unless?: string;
}

/** For each tracked table (unions aside): every union path its rows appear under. */
const ROW_PATHS: Record<string, RowPath[]> = {
  sites: [{ lookup: 'unionhub_union_path(r.union_id)' }],
  programmes: [{ lookup: 'unionhub_union_path(r.union_id)' }],
  // Every list an activity appears in: its organiser's, its site's and its programme's.
  activities: [
    { lookup: 'unionhub_union_path(r.organiser_id)' },
    { lookup: 'unionhub_union_path((select s.union_id from sites s where s.id = r.site_id))', unless: 'r.site_id' },
    {
      lookup: 'unionhub_union_path((select p.union_id from programmes p where p.id = r.programme_id))',
      unless: 'r.programme_id',
    },
  ],
  sign_ups: [
    { lookup: 'unionhub_union_path((select a.organiser_id from activities a where a.id = r.activity_id))' },
    { lookup: 'unionhub_union_path(r.union_id)', unless: 'r.union_id' },
  ],
};

/** A lookup that finds nothing passes NULL, which unionhub_touch takes for "everything". */
function touchRow(paths: RowPath[]): string {
  return paths
    .map(({ lookup, unless }) =>
      unless
        ? `if ${unless} is not null then perform unionhub_touch(${lookup}); end if;`
        : `perform unionhub_touch(${lookup});`,
    )
    .join('\n            ');
}

/**
 * What a write touched, kept with its entries in the event log so that the response
 * cache forgets only the answers it could have changed (src/cache/response-cache.ts).
 *
 * Row triggers on the tables the cache narrows its answers over (unions, sites,
 * activities, programmes, sign_ups) note, in the transaction-local setting
 * `unionhub.touched`, the union paths every changed row hangs under, old and new (a
 * move notes both places), and the table's name as `#table`. A lookup that finds no
 * union, or more than the setting holds, turns it into `*`: everything. appendWriteMark
 * copies it into `events.touched` / `events.touched_tables` before commit. A NULL
 * `touched` means "touched anything": every entry written before this migration, and
 * every transaction that never reached appendWriteMark.
 */
export class Migration20261130000000_touched_paths extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "events" add column "touched" ltree[] null, add column "touched_tables" text[] null;`);
    this.addSql(`create function unionhub_touch(token text) returns void language plpgsql as $$
      declare
        noted text := coalesce(current_setting('unionhub.touched', true), '');
      begin
        if noted = '*' then return; end if;
        if token is null or length(noted) > 20000 then
          perform set_config('unionhub.touched', '*', true);
        elsif position(' ' || token || ' ' in noted) = 0 then
          perform set_config('unionhub.touched', case when noted = '' then ' ' else noted end || token || ' ', true);
        end if;
      end $$;`);
    this.addSql(`create function unionhub_union_path(id int) returns text language sql stable as $$
      select path::text from unions where unions.id = $1 $$;`);
    // A union notes its own path. A move rewrites the paths of the whole subtree in one
    // statement; its root (whose parent changed) notes the old and the new place, which
    // hold every descendant's old and new path, so the descendants note only the table.
    this.addSql(`create function unionhub_touch_unions() returns trigger language plpgsql as $$
      begin
        if current_setting('unionhub.touched', true) = '*' then return null; end if;
        perform unionhub_touch('#unions');
        if TG_OP = 'UPDATE' and OLD.path is distinct from NEW.path and OLD.parent_id is not distinct from NEW.parent_id then
          return null;
        end if;
        if TG_OP <> 'INSERT' then perform unionhub_touch(OLD.path::text); end if;
        if TG_OP <> 'DELETE' then perform unionhub_touch(NEW.path::text); end if;
        return null;
      end $$;`);
    this.addSql(
      `create trigger "unions_touched" after insert or update or delete on "unions" for each row execute function unionhub_touch_unions();`,
    );
    // A truncate fires no row trigger: it touched everything.
    this.addSql(`create function unionhub_touch_anything() returns trigger language plpgsql as $$
      begin
        perform set_config('unionhub.touched', '*', true);
        return null;
      end $$;`);
    for (const table of ['unions', ...Object.keys(ROW_PATHS)]) {
      this.addSql(
        `create trigger "${table}_truncated" after truncate on "${table}" for each statement execute function unionhub_touch_anything();`,
      );
    }
    for (const [table, paths] of Object.entries(ROW_PATHS)) {
      const fn = `unionhub_touch_${table}`;
      this.addSql(`create function ${fn}() returns trigger language plpgsql as $$
        declare
          r record;
        begin
          -- Once "anything", a bulk write (the seeder) pays no lookups.
          if current_setting('unionhub.touched', true) = '*' then return null; end if;
          perform unionhub_touch('#${table}');
          if TG_OP <> 'INSERT' then
            r := OLD;
            ${touchRow(paths)}
          end if;
          if TG_OP <> 'DELETE' then
            r := NEW;
            ${touchRow(paths)}
          end if;
          return null;
        end $$;`);
      this.addSql(
        `create trigger "${table}_touched" after insert or update or delete on "${table}" for each row execute function ${fn}();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of ['unions', ...Object.keys(ROW_PATHS)]) {
      this.addSql(`drop trigger "${table}_truncated" on "${table}";`);
      this.addSql(`drop trigger "${table}_touched" on "${table}";`);
      this.addSql(`drop function unionhub_touch_${table}();`);
    }
    this.addSql(`drop function unionhub_touch_anything();`);
    this.addSql(`drop function unionhub_union_path(int);`);
    this.addSql(`drop function unionhub_touch(text);`);
    this.addSql(`alter table "events" drop column "touched", drop column "touched_tables";`);
  }
}
