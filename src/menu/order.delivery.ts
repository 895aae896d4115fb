import type { EntityManager } from '@mikro-orm/postgresql';
import { toEntity } from '../common/rows.js';
import { intArray, query, sql } from '../common/sql.js';
import type { NewEvent } from '../live/event-log.js';
import type { MenuItemKind } from './menu-enums.js';
import { Order } from './order.entity.js';
import { orderEvent } from './order.events.js';

/**
 * Orders follow the activities that deliver them: an ACCEPTED order is DELIVERED once its
 * activity is FINISHED, CANCELLED once it is cancelled. Called in the transaction that
 * moved those activities (the status sweep, updateActivity), after their rows are
 * written and locked; answers the events to append with theirs.
 */
export async function ordersFollowActivities(em: EntityManager, activityIds: readonly number[]): Promise<NewEvent[]> {
  if (!activityIds.length) return [];
  const rows = await query<Record<string, unknown> & { item_title: string; item_kind: MenuItemKind }>(
    em,
    sql(
      `update orders o set updated_at = now(),
         status = (case when a.status = 'FINISHED' then 'DELIVERED' else 'CANCELLED' end)::order_status,
         cancel_reason = case when a.status = 'CANCELLED' then coalesce(o.cancel_reason, 'The activity was cancelled')
                         else o.cancel_reason end
       from activities a, menu_items i
       where a.id = o.activity_id and i.id = o.item_id and o.activity_id = any(${intArray(activityIds).text})
         and o.status = 'ACCEPTED' and a.status in ('FINISHED', 'CANCELLED')
       returning o.*, i.title as item_title, i.kind as item_kind`,
    ),
  );
  return rows
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((row) => orderEvent(toEntity(em, Order, row), { title: row.item_title, kind: row.item_kind }));
}
