import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { toEntity } from '../common/rows.js';
import { inEnum, intArray, loadByIds, query, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { unionScope, type UnionScope } from '../unions/scope.js';
import type { Period } from '../unions/union-stats.js';
import type { SubsidyClaimStatus } from './subsidy-enums.js';
import { SubsidyBudget, SubsidyClaim, type SubsidyClaimStep } from './subsidy.entity.js';

export function budgetById(ctx: Context) {
  return ctx.loaders.get<number, SubsidyBudget | undefined>('SubsidyBudget.byId', (ids) =>
    loadByIds(ctx.em, SubsidyBudget, ids),
  );
}

export function claimById(ctx: Context) {
  return ctx.loaders.get<number, SubsidyClaim | undefined>('SubsidyClaim.byId', (ids) =>
    loadByIds(ctx.em, SubsidyClaim, ids),
  );
}

/** The budgets unions set, newest year first; `year` narrows to one year. */
export function budgetsOf(ctx: Context, unionId: number, year: number | null) {
  return ctx.loaders
    .get<number, SubsidyBudget[]>(`SubsidyBudget.ofUnion:${year ?? ''}`, async (ids) => {
      const rows = await query<Record<string, unknown>>(
        ctx.em,
        sql(
          `select b.* from subsidy_budgets b where b.union_id = any(${intArray(ids).text})
             and (?::int is null or b.year = ?::int) order by b.year desc, b.id`,
          year,
          year,
        ),
      );
      const budgets = rows.map((row) => ({ row, budget: toEntity(ctx.em, SubsidyBudget, row) }));
      return ids.map((id) => budgets.filter(({ row }) => Number(row.union_id) === id).map(({ budget }) => budget));
    })
    .load(unionId);
}

/** Every step of many claims, oldest first, in one statement. */
export function claimSteps(ctx: Context) {
  return ctx.loaders.get<number, SubsidyClaimStep[]>('SubsidyClaim.history', async (ids) => {
    const rows = await query<{
      claim_id: number;
      at: string;
      status: SubsidyClaimStatus;
      attendance: number;
      claimed_fen: string;
      approved_fen: string | null;
      evidence: string;
      reason: string | null;
    }>(
      ctx.em,
      sql(
        `select claim_id, at, status, attendance, claimed_fen, approved_fen, evidence, reason
         from subsidy_claim_steps where claim_id = any(${intArray(ids).text}) order by claim_id, id`,
      ),
    );
    return ids.map((id) =>
      rows
        .filter((row) => Number(row.claim_id) === id)
        .map((row) => ({
          at: new Date(row.at),
          status: row.status,
          attendance: row.attendance,
          claimedFen: Number(row.claimed_fen),
          approvedFen: row.approved_fen == null ? null : Number(row.approved_fen),
          evidence: row.evidence,
          reason: row.reason,
        })),
    );
  });
}

/** What a budget's claims add up to. */
export interface BudgetFigures {
  claimedFen: number;
  approvedFen: number;
  paidFen: number;
}

export function budgetFigures(ctx: Context) {
  return ctx.loaders.get<number, BudgetFigures>('SubsidyBudget.figures', async (ids) => {
    const rows = await query<{ key: number; claimed: string; approved: string; paid: string }>(
      ctx.em,
      sql(
        `select k.key,
           coalesce(sum(c.claimed_fen) filter (where c.status = 'CLAIMED'), 0)::bigint as claimed,
           coalesce(sum(c.approved_fen) filter (where c.status in ('APPROVED', 'PAID')), 0)::bigint as approved,
           coalesce(sum(c.approved_fen) filter (where c.status = 'PAID'), 0)::bigint as paid
         from unnest(${intArray(ids).text}) as k(key)
         left join subsidy_claims c on c.budget_id = k.key
         group by k.key`,
      ),
    );
    const byId = new Map(rows.map((row) => [Number(row.key), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return {
        claimedFen: Number(row?.claimed ?? 0),
        approvedFen: Number(row?.approved ?? 0),
        paidFen: Number(row?.paid ?? 0),
      };
    });
  });
}

/** Which claims a list holds, relative to the key: made by a union (or its subtree), or against a budget. */
export type ClaimOwner = { claimedBy: UnionScope } | 'budget';

const NEWEST_FIRST: Ordering = { keys: [{ expr: 'x.created_at', type: 'timestamp' }], descending: true };

/** Pages of claims for many keys in one statement, newest first. */
export function claimPage(
  ctx: Context,
  key: number,
  owner: ClaimOwner,
  statuses: readonly SubsidyClaimStatus[] | null,
  page: PageRequest,
): Promise<Page<SubsidyClaim>> {
  const conditions: Sql[] = [
    owner === 'budget' ? sql('x.budget_id = k.key') : unionScope('x.union_id', owner.claimedBy),
  ];
  if (statuses?.length) conditions.push(inEnum('x.status', 'subsidy_claim_status', statuses));
  return ctx.loaders
    .get<number, Page<SubsidyClaim>>(`SubsidyClaim.page:${JSON.stringify([owner, statuses, page])}`, (keys) =>
      loadPages(ctx.em, SubsidyClaim, keys, {
        table: 'subsidy_claims',
        alias: 'x',
        where: where(conditions),
        order: NEWEST_FIRST,
        page,
      }),
    )
    .load(key);
}

/** A subtree's subsidies over a period, by when their activities started. */
export interface SubsidyTotalsRow {
  claimCount: number;
  claimedFen: number;
  approvedFen: number;
  paidFen: number;
  activitiesLeveraged: number;
  attendees: number;
}

/** Totals of many unions' subtrees and one period in one statement, through the tree index. */
export function subsidyTotals(ctx: Context, unionId: number, period: Period): Promise<SubsidyTotalsRow> {
  const name = `Union.subsidies:${period.from?.toISOString() ?? ''}:${period.to?.toISOString() ?? ''}`;
  return ctx.loaders
    .get<number, SubsidyTotalsRow>(name, async (ids) => {
      const from = period.from?.toISOString() ?? null;
      const to = period.to?.toISOString() ?? null;
      const rows = await query<{
        key: number;
        claims: number;
        claimed: string;
        approved: string;
        paid: string;
        leveraged: number;
        attendees: string;
      }>(
        ctx.em,
        sql(
          `select k.key,
             count(c.id) filter (where c.status <> 'WITHDRAWN')::int as claims,
             coalesce(sum(c.claimed_fen) filter (where c.status <> 'WITHDRAWN'), 0)::bigint as claimed,
             coalesce(sum(c.approved_fen) filter (where c.status in ('APPROVED', 'PAID')), 0)::bigint as approved,
             coalesce(sum(c.approved_fen) filter (where c.status = 'PAID'), 0)::bigint as paid,
             count(c.id) filter (where c.status in ('APPROVED', 'PAID'))::int as leveraged,
             coalesce(sum(c.attendance) filter (where c.status in ('APPROVED', 'PAID')), 0)::bigint as attendees
           from unnest(${intArray(ids).text}) as k(key)
           join unions r on r.id = k.key
           left join (subsidy_claims c join activities a on a.id = c.activity_id)
             on c.union_id in (select d.id from unions d where d.path <@ r.path)
             and (?::timestamptz is null or a.starts_at >= ?::timestamptz)
             and (?::timestamptz is null or a.starts_at < ?::timestamptz)
           group by k.key`,
          ...[from, from, to, to],
        ),
      );
      const byId = new Map(rows.map((row) => [Number(row.key), row]));
      return ids.map((id) => {
        const row = byId.get(id);
        return {
          claimCount: row?.claims ?? 0,
          claimedFen: Number(row?.claimed ?? 0),
          approvedFen: Number(row?.approved ?? 0),
          paidFen: Number(row?.paid ?? 0),
          activitiesLeveraged: row?.leveraged ?? 0,
          attendees: Number(row?.attendees ?? 0),
        };
      });
    })
    .load(unionId);
}
