import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Mutation, Resolver, Root } from 'type-graphql';
import { ActivityStatus } from '../activities/activity-enums.js';
import { Activity } from '../activities/activity.entity.js';
import { activityById } from '../activities/activity.loaders.js';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import { clean, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { inTransaction } from '../transaction.js';
import { scopeOf } from '../unions/scope.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { Fen } from './fen.js';
import { SubsidyClaimStatus } from './subsidy-enums.js';
import { SubsidyBudget, SubsidyClaim, SubsidyClaimStep } from './subsidy.entity.js';
import {
  ApproveSubsidyClaimInput,
  ClaimSubsidyInput,
  CorrectSubsidyClaimInput,
  PaySubsidyClaimInput,
  SetSubsidyBudgetInput,
  SubsidyClaimReasonInput,
} from './subsidy.inputs.js';
import {
  budgetById,
  budgetFigures,
  budgetsOf,
  claimById,
  claimPage,
  claimSteps,
  subsidyTotals,
} from './subsidy.loaders.js';
import {
  assertBudgetRoom,
  assertClaimMove,
  assertRules,
  cappedAmount,
  claimEvent,
  grantedFrom,
  recordStep,
  ruleAmount,
} from './subsidy.rules.js';
import { SubsidyBudgetPayload, SubsidyClaimConnection, SubsidyClaimPayload, SubsidyTotals } from './subsidy.types.js';

/** The calendar year of an instant in Asia/Shanghai (+08:00 all year). */
const localYear = (time: Date): number => new Date(time.getTime() + 8 * 3_600_000).getUTCFullYear();

async function claimPayload(ctx: Context, id: number): Promise<SubsidyClaimPayload> {
  const claim = (await claimById(ctx).load(id))!;
  return { claim, activity: (await activityById(ctx).load(claim.activity.id))! };
}

/** The claim, locked, and its budget, locked after it: approvals of one budget queue up on its row. */
async function lockClaim(em: EntityManager, id: number): Promise<{ claim: SubsidyClaim; budget: SubsidyBudget }> {
  const claim = await findOrFail(em, SubsidyClaim, id, { lock: true });
  const budget = await findOrFail(em, SubsidyBudget, claim.budget.id, { lock: true });
  return { claim, budget };
}

/** The budget an activity is claimed against: the one named, or the nearest union above the organiser's for its year. */
async function budgetFor(em: EntityManager, activity: Activity, budgetId: number | null): Promise<SubsidyBudget> {
  const year = localYear(activity.startsAt);
  if (budgetId != null) {
    const budget = await findOrFail(em, SubsidyBudget, budgetId);
    const [row] = await query<{ above: boolean }>(
      em,
      sql(
        `select g.path @> o.path and g.id <> o.id as above from unions g, unions o where g.id = ? and o.id = ?`,
        budget.union.id,
        activity.organiser.id,
      ),
    );
    if (!row?.above)
      throw new BadInputError(
        "The budget's union is not above the activity's organiser: it pays the unions below it",
        'budgetId',
      );
    if (budget.year !== year)
      throw new BadInputError(`The budget is for ${budget.year}; the activity took place in ${year}`, 'budgetId');
    return budget;
  }
  const [row] = await query<{ id: number }>(
    em,
    sql(
      `select b.id from subsidy_budgets b join unions g on g.id = b.union_id, unions o
       where o.id = ? and g.path @> o.path and g.id <> o.id and b.year = ?
       order by nlevel(g.path) desc limit 1`,
      activity.organiser.id,
      year,
    ),
  );
  if (!row) throw new ConflictError(`No union above the organiser has a subsidy budget for ${year}`, { year });
  return findOrFail(em, SubsidyBudget, row.id);
}

@Resolver(() => SubsidyBudget)
export class SubsidyBudgetResolver {
  @FieldResolver(() => Union, { description: 'The granting union: it pays the unions below it.' })
  async union(@Root() budget: SubsidyBudget, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(budget.union.id))!;
  }

  @FieldResolver(() => Fen, { description: 'Open claims (CLAIMED) against it, awaiting a decision.' })
  async claimedFen(@Root() budget: SubsidyBudget, @Ctx() ctx: Context): Promise<number> {
    return (await budgetFigures(ctx).load(budget.id)).claimedFen;
  }

  @FieldResolver(() => Fen, { description: 'Approved so far, paid included.' })
  async approvedFen(@Root() budget: SubsidyBudget, @Ctx() ctx: Context): Promise<number> {
    return (await budgetFigures(ctx).load(budget.id)).approvedFen;
  }

  @FieldResolver(() => Fen)
  async paidFen(@Root() budget: SubsidyBudget, @Ctx() ctx: Context): Promise<number> {
    return (await budgetFigures(ctx).load(budget.id)).paidFen;
  }

  @FieldResolver(() => Fen, { description: 'totalFen less approvedFen: what it may still approve.' })
  async leftFen(@Root() budget: SubsidyBudget, @Ctx() ctx: Context): Promise<number> {
    return budget.totalFen - (await budgetFigures(ctx).load(budget.id)).approvedFen;
  }

  @FieldResolver(() => SubsidyClaimConnection, { description: 'Claims made against it, newest first.' })
  async claims(
    @Root() budget: SubsidyBudget,
    @Arg('statuses', () => [SubsidyClaimStatus], { nullable: true }) statuses: SubsidyClaimStatus[] | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return SubsidyClaimConnection.of(await claimPage(ctx, budget.id, 'budget', statuses, pageRequest(page, ctx, info)));
  }

  @Mutation(() => SubsidyBudgetPayload, {
    description:
      "Sets a union's subsidy budget for a year, for the unions below it; staff of the union's subtree. The total may " +
      'not fall below what it has approved already (CONFLICT).',
  })
  async setSubsidyBudget(@Arg('input', () => SetSubsidyBudgetInput) input: SetSubsidyBudgetInput, @Ctx() ctx: Context) {
    const unionId = decodeId(input.unionId, 'Union', 'unionId');
    const rules = assertRules(input.rules);
    const id = await inTransaction(ctx, async (em, audit) => {
      await findOrFail(em, Union, unionId);
      await assertWithinSubtree(ctx, em, [unionId], 'The granting union');
      const [existing] = await query<{ id: number }>(
        em,
        sql('select id from subsidy_budgets where union_id = ? and year = ? for update', unionId, input.year),
      );
      let budget: SubsidyBudget;
      if (existing) {
        budget = await findOrFail(em, SubsidyBudget, existing.id, { lock: true });
        const granted = await grantedFrom(em, budget.id);
        if (input.totalFen < granted)
          throw new ConflictError(`The budget has approved ${granted} fen already: the total cannot go below it`, {
            approvedFen: granted,
          });
        budget.totalFen = input.totalFen;
        budget.unionCapFen = input.unionCapFen ?? null;
        budget.rules = rules;
        budget.note = optionalText(input.note) ?? null;
      } else {
        budget = em.create(SubsidyBudget, {
          union: unionId,
          year: input.year,
          totalFen: input.totalFen,
          unionCapFen: input.unionCapFen ?? null,
          rules,
          note: optionalText(input.note) ?? null,
        });
      }
      await em.flush();
      await audit({ subjects: [toGlobalId('SubsidyBudget', budget.id)], unionIds: [unionId] });
      return budget.id;
    });
    return { budget: (await budgetById(ctx).load(id))! };
  }
}

@Resolver(() => SubsidyClaim)
export class SubsidyClaimResolver {
  @FieldResolver(() => SubsidyBudget)
  async budget(@Root() claim: SubsidyClaim, @Ctx() ctx: Context): Promise<SubsidyBudget> {
    return (await budgetById(ctx).load(claim.budget.id))!;
  }

  @FieldResolver(() => Union, { description: "The claiming union: the activity's organiser." })
  async union(@Root() claim: SubsidyClaim, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(claim.union.id))!;
  }

  @FieldResolver(() => Activity)
  async activity(@Root() claim: SubsidyClaim, @Ctx() ctx: Context): Promise<Activity> {
    return (await activityById(ctx).load(claim.activity.id))!;
  }

  @FieldResolver(() => [SubsidyClaimStep], { description: 'Every step it took, oldest first: nothing is rewritten.' })
  async history(@Root() claim: SubsidyClaim, @Ctx() ctx: Context): Promise<SubsidyClaimStep[]> {
    return claimSteps(ctx).load(claim.id);
  }

  @Mutation(() => SubsidyClaimPayload, {
    description:
      "Claims a subsidy for a FINISHED activity; staff of the organiser's subtree. The amount is computed from the " +
      "budget's rule for the activity's kind and its recorded attendance, within the union's cap. One claim per " +
      'activity at a time (CONFLICT).',
  })
  async claimSubsidy(@Arg('input', () => ClaimSubsidyInput) input: ClaimSubsidyInput, @Ctx() ctx: Context) {
    const activityId = decodeId(input.activityId, 'Activity', 'activityId');
    const budgetId = input.budgetId == null ? null : decodeId(input.budgetId, 'SubsidyBudget', 'budgetId');
    const id = await inTransaction(ctx, async (em, audit) => {
      // The activity's lock keeps its attendance as read until the claim commits.
      const activity = await findOrFail(em, Activity, activityId, { lock: true });
      const staff = await assertWithinSubtree(ctx, em, [activity.organiser.id], "The activity's organiser");
      if (activity.status !== ActivityStatus.FINISHED)
        throw new ConflictError(`Only a FINISHED activity can be claimed; this one is ${activity.status}`, {
          status: activity.status,
        });
      const [open] = await query<{ id: number }>(
        em,
        sql(`select id from subsidy_claims where activity_id = ? and status <> 'WITHDRAWN'`, activityId),
      );
      if (open)
        throw new ConflictError('The activity has a claim already: correct it, or withdraw it first', {
          claimId: toGlobalId('SubsidyClaim', open.id),
        });
      const budget = await budgetFor(em, activity, budgetId);
      const amount = ruleAmount(budget, activity.kind, activity.attendanceCount);
      const claimedFen = await cappedAmount(em, budget, activity.organiser.id, amount, null);
      const claim = em.create(SubsidyClaim, {
        budget,
        union: activity.organiser,
        activity,
        attendance: activity.attendanceCount,
        claimedFen,
        evidence: clean(input.evidence),
      });
      await em.flush();
      await recordStep(em, claim, staff.staffId);
      await appendEvents(em, [claimEvent(claim, 'CLAIMED', budget)]);
      await audit({
        subjects: [toGlobalId('SubsidyClaim', claim.id), toGlobalId('Activity', activityId)],
        unionIds: [activity.organiser.id, budget.union.id],
      });
      return claim.id;
    });
    return claimPayload(ctx, id);
  }

  @Mutation(() => SubsidyClaimPayload, {
    description:
      'Computes a CLAIMED or REJECTED claim anew from the attendance recorded now (after a correction of attendance), ' +
      "with new evidence if given, and claims it again, with a reason; staff of the organiser's subtree.",
  })
  async correctSubsidyClaim(
    @Arg('input', () => CorrectSubsidyClaimInput) input: CorrectSubsidyClaimInput,
    @Ctx() ctx: Context,
  ) {
    const id = decodeId(input.claimId, 'SubsidyClaim', 'claimId');
    await inTransaction(ctx, async (em, audit) => {
      const { claim, budget } = await lockClaim(em, id);
      const staff = await assertWithinSubtree(ctx, em, [claim.union.id], 'The claiming union');
      assertClaimMove(claim, 'corrected');
      const activity = await findOrFail(em, Activity, claim.activity.id, { lock: true });
      const amount = ruleAmount(budget, activity.kind, activity.attendanceCount);
      claim.claimedFen = await cappedAmount(em, budget, claim.union.id, amount, claim.id);
      claim.attendance = activity.attendanceCount;
      claim.evidence = optionalText(input.evidence) ?? claim.evidence;
      claim.status = SubsidyClaimStatus.CLAIMED;
      claim.reason = clean(input.reason);
      claim.decidedAt = null;
      await em.flush();
      await recordStep(em, claim, staff.staffId);
      await appendEvents(em, [claimEvent(claim, 'CORRECTED', budget)]);
      await audit({ subjects: [toGlobalId('SubsidyClaim', id)], unionIds: [claim.union.id, budget.union.id] });
    });
    return claimPayload(ctx, id);
  }

  @Mutation(() => SubsidyClaimPayload, {
    description:
      "Approves a CLAIMED claim; staff of the granting union's subtree. For less than claimed, with a reason. The " +
      "budget's total and the union's cap are never exceeded, however many approvals race (CONFLICT).",
  })
  async approveSubsidyClaim(
    @Arg('input', () => ApproveSubsidyClaimInput) input: ApproveSubsidyClaimInput,
    @Ctx() ctx: Context,
  ) {
    const id = decodeId(input.claimId, 'SubsidyClaim', 'claimId');
    await inTransaction(ctx, async (em, audit) => {
      const { claim, budget } = await lockClaim(em, id);
      const staff = await assertWithinSubtree(ctx, em, [budget.union.id], 'The granting union');
      assertClaimMove(claim, 'approved');
      const amount = input.amountFen ?? claim.claimedFen;
      if (amount > claim.claimedFen)
        throw new BadInputError(`At most the claimed ${claim.claimedFen} fen can be approved`, 'amountFen');
      const reason = optionalText(input.reason) ?? null;
      if (amount < claim.claimedFen && !reason)
        throw new BadInputError('Approving less than claimed needs a reason', 'reason');
      await assertBudgetRoom(em, budget, claim, amount);
      claim.status = SubsidyClaimStatus.APPROVED;
      claim.approvedFen = amount;
      claim.reason = reason;
      claim.decidedAt = new Date();
      await em.flush();
      await recordStep(em, claim, staff.staffId);
      await appendEvents(em, [claimEvent(claim, 'APPROVED', budget)]);
      await audit({ subjects: [toGlobalId('SubsidyClaim', id)], unionIds: [claim.union.id, budget.union.id] });
    });
    return claimPayload(ctx, id);
  }

  @Mutation(() => SubsidyClaimPayload, {
    description: "Rejects a CLAIMED claim with a reason the organiser sees; staff of the granting union's subtree.",
  })
  async rejectSubsidyClaim(
    @Arg('input', () => SubsidyClaimReasonInput) input: SubsidyClaimReasonInput,
    @Ctx() ctx: Context,
  ) {
    const id = decodeId(input.claimId, 'SubsidyClaim', 'claimId');
    await inTransaction(ctx, async (em, audit) => {
      const { claim, budget } = await lockClaim(em, id);
      const staff = await assertWithinSubtree(ctx, em, [budget.union.id], 'The granting union');
      assertClaimMove(claim, 'rejected');
      claim.status = SubsidyClaimStatus.REJECTED;
      claim.reason = clean(input.reason);
      claim.decidedAt = new Date();
      await em.flush();
      await recordStep(em, claim, staff.staffId);
      await appendEvents(em, [claimEvent(claim, 'REJECTED', budget)]);
      await audit({ subjects: [toGlobalId('SubsidyClaim', id)], unionIds: [claim.union.id, budget.union.id] });
    });
    return claimPayload(ctx, id);
  }

  @Mutation(() => SubsidyClaimPayload, {
    description: "Records the payment of an APPROVED claim; staff of the granting union's subtree.",
  })
  async paySubsidyClaim(@Arg('input', () => PaySubsidyClaimInput) input: PaySubsidyClaimInput, @Ctx() ctx: Context) {
    const id = decodeId(input.claimId, 'SubsidyClaim', 'claimId');
    await inTransaction(ctx, async (em, audit) => {
      const { claim, budget } = await lockClaim(em, id);
      const staff = await assertWithinSubtree(ctx, em, [budget.union.id], 'The granting union');
      assertClaimMove(claim, 'paid');
      claim.status = SubsidyClaimStatus.PAID;
      claim.paidAt = new Date();
      claim.paidReference = optionalText(input.reference) ?? null;
      await em.flush();
      await recordStep(em, claim, staff.staffId);
      await appendEvents(em, [claimEvent(claim, 'PAID', budget)]);
      await audit({ subjects: [toGlobalId('SubsidyClaim', id)], unionIds: [claim.union.id, budget.union.id] });
    });
    return claimPayload(ctx, id);
  }

  @Mutation(() => SubsidyClaimPayload, {
    description:
      "Withdraws a CLAIMED or REJECTED claim, with a reason; staff of the organiser's subtree. It stays, WITHDRAWN, " +
      'and the activity may be claimed anew.',
  })
  async withdrawSubsidyClaim(
    @Arg('input', () => SubsidyClaimReasonInput) input: SubsidyClaimReasonInput,
    @Ctx() ctx: Context,
  ) {
    const id = decodeId(input.claimId, 'SubsidyClaim', 'claimId');
    await inTransaction(ctx, async (em, audit) => {
      const { claim, budget } = await lockClaim(em, id);
      const staff = await assertWithinSubtree(ctx, em, [claim.union.id], 'The claiming union');
      assertClaimMove(claim, 'withdrawn');
      claim.status = SubsidyClaimStatus.WITHDRAWN;
      claim.reason = clean(input.reason);
      await em.flush();
      await recordStep(em, claim, staff.staffId);
      await appendEvents(em, [claimEvent(claim, 'WITHDRAWN', budget)]);
      await audit({ subjects: [toGlobalId('SubsidyClaim', id)], unionIds: [claim.union.id, budget.union.id] });
    });
    return claimPayload(ctx, id);
  }
}

/** What subsidies add to a union: the budgets it set, the claims of its subtree, and their totals. */
@Resolver(() => Union)
export class UnionSubsidiesResolver {
  @FieldResolver(() => [SubsidyBudget], { description: 'The subsidy budgets this union set, newest year first.' })
  async subsidyBudgets(
    @Root() union: Union,
    @Arg('year', () => Int, { nullable: true }) year: number | null,
    @Ctx() ctx: Context,
  ): Promise<SubsidyBudget[]> {
    return budgetsOf(ctx, union.id, year);
  }

  @FieldResolver(() => SubsidyClaimConnection, { description: 'Subsidy claims this union made, newest first.' })
  async subsidyClaims(
    @Root() union: Union,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: false,
      description: 'Also the claims of every union below it.',
    })
    includeDescendants: boolean,
    @Arg('statuses', () => [SubsidyClaimStatus], { nullable: true }) statuses: SubsidyClaimStatus[] | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return SubsidyClaimConnection.of(
      await claimPage(
        ctx,
        union.id,
        { claimedBy: scopeOf(includeDescendants) },
        statuses,
        pageRequest(page, ctx, info),
      ),
    );
  }

  @FieldResolver(() => SubsidyTotals, {
    description:
      "Subsidies claimed by the unions of this union's subtree for activities that started in [from, to): claimed, " +
      'approved, paid, activities leveraged and spend per attendee.',
  })
  async subsidies(
    @Root() union: Union,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Ctx() ctx: Context,
  ): Promise<SubsidyTotals> {
    if (from && to && from > to) throw new BadInputError('from must not be after to', 'from');
    const totals = await subsidyTotals(ctx, union.id, { from, to });
    return {
      ...totals,
      spendPerAttendeeFen: totals.attendees ? Math.floor(totals.approvedFen / totals.attendees) : null,
    };
  }
}
