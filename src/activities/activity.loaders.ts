import type { EntityClass } from '@mikro-orm/core';
import { viewerScope } from '../auth/access.js';
import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import { unionRefs, type ReadReport } from '../common/read-scope.js';
import { decodeId, type Page } from '../common/relay.js';
import { inEnum, likePattern, loadByIds, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { unionScope, type UnionScope } from '../unions/scope.js';
import { ActivityOrder } from './activity-enums.js';
import { Activity } from './activity.entity.js';
import type { ActivityFilter } from './activity.inputs.js';
import { Programme } from './programme.entity.js';
import { SignUp } from './sign-up.entity.js';
import { signUpVisibilityReads, visibleSignUps } from './sign-up.visibility.js';

export function activityById(ctx: Context) {
  return ctx.loaders.get<number, Activity | undefined>('Activity.byId', (ids) => loadByIds(ctx.em, Activity, ids));
}

export function programmeById(ctx: Context) {
  return ctx.loaders.get<number, Programme | undefined>('Programme.byId', (ids) => loadByIds(ctx.em, Programme, ids));
}

/** Sign-ups by id, only those the viewer may see (undefined for the others, as for unknown ids). */
export function signUpById(ctx: Context) {
  // Keyed by the viewer's scope: a subscription event's loaders serve every scope that executes it.
  return ctx.loaders.get<number, SignUp | undefined>(`SignUp.byId:${viewerScope(ctx.viewer)}`, (ids) =>
    loadByIds(ctx.em, SignUp, ids, visibleSignUps(ctx.viewer, 'x'), signUpVisibilityReads(ctx.viewer)),
  );
}

/** The filter with `programmeId` decoded, and the order. */
export type ActivityConditions = Omit<ActivityFilter, 'programmeId'> & { programme?: number; order: ActivityOrder };

export function toActivityConditions(
  filter: ActivityFilter | null | undefined,
  order: ActivityOrder,
): ActivityConditions {
  const { programmeId, ...rest } = filter ?? {};
  if (rest.startsFrom && rest.startsBefore && rest.startsFrom > rest.startsBefore) {
    throw new BadInputError('startsFrom must not be after startsBefore', 'filter.startsBefore');
  }
  return {
    ...rest,
    order,
    ...(programmeId ? { programme: decodeId(programmeId, 'Programme', 'filter.programmeId') } : {}),
  };
}

export function activityWhere(filter: ActivityConditions): Sql[] {
  const conditions: Sql[] = [];
  if (filter.kinds?.length) conditions.push(inEnum('a.kind', 'activity_kind', filter.kinds));
  if (filter.statuses?.length) conditions.push(inEnum('a.status', 'activity_status', filter.statuses));
  if (filter.startsFrom) conditions.push(sql('a.starts_at >= ?::timestamptz', filter.startsFrom.toISOString()));
  if (filter.startsBefore) conditions.push(sql('a.starts_at < ?::timestamptz', filter.startsBefore.toISOString()));
  if (filter.search?.trim()) conditions.push(sql('a.title ilike ?', likePattern(filter.search.trim())));
  if (filter.programme) conditions.push(sql('a.programme_id = ?', filter.programme));
  return conditions;
}

/** Which column ties an activity to the batch key. */
export type ActivityOwner = { union: UnionScope } | 'site' | 'programme';

/** Activities of a site or programme hang under its union (the row triggers note it); of a union, under it. */
function ownerReads(owner: ActivityOwner): (keys: readonly number[]) => ReadReport {
  if (owner === 'site') return (keys) => ({ refs: keys.map((site) => ({ site })) });
  if (owner === 'programme') return (keys) => ({ refs: keys.map((programme) => ({ programme })) });
  return owner.union === 'all' ? () => ({ tables: ['activities'] }) : unionRefs;
}

function ownerCondition(owner: ActivityOwner): Sql {
  if (owner === 'site') return sql('a.site_id = k.key');
  if (owner === 'programme') return sql('a.programme_id = k.key');
  return unionScope('a.organiser_id', owner.union);
}

const BY_START: Ordering = { keys: [{ expr: 'a.starts_at', type: 'timestamp' }] };
const BY_START_DESC: Ordering = { ...BY_START, descending: true };

/** Pages of activities for many owners in one statement, in start order. */
export function activityPage(
  ctx: Context,
  key: number,
  owner: ActivityOwner,
  filter: ActivityConditions,
  page: PageRequest,
): Promise<Page<Activity>> {
  const name = `Activity.page:${JSON.stringify([owner, filter, page])}`;
  return ctx.loaders
    .get<number, Page<Activity>>(name, (keys) => {
      return loadPages(ctx.em, Activity, keys, {
        table: 'activities',
        alias: 'a',
        where: where([ownerCondition(owner), ...activityWhere(filter)]),
        order: filter.order === ActivityOrder.STARTS_AT_DESC ? BY_START_DESC : BY_START,
        page,
        reads: ownerReads(owner),
      });
    })
    .load(key);
}

/** Pages of the rows of `table` whose `column` is the key (a plain one-to-many list). */
function pageByColumn<T extends object>(
  ctx: Context,
  entity: EntityClass<T>,
  list: { table: string; column: string; order: Ordering; reads?: (keys: readonly number[]) => ReadReport },
  key: number,
  page: PageRequest,
): Promise<Page<T>> {
  return ctx.loaders
    .get<number, Page<T>>(`${entity.name}.by:${list.column}:${JSON.stringify(page)}`, (keys) =>
      loadPages(ctx.em, entity, keys, {
        table: list.table,
        alias: 'x',
        where: sql(`x.${list.column} = k.key`),
        order: list.order,
        page,
        ...(list.reads ? { reads: list.reads } : {}),
      }),
    )
    .load(key);
}

/**
 * The sign-ups of an activity that the viewer may see, oldest first; `totalCount` counts
 * those alone.
 */
export function signUpPage(ctx: Context, activityId: number, page: PageRequest): Promise<Page<SignUp>> {
  const scope = viewerScope(ctx.viewer);
  return ctx.loaders
    .get<number, Page<SignUp>>(`SignUp.byActivity:${scope}:${JSON.stringify(page)}`, (keys) =>
      loadPages(ctx.em, SignUp, keys, {
        table: 'sign_ups',
        alias: 'x',
        where: where([sql('x.activity_id = k.key'), visibleSignUps(ctx.viewer, 'x')]),
        order: { keys: [{ expr: 'x.created_at', type: 'timestamp' }] },
        page,
        reads: (keys) => ({ refs: [...keys.map((activity) => ({ activity })), ...signUpVisibilityReads(ctx.viewer)] }),
      }),
    )
    .load(activityId);
}

/** Programmes of a union, by start. */
export function programmePage(ctx: Context, unionId: number, page: PageRequest): Promise<Page<Programme>> {
  return pageByColumn(
    ctx,
    Programme,
    // Undated programmes last: infinity sorts after every day, and keeps the key non-null.
    {
      table: 'programmes',
      column: 'union_id',
      order: { keys: [{ expr: "coalesce(x.starts_on, 'infinity'::date)", type: 'date' }] },
      reads: unionRefs,
    },
    unionId,
    page,
  );
}
