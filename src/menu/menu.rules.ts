import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../common/sql.js';
import { BadInputError, ConflictError } from '../errors.js';
import { OrderStatus, SCHEDULED_STATUSES, SEASON_MONTHS, type Season } from './menu-enums.js';
import type { MenuItem } from './menu-item.entity.js';
import type { Order } from './order.entity.js';

/** Asia/Shanghai: +08:00 all year. */
const LOCAL_OFFSET_MS = 8 * 3_600_000;

/** The month (1–12) of an instant in Asia/Shanghai. */
export function localMonth(time: Date): number {
  return new Date(time.getTime() + LOCAL_OFFSET_MS).getUTCMonth() + 1;
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
function localToday(now = new Date()): string {
  return new Date(now.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The months an item may be delivered in, from the months and seasons a request names
 * (both, when both are given), in order; BAD_USER_INPUT on a month outside 1–12.
 */
export function monthsOf(months: readonly number[] | null | undefined, seasons: readonly Season[] | null | undefined) {
  const chosen = new Set<number>();
  for (const [i, month] of (months ?? []).entries()) {
    if (!Number.isInteger(month) || month < 1 || month > 12)
      throw new BadInputError('months must lie between 1 and 12', `months.${i}`);
    chosen.add(month);
  }
  for (const season of seasons ?? []) for (const month of SEASON_MONTHS[season]) chosen.add(month);
  return [...chosen].sort((a, b) => a - b);
}

const MONTH_NAMES = ['', '1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'];
export const describeMonths = (months: readonly number[]): string => months.map((m) => MONTH_NAMES[m]).join('、');

/** Wished days as YYYY-MM-DD that exist, 1 to 5 of them, none past; in the item's months. */
export function assertWishedDates(days: readonly string[], now = new Date()): string[] {
  if (days.length === 0) throw new BadInputError('wishedDates must hold at least one day', 'wishedDates');
  const today = localToday(now);
  for (const [i, day] of days.entries()) {
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
    if (!valid) throw new BadInputError('each wished date must be a day as YYYY-MM-DD', `wishedDates.${i}`);
    if (day < today) throw new BadInputError(`${day} is past: wished dates are today or later`, `wishedDates.${i}`);
  }
  return [...new Set(days)].sort();
}

export function assertDatesInMonths(days: readonly string[], item: MenuItem): void {
  for (const [i, day] of days.entries()) {
    if (!item.months.includes(Number(day.slice(5, 7))))
      throw new BadInputError(
        `${item.title} is delivered in ${describeMonths(item.months)} only, not on ${day}`,
        `wishedDates.${i}`,
      );
  }
}

const VERBS: Partial<Record<OrderStatus, string>> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  CANCELLED: 'cancelled',
  RATED: 'rated',
};

/** Which statuses may move to `to`; anything else is CONFLICT, naming the status it is in. */
const FROM: Partial<Record<OrderStatus, readonly OrderStatus[]>> = {
  ACCEPTED: [OrderStatus.REQUESTED],
  DECLINED: [OrderStatus.REQUESTED],
  CANCELLED: [OrderStatus.REQUESTED, OrderStatus.ACCEPTED],
  RATED: [OrderStatus.DELIVERED],
};

export function assertOrderMove(order: Order, to: OrderStatus): void {
  const allowed = FROM[to] ?? [];
  if (!allowed.includes(order.status))
    throw new ConflictError(
      `An order that is ${order.status} cannot be ${VERBS[to]}: only a ${allowed.join(' or ')} order can`,
      { status: order.status },
    );
}

/** The season key of a time in SQL: winter (December to February) is one season across the new year. */
const SEASON_SQL = (time: string) =>
  `date_trunc('quarter', (${time} at time zone 'Asia/Shanghai') + interval '1 month')`;

/**
 * CONFLICT when the item has made its quota of deliveries for the season of `startsAt`.
 * The caller holds the item's row lock, so concurrent accepts of the same item count one
 * after another and never exceed it.
 */
export async function assertQuotaLeft(em: EntityManager, item: MenuItem, startsAt: Date): Promise<void> {
  if (item.quotaPerSeason == null) return;
  const [row] = await query<{ n: number }>(
    em,
    sql(
      `select count(*)::int as n from orders o join activities a on a.id = o.activity_id
       where o.item_id = ? and o.status = any(?::order_status[])
         and ${SEASON_SQL('a.starts_at')} = ${SEASON_SQL('?::timestamptz')}`,
      item.id,
      `{${SCHEDULED_STATUSES.join(',')}}`,
      startsAt.toISOString(),
    ),
  );
  if (row!.n >= item.quotaPerSeason)
    throw new ConflictError(
      `${item.title} has made its ${item.quotaPerSeason} deliveries for that season: decline the order, or schedule it in another season`,
      { quotaPerSeason: item.quotaPerSeason },
    );
}
