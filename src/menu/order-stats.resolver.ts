import { Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { intArray, query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { UnionStats, type Period } from '../unions/union-stats.js';
import { OrderStatus } from './menu-enums.js';

@ObjectType()
export class OrderStatusCount {
  @Field(() => OrderStatus) status!: OrderStatus;
  @Field(() => Int) count!: number;
}

interface OrderFigures {
  byStatus: OrderStatusCount[];
  ratingCount: number;
  meanRating: number | null;
}

/**
 * Order figures of many unions and one period in one statement: orders placed by the
 * unions of each subtree (which holds every order a union of the subtree received too),
 * placed in the period, through the tree index.
 */
function orderFigures(ctx: Context, unionId: number, period: Period): Promise<OrderFigures> {
  const name = `UnionStats.orders:${period.from?.toISOString() ?? ''}:${period.to?.toISOString() ?? ''}`;
  return ctx.loaders
    .get<number, OrderFigures>(name, async (ids) => {
      const from = period.from?.toISOString() ?? null;
      const to = period.to?.toISOString() ?? null;
      const rows = await query<{ key: number; status: OrderStatus | null; n: number; ratings: number; rated: number }>(
        ctx.em,
        sql(
          `select k.key, o.status, count(o.id)::int as n, count(o.rating)::int as ratings,
             coalesce(sum(o.rating), 0)::int as rated
           from unnest(${intArray(ids).text}) as k(key)
           join unions r on r.id = k.key
           left join orders o on o.ordering_union_id in (select d.id from unions d where d.path <@ r.path)
             and (?::timestamptz is null or o.created_at >= ?::timestamptz)
             and (?::timestamptz is null or o.created_at < ?::timestamptz)
           group by k.key, o.status`,
          ...[from, from, to, to],
        ),
      );
      return ids.map((id) => {
        const mine = rows.filter((row) => Number(row.key) === id && row.status);
        const ratingCount = mine.reduce((n, r) => n + r.ratings, 0);
        const total = mine.reduce((n, r) => n + r.rated, 0);
        return {
          byStatus: Object.values(OrderStatus).flatMap((status) => {
            const row = mine.find((r) => r.status === status);
            return row ? [{ status, count: row.n }] : [];
          }),
          ratingCount,
          meanRating: ratingCount ? total / ratingCount : null,
        };
      });
    })
    .load(unionId);
}

/** What the menu adds to a union's stats: orders placed in the period by the subtree. */
@Resolver(() => UnionStats)
export class OrderStatsResolver {
  @FieldResolver(() => [OrderStatusCount], {
    description: 'Orders placed by the unions of the subtree in the period (by when they were placed), by status.',
  })
  async ordersByStatus(@Root() stats: UnionStats, @Ctx() ctx: Context): Promise<OrderStatusCount[]> {
    return (await orderFigures(ctx, stats.unionId, stats.period)).byStatus;
  }

  @FieldResolver(() => Int, { description: 'Of those orders, the rated ones.' })
  async orderRatingCount(@Root() stats: UnionStats, @Ctx() ctx: Context): Promise<number> {
    return (await orderFigures(ctx, stats.unionId, stats.period)).ratingCount;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Mean rating (1–5) of those orders; null when none is rated.',
  })
  async meanOrderRating(@Root() stats: UnionStats, @Ctx() ctx: Context): Promise<number | null> {
    return (await orderFigures(ctx, stats.unionId, stats.period)).meanRating;
  }
}
