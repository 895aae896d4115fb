import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { likePattern, loadByIds, loadPages, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { unionScope, type UnionScope } from '../unions/scope.js';
import type { SiteFilter } from './site.inputs.js';
import { Site } from './site.entity.js';

export function siteById(ctx: Context) {
  return ctx.loaders.get<number, Site | undefined>('Site.byId', (ids) => loadByIds(ctx.em, Site, ids));
}

export function siteConditions(filter: SiteFilter | null | undefined): Sql[] {
  const conditions: Sql[] = [];
  if (filter?.kinds?.length) conditions.push(sql('s.kind = any(?::site_kind[])', `{${filter.kinds.join(',')}}`));
  if (filter?.ratings?.length) conditions.push(sql('s.rating = any(?::site_rating[])', `{${filter.ratings.join(',')}}`));
  if (filter?.search?.trim()) conditions.push(sql('s.name ilike ?', likePattern(filter.search.trim())));
  return conditions;
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
      const conditions = where([unionScope('s.union_id', scope), ...siteConditions(filter)]);
      return loadPages(ctx.em, Site, keys, {
        from: sql(`from sites s where ${conditions.text}`, ...conditions.params),
        alias: 's',
        orderBy: 's.name, s.id',
        page,
      });
    })
    .load(key);
}
