import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, listDigest, type KeyType, type KeyValue } from './cursor.js';
import type { PageRequest } from './pagination.js';
import type { ReadReport } from './read-scope.js';
import type { Page } from './relay.js';
import { toEntity } from './rows.js';
import { intArray, joinSql, query, sql, where, type Sql } from './sql.js';

/** One sort key of a list: an SQL expression over the list's alias that is never null, and its type. */
interface SortKey {
  expr: string | Sql;
  type: KeyType;
}

/**
 * A list's order: its sort keys, then the row id, so the order is total. One direction
 * for all of them, so "after the cursor" is a single row comparison of the very
 * expressions the list is ordered by.
 */
export interface Ordering {
  keys: SortKey[];
  descending?: boolean;
}

type Key = { expr: Sql; type: KeyType };

const CAST: Record<KeyType, string> = {
  int: 'int',
  float: 'float8',
  text: 'text',
  timestamp: 'timestamptz',
  date: 'date',
};

/**
 * A key as the statement hands it over for a cursor, exactly, so that no row is rounded
 * onto its neighbour: timestamps in UTC to the microsecond, floats as their eight bytes
 * (their text may be rounded where extra_float_digits is below 1).
 */
function cursorValue({ expr, type }: Key): Sql {
  if (type === 'timestamp') {
    return sql(`to_char(${expr.text} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, ...expr.params);
  }
  return type === 'float' ? sql(`encode(float8send(${expr.text}), 'hex')`, ...expr.params) : expr;
}

function keyValues(sortKeys: Key[], handed: unknown[]): KeyValue[] {
  return handed.map((value, i) =>
    sortKeys[i].type === 'float' ? Buffer.from(value as string, 'hex').readDoubleBE(0) : (value as KeyValue),
  );
}

interface PageSpec {
  /** The listed table, aliased `alias`. */
  table: string;
  alias: string;
  /** Which rows belong to the list of `k.key`. */
  where: Sql;
  order: Ordering;
  page: PageRequest;
  /**
   * What the statement reads for these keys, for the response cache (read-scope.ts),
   * e.g. the key unions' subtrees; without it, anything.
   */
  reads?: (keys: readonly number[]) => ReadReport;
}

/**
 * Loads one page for each key (a parent id, or 0 for a root list) in a single statement:
 * the rows that meet `where`, in `order`, after the request's cursor. A cursor that is
 * malformed, or that belongs to another list (another field, parent or arguments),
 * refuses that key's page with BAD_USER_INPUT; the other keys are still answered.
 */
export async function loadPages<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  keys: readonly number[],
  spec: PageSpec,
): Promise<(Page<T> | Error)[]> {
  const { page } = spec;
  const sortKeys: Key[] = [...spec.order.keys, { expr: `${spec.alias}.id`, type: 'int' as const }].map((k) => ({
    expr: typeof k.expr === 'string' ? sql(k.expr) : k.expr,
    type: k.type,
  }));
  const digests = new Map(keys.map((key) => [key, page.list ? listDigest(page.list, key) : '']));

  // One cursor for the whole batch, but it belongs to one parent's list: the others are refused.
  let after: KeyValue[] | null = null;
  const refused = new Map<number, Error>();
  if (page.after !== null) {
    const types = sortKeys.map((k) => k.type);
    for (const key of keys) {
      try {
        after = decodeCursor(page.after, digests.get(key)!, types);
      } catch (error) {
        refused.set(key, error as Error);
      }
    }
  }

  const pages = new Map<number, Page<T>>();
  for (const key of keys) {
    if (refused.has(key)) continue;
    pages.set(key, { nodes: [], cursors: [], totalCount: 0, hasNextPage: false, hasPreviousPage: after !== null });
  }
  if (!pages.size) return keys.map((key) => refused.get(key)!);
  const listed = [...pages.keys()];
  const { reads } = spec;
  const rows = await query<Record<string, unknown>>(em, {
    ...pageStatement(spec, sortKeys, listed, after),
    ...(reads ? { reads: () => reads(listed) } : {}),
  });
  for (const { k__key, k__total, k__cursor, ...row } of rows) {
    const key = Number(k__key);
    const found = pages.get(key)!;
    found.totalCount = Number(k__total ?? 0);
    if (row.id == null) continue;
    if (found.nodes.length < page.limit) {
      found.nodes.push(toEntity(em, entity, row));
      if (page.withCursors)
        found.cursors.push(encodeCursor(digests.get(key)!, keyValues(sortKeys, k__cursor as unknown[])));
    } else found.hasNextPage = true;
  }
  return keys.map((key) => refused.get(key) ?? pages.get(key)!);
}

function pageStatement(spec: PageSpec, sortKeys: Key[], keys: number[], after: KeyValue[] | null): Sql {
  const { table, alias, page, where: list } = spec;
  const descending = !!spec.order.descending;
  const orderBy = joinSql(
    sortKeys.map(({ expr }) => sql(`${expr.text}${descending ? ' desc' : ''}`, ...expr.params)),
    ', ',
  );
  // (k1, k2, id) > (v1, v2, v) is "after the cursor" in the order k1, k2, id; `<` when descending.
  const row = joinSql(
    sortKeys.map((k) => k.expr),
    ', ',
  );
  const values = sortKeys.map((k) => `?::${CAST[k.type]}`).join(', ');
  const seek = after && sql(`(${row.text}) ${descending ? '<' : '>'} (${values})`, ...row.params, ...after);
  const count = page.withCount
    ? sql(`select count(*)::int as total from ${table} ${alias} where ${list.text}`, ...list.params)
    : sql('select null::int as total');
  const cursor = page.withCursors ? joinSql(sortKeys.map(cursorValue), ', ') : undefined;
  const rows = joinSql(
    [
      sql(`select ${alias}.*`),
      ...(cursor ? [sql(`, json_build_array(${cursor.text}) as "k__cursor"`, ...cursor.params)] : []),
      sql(` from ${table} ${alias} where `),
      where(seek ? [list, seek] : [list]),
      sql(' order by '),
      orderBy,
      sql(' limit ?', page.limit + 1),
    ],
    '',
  );
  return sql(
    `select k.key as "k__key", c.total as "k__total", p.*
      from unnest(${intArray(keys).text}) as k(key)
      cross join lateral (${count.text}) c
      left join lateral (${rows.text}) p on true`,
    ...count.params,
    ...rows.params,
  );
}
