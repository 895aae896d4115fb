import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { AuditSubjects } from '../audit/audit-log.js';
import { assertAnyWithinSubtree, assertWithinSubtree, requireWorker } from '../auth/access.js';
import type { Viewer } from '../auth/token.js';
import { findOrFail } from '../common/find-or-fail.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import { clean } from '../common/validation.js';
import type { Context } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { ActivityAudience, ActivityStatus, SignUpStatus } from './activity-enums.js';
import { assertSelfCancelOpen, assertSignUpOpen } from './activity.clock.js';
import { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType } from './activity.events.js';
import { CorrectAttendanceInput, RecordAttendanceInput, SignUpInput } from './activity.inputs.js';
import { activityById, signUpById } from './activity.loaders.js';
import { normalisePhone } from './activity.rules.js';
import { SignUpPayload } from './activity.types.js';
import { attendedSession, setAttendance } from './check-in.js';
import { SignUp } from './sign-up.entity.js';
import { signUpEvent, SignUpEventType } from './sign-up.events.js';
import { visibleSignUps } from './sign-up.visibility.js';
import { promoteWaiting, takePlace } from './waitlist.js';

/**
 * A sign-up's audit subjects: the sign-up and its activity, never the worker's name or
 * phone. It concerns the organiser and the worker's own union, whose staff may record it.
 */
function signUpSubjects(signUp: SignUp, activity: Activity): AuditSubjects {
  return {
    subjects: [toGlobalId('SignUp', signUp.id), toGlobalId('Activity', activity.id)],
    unionIds: [activity.organiser.id, signUp.union?.id],
  };
}

/**
 * Sign-ups change an activity's counters, so each one locks the activity row first:
 * concurrent sign-ups for the last places queue up there and never overfill it.
 */
@Resolver(() => SignUp)
export class SignUpResolver {
  @FieldResolver(() => Activity)
  async activity(@Root() signUp: SignUp, @Ctx() ctx: Context): Promise<Activity> {
    return (await activityById(ctx).load(signUp.activity.id))!;
  }

  @FieldResolver(() => Union, { nullable: true, description: "The worker's own union." })
  async union(@Root() signUp: SignUp, @Ctx() ctx: Context): Promise<Union | undefined> {
    return signUp.union ? unionById(ctx).load(signUp.union.id) : undefined;
  }

  @Mutation(() => SignUpPayload, {
    description:
      'Takes a place in an OPEN activity before it starts, inside its sign-up window (CONFLICT otherwise, or when ' +
      'the phone already holds or waits for a place). When no place is left: CAPACITY_FULL, or with ' +
      "`waitlist: true` a WAITLISTED sign-up that gets the first place given back, as for a worker's own.",
  })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<SignUpPayload> {
    const activityId = decodeId(input.activityId, 'Activity', 'activityId');
    const phone = normalisePhone(input.phone);
    const unionId = input.unionId ? decodeId(input.unionId, 'Union', 'unionId') : undefined;
    const signUp = await inTransaction(ctx, async (em, audit) => {
      const activity = await findOrFail(em, Activity, activityId, { lock: true });
      await assertAnyWithinSubtree(ctx, em, [
        { id: activity.organiser.id, is: "the activity's organiser" },
        { id: unionId, is: "the worker's union" },
      ]);
      // The worker's union lets its staff see and cancel the sign-up: only staff who may
      // change that union name it, or the organiser's staff could hand a worker's data to anyone.
      if (unionId !== undefined) await assertWithinSubtree(ctx, em, [unionId], "The worker's union");
      assertSignUpOpen(activity);
      const union = unionId === undefined ? null : await findOrFail(em, Union, unionId);
      const { signUp: created, events } = await takePlace(
        em,
        ctx.viewer,
        activity,
        { workerName: clean(input.workerName), phone, union },
        {
          waitlist: input.waitlist,
          activityGlobalId: input.activityId,
          // Whose place it is, only to whom may read it: to anyone else the phone's sign-up is not there to name.
          duplicate: (existing) =>
            new ConflictError(
              existing.visible
                ? `This phone number already holds (or waits for) a place in the activity: sign-up ${toGlobalId('SignUp', existing.id)}`
                : "This phone number cannot be signed up for the activity again; the organiser's staff can tell why",
            ),
        },
      );
      await appendEvents(em, events);
      await audit(signUpSubjects(created, activity));
      return created;
    });
    return this.payload(ctx, signUp.id);
  }

  @Mutation(() => SignUpPayload, {
    description:
      'Gives a place back, before the activity is over. A sign-up the caller may not read is NOT_FOUND, as an unknown id.',
  })
  async cancelSignUp(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<SignUpPayload> {
    const id = decodeId(globalId, 'SignUp');
    await inTransaction(ctx, async (em, audit) => {
      const { activity, signUp } = await lockSignUp(em, ctx.viewer, id, globalId);
      await assertAnyWithinSubtree(ctx, em, [
        { id: activity.organiser.id, is: "the activity's organiser" },
        { id: signUp.union?.id, is: "the worker's union" },
      ]);
      await giveBack(em, activity, signUp);
      await audit(signUpSubjects(signUp, activity));
    });
    return this.payload(ctx, id);
  }

  @Mutation(() => SignUpPayload, {
    description:
      'A worker signs themselves up, with the name and phone their token carries: for an OPEN activity inside its ' +
      'sign-up window (CONFLICT otherwise), whose audience includes them (FORBIDDEN otherwise). When no place is ' +
      'left: CAPACITY_FULL, or with `waitlist: true` a WAITLISTED sign-up that gets the first place given back. ' +
      'Needs a worker token.',
  })
  async signMeUp(
    @Arg('activityId', () => ID) activityGlobalId: string,
    @Arg('waitlist', () => Boolean, {
      defaultValue: false,
      description: 'When the activity is full, join its waitlist instead of being refused.',
    })
    waitlist: boolean,
    @Ctx() ctx: Context,
  ): Promise<SignUpPayload> {
    const activityId = decodeId(activityGlobalId, 'Activity', 'activityId');
    const signUp = await inTransaction(
      ctx,
      async (em, audit) => {
        const worker = requireWorker(ctx);
        const activity = await findOrFail(em, Activity, activityId, { lock: true });
        const [union] = await query<{ id: number; within: boolean }>(
          em,
          sql(
            `select w.id, w.path <@ o.path as within from unions w, unions o where w.id = ? and o.id = ?`,
            worker.unionId,
            activity.organiser.id,
          ),
        );
        if (!union)
          throw new ConflictError("Your token's union is not in the hub: ask your union to check its records");
        if (activity.audience === ActivityAudience.MEMBERS && !union.within)
          throw new ForbiddenError("This activity is for members of the organiser's unions only");
        assertSignUpOpen(activity);
        const { signUp: created, events } = await takePlace(
          em,
          ctx.viewer,
          activity,
          {
            workerName: worker.name,
            phone: worker.phone,
            union: em.getReference(Union, worker.unionId),
            workerId: worker.workerId,
          },
          {
            waitlist,
            activityGlobalId,
            duplicate: () => new ConflictError('You are already signed up (or waiting) for this activity'),
          },
        );
        await appendEvents(em, events);
        await audit(signUpSubjects(created, activity));
        return created;
      },
      'WORKER',
    );
    return this.payload(ctx, signUp.id);
  }

  @Mutation(() => SignUpPayload, {
    description:
      "A worker gives back their own place, before the activity's cancellation deadline (or its start): CONFLICT " +
      "after; another's sign-up is NOT_FOUND, as for an unknown id. Needs a worker token.",
  })
  async cancelMySignUp(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<SignUpPayload> {
    const id = decodeId(globalId, 'SignUp');
    await inTransaction(
      ctx,
      async (em, audit) => {
        const worker = requireWorker(ctx);
        const { activity, signUp } = await lockSignUp(em, ctx.viewer, id, globalId);
        // Only their own is visible to them: another's is NOT_FOUND, as for an unknown id.
        if (signUp.workerId !== worker.workerId) throw new NotFoundError('SignUp', globalId);
        if (signUp.status === SignUpStatus.SIGNED_UP) assertSelfCancelOpen(activity);
        await giveBack(em, activity, signUp);
        await audit(signUpSubjects(signUp, activity));
      },
      'WORKER',
    );
    return this.payload(ctx, id);
  }

  @Mutation(() => SignUpPayload, {
    description:
      'Marks whether a signed-up worker came, while the activity is RUNNING: for a course of several sessions, to the ' +
      'session held now or the one `sessionStartsAt` names (a check-in recorded by staff, or the live one voided). ' +
      'Once it is over, correctAttendance changes it, with a reason. A sign-up the caller may not read is NOT_FOUND.',
  })
  async recordAttendance(
    @Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput,
    @Ctx() ctx: Context,
  ): Promise<SignUpPayload> {
    const id = decodeId(input.signUpId, 'SignUp', 'signUpId');
    await inTransaction(ctx, async (em, audit) => {
      const { activity, signUp } = await lockSignUp(em, ctx.viewer, id, input.signUpId);
      await assertWithinSubtree(ctx, em, [activity.organiser.id], 'The activity');
      if (signUp.status !== SignUpStatus.SIGNED_UP) throw new ConflictError('A cancelled sign-up cannot attend');
      if (activity.status === ActivityStatus.FINISHED || activity.status === ActivityStatus.CANCELLED) {
        throw new ConflictError(
          `The activity is ${activity.status}: its attendance is history; correct it with correctAttendance and a reason`,
        );
      }
      if (activity.status !== ActivityStatus.RUNNING) {
        throw new ConflictError(`Attendance is recorded while the activity runs; it is ${activity.status}`);
      }
      const session = await attendedSession(em, activity.id, input.sessionStartsAt, 'record');
      if (await setAttendance(em, activity, signUp, session, input.attended, null)) {
        await em.flush();
        await appendEvents(em, [activityEvent(activity, ActivityEventType.ATTENDANCE_CHANGED)]);
      }
      await audit(signUpSubjects(signUp, activity));
    });
    return this.payload(ctx, id);
  }

  @Mutation(() => SignUpPayload, {
    description:
      'Corrects whether a worker came to an activity that is over (FINISHED, or CANCELLED after its start), with a reason ' +
      'kept with the sign-up (`attendanceCorrectionReason`); for a course of several sessions, per session ' +
      '(`sessionStartsAt`), a check-in taken back kept as voided with the reason.',
  })
  async correctAttendance(
    @Arg('input', () => CorrectAttendanceInput) input: CorrectAttendanceInput,
    @Ctx() ctx: Context,
  ): Promise<SignUpPayload> {
    const id = decodeId(input.signUpId, 'SignUp', 'signUpId');
    await inTransaction(ctx, async (em, audit) => {
      const { activity, signUp } = await lockSignUp(em, ctx.viewer, id, input.signUpId);
      await assertWithinSubtree(ctx, em, [activity.organiser.id], 'The activity');
      if (activity.status !== ActivityStatus.FINISHED && activity.status !== ActivityStatus.CANCELLED) {
        throw new ConflictError(
          `The activity is ${activity.status}: attendance is corrected once it is over; while it runs, recordAttendance`,
        );
      }
      if (activity.status === ActivityStatus.CANCELLED && activity.startsAt > new Date()) {
        throw new ConflictError('The activity was called off before its start: nobody attended');
      }
      // A cancelled activity cancelled its sign-ups; on a FINISHED one a cancelled sign-up gave its place back.
      if (activity.status === ActivityStatus.FINISHED && signUp.status !== SignUpStatus.SIGNED_UP) {
        throw new ConflictError('A cancelled sign-up cannot attend');
      }
      const session = await attendedSession(em, activity.id, input.sessionStartsAt, 'correct');
      const reason = clean(input.reason);
      if (!(await setAttendance(em, activity, signUp, session, input.attended, reason))) {
        throw new ConflictError(
          `Nothing to correct: the sign-up is already marked ${input.attended ? '' : 'not '}attended${session ? ' for that session' : ''}`,
        );
      }
      signUp.attendanceCorrectedAt = new Date();
      signUp.attendanceCorrectionReason = reason;
      await em.flush();
      // The event carries the counts only: the reason may say things about the worker.
      await appendEvents(em, [activityEvent(activity, ActivityEventType.ATTENDANCE_CHANGED)]);
      await audit(signUpSubjects(signUp, activity));
    });
    return this.payload(ctx, id);
  }

  private async payload(ctx: Context, signUpId: number): Promise<SignUpPayload> {
    // Read like any other sign-up: whoever was allowed to make the change (the organiser's
    // or the worker's union in their subtree) is allowed to see it.
    const signUp = (await signUpById(ctx).load(signUpId))!;
    return { signUp, activity: (await activityById(ctx).load(signUp.activity.id))! };
  }
}

/**
 * Gives a worker's place (or their place on the waitlist) back, its activity locked: the
 * place counts (attendance already recorded stays), the first waiting worker promoted
 * into a freed place in the same transaction, and the events that tell the activity's
 * screens and the workers concerned. CONFLICT when it is already cancelled or the
 * activity over.
 */
async function giveBack(em: EntityManager, activity: Activity, signUp: SignUp): Promise<void> {
  if (signUp.status === SignUpStatus.CANCELLED) throw new ConflictError('The sign-up is already cancelled');
  if (activity.status === ActivityStatus.FINISHED || activity.status === ActivityStatus.CANCELLED) {
    throw new ConflictError(`The activity is ${activity.status}; its sign-ups can no longer change`);
  }
  const held = signUp.status === SignUpStatus.SIGNED_UP;
  signUp.status = SignUpStatus.CANCELLED;
  if (held) activity.signUpCount -= 1;
  else activity.waitlistCount -= 1;
  // What happened stays: a worker who leaves a course after attending keeps the sessions
  // they came to (attended, their check-ins, the activity's attendance count).
  await em.flush();
  const cancelled = [
    activityEvent(activity, ActivityEventType.SIGN_UPS_CHANGED),
    ...signUpEvent(signUp, activity, SignUpEventType.CANCELLED),
  ];
  const promoted = held ? await promoteWaiting(em, activity) : [];
  if (promoted.length) await em.flush();
  await appendEvents(em, [...cancelled, ...promoted]);
}

/**
 * A sign-up and its activity, the activity locked (sign-ups change its counters).
 * NOT_FOUND without one, and for one the viewer may not read (visibleSignUps): a sign-up
 * is personal data, so a caller who may not see it learns nothing, not even that the id
 * exists, whatever they try; FORBIDDEN is left for what they may see but not change.
 */
async function lockSignUp(
  em: EntityManager,
  viewer: Viewer | null,
  id: number,
  globalId: string,
): Promise<{ activity: Activity; signUp: SignUp }> {
  const visible = visibleSignUps(viewer, 'x');
  const [row] = await query<{ activity_id: number }>(
    em,
    sql(`select x.activity_id from sign_ups x where x.id = ? and ${visible.text}`, id, ...visible.params),
  );
  if (!row) throw new NotFoundError('SignUp', globalId);
  const activity = await findOrFail(em, Activity, row.activity_id, { lock: true });
  return { activity, signUp: (await em.findOne(SignUp, id))! };
}
