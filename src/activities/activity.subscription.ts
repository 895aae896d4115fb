import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { decodeId } from '../common/relay.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseCursor, type LiveEvent } from '../live/event-reader.js';
import { AFTER_DESCRIPTION } from '../live/logged-event.js';
import { unionById } from '../unions/union.loaders.js';
import { ActivityKind } from './activity-enums.js';
import { Activity } from './activity.entity.js';
import { ActivityEvent, ActivityEventType, FEED_EVENT_TYPES } from './activity.events.js';
import { activityById } from './activity.loaders.js';

interface ChangedArgs {
  id: string;
  after?: string | null;
}

interface FeedArgs {
  unionId: string;
  includeDescendants: boolean;
  kinds?: ActivityKind[] | null;
  types?: ActivityEventType[] | null;
  after?: string | null;
}

@Resolver(() => ActivityEvent)
export class ActivitySubscriptionResolver {
  @Subscription(() => ActivityEvent, {
    description: 'Every committed change to one activity, in commit order. Over graphql-ws only.',
    subscribe: async ({ args, context }: { args: ChangedArgs; context: Context }) => {
      const id = decodeId(args.id, 'Activity');
      // Like the other subscriptions: an unknown (or deleted) activity is NOT_FOUND, not silence.
      if (!(await activityById(context).load(id))) throw new NotFoundError('Activity', args.id);
      return context.events.subscribe({ topic: 'activity', subjectId: id }, parseCursor(args.after));
    },
  })
  activityChanged(
    @Arg('id', () => ID) _id: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after: string | null,
    @Root() event: LiveEvent,
  ): ActivityEvent {
    return new ActivityEvent(event);
  }

  @Subscription(() => ActivityEvent, {
    description:
      'What happens to activities organised by a union or anywhere under it: created, opened, started, finished, cancelled, filled up. ' +
      'Over graphql-ws only.',
    subscribe: async ({ args, context }: { args: FeedArgs; context: Context }) => {
      const unionId = decodeId(args.unionId, 'Union', 'unionId');
      if (!(await unionById(context).load(unionId))) throw new NotFoundError('Union', args.unionId);
      return context.events.subscribe(
        {
          topic: 'activity',
          underUnion: { id: unionId, includeDescendants: args.includeDescendants },
          types: args.types?.length ? args.types : FEED_EVENT_TYPES,
          activityKinds: args.kinds?.length ? args.kinds : undefined,
        },
        parseCursor(args.after),
      );
    },
  })
  activityFeed(
    @Arg('unionId', () => ID) _unionId: string,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: true,
      description: 'Also activities of every union below it.',
    })
    _includeDescendants: boolean,
    @Arg('kinds', () => [ActivityKind], { nullable: true, description: 'Only these kinds of activity.' })
    _kinds: ActivityKind[] | null,
    @Arg('types', () => [ActivityEventType], {
      nullable: true,
      description: 'Which events; by default CREATED, OPENED, STARTED, FINISHED, CANCELLED, DELETED and FULL.',
    })
    _types: ActivityEventType[] | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after: string | null,
    @Root() event: LiveEvent,
  ): ActivityEvent {
    return new ActivityEvent(event);
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'The activity as it stands now; null once deleted.' })
  async activity(@Root() event: ActivityEvent, @Ctx() ctx: Context): Promise<Activity | undefined> {
    return activityById(ctx).load(event.event.subjectId);
  }
}
