import { unionRefs, type ReadReport } from '../common/read-scope.js';
import { query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { SeriesInterval, type SeriesMetric, type SeriesPoint } from './series.types.js';

/** The federation's time zone: buckets are its calendar weeks, months and quarters (no daylight saving since 1991). */
const ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
/** A chart's worth: eight years of weeks, far more months and quarters than anyone plots. */
export const MAX_BUCKETS = 420;

/** Rows of the key union's subtree: `column` holds a union id. */
const under = (column: string) => `${column} in (select d.id from unions d, root where d.path <@ root.path)`;

/**
 * What each metric counts: `rows`, a FROM clause (with its conditions) over the key
 * union's subtree (`under(column)`); `at`, when a row happened; `value`, the aggregate of
 * a bucket's rows; `reads`, whether the rows lie in the tables whose writes the response
 * cache tracks under their unions (false: every write forgets the answer).
 *
 * Adding a metric is one line here and its member in SeriesMetric.
 */
const METRICS: Record<SeriesMetric, { rows: string; at: string; value: string; tracked: boolean }> = {
  ACTIVITIES_HELD: {
    rows: `activities a where a.status in ('RUNNING', 'FINISHED') and ${under('a.organiser_id')}`,
    at: 'a.starts_at',
    value: 'count(*)',
    tracked: true,
  },
  SIGN_UPS: {
    rows: `sign_ups x join activities a on a.id = x.activity_id where x.status = 'SIGNED_UP' and ${under('a.organiser_id')}`,
    at: 'x.created_at',
    value: 'count(*)',
    tracked: true,
  },
  ATTENDANCE: {
    rows: `activities a where a.status <> 'CANCELLED' and ${under('a.organiser_id')}`,
    at: 'a.starts_at',
    value: 'sum(a.attendance_count)',
    tracked: true,
  },
  FILL_RATE: {
    rows: `activities a where a.status <> 'CANCELLED' and a.capacity > 0 and ${under('a.organiser_id')}`,
    at: 'a.starts_at',
    value: 'sum(a.sign_up_count)::float8 / sum(a.capacity)',
    tracked: true,
  },
  ORDERS: {
    rows: `orders o where ${under('o.ordering_union_id')}`,
    at: 'o.created_at',
    value: 'count(*)',
    tracked: false,
  },
  NEW_SITES: { rows: `sites s where ${under('s.union_id')}`, at: 's.created_at', value: 'count(*)', tracked: true },
  SUBSIDY_SPEND: {
    rows: `subsidy_claims c where c.status = 'PAID' and ${under('c.union_id')}`,
    at: 'c.paid_at',
    value: 'sum(c.approved_fen)',
    tracked: false,
  },
};

const UNIT: Record<SeriesInterval, { trunc: string; step: string; months: number }> = {
  WEEK: { trunc: 'week', step: '1 week', months: 0 },
  MONTH: { trunc: 'month', step: '1 month', months: 1 },
  QUARTER: { trunc: 'quarter', step: '3 months', months: 3 },
};

/** How many buckets [from, to) spans, on Shanghai's calendar (a fixed UTC+8). */
function bucketCount(interval: SeriesInterval, from: Date, to: Date): number {
  const a = new Date(from.getTime() + OFFSET_MS);
  const b = new Date(to.getTime() - 1 + OFFSET_MS);
  if (interval === SeriesInterval.WEEK) {
    const monday = (d: Date) =>
      Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86_400_000 + 3) / 7);
    return monday(b) - monday(a) + 1;
  }
  const months = UNIT[interval].months;
  const index = (d: Date) => Math.floor((d.getUTCFullYear() * 12 + d.getUTCMonth()) / months);
  return index(b) - index(a) + 1;
}

/**
 * A series for one union in one statement: the calendar buckets (generate_series in
 * Shanghai time) that overlap [from, to), each counting the whole period, left-joined to
 * the metric's rows grouped by bucket, so a bucket with no rows is 0.
 */
export async function unionSeries(
  ctx: Context,
  unionId: number,
  metric: SeriesMetric,
  interval: SeriesInterval,
  from: Date,
  to: Date,
): Promise<SeriesPoint[]> {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new BadInputError('from and to must be instants', 'from');
  if (from >= to) throw new BadInputError('from must be before to', 'from');
  const buckets = bucketCount(interval, from, to);
  if (buckets > MAX_BUCKETS) {
    throw new BadInputError(
      `[from, to) spans ${buckets} ${interval.toLowerCase()}s; at most ${MAX_BUCKETS} at once`,
      'to',
    );
  }
  const { rows, at, value, tracked } = METRICS[metric];
  const { trunc, step } = UNIT[interval];
  // Instants as ISO strings: the driver would format a Date in the server's zone.
  const found = await query<{ starts_at: string; ends_at: string; value: number }>(ctx.em, {
    ...sql(
      `with root as (select path from unions where id = ?),
        buckets as (
          select b as local_start from generate_series(
            date_trunc('${trunc}', ?::timestamptz at time zone '${ZONE}'),
            date_trunc('${trunc}', (?::timestamptz - interval '1 microsecond') at time zone '${ZONE}'),
            interval '${step}') b),
        bounds as (
          select min(local_start) at time zone '${ZONE}' as lo,
                 (max(local_start) + interval '${step}') at time zone '${ZONE}' as hi from buckets),
        counted as (
          select date_trunc('${trunc}', ${at} at time zone '${ZONE}') as local_start, (${value})::float8 as value
          from ${rows} and ${at} >= (select lo from bounds) and ${at} < (select hi from bounds)
          group by 1)
      select b.local_start at time zone '${ZONE}' as starts_at,
             (b.local_start + interval '${step}') at time zone '${ZONE}' as ends_at,
             coalesce(c.value, 0) as value
      from buckets b left join counted c on c.local_start = b.local_start
      order by b.local_start`,
      unionId,
      from.toISOString(),
      to.toISOString(),
    ),
    reads: (): ReadReport => (tracked ? unionRefs([unionId]) : 'global'),
  });
  return found.map((row) => ({
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    value: Number(row.value),
  }));
}
