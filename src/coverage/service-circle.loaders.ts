import { loadPages } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { toEntity } from '../common/rows.js';
import { intArray, loadByIds, query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { Site } from '../sites/site.entity.js';
import { ServiceCircle } from './service-circle.entity.js';

/*
 * Service circles live in tables the response cache does not track (service_circles,
 * service_circle_sites): these statements report no read scope, so query() counts them
 * as reading anything and every write forgets the answers that hold them.
 */

export function serviceCircleById(ctx: Context) {
  return ctx.loaders.get<number, ServiceCircle | undefined>('ServiceCircle.byId', (ids) =>
    loadByIds(ctx.em, ServiceCircle, ids),
  );
}

/** Circles whose hub is run by a union of the key union's subtree, by name; one statement per batch. */
export function serviceCirclePage(ctx: Context, unionId: number, page: PageRequest): Promise<Page<ServiceCircle>> {
  return ctx.loaders
    .get<number, Page<ServiceCircle>>(`ServiceCircle.page:${JSON.stringify(page)}`, (keys) =>
      loadPages(ctx.em, ServiceCircle, keys, {
        table: 'service_circles',
        alias: 'c',
        where: sql(`c.hub_site_id in (select s.id from sites s join unions d on d.id = s.union_id
          join unions r on d.path <@ r.path where r.id = k.key)`),
        order: { keys: [{ expr: 'c.name', type: 'text' }] },
        page,
      }),
    )
    .load(unionId);
}

/** The sites a circle serves besides its hub, by name, for many circles in one statement. */
export function serviceCircleSites(ctx: Context) {
  return ctx.loaders.get<number, Site[]>('ServiceCircle.sites', async (ids) => {
    const rows = await query<Record<string, unknown>>(
      ctx.em,
      sql(`select m.circle_id as "k__key", s.* from service_circle_sites m join sites s on s.id = m.site_id
        where m.circle_id = any(${intArray(ids).text}) order by m.circle_id, s.name, s.id`),
    );
    const byKey = new Map<number, Site[]>(ids.map((id) => [id, []]));
    for (const { k__key, ...row } of rows) byKey.get(Number(k__key))!.push(toEntity(ctx.em, Site, row));
    return ids.map((id) => byKey.get(id)!);
  });
}
