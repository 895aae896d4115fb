import { createHash } from 'node:crypto';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GLOBAL, reportRead, type ReadReport, type ScopeRef } from './read-scope.js';
import { toEntity } from './rows.js';

/**
 * A piece of SQL with its `?` parameters. Read paths are hand-written SQL so that each
 * batch of parents costs one statement; rows become entity class instances without
 * MikroORM's hydration (rows.ts).
 */
export interface Sql {
  text: string;
  params: unknown[];
  /**
   * What the statement read, from its rows, for the response cache (read-scope.ts);
   * without it, query() reports that it may have read anything.
   */
  reads?: (rows: Record<string, unknown>[]) => ReadReport;
}

export function sql(text: string, ...params: unknown[]): Sql {
  return { text, params };
}

/** Joins fragments with a separator, keeping their parameters in order. */
export function joinSql(parts: Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

/** `... AND ...` of the conditions, or `true` when there are none. */
export function where(conditions: Sql[]): Sql {
  return conditions.length
    ? joinSql(
        conditions.map((c) => ({ ...c, text: `(${c.text})` })),
        ' and ',
      )
    : sql('true');
}

/** An `int[]` literal for `unnest`; ids are validated integers, never user text. */
export function intArray(ids: readonly number[]): Sql {
  return sql(`array[${ids.map((id) => Math.trunc(Number(id))).join(',')}]::int[]`);
}

/** `column = any(...)` over values of a PostgreSQL enum; the values are GraphQL enum members, never free text. */
export function inEnum(column: string, pgType: string, values: readonly string[]): Sql {
  return sql(`${column} = any(?::${pgType}[])`, `{${values.join(',')}}`);
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Runs one statement and reports what it read to the request's read scope, if one collects. */
export async function query<T = Record<string, unknown>>(em: EntityManager, q: Sql): Promise<T[]> {
  const rows = await em.execute<T[]>(q.text, q.params);
  reportRead(em, () => (q.reads ? q.reads(rows as Record<string, unknown>[]) : GLOBAL));
  return rows;
}

/** The union subtree a row of each tracked table hangs under, as the row triggers note it. */
const OWNER_OF_ROW: Record<string, (row: Record<string, unknown>) => ScopeRef> = {
  unions: (row) => ({ union: Number(row.id) }),
  sites: (row) => ({ union: Number(row.union_id) }),
  programmes: (row) => ({ union: Number(row.union_id) }),
  activities: (row) => ({ union: Number(row.organiser_id) }),
  sign_ups: (row) => ({ activity: Number(row.activity_id) }),
};

/**
 * Loads rows by id in one statement, in the order of `ids` (undefined where missing, or
 * where `condition`, on the row aliased `x`, does not hold).
 *
 * Reports each row's owner to the read scope when its table is tracked, with `alsoRead`
 * (what `condition` depends on); anything else, or an id without a row, reads "anything".
 */
export async function loadByIds<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly number[],
  condition?: Sql,
  alsoRead: ScopeRef[] = [],
): Promise<(T | undefined)[]> {
  const table = em.getMetadata().get(entity.name).tableName;
  const owner = OWNER_OF_ROW[table] as ((row: Record<string, unknown>) => ScopeRef) | undefined;
  const rows = await query<Record<string, unknown>>(em, {
    ...sql(
      `select x.* from "${table}" x where x.id = any(${intArray(ids).text})${condition ? ` and ${condition.text}` : ''}`,
      ...(condition?.params ?? []),
    ),
    reads: (found) =>
      owner && found.length === new Set(ids).size ? { refs: [...found.map(owner), ...alsoRead] } : GLOBAL,
  });
  const byId = new Map(rows.map((row) => [Number(row.id), toEntity(em, entity, row)]));
  return ids.map((id) => byId.get(id));
}

/** A statement in PostgreSQL's own form: `$1`… placeholders, and a name to prepare it under. */
export interface Prepared {
  /** Unique per text (prepared(): a digest of it). */
  name: string;
  text: string;
  values: unknown[];
}

/** Named statements one pooled connection keeps at most; past it, statements run unnamed. */
const PREPARED_PER_CONNECTION = 200;
const preparedOn = new WeakMap<object, Set<string>>();

/**
 * `q` in PostgreSQL's form, named by a digest of its text: `?` placeholders become `$n`
 * (none sits inside a quoted literal or identifier, which are skipped), parameters stay
 * values. Build it once and run it many times with queryPrepared.
 */
export function prepared(q: Sql): Prepared {
  let n = 0;
  const text = q.text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (token) => (token === '?' ? `$${++n}` : token));
  if (n !== q.params.length) throw new Error(`${n} placeholders for ${q.params.length} parameters`);
  return { name: `u${createHash('sha1').update(text).digest('base64url')}`, text, values: q.params };
}

/**
 * Runs one read outside any transaction on a pooled connection of `em`'s pool, straight
 * through pg, with PostgreSQL's extended protocol: the statement is parsed and planned
 * once per connection (up to PREPARED_PER_CONNECTION of them) and then only executed.
 * MikroORM's path would write the parameters into the text and have every request
 * parsed and planned again. Counted with every other statement (the ORM's onQuery);
 * reports nothing to a read scope. Raw rows, as PostgreSQL's types parse.
 */
export async function queryPrepared<T = Record<string, unknown>>(em: EntityManager, q: Prepared): Promise<T[]> {
  if (em.isInTransaction()) throw new Error('queryPrepared runs outside transactions');
  const knex = em.getKnex();
  const connection = (await knex.client.acquireConnection()) as PgConnection;
  try {
    let names = preparedOn.get(connection);
    if (!names) preparedOn.set(connection, (names = new Set()));
    const named = names.has(q.name) || names.size < PREPARED_PER_CONNECTION;
    em.config.get('onQuery')(q.text, q.values);
    const result = await connection.query<T>(named ? q : { text: q.text, values: q.values });
    if (named) names.add(q.name);
    return result.rows;
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/** What queryPrepared uses of a pooled connection (a pg Client). */
interface PgConnection {
  query<T>(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}
