import type { EntityManager } from '@mikro-orm/postgresql';
import { joinSql, query, sql, type Sql } from '../common/sql.js';

/**
 * A programme's days (`startsOn`, `endsOn`, YYYY-MM-DD) are calendar days where the
 * federation is: Asia/Shanghai, UTC+8 all year (no daylight saving). An activity of the
 * programme starts on or after the first day's midnight, before the day after the last
 * one, and ends by then. A missing day leaves that side open.
 */
const UTC_OFFSET = '+08:00';

interface Days {
  startsOn?: string | null;
  endsOn?: string | null;
}

/** The programme's days as instants: [from, until), either side null when open. */
function windowOf(days: Days): { from: Date | null; until: Date | null } {
  const midnight = (day: string) => new Date(`${day}T00:00:00${UTC_OFFSET}`);
  let until: Date | null = null;
  if (days.endsOn) {
    until = midnight(days.endsOn);
    until.setUTCDate(until.getUTCDate() + 1);
  }
  return { from: days.startsOn ? midnight(days.startsOn) : null, until };
}

/** "2026-05-01 – 2026-05-31" as people read it; an open side is "…". */
export function describeDays(days: Days): string {
  return `${days.startsOn ?? '…'} – ${days.endsOn ?? '…'}`;
}

/**
 * Which of an activity's times lies outside the programme's days: `startsAt`, `endsAt`,
 * or undefined when both lie within. An activity without an end is judged by its start.
 */
export function timeOutside(days: Days, startsAt: Date, endsAt: Date | null): 'startsAt' | 'endsAt' | undefined {
  const { from, until } = windowOf(days);
  if ((from && startsAt < from) || (until && startsAt >= until)) return 'startsAt';
  if (endsAt && until && endsAt > until) return 'endsAt';
  return undefined;
}

/** How many activities of the programme would lie outside these days (the same rule as timeOutside). */
export async function countOutside(em: EntityManager, programmeId: number, days: Days): Promise<number> {
  const { from, until } = windowOf(days);
  const outside: Sql[] = [];
  if (from) outside.push(sql('starts_at < ?', from));
  if (until) outside.push(sql('starts_at >= ? or ends_at > ?', until, until));
  if (!outside.length) return 0;
  const condition = joinSql(outside, ') or (');
  const [row] = await query<{ n: number }>(
    em,
    sql(
      `select count(*)::int as n from activities where programme_id = ? and ((${condition.text}))`,
      programmeId,
      ...condition.params,
    ),
  );
  return row!.n;
}
