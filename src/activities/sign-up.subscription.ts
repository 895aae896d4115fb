import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import { requireWorker } from '../auth/access.js';
import type { Context } from '../context.js';
import { parseCursor, type LiveEvent } from '../live/event-reader.js';
import { AFTER_DESCRIPTION } from '../live/logged-event.js';
import { Activity } from './activity.entity.js';
import { activityById, signUpById } from './activity.loaders.js';
import { SignUp } from './sign-up.entity.js';
import { SignUpEvent, workerKey } from './sign-up.events.js';

@Resolver(() => SignUpEvent)
export class SignUpSubscriptionResolver {
  @Subscription(() => SignUpEvent, {
    description:
      "The signed-in worker's own sign-ups as they change: signed up, waitlisted, promoted from the waitlist, " +
      'cancelled (by them, by staff or with the activity), checked in. Needs a worker token. Over graphql-ws only.',
    subscribe: ({ args, context }: { args: { after?: string | null }; context: Context }) => {
      const worker = requireWorker(context);
      return context.events.subscribe(
        { topic: 'sign-up', worker: workerKey(worker.workerId) },
        parseCursor(args.after),
      );
    },
  })
  mySignUpChanged(
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION }) _after: string | null,
    @Root() event: LiveEvent,
  ): SignUpEvent {
    return new SignUpEvent(event);
  }

  @FieldResolver(() => SignUp, {
    nullable: true,
    description: 'The sign-up as it stands now, as the viewer may see it.',
  })
  async signUp(@Root() event: SignUpEvent, @Ctx() ctx: Context): Promise<SignUp | undefined> {
    return signUpById(ctx).load(event.signUpRowId);
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'The activity as it stands now; null once deleted.' })
  async activity(@Root() event: SignUpEvent, @Ctx() ctx: Context): Promise<Activity | undefined> {
    return activityById(ctx).load(event.event.subjectId);
  }
}
