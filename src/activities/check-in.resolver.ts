import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { assertWithinSubtree, requireWorker } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import type { Context } from '../context.js';
import { ConflictError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { Site } from '../sites/site.entity.js';
import { inTransaction } from '../transaction.js';
import { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType } from './activity.events.js';
import { activityById, signUpById } from './activity.loaders.js';
import { SignUpPayload } from './activity.types.js';
import { CHECK_IN_ROTATION_SECONDS, checkInCodeFor, verifyCheckInCode } from './check-in.code.js';
import { ActivitySession, checkInCounts, checkInTarget, sessionsOf } from './check-in.js';
import { SignUp } from './sign-up.entity.js';
import { signUpEvent, SignUpEventType } from './sign-up.events.js';

@ObjectType({ description: "What a site's check-in screen shows: a signed code that rotates every 30 seconds." })
export class CheckInCode {
  @Field(() => String, { description: 'Show it as a QR code; workers send it with checkIn.' })
  code!: string;
  @Field(() => Date, { description: 'Accepted until then: the period it was made in and the next.' })
  validUntil!: Date;
  @Field(() => Int, { description: 'Ask again after this many seconds for the next code.' })
  rotatesEverySeconds!: number;
}

@Resolver(() => SignUp)
export class CheckInResolver {
  @Query(() => CheckInCode, {
    description:
      "The check-in code a site's screen shows now: for ADMIN and staff of the site's union's subtree. " +
      'Never cached; ask again every `rotatesEverySeconds`.',
  })
  async checkInCode(@Arg('siteId', () => ID) siteGlobalId: string, @Ctx() ctx: Context): Promise<CheckInCode> {
    const siteId = decodeId(siteGlobalId, 'Site', 'siteId');
    const site = await findOrFail(ctx.em.fork(), Site, siteId);
    await assertWithinSubtree(ctx, ctx.em, [site.union.id], 'The site');
    return { ...checkInCodeFor(ctx.config, siteId), rotatesEverySeconds: CHECK_IN_ROTATION_SECONDS };
  }

  @Mutation(() => SignUpPayload, {
    description:
      "A worker records their own attendance with the code on the site's screen: for their sign-up of what is held " +
      'there now, from 30 minutes before its start (of the session, for a course of several) to its end. ' +
      'BAD_USER_INPUT for a code that is malformed, forged or expired (scan again); CONFLICT without a place there ' +
      'now, or when already checked in. Needs a worker token.',
  })
  async checkIn(@Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<SignUpPayload> {
    const siteId = verifyCheckInCode(ctx.config, code);
    const signUpId = await inTransaction(
      ctx,
      async (em, audit) => {
        const worker = requireWorker(ctx);
        const target = await checkInTarget(em, worker, siteId);
        const activity = await findOrFail(em, Activity, target.activityId, { lock: true });
        if (target.done)
          throw new ConflictError(
            target.sessionId ? 'You have already checked in to this session' : 'You have already checked in',
          );
        await em.execute('insert into check_ins (sign_up_id, session_id) values (?, ?)', [
          target.signUpId,
          target.sessionId,
        ]);
        const signUp = (await em.findOne(SignUp, target.signUpId))!;
        // `attended`: came at least once; the count of sessions is on the sign-up.
        if (!signUp.attended) {
          signUp.attended = true;
          activity.attendanceCount += 1;
        }
        await em.flush();
        await appendEvents(em, [
          activityEvent(activity, ActivityEventType.ATTENDANCE_CHANGED),
          ...signUpEvent(signUp, activity, SignUpEventType.CHECKED_IN),
        ]);
        await audit({
          subjects: [toGlobalId('SignUp', signUp.id), toGlobalId('Activity', activity.id)],
          unionIds: [activity.organiser.id, signUp.union?.id],
        });
        return signUp.id;
      },
      'WORKER',
    );
    const signUp = (await signUpById(ctx).load(signUpId))!;
    return { signUp, activity: (await activityById(ctx).load(signUp.activity.id))! };
  }

  @FieldResolver(() => Int, {
    description:
      'Sessions the worker attended, checked in or recorded by staff (an activity held once: 1 when `attended`, else 0).',
  })
  async sessionsAttended(@Root() signUp: SignUp, @Ctx() ctx: Context): Promise<number> {
    const sessions = await sessionsOf(ctx).load(signUp.activity.id);
    if (!sessions.length) return signUp.attended ? 1 : 0;
    return checkInCounts(ctx).load(signUp.id);
  }

  @FieldResolver(() => Int, { description: "The activity's sessions; 1 for an activity without sessions." })
  async sessionCount(@Root() signUp: SignUp, @Ctx() ctx: Context): Promise<number> {
    return (await sessionsOf(ctx).load(signUp.activity.id)).length || 1;
  }
}

@Resolver(() => Activity)
export class ActivitySessionsResolver {
  @FieldResolver(() => [ActivitySession], {
    description: 'The sessions of a course held over several, in order; empty for an activity held once.',
  })
  async sessions(@Root() activity: Activity, @Ctx() ctx: Context): Promise<ActivitySession[]> {
    return sessionsOf(ctx).load(activity.id);
  }
}
