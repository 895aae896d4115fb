import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Union } from '../unions/union.entity.js';
import { MAX_BUCKETS, unionSeries } from './series.js';
import { SeriesInterval, SeriesMetric, SeriesPoint } from './series.types.js';

@Resolver(() => Union)
export class UnionSeriesResolver {
  @FieldResolver(() => [SeriesPoint], {
    description: `A figure over time for this union's whole subtree: one point per calendar week, month or quarter (Asia/Shanghai) that overlaps [from, to), oldest first, each counting its whole period; at most ${MAX_BUCKETS} points.`,
  })
  async series(
    @Root() union: Union,
    @Arg('metric', () => SeriesMetric) metric: SeriesMetric,
    @Arg('interval', () => SeriesInterval) interval: SeriesInterval,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: Context,
  ): Promise<SeriesPoint[]> {
    return unionSeries(ctx, union.id, metric, interval, from, to);
  }
}
