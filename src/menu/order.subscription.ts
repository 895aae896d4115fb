import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { decodeId } from '../common/relay.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseCursor, type LiveEvent } from '../live/event-reader.js';
import { AFTER_DESCRIPTION } from '../live/logged-event.js';
import { unionById } from '../unions/union.loaders.js';
import { orderById } from './menu.loaders.js';
import { Order } from './order.entity.js';
import { OFFERING_UNION_FIELD, OrderEvent, OrderEventType } from './order.events.js';

interface FeedArgs {
  unionId: string;
  includeDescendants: boolean;
  types?: OrderEventType[] | null;
  after?: string | null;
}

@Resolver(() => OrderEvent)
export class OrderSubscriptionResolver {
  @Subscription(() => OrderEvent, {
    description:
      'What happens to the orders a union placed or received, or with `includeDescendants` (the default) those of ' +
      'every union of its subtree: requested, accepted, declined, cancelled, delivered, rated. Over graphql-ws only.',
    subscribe: async ({ args, context }: { args: FeedArgs; context: Context }) => {
      const unionId = decodeId(args.unionId, 'Union', 'unionId');
      if (!(await unionById(context).load(unionId))) throw new NotFoundError('Union', args.unionId);
      return context.events.subscribe(
        {
          topic: 'order',
          // An order's path is the orderer's, and the offering union lies above it on that
          // path: the subtree of either one holds it.
          underUnion: {
            id: unionId,
            includeDescendants: args.includeDescendants,
            orPayloadUnion: OFFERING_UNION_FIELD,
          },
          types: args.types?.length ? args.types : undefined,
        },
        parseCursor(args.after),
      );
    },
  })
  orderFeed(
    @Arg('unionId', () => ID) _unionId: string,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: true,
      description: 'Also orders placed or received by every union below it.',
    })
    _includeDescendants: boolean,
    @Arg('types', () => [OrderEventType], { nullable: true, description: 'Which events; by default all.' })
    _types: OrderEventType[] | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after: string | null,
    @Root() event: LiveEvent,
  ): OrderEvent {
    return new OrderEvent(event);
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The order as it stands now.' })
  async order(@Root() event: OrderEvent, @Ctx() ctx: Context): Promise<Order | undefined> {
    return orderById(ctx).load(event.event.subjectId);
  }
}
