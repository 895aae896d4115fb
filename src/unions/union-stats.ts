import { Field, Int, ObjectType } from 'type-graphql';
import { ActivityKind, ActivityStatus } from '../activities/activity-enums.js';
import { unionRefs } from '../common/read-scope.js';
import { intArray, query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { SiteKind } from '../sites/site-kind.js';

@ObjectType()
export class SiteKindCount {
  @Field(() => SiteKind) kind!: SiteKind;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class ActivityStatusCount {
  @Field(() => ActivityStatus) status!: ActivityStatus;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class ActivityKindCount {
  @Field(() => ActivityKind) kind!: ActivityKind;
  @Field(() => Int) count!: number;
}

@ObjectType({
  description: 'Totals over a union and its whole subtree; activity figures count activities starting in the period.',
})
export class UnionStats {
  @Field(() => Int, { description: 'Unions in the subtree, this one included.' }) unionCount!: number;
  @Field(() => Int) memberCount!: number;
  @Field(() => Int) siteCount!: number;
  @Field(() => Int, {
    description:
      'Villages and communities in the subtree with no site in their own subtree: where the service circle has gaps.',
  })
  villagesWithoutSite!: number;
  @Field(() => [SiteKindCount]) sitesByKind!: SiteKindCount[];
  @Field(() => Int, {
    description: 'Every activity of the period, cancelled ones included, as the activity lists count them.',
  })
  activityCount!: number;
  @Field(() => [ActivityStatusCount]) activitiesByStatus!: ActivityStatusCount[];
  @Field(() => [ActivityKindCount]) activitiesByKind!: ActivityKindCount[];
  @Field(() => Int, { description: 'Active sign-ups for those activities, leaving out cancelled activities.' })
  signUpCount!: number;
  @Field(() => Int, { description: 'Workers who attended those activities, leaving out cancelled activities.' })
  attendanceCount!: number;
  /** Which union and period these are, for fields other features add (src/menu: orders). */
  unionId!: number;
  period!: Period;
}

export interface Period {
  from?: Date | null;
  to?: Date | null;
}

interface StatsRow {
  key: number;
  union_count: number;
  member_count: string;
  villages_without_site: number;
  sites: { kind: SiteKind; count: number }[];
  activities: { status: ActivityStatus; kind: ActivityKind; count: number; sign_ups: number; attended: number }[];
}

function sumBy<K extends string>(rows: { count: number }[], key: (row: never) => K): { key: K; count: number }[] {
  const totals = new Map<K, number>();
  for (const row of rows) totals.set(key(row as never), (totals.get(key(row as never)) ?? 0) + row.count);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([k, count]) => ({ key: k, count }));
}

/** Stats for many unions and one period in a single statement over the ltree index. */
export function unionStats(ctx: Context, unionId: number, period: Period): Promise<UnionStats> {
  const name = `Union.stats:${period.from?.toISOString() ?? ''}:${period.to?.toISOString() ?? ''}`;
  return ctx.loaders
    .get<number, UnionStats>(name, async (ids) => {
      // ISO strings, not Dates: the driver would format a Date in the server's local zone.
      const from = period.from?.toISOString() ?? null;
      const to = period.to?.toISOString() ?? null;
      const rows = await query<StatsRow>(ctx.em, {
        // Everything counted hangs under the key union.
        reads: () => unionRefs(ids),
        ...sql(
          `select r.id as key, t.union_count, t.member_count, g.villages_without_site, s.sites, a.activities
          from unnest(${intArray(ids).text}) as k(key)
          join unions r on r.id = k.key
          cross join lateral (
            select count(*)::int as union_count, coalesce(sum(d.member_count), 0)::bigint as member_count
            from unions d where d.path <@ r.path) t
          cross join lateral (
            -- The level test sits in WHERE so the site probe runs for villages only.
            select count(*)::int as villages_without_site from unions d
            where d.path <@ r.path and d.level = 'VILLAGE'
              and not exists (select 1 from sites s join unions v on v.id = s.union_id where v.path <@ d.path)) g
          cross join lateral (
            select coalesce(json_agg(json_build_object('kind', x.kind, 'count', x.n)), '[]') as sites
            from (select s.kind, count(*)::int as n from sites s
                  where s.union_id in (select d.id from unions d where d.path <@ r.path)
                  group by s.kind) x) s
          cross join lateral (
            select coalesce(json_agg(json_build_object('status', y.status, 'kind', y.kind, 'count', y.n,
                     'sign_ups', y.sign_ups, 'attended', y.attended)), '[]') as activities
            from (select a.status, a.kind, count(*)::int as n, sum(a.sign_up_count)::int as sign_ups,
                         sum(a.attendance_count)::int as attended
                  from activities a
                  where a.organiser_id in (select d.id from unions d where d.path <@ r.path)
                    and (?::timestamptz is null or a.starts_at >= ?::timestamptz)
                    and (?::timestamptz is null or a.starts_at < ?::timestamptz)
                  group by a.status, a.kind) y) a`,
          ...[from, from, to, to],
        ),
      });
      const byId = new Map(rows.map((row) => [Number(row.key), row]));
      return ids.map((id) => {
        const row = byId.get(id);
        if (!row) throw new Error(`union ${id} vanished while loading stats`);
        const byStatus = sumBy(row.activities, (r: StatsRow['activities'][number]) => r.status);
        const byKind = sumBy(row.activities, (r: StatsRow['activities'][number]) => r.kind);
        const sitesByKind = sumBy(row.sites, (r: StatsRow['sites'][number]) => r.kind);
        // A cancelled activity keeps its sign-ups and attendance rows, but nobody takes part in it.
        const held = row.activities.filter((r) => r.status !== ActivityStatus.CANCELLED);
        return {
          unionCount: row.union_count,
          memberCount: Number(row.member_count),
          siteCount: row.sites.reduce((n, r) => n + r.count, 0),
          villagesWithoutSite: row.villages_without_site,
          sitesByKind: sitesByKind.map(({ key, count }) => ({ kind: key, count })),
          activityCount: row.activities.reduce((n, r) => n + r.count, 0),
          activitiesByStatus: byStatus.map(({ key, count }) => ({ status: key, count })),
          activitiesByKind: byKind.map(({ key, count }) => ({ kind: key, count })),
          signUpCount: held.reduce((n, r) => n + r.sign_ups, 0),
          attendanceCount: held.reduce((n, r) => n + r.attended, 0),
          unionId: id,
          period,
        };
      });
    })
    .load(unionId);
}
