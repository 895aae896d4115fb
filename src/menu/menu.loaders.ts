import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { inEnum, intArray, loadByIds, query, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import type { UnionScope } from '../unions/scope.js';
import { MenuItem } from './menu-item.entity.js';
import type { MenuFilter, OrderFilter } from './menu.inputs.js';
import { Order } from './order.entity.js';

export function menuItemById(ctx: Context) {
  return ctx.loaders.get<number, MenuItem | undefined>('MenuItem.byId', (ids) => loadByIds(ctx.em, MenuItem, ids));
}

export function orderById(ctx: Context) {
  return ctx.loaders.get<number, Order | undefined>('Order.byId', (ids) => loadByIds(ctx.em, Order, ids));
}

/**
 * Whose menu: `available` is what the key union may order or offers itself, the items of
 * every union on its path (itself and those above it), through the tree index; `own` is
 * its own items only.
 */
export type MenuScope = 'own' | 'available';

function menuWhere(scope: MenuScope, filter: MenuFilter): Sql[] {
  const conditions: Sql[] = [
    scope === 'own'
      ? sql('x.union_id = k.key')
      : sql('x.union_id in (select d.id from unions d, unions r where r.id = k.key and d.path @> r.path)'),
  ];
  if (!filter.includeWithdrawn) conditions.push(sql('x.withdrawn_at is null'));
  if (filter.kinds?.length) conditions.push(inEnum('x.kind', 'menu_item_kind', filter.kinds));
  if (filter.month) conditions.push(sql('?::smallint = any(x.months)', filter.month));
  return conditions;
}

const BY_TITLE: Ordering = { keys: [{ expr: 'x.title', type: 'text' }] };

/** Menus of many unions in one statement, by title. */
export function menuPage(
  ctx: Context,
  unionId: number,
  scope: MenuScope,
  filter: MenuFilter,
  page: PageRequest,
): Promise<Page<MenuItem>> {
  return ctx.loaders
    .get<number, Page<MenuItem>>(`MenuItem.menu:${JSON.stringify([scope, filter, page])}`, (keys) =>
      loadPages(ctx.em, MenuItem, keys, {
        table: 'menu_items',
        alias: 'x',
        where: where(menuWhere(scope, filter)),
        order: BY_TITLE,
        page,
      }),
    )
    .load(unionId);
}

/** Which orders a list holds, relative to the key: placed by a union, received by one, or of an item. */
export type OrderOwner = { placedBy: UnionScope } | { receivedBy: UnionScope } | 'item';

function ownerCondition(owner: OrderOwner): Sql {
  if (owner === 'item') return sql('x.item_id = k.key');
  const [column, scope] =
    'placedBy' in owner ? ['x.ordering_union_id', owner.placedBy] : ['x.offering_union_id', owner.receivedBy];
  return scope === 'subtree'
    ? sql(`${column} in (select d.id from unions d, unions r where r.id = k.key and d.path <@ r.path)`)
    : sql(`${column} = k.key`);
}

const NEWEST_FIRST: Ordering = { keys: [{ expr: 'x.created_at', type: 'timestamp' }], descending: true };

/** Pages of orders for many keys in one statement, newest first. */
export function orderPage(
  ctx: Context,
  key: number,
  owner: OrderOwner,
  filter: OrderFilter,
  page: PageRequest,
): Promise<Page<Order>> {
  return ctx.loaders
    .get<number, Page<Order>>(`Order.page:${JSON.stringify([owner, filter, page])}`, (keys) =>
      loadPages(ctx.em, Order, keys, {
        table: 'orders',
        alias: 'x',
        where: where([
          ownerCondition(owner),
          ...(filter.statuses?.length ? [inEnum('x.status', 'order_status', filter.statuses)] : []),
        ]),
        order: NEWEST_FIRST,
        page,
      }),
    )
    .load(key);
}

/** What an item's orders add up to. */
export interface ItemFigures {
  orderCount: number;
  deliveryCount: number;
  ratingCount: number;
  averageRating: number | null;
}

/** The figures of many items in one statement. */
export function itemFigures(ctx: Context) {
  return ctx.loaders.get<number, ItemFigures>('MenuItem.figures', async (ids) => {
    const rows = await query<{
      id: number;
      orders: number;
      deliveries: number;
      ratings: number;
      average: number | null;
    }>(
      ctx.em,
      sql(
        `select k.key as id, count(o.id)::int as orders,
           count(o.id) filter (where o.status in ('DELIVERED', 'RATED'))::int as deliveries,
           count(o.rating)::int as ratings, avg(o.rating)::float8 as average
         from unnest(${intArray(ids).text}) as k(key)
         left join orders o on o.item_id = k.key
         group by k.key`,
      ),
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return {
        orderCount: row?.orders ?? 0,
        deliveryCount: row?.deliveries ?? 0,
        ratingCount: row?.ratings ?? 0,
        averageRating: row?.average ?? null,
      };
    });
  });
}
