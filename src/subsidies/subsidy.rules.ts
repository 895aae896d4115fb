import type { EntityManager } from '@mikro-orm/postgresql';
import type { ActivityKind } from '../activities/activity-enums.js';
import { query, sql } from '../common/sql.js';
import { BadInputError, ConflictError } from '../errors.js';
import type { NewEvent } from '../live/event-log.js';
import { SubsidyClaimStatus } from './subsidy-enums.js';
import type { SubsidyBudget, SubsidyClaim, SubsidyRule } from './subsidy.entity.js';
import type { SubsidyRuleInput } from './subsidy.inputs.js';

/** A budget's rules as stored: every field present, kinds unique, at most one rule for "every other kind". */
export function assertRules(rules: readonly SubsidyRuleInput[]): SubsidyRule[] {
  if (rules.length === 0 || rules.length > 20) throw new BadInputError('A budget has 1 to 20 rules', 'rules');
  const seen = new Set<string>();
  return rules.map((rule, i) => {
    const kind = rule.kind ?? null;
    if (seen.has(kind ?? '')) throw new BadInputError(`Two rules for ${kind ?? 'every other kind'}`, `rules.${i}.kind`);
    seen.add(kind ?? '');
    if (!Number.isInteger(rule.minAttendees) || rule.minAttendees < 0 || rule.minAttendees > 100_000)
      throw new BadInputError('minAttendees must be between 0 and 100000', `rules.${i}.minAttendees`);
    if (rule.perActivityFen === 0 && rule.perAttendeeFen === 0)
      throw new BadInputError('A rule pays something: perActivityFen or perAttendeeFen above 0', `rules.${i}`);
    return {
      kind,
      perActivityFen: rule.perActivityFen,
      perAttendeeFen: rule.perAttendeeFen,
      minAttendees: rule.minAttendees,
      activityCapFen: rule.activityCapFen ?? null,
    };
  });
}

/**
 * What a budget's rule gives an activity of `kind` for `attendance`: the rule of its kind,
 * else the one for every other kind; CONFLICT when none applies or attendance is too low.
 */
export function ruleAmount(budget: SubsidyBudget, kind: ActivityKind, attendance: number): number {
  const rule = budget.rules.find((r) => r.kind === kind) ?? budget.rules.find((r) => r.kind == null);
  if (!rule) throw new ConflictError(`This budget pays nothing for ${kind} activities`, { kind });
  if (attendance < rule.minAttendees)
    throw new ConflictError(
      `The budget pays for ${kind} activities with at least ${rule.minAttendees} attendees; ${attendance} attendance is recorded`,
      { attendance, minAttendees: rule.minAttendees },
    );
  const amount = rule.perActivityFen + rule.perAttendeeFen * attendance;
  return rule.activityCapFen == null ? amount : Math.min(amount, rule.activityCapFen);
}

/** Claims that count against a budget: claimed (at their claimed amount), approved and paid (at the approved one). */
const COMMITTED = `coalesce(sum(case when c.status = 'CLAIMED' then c.claimed_fen
                                    when c.status in ('APPROVED', 'PAID') then c.approved_fen end), 0)::bigint`;
const GRANTED = `coalesce(sum(c.approved_fen) filter (where c.status in ('APPROVED', 'PAID')), 0)::bigint`;

/**
 * The claim's amount after the union's cap: what the rule gives, less whatever of the
 * union's cap its other open and approved claims on the budget hold. CONFLICT when nothing is left.
 */
export async function cappedAmount(
  em: EntityManager,
  budget: SubsidyBudget,
  unionId: number,
  amount: number,
  exceptClaim: number | null,
): Promise<number> {
  if (budget.unionCapFen == null) return amount;
  const [row] = await query<{ held: string }>(
    em,
    sql(
      `select ${COMMITTED} as held from subsidy_claims c where c.budget_id = ? and c.union_id = ? and c.id <> ?`,
      budget.id,
      unionId,
      exceptClaim ?? 0,
    ),
  );
  const left = budget.unionCapFen - Number(row!.held);
  if (left <= 0)
    throw new ConflictError(`The union has claimed its cap of ${budget.unionCapFen} fen from this budget this year`, {
      unionCapFen: budget.unionCapFen,
    });
  return Math.min(amount, left);
}

/**
 * CONFLICT unless approving `amount` for the claim keeps the budget's approved total, and
 * the claiming union's, within their limits. The caller holds the budget's row lock, so
 * concurrent approvals on one budget count one after another and never exceed it.
 */
export async function assertBudgetRoom(
  em: EntityManager,
  budget: SubsidyBudget,
  claim: SubsidyClaim,
  amount: number,
): Promise<void> {
  const [row] = await query<{ granted: string; union_granted: string }>(
    em,
    sql(
      `select ${GRANTED} as granted,
              coalesce(sum(c.approved_fen) filter (where c.status in ('APPROVED', 'PAID') and c.union_id = ?), 0)::bigint
                as union_granted
       from subsidy_claims c where c.budget_id = ?`,
      claim.union.id,
      budget.id,
    ),
  );
  const granted = Number(row!.granted);
  if (granted + amount > budget.totalFen)
    throw new ConflictError(
      `The budget has ${budget.totalFen - granted} fen left of ${budget.totalFen}: approve less, or raise the budget`,
      { leftFen: budget.totalFen - granted },
    );
  if (budget.unionCapFen != null && Number(row!.union_granted) + amount > budget.unionCapFen)
    throw new ConflictError(`That would pass the union's cap of ${budget.unionCapFen} fen for the year`, {
      unionCapFen: budget.unionCapFen,
    });
}

/** What a budget has granted (approved or paid): a new total may not fall below it. */
export async function grantedFrom(em: EntityManager, budgetId: number): Promise<number> {
  const [row] = await query<{ granted: string }>(
    em,
    sql(`select ${GRANTED} as granted from subsidy_claims c where c.budget_id = ?`, budgetId),
  );
  return Number(row!.granted);
}

const FROM: Record<string, readonly SubsidyClaimStatus[]> = {
  approved: [SubsidyClaimStatus.CLAIMED],
  rejected: [SubsidyClaimStatus.CLAIMED],
  paid: [SubsidyClaimStatus.APPROVED],
  withdrawn: [SubsidyClaimStatus.CLAIMED, SubsidyClaimStatus.REJECTED],
  corrected: [SubsidyClaimStatus.CLAIMED, SubsidyClaimStatus.REJECTED],
};

/** CONFLICT unless a claim in its status may be `verb` (approved, rejected, paid, withdrawn, corrected). */
export function assertClaimMove(claim: SubsidyClaim, verb: keyof typeof FROM): void {
  const allowed = FROM[verb]!;
  if (!allowed.includes(claim.status))
    throw new ConflictError(
      `A claim that is ${claim.status} cannot be ${verb}: only a ${allowed.join(' or ')} claim can`,
      { status: claim.status },
    );
}

/** The step a change took, kept for good in the claim's history. */
export async function recordStep(em: EntityManager, claim: SubsidyClaim, staffId: string): Promise<void> {
  await em.execute(
    `insert into subsidy_claim_steps (claim_id, status, attendance, claimed_fen, approved_fen, evidence, reason, staff_id)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      claim.id,
      claim.status,
      claim.attendance,
      claim.claimedFen,
      claim.approvedFen ?? null,
      claim.evidence,
      claim.reason ?? null,
      staffId,
    ],
  );
}

/** The claim as committed, for the event log (topic `subsidy`, under the claiming union). */
export function claimEvent(claim: SubsidyClaim, type: string, budget: SubsidyBudget): NewEvent {
  return {
    topic: 'subsidy',
    type,
    subjectId: claim.id,
    payload: {
      status: claim.status,
      activityId: claim.activity.id,
      budgetId: budget.id,
      grantingUnionId: budget.union.id,
      claimedFen: claim.claimedFen,
      approvedFen: claim.approvedFen ?? null,
    },
  };
}
