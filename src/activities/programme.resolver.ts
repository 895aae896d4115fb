import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { DeletePayload } from '../common/payloads.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { clean, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { ActivityOrder } from './activity-enums.js';
import { ActivityFilter, CreateProgrammeInput, UpdateProgrammeInput } from './activity.inputs.js';
import { activityPage, programmeById, toActivityConditions } from './activity.loaders.js';
import { ActivityConnection, ProgrammePayload } from './activity.types.js';
import { countOutside, describeDays } from './programme-window.js';
import { Programme } from './programme.entity.js';

/**
 * The days themselves are checked on the inputs (`Day`); `orderField` is the one of the
 * two the request changed, to name when they are out of order.
 */
function assertDayOrder(
  startsOn: string | null | undefined,
  endsOn: string | null | undefined,
  orderField: 'startsOn' | 'endsOn' = 'endsOn',
): void {
  if (startsOn && endsOn && endsOn < startsOn)
    throw new BadInputError('endsOn must not be before startsOn', orderField);
}

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => Programme, { nullable: true })
  async programme(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Programme | undefined> {
    return programmeById(ctx).load(decodeId(id, 'Programme'));
  }

  @FieldResolver(() => Union, { description: 'The union that runs the programme.' })
  async union(@Root() programme: Programme, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(programme.union.id))!;
  }

  @FieldResolver(() => ActivityConnection)
  async activities(
    @Root() programme: Programme,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | null,
    @Arg('orderBy', () => ActivityOrder, { defaultValue: ActivityOrder.STARTS_AT_ASC }) orderBy: ActivityOrder,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ActivityConnection.of(
      await activityPage(
        ctx,
        programme.id,
        'programme',
        toActivityConditions(filter, orderBy),
        pageRequest(page, ctx, info),
      ),
    );
  }

  @Mutation(() => ProgrammePayload)
  async createProgramme(
    @Arg('input', () => CreateProgrammeInput) input: CreateProgrammeInput,
    @Ctx() ctx: Context,
  ): Promise<ProgrammePayload> {
    const unionId = decodeId(input.unionId, 'Union', 'unionId');
    assertDayOrder(input.startsOn, input.endsOn);
    const programme = await inTransaction(ctx, async (em, audit) => {
      const union = await findOrFail(em, Union, unionId);
      await assertWithinSubtree(ctx, em, [unionId], "The programme's union");
      const created = em.create(Programme, {
        union,
        name: clean(input.name),
        description: optionalText(input.description) ?? null,
        startsOn: input.startsOn ?? null,
        endsOn: input.endsOn ?? null,
      });
      await em.flush();
      await audit({ subjects: [toGlobalId('Programme', created.id)], unionIds: [unionId] });
      return created;
    });
    return { programme: (await programmeById(ctx).load(programme.id))! };
  }

  @Mutation(() => ProgrammePayload)
  async updateProgramme(
    @Arg('input', () => UpdateProgrammeInput) input: UpdateProgrammeInput,
    @Ctx() ctx: Context,
  ): Promise<ProgrammePayload> {
    const id = decodeId(input.id, 'Programme');
    if (input.name === null) throw new BadInputError('name cannot be cleared', 'name');
    await inTransaction(ctx, async (em, audit) => {
      // Locked: activity writes lock it too before checking their times against its days.
      const programme = await findOrFail(em, Programme, id, { lock: true });
      await assertWithinSubtree(ctx, em, [programme.union.id], 'The programme');
      const startsOn = input.startsOn === undefined ? programme.startsOn : input.startsOn;
      const endsOn = input.endsOn === undefined ? programme.endsOn : input.endsOn;
      assertDayOrder(startsOn, endsOn, input.endsOn === undefined ? 'startsOn' : 'endsOn');
      const daysChange = input.startsOn !== undefined || input.endsOn !== undefined;
      const outside = daysChange ? await countOutside(em, id, { startsOn, endsOn }) : 0;
      if (outside > 0) {
        throw new ConflictError(
          `${outside === 1 ? '1 activity' : `${outside} activities`} of the programme would lie outside ` +
            `${describeDays({ startsOn, endsOn })} (days in Asia/Shanghai); take them out of the programme or change their times first`,
        );
      }
      if (input.name) programme.name = clean(input.name);
      if (input.description !== undefined) programme.description = optionalText(input.description);
      programme.startsOn = startsOn;
      programme.endsOn = endsOn;
      await em.flush();
      await audit({ subjects: [toGlobalId('Programme', id)], unionIds: [programme.union.id] });
    });
    return { programme: (await programmeById(ctx).load(id))! };
  }

  @Mutation(() => DeletePayload, { description: 'Deletes a programme; its activities stay, outside any programme.' })
  async deleteProgramme(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<DeletePayload> {
    const id = decodeId(globalId, 'Programme');
    await inTransaction(ctx, async (em, audit) => {
      const programme = await findOrFail(em, Programme, id);
      await assertWithinSubtree(ctx, em, [programme.union.id], 'The programme');
      await audit({ subjects: [toGlobalId('Programme', id)], unionIds: [programme.union.id] });
      await em.execute('delete from programmes where id = ?', [id]);
    });
    return { deletedId: globalId };
  }
}
