import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertWithinSubtree } from '../auth/access.js';
import { meetingClub } from '../clubs/club.meetings.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { DeletePayload } from '../common/payloads.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { clean, optionalText } from '../common/validation.js';
import { CompetitionEventType } from '../competitions/competition-enums.js';
import { assertMatchesSettled } from '../competitions/competition.finish.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { ordersFollowActivities } from '../menu/order.delivery.js';
import { Site } from '../sites/site.entity.js';
import { siteById } from '../sites/site.loaders.js';
import { inTransaction } from '../transaction.js';
import { scopeOf } from '../unions/scope.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { ActivityAudience, ActivityStatus, ActivityOrder } from './activity-enums.js';
import { assertStatusFitsClock } from './activity.clock.js';
import { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType, updateEventType } from './activity.events.js';
import {
  assertDeletable,
  assertKindMayChange,
  assertOnlyNoteWhenOver,
  cancelSignUpsOf,
  lastCompetitionEvent,
} from './activity.history.js';
import { ActivityFilter, CreateActivityInput, UpdateActivityInput } from './activity.inputs.js';
import { activityById, activityPage, programmeById, signUpPage, toActivityConditions } from './activity.loaders.js';
import { activityReferences } from './activity.references.js';
import { assertSignUpTimes, assertStatusChange, assertTimes } from './activity.rules.js';
import { ActivityConnection, ActivityPayload, SignUpConnection } from './activity.types.js';
import { assertSessions, assertTimesKeepAttendance, replaceSessions } from './check-in.js';
import { Programme } from './programme.entity.js';
import { promoteWaiting } from './waitlist.js';

const OVER_STATUSES: readonly ActivityStatus[] = [ActivityStatus.FINISHED, ActivityStatus.CANCELLED];

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => Activity, { nullable: true, description: 'An activity by id; null when there is none.' })
  async activity(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Activity | undefined> {
    return activityById(ctx).load(decodeId(id, 'Activity'));
  }

  @Query(() => ActivityConnection, {
    description: 'Activities anywhere, or organised under one union with `underUnion`.',
  })
  async activities(
    @Arg('underUnion', () => ID, { nullable: true, description: "Only activities organised in this union's subtree." })
    underUnion: string | null,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | null,
    @Arg('orderBy', () => ActivityOrder, { defaultValue: ActivityOrder.STARTS_AT_ASC }) orderBy: ActivityOrder,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const key = underUnion ? decodeId(underUnion, 'Union', 'underUnion') : 0;
    const owner = { union: key ? scopeOf(true) : ('all' as const) };
    return ActivityConnection.of(
      await activityPage(ctx, key, owner, toActivityConditions(filter, orderBy), pageRequest(page, ctx, info)),
    );
  }

  @FieldResolver(() => Union)
  async organiser(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(activity.organiser.id))!;
  }

  @FieldResolver(() => Site, { nullable: true })
  async site(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Site | undefined> {
    return activity.site ? siteById(ctx).load(activity.site.id) : undefined;
  }

  @FieldResolver(() => Programme, { nullable: true })
  async programme(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Programme | undefined> {
    return activity.programme ? programmeById(ctx).load(activity.programme.id) : undefined;
  }

  @FieldResolver(() => SignUpConnection, {
    description:
      'The sign-ups the viewer may see, cancelled ones included, oldest first: all of them for ADMIN and staff of the ' +
      "organiser's subtree, those of their own subtree's workers for other staff, none for anonymous readers. " +
      '`totalCount` counts those alone; `signUpCount` and `placesLeft` are public.',
  })
  async signUps(
    @Root() activity: Activity,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return SignUpConnection.of(await signUpPage(ctx, activity.id, pageRequest(page, ctx, info)));
  }

  @Mutation(() => ActivityPayload)
  async createActivity(
    @Arg('input', () => CreateActivityInput) input: CreateActivityInput,
    @Ctx() ctx: Context,
  ): Promise<ActivityPayload> {
    assertTimes(input.startsAt, input.endsAt);
    const status = input.status ?? ActivityStatus.PLANNED;
    if (status !== ActivityStatus.PLANNED && status !== ActivityStatus.OPEN) {
      throw new BadInputError('A new activity is PLANNED or OPEN', 'status');
    }
    assertStatusFitsClock(status, input.startsAt, input.endsAt);
    assertSignUpTimes(input, Object.keys(input));
    if (input.sessions) assertSessions(input.sessions, input);
    const activity = await inTransaction(ctx, async (em, audit) => {
      await assertWithinSubtree(ctx, em, [decodeId(input.organiserId, 'Union', 'organiserId')], 'The organiser');
      const { site, programme } = await activityReferences(ctx, em, input);
      const club = input.clubId ? await meetingClub(ctx, em, input.clubId) : null;
      const created = em.create(Activity, {
        kind: input.kind,
        title: clean(input.title),
        description: optionalText(input.description) ?? null,
        organiser: await findOrFail(em, Union, decodeId(input.organiserId, 'Union', 'organiserId')),
        site: site ?? null,
        programme: programme ?? null,
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        status,
        capacity: input.capacity ?? null,
        note: clean(input.note) || null,
        signUpOpensAt: input.signUpOpensAt ?? null,
        signUpClosesAt: input.signUpClosesAt ?? null,
        cancellationDeadline: input.cancellationDeadline ?? null,
        audience: input.audience ?? ActivityAudience.ANYONE,
        contact: optionalText(input.contact) ?? null,
        coverImageUrl: input.coverImageUrl ?? null,
        club,
      });
      await em.flush();
      if (input.sessions?.length) await replaceSessions(em, created.id, input.sessions);
      await appendEvents(em, [activityEvent(created, ActivityEventType.CREATED)]);
      await audit({ subjects: [toGlobalId('Activity', created.id)], unionIds: [created.organiser.id] });
      return created;
    });
    return { activity: (await activityById(ctx).load(activity.id))! };
  }

  @Mutation(() => ActivityPayload)
  async updateActivity(
    @Arg('input', () => UpdateActivityInput) input: UpdateActivityInput,
    @Ctx() ctx: Context,
  ): Promise<ActivityPayload> {
    const id = decodeId(input.id, 'Activity');
    for (const field of ['kind', 'title', 'startsAt', 'status', 'audience'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    await inTransaction(ctx, async (em, audit) => {
      const activity = await findOrFail(em, Activity, id, { lock: true });
      await assertWithinSubtree(ctx, em, [activity.organiser.id], 'The activity');
      assertOnlyNoteWhenOver(activity, input);
      const statusBefore = activity.status;
      if (input.status) assertStatusChange(activity.status, input.status);
      // A competition's final table holds only settled matches.
      if (input.status === ActivityStatus.FINISHED && statusBefore !== input.status) await assertMatchesSettled(em, id);
      if (input.kind) await assertKindMayChange(em, activity, input.kind);
      if (input.capacity != null && input.capacity < activity.signUpCount) {
        throw new ConflictError(`capacity cannot go below the ${activity.signUpCount} current sign-ups`);
      }
      const startsAt = input.startsAt ?? activity.startsAt;
      const endsAt = input.endsAt === undefined ? activity.endsAt : input.endsAt;
      assertTimes(startsAt, endsAt, input.endsAt === undefined ? 'startsAt' : 'endsAt');
      const windowField = (field: 'signUpOpensAt' | 'signUpClosesAt' | 'cancellationDeadline') =>
        input[field] === undefined ? activity[field] : input[field];
      assertSignUpTimes(
        {
          startsAt,
          signUpOpensAt: windowField('signUpOpensAt'),
          signUpClosesAt: windowField('signUpClosesAt'),
          cancellationDeadline: windowField('cancellationDeadline'),
        },
        Object.keys(input).filter((key) => input[key as keyof UpdateActivityInput] !== undefined),
      );
      // Only what the request changes is held against the clock: a title edit never fails
      // because the sweep has not yet moved an activity that just started.
      const status = input.status ?? activity.status;
      if (status !== activity.status || input.startsAt || input.endsAt !== undefined)
        assertStatusFitsClock(status, startsAt, endsAt);
      if (input.sessions !== undefined) {
        assertSessions(input.sessions ?? [], { startsAt, endsAt });
        await replaceSessions(em, id, input.sessions ?? []);
      }
      if (input.startsAt || input.endsAt !== undefined) await assertTimesKeepAttendance(em, id, { startsAt, endsAt });
      const references = await activityReferences(ctx, em, input, activity);
      if (input.kind) activity.kind = input.kind;
      if (input.title) activity.title = clean(input.title);
      if (input.description !== undefined) activity.description = optionalText(input.description);
      if (references.site !== undefined) activity.site = references.site;
      if (references.programme !== undefined) activity.programme = references.programme;
      if (input.startsAt) activity.startsAt = input.startsAt;
      if (input.endsAt !== undefined) activity.endsAt = input.endsAt;
      if (input.status) activity.status = input.status;
      if (input.capacity !== undefined) activity.capacity = input.capacity;
      if (input.note !== undefined) activity.note = clean(input.note) || null;
      if (input.signUpOpensAt !== undefined) activity.signUpOpensAt = input.signUpOpensAt;
      if (input.signUpClosesAt !== undefined) activity.signUpClosesAt = input.signUpClosesAt;
      if (input.cancellationDeadline !== undefined) activity.cancellationDeadline = input.cancellationDeadline;
      if (input.audience) activity.audience = input.audience;
      if (input.contact !== undefined) activity.contact = optionalText(input.contact);
      if (input.coverImageUrl !== undefined) activity.coverImageUrl = input.coverImageUrl;
      const cancelled = activity.status === ActivityStatus.CANCELLED && statusBefore !== ActivityStatus.CANCELLED;
      const released = cancelled ? await cancelSignUpsOf(em, activity) : [];
      // More places: the first waiting workers take them, in the same transaction.
      const promoted =
        !cancelled && input.capacity !== undefined && !OVER_STATUSES.includes(activity.status)
          ? await promoteWaiting(em, activity)
          : [];
      await em.flush();
      // An order this activity delivers is DELIVERED or CANCELLED with it (src/menu).
      const orders = statusBefore !== activity.status ? await ordersFollowActivities(em, [id]) : [];
      await appendEvents(em, [
        activityEvent(activity, updateEventType(statusBefore, activity.status)),
        ...released,
        ...promoted,
        ...(cancelled ? lastCompetitionEvent(activity, CompetitionEventType.CANCELLED) : []),
        ...orders,
      ]);
      await audit({ subjects: [toGlobalId('Activity', id)], unionIds: [activity.organiser.id] });
    });
    return { activity: (await activityById(ctx).load(id))! };
  }

  @Mutation(() => DeletePayload, {
    description:
      'Deletes an activity entered by mistake. One that holds sign-ups, attendance or competition entries and results is ' +
      'history: CONFLICT names what holds it; cancel it instead (status CANCELLED).',
  })
  async deleteActivity(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<DeletePayload> {
    const id = decodeId(globalId, 'Activity');
    await inTransaction(ctx, async (em, audit) => {
      const activity = await findOrFail(em, Activity, id, { lock: true });
      await assertWithinSubtree(ctx, em, [activity.organiser.id], 'The activity');
      await assertDeletable(em, activity);
      await audit({ subjects: [toGlobalId('Activity', id)], unionIds: [activity.organiser.id] });
      // The events name the organiser, so they are written while the row still exists.
      await appendEvents(em, [
        activityEvent(activity, ActivityEventType.DELETED),
        ...lastCompetitionEvent(activity, CompetitionEventType.DELETED),
      ]);
      await em.execute('delete from activities where id = ?', [id]);
    });
    return { deletedId: globalId };
  }
}
