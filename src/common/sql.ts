import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { toEntity } from './rows.js';

/**
 * A piece of SQL with its `?` parameters. Read paths are hand-written SQL so that each
 * batch of parents costs one statement; rows become entity class instances without
 * MikroORM's hydration (rows.ts).
 */
export interface Sql {
  text: string;
  params: unknown[];
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

export async function query<T = Record<string, unknown>>(em: EntityManager, q: Sql): Promise<T[]> {
  return em.execute<T[]>(q.text, q.params);
}

/**
 * Loads rows by id in one statement, in the order of `ids` (undefined where missing, or
 * where `condition`, on the row aliased `x`, does not hold).
 */
export async function loadByIds<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly number[],
  condition?: Sql,
): Promise<(T | undefined)[]> {
  const table = em.getMetadata().get(entity.name).tableName;
  const rows = await query<Record<string, unknown>>(
    em,
    sql(
      `select x.* from "${table}" x where x.id = any(${intArray(ids).text})${condition ? ` and ${condition.text}` : ''}`,
      ...(condition?.params ?? []),
    ),
  );
  const byId = new Map(rows.map((row) => [Number(row.id), toEntity(em, entity, row)]));
  return ids.map((id) => byId.get(id));
}
