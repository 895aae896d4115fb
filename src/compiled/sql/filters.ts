import { isLatitude, isLongitude, max, min } from 'class-validator';
import { ActivityOrder } from '../../activities/activity-enums.js';
import type { ActivityFilter } from '../../activities/activity.inputs.js';
import { activityWhere, toActivityConditions } from '../../activities/activity.loaders.js';
import type { ClubListArgs } from '../../clubs/club.loaders.js';
import { clubConditions } from '../../clubs/club.loaders.js';
import { sql, where, type Sql } from '../../common/sql.js';
import { SEARCH_MAX } from '../../common/validation.js';
import type { NearInput, SiteFilter } from '../../sites/site.inputs.js';
import { distanceTo, siteConditions } from '../../sites/site.loaders.js';
import type { UnionFilter } from '../../unions/union.inputs.js';
import { unionConditions } from '../../unions/union.loaders.js';
import { connection } from './connection.js';
import { CannotCompile, type FieldRequest, type ListKey } from './shared.js';

/**
 * The list fields shared by several parents, through the loaders' own conditions (on the
 * aliases `u`, `s` and `a`) so that both paths filter alike. Anything the resolvers
 * would refuse (a search over the length rule, a bad programme id, an empty period)
 * is left to them.
 */
function searchFits(filter: { search?: string | null } | null | undefined): void {
  // class-validator's MaxLength counts characters; UTF-16 length is never fewer.
  if (filter?.search != null && filter.search.length > SEARCH_MAX) throw new CannotCompile('search over its rule');
}

/** Rows of `alias` whose union column lies in the subtree of the ltree `path`. */
export function inSubtree(column: string, path: string): string {
  return `${column} in (select d.id from unions d where d.path <@ ${path})`;
}

/**
 * NearInput's rules (site.inputs.ts), with class-validator's own tests; its latitude and
 * longitude tests take numbers too (their decorators pass them), though typed for strings.
 */
function nearFits(near: NearInput): boolean {
  const degrees = (value: number) => value as unknown as string;
  return (
    isLatitude(degrees(near.latitude)) &&
    isLongitude(degrees(near.longitude)) &&
    min(near.radiusMeters, 1) &&
    max(near.radiusMeters, 50_000)
  );
}

const name = (alias: string): ListKey => ({ expr: sql(`${alias}.name`), type: 'text' });

export function unionList(
  field: FieldRequest,
  owner: Sql,
  filter: UnionFilter | null,
  byDepth: boolean,
  parent: ListParent,
): Sql {
  searchFits(filter);
  return connection(field, {
    table: 'unions',
    alias: 'u',
    where: where([owner, ...unionConditions(filter)]),
    keys: byDepth ? [{ expr: sql('nlevel(u.path)'), type: 'int' }, name('u')] : [name('u')],
    nodeType: 'Union',
    parent,
  });
}

export type ListParent = { column: string } | { constant: number };

export function siteList(field: FieldRequest, owner: Sql, parent: ListParent): Sql {
  const filter = field.args.filter as SiteFilter | null | undefined;
  searchFits(filter);
  if (filter?.near && !nearFits(filter.near)) throw new CannotCompile('a point the resolvers refuse');
  return connection(field, {
    table: 'sites',
    alias: 's',
    where: where([owner, ...siteConditions(filter)]),
    // Near a point: nearest first, by the distance the radius is checked with.
    keys: [filter?.near ? { expr: distanceTo(filter.near), type: 'float' } : name('s')],
    nodeType: 'Site',
    parent,
  });
}

export function activityList(field: FieldRequest, owner: Sql, parent: ListParent): Sql {
  const filter = field.args.filter as ActivityFilter | null | undefined;
  searchFits(filter);
  const order = field.args.orderBy as ActivityOrder;
  let conditions;
  try {
    conditions = toActivityConditions(filter, order);
  } catch {
    throw new CannotCompile('a filter the resolvers refuse');
  }
  return connection(field, {
    table: 'activities',
    alias: 'a',
    where: where([owner, ...activityWhere(conditions)]),
    keys: [{ expr: sql('a.starts_at'), type: 'timestamp' }],
    descending: order === ActivityOrder.STARTS_AT_DESC,
    nodeType: 'Activity',
    parent,
  });
}

/** A union's programmes, undated ones last (programmePage). */
export function programmeList(field: FieldRequest): Sql {
  return connection(field, {
    table: 'programmes',
    alias: 'x',
    where: sql(`x.union_id = ${field.row}.id`),
    keys: [{ expr: sql("coalesce(x.starts_on, 'infinity'::date)"), type: 'date' }],
    nodeType: 'Programme',
    parent: { column: `${field.row}.id` },
  });
}

/** The clubs of a union's subtree, by name (clubPage, without `near`). */
export function clubList(field: FieldRequest): Sql {
  return connection(field, {
    table: 'clubs',
    alias: 'x',
    where: where([
      sql(inSubtree('x.union_id', `${field.row}.path`)),
      ...clubConditions(field.args as ClubListArgs, null),
    ]),
    keys: [name('x')],
    nodeType: 'Club',
    parent: { column: `${field.row}.id` },
  });
}
