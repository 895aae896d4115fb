import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import { unionRefs } from '../common/read-scope.js';
import type { Page } from '../common/relay.js';
import { inEnum, likePattern, loadByIds, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { unionScope, type UnionScope } from '../unions/scope.js';
import { Site } from './site.entity.js';
import type { NearInput, SiteFilter } from './site.inputs.js';

export function siteById(ctx: Context) {
  return ctx.loaders.get<number, Site | undefined>('Site.byId', (ids) => loadByIds(ctx.em, Site, ids));
}

const EARTH_RADIUS_M = 6_371_008.8;
const METERS_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;

/** Great-circle distance in metres from a site to the point (haversine). */
export function distanceTo(near: NearInput): Sql {
  return sql(
    `(2 * ${EARTH_RADIUS_M} * asin(sqrt(power(sin(radians(s.latitude - ?) / 2), 2)
      + cos(radians(?)) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - ?) / 2), 2))))`,
    near.latitude,
    near.latitude,
    near.longitude,
  );
}

export function siteConditions(filter: SiteFilter | null | undefined): Sql[] {
  const conditions: Sql[] = [];
  if (filter?.kinds?.length) conditions.push(inEnum('s.kind', 'site_kind', filter.kinds));
  if (filter?.ratings?.length) conditions.push(inEnum('s.rating', 'site_rating', filter.ratings));
  if (filter?.search?.trim()) conditions.push(sql('s.name ilike ?', likePattern(filter.search.trim())));
  if (filter?.near) {
    const { latitude, longitude, radiusMeters } = filter.near;
    // A bounding box the (latitude, longitude) index answers first, then the exact circle.
    const dLat = radiusMeters / METERS_PER_DEGREE;
    const dLng = radiusMeters / (METERS_PER_DEGREE * Math.max(Math.cos((latitude * Math.PI) / 180), 0.01));
    conditions.push(
      sql(
        's.latitude between ? and ? and s.longitude between ? and ?',
        latitude - dLat,
        latitude + dLat,
        longitude - dLng,
        longitude + dLng,
      ),
    );
    const distance = distanceTo(filter.near);
    conditions.push(sql(`${distance.text} <= ?`, ...distance.params, radiusMeters));
  }
  return conditions;
}

/** By name; with `near`, nearest first, by the same distance the radius is checked with. */
function siteOrder(filter: SiteFilter | null | undefined): Ordering {
  return filter?.near
    ? { keys: [{ expr: distanceTo(filter.near), type: 'float' }] }
    : { keys: [{ expr: 's.name', type: 'text' }] };
}

/** Pages of sites for many unions (or for `all`, key 0) in one statement. */
export function sitePage(
  ctx: Context,
  key: number,
  scope: UnionScope,
  filter: SiteFilter | null | undefined,
  page: PageRequest,
): Promise<Page<Site>> {
  const name = `Site.page:${scope}:${JSON.stringify([filter, page])}`;
  return ctx.loaders
    .get<number, Page<Site>>(name, (keys) => {
      return loadPages(ctx.em, Site, keys, {
        table: 'sites',
        alias: 's',
        where: where([unionScope('s.union_id', scope), ...siteConditions(filter)]),
        order: siteOrder(filter),
        page,
        reads: scope === 'all' ? () => ({ tables: ['sites'] }) : unionRefs,
      });
    })
    .load(key);
}
