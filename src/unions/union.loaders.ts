import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import { unionRefs, type TrackedTable } from '../common/read-scope.js';
import type { Page } from '../common/relay.js';
import { toEntity } from '../common/rows.js';
import { inEnum, intArray, likePattern, loadByIds, query, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { Union } from './union.entity.js';
import type { UnionFilter } from './union.inputs.js';

export function unionById(ctx: Context) {
  return ctx.loaders.get<number, Union | undefined>('Union.byId', (ids) => loadByIds(ctx.em, Union, ids));
}

/**
 * Unions by id with their parents in one statement, for a question that asks for
 * `parent`: the parents are primed into `unionById`, so resolving `parent` sends nothing.
 */
export function unionWithParentById(ctx: Context) {
  return ctx.loaders.get<number, Union | undefined>('Union.byIdWithParent', async (ids) => {
    const rows = await query<Record<string, unknown>>(ctx.em, {
      ...sql(
        `select u.*, to_jsonb(p) as "p__row" from unions u left join unions p on p.id = u.parent_id where u.id = any(${intArray(ids).text})`,
      ),
      // The parent is above each union: its writes touch a prefix of the union's path.
      reads: (found) => (found.length === ids.length ? unionRefs(ids) : 'global'),
    });
    const byId = unionById(ctx);
    const found = new Map<number, Union>();
    for (const { p__row, ...row } of rows) {
      const union = toEntity(ctx.em, Union, row);
      found.set(union.id, union);
      byId.prime(union.id, union);
      if (p__row) {
        const parent = toEntity(ctx.em, Union, p__row as Record<string, unknown>);
        byId.prime(parent.id, parent);
      }
    }
    return ids.map((id) => found.get(id));
  });
}

/** Ancestors from the root down, for many unions in one statement. */
export function unionAncestors(ctx: Context) {
  return ctx.loaders.get<number, Union[]>('Union.ancestors', async (ids) => {
    const rows = await query<Record<string, unknown>>(ctx.em, {
      ...sql(`select k.key as "k__key", a.* from unnest(${intArray(ids).text}) as k(key)
        join unions u on u.id = k.key
        join unions a on a.path @> u.path and a.id <> u.id
        order by k.key, nlevel(a.path)`),
      // Ancestors sit on the key's path: their writes touch its prefixes.
      reads: () => unionRefs(ids),
    });
    const byKey = new Map<number, Union[]>(ids.map((id) => [id, []]));
    for (const { k__key, ...row } of rows) byKey.get(Number(k__key))!.push(toEntity(ctx.em, Union, row));
    return ids.map((id) => byKey.get(id)!);
  });
}

export function unionConditions(filter: UnionFilter | null | undefined): Sql[] {
  const conditions: Sql[] = [];
  if (filter?.levels?.length) conditions.push(inEnum('u.level', 'union_level', filter.levels));
  if (filter?.search?.trim()) conditions.push(sql('u.name ilike ?', likePattern(filter.search.trim())));
  if (filter?.hasSites != null) {
    const covered = 'exists (select 1 from sites s join unions d on d.id = s.union_id where d.path <@ u.path)';
    conditions.push(sql(filter.hasSites ? covered : `not ${covered}`));
  }
  return conditions;
}

/** Which unions relative to the key union: its children, all its descendants, or every union. */
export type UnionRelation = 'children' | 'descendants' | 'all';

const RELATION_SQL: Record<UnionRelation, string> = {
  children: 'u.parent_id = k.key',
  descendants: 'u.path <@ (select r.path from unions r where r.id = k.key) and u.id <> k.key',
  all: 'true',
};

/** Children by name; wider lists by depth (the tree's top first), then name; then id. */
const BY_NAME: Ordering = { keys: [{ expr: 'u.name', type: 'text' }] };
const BY_DEPTH_AND_NAME: Ordering = { keys: [{ expr: 'nlevel(u.path)', type: 'int' }, ...BY_NAME.keys] };

/** Pages of unions for many keys in one statement; ordered by tree position, then name. */
export function unionPage(
  ctx: Context,
  key: number,
  relation: UnionRelation,
  filter: UnionFilter | null | undefined,
  page: PageRequest,
): Promise<Page<Union>> {
  const name = `Union.page:${relation}:${JSON.stringify([filter, page])}`;
  return ctx.loaders
    .get<number, Page<Union>>(name, (keys) => {
      return loadPages(ctx.em, Union, keys, {
        table: 'unions',
        alias: 'u',
        where: where([sql(RELATION_SQL[relation]), ...unionConditions(filter)]),
        order: relation === 'children' ? BY_NAME : BY_DEPTH_AND_NAME,
        page,
        // Children and descendants hang under the key; `all` reads the whole table (and the
        // sites, for `hasSites`).
        reads:
          relation === 'all'
            ? () => ({ tables: ['unions', ...(filter?.hasSites != null ? ['sites' as const] : [])] as TrackedTable[] })
            : unionRefs,
      });
    })
    .load(key);
}
