import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { decodeId } from '../common/relay.js';
import { renewForEvent, type Context } from '../context.js';
import type { HubEvent } from '../live/pg-pubsub.js';
import { Activity } from './activity.entity.js';
import { activityById } from './activity.loaders.js';

@Resolver(() => Activity)
export class ActivitySubscriptionResolver {
  @Subscription(() => Activity, {
    nullable: true,
    topics: 'activity',
    topicId: ({ args }) => decodeId(args.id, 'Activity'),
    description:
      'The activity as it stands after each committed change: status, times, capacity, sign-ups and attendance. ' +
      'Null once it is deleted. Over graphql-ws only.',
  })
  async activityChanged(@Arg('id', () => ID) _id: string, @Root() event: HubEvent, @Ctx() ctx: Context): Promise<Activity | null> {
    renewForEvent(ctx);
    if (event.deleted) return null;
    return (await activityById(ctx).load(event.id)) ?? null;
  }
}
