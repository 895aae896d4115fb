import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, MINUTE, updateStatus } from './helpers/fixtures.js';
import { errorCode, startTestServer, tokenFor, type TestServer } from './helpers/server.js';

/**
 * Subsidies after the event (issue 13, point 2): county A sets a yearly budget with a
 * differentiated rule for the unions below it; town A1 holds activities, claims for them
 * once they are FINISHED (the server computes the amount from the rule and the recorded
 * attendance), and county A's staff approve (possibly for less, with a reason), reject or
 * pay; every step stays in the claim's history and in the event log. Approvals never pass
 * the budget, however many race over two instances.
 *
 * The tree: city → county A → town A1 → village V1; city → county B.
 */

let server: TestServer;
let city: string, countyA: string, townA1: string, villageV1: string, countyB: string;
let staffA: string, staffA1: string, staffB: string, staffV1: string;
const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);
/** This year in Asia/Shanghai: the year of activities starting around now. */
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

async function ok(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<any> {
  const res = await server.gql(query, variables, token === undefined ? {} : { token });
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const BUDGET_FIELDS = `id year totalFen unionCapFen note union { id }
  rules { kind perActivityFen perAttendeeFen minAttendees activityCapFen }
  claimedFen approvedFen paidFen leftFen`;
const SET_BUDGET = `mutation($i: SetSubsidyBudgetInput!) { setSubsidyBudget(input: $i) { budget { ${BUDGET_FIELDS} } } }`;
const CLAIM_FIELDS = `id status attendance claimedFen approvedFen evidence reason paidReference decidedAt paidAt
  union { id } budget { id } activity { id }
  history { status attendance claimedFen approvedFen evidence reason }`;
const CLAIM = `mutation($i: ClaimSubsidyInput!) { claimSubsidy(input: $i) { claim { ${CLAIM_FIELDS} } activity { id } } }`;
const APPROVE = `mutation($i: ApproveSubsidyClaimInput!) { approveSubsidyClaim(input: $i) { claim { ${CLAIM_FIELDS} } } }`;
const REJECT = `mutation($i: SubsidyClaimReasonInput!) { rejectSubsidyClaim(input: $i) { claim { ${CLAIM_FIELDS} } } }`;
const WITHDRAW = `mutation($i: SubsidyClaimReasonInput!) { withdrawSubsidyClaim(input: $i) { claim { ${CLAIM_FIELDS} } } }`;
const CORRECT = `mutation($i: CorrectSubsidyClaimInput!) { correctSubsidyClaim(input: $i) { claim { ${CLAIM_FIELDS} } } }`;
const PAY = `mutation($i: PaySubsidyClaimInput!) { paySubsidyClaim(input: $i) { claim { ${CLAIM_FIELDS} } } }`;
const TOTALS = `query($id: ID!, $from: DateTime, $to: DateTime) { node(id: $id) { ... on Union {
  subsidies(from: $from, to: $to) { claimCount claimedFen approvedFen paidFen activitiesLeveraged attendees spendPerAttendeeFen } } } }`;

/** Zhangye-like: 300 yuan a competition plus 5 per attendee (at most 800), 150 for anything else, 3 attendees at least. */
const RULES = [
  { kind: 'COMPETITION', perActivityFen: 30_000, perAttendeeFen: 500, minAttendees: 3, activityCapFen: 80_000 },
  { perActivityFen: 15_000, perAttendeeFen: 0, minAttendees: 0 },
];

/** A FINISHED activity of `organiser` with `attended` workers recorded as attending. */
async function finished(organiser: string, kind = 'COURSE', attended = 0): Promise<string> {
  const activity = await createActivity(server, { organiserId: organiser, kind, title: `${kind}活动`, capacity: 100 });
  const signUps: string[] = [];
  for (let i = 0; i < attended; i++) {
    signUps.push(
      (
        await ok(`mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`, {
          i: { activityId: activity, workerName: `职工${i}`, phone: `1380000${String(i).padStart(4, '0')}` },
        })
      ).signUp.signUp.id,
    );
  }
  // Attendance is recorded while it runs.
  await updateStatus(server, activity, 'RUNNING');
  for (const signUpId of signUps)
    await ok(`mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { id } } }`, {
      i: { signUpId, attended: true },
    });
  await updateStatus(server, activity, 'FINISHED');
  return activity;
}

async function setBudget(input: Record<string, unknown>, token = staffA) {
  return (await ok(SET_BUDGET, { i: { unionId: countyA, year, totalFen: 100_000, rules: RULES, ...input } }, token))
    .setSubsidyBudget.budget;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  city = await createUnion(server, '张掖市总工会', 'CITY');
  countyA = await createUnion(server, '甘州区总工会', 'COUNTY', city);
  townA1 = await createUnion(server, '梁家墩镇工会', 'TOWN', countyA);
  villageV1 = await createUnion(server, '六闸村工会', 'VILLAGE', townA1);
  countyB = await createUnion(server, '临泽县总工会', 'COUNTY', city);
  staffA = await tokenFor({ unionId: dbId(countyA) });
  staffA1 = await tokenFor({ unionId: dbId(townA1) });
  staffB = await tokenFor({ unionId: dbId(countyB) });
  staffV1 = await tokenFor({ unionId: dbId(villageV1) });
});
afterAll(() => server?.stop());

describe('budgets', () => {
  it('a county sets its yearly budget and rule; setting it again replaces them', async () => {
    const budget = await setBudget({ totalFen: 50_000, note: '先举办后补助' });
    expect(budget).toMatchObject({
      year,
      totalFen: 50_000,
      unionCapFen: null,
      note: '先举办后补助',
      union: { id: countyA },
      claimedFen: 0,
      approvedFen: 0,
      leftFen: 50_000,
    });
    expect(budget.rules).toEqual([
      RULES[0],
      { kind: null, perActivityFen: 15_000, perAttendeeFen: 0, minAttendees: 0, activityCapFen: null },
    ]);
    const again = await setBudget({ totalFen: 100_000 });
    expect(again.id).toBe(budget.id);
    expect(again.totalFen).toBe(100_000);
    const listed = await ok(`query($id: ID!) { node(id: $id) { ... on Union { subsidyBudgets { id totalFen } } } }`, {
      id: countyA,
    });
    expect(listed.node.subsidyBudgets).toEqual([{ id: budget.id, totalFen: 100_000 }]);
  });

  it('refuses bad rules and money that is not whole fen, writing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ rules: [] }, 'rules'],
      [{ rules: [RULES[1], RULES[1]] }, 'rules.1.kind'],
      [{ rules: [{ perActivityFen: 0, perAttendeeFen: 0 }] }, 'rules.0'],
      [{ rules: [{ perActivityFen: 100, minAttendees: -1 }] }, 'rules.0.minAttendees'],
    ];
    for (const [input, field] of cases) {
      const res = await server.gql(
        SET_BUDGET,
        { i: { unionId: countyA, year, totalFen: 1, rules: RULES, ...input } },
        {
          token: staffA,
        },
      );
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe(field);
    }
    for (const totalFen of [1.5, -1, '12.5']) {
      const res = await server.gql(
        SET_BUDGET,
        { i: { unionId: countyA, year, totalFen, rules: RULES } },
        {
          token: staffA,
        },
      );
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    }
    const [{ total }] = await server.sql(`select total_fen::int as total from subsidy_budgets where union_id = $1`, [
      dbId(countyA),
    ]);
    expect(total).toBe(100_000);
  });

  it("only the union's subtree sets its budget", async () => {
    expect(
      errorCode(
        await server.gql(SET_BUDGET, { i: { unionId: countyA, year, totalFen: 1, rules: RULES } }, { token: staffB }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(
        await server.gql(SET_BUDGET, { i: { unionId: countyA, year, totalFen: 1, rules: RULES } }, { token: staffA1 }),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('claims', () => {
  it('computes the amount from the rule of the kind and the recorded attendance, never from input', async () => {
    const contest = await finished(townA1, 'COMPETITION', 4);
    const claim = (await ok(CLAIM, { i: { activityId: contest, evidence: '照片12张，签到表' } }, staffA1)).claimSubsidy
      .claim;
    // 300 yuan + 4 × 5 yuan.
    expect(claim).toMatchObject({
      status: 'CLAIMED',
      attendance: 4,
      claimedFen: 32_000,
      approvedFen: null,
      union: { id: townA1 },
      activity: { id: contest },
      history: [{ status: 'CLAIMED', attendance: 4, claimedFen: 32_000, evidence: '照片12张，签到表', reason: null }],
    });
    // An input naming an amount is not even part of the schema.
    const res = await server.gql(
      CLAIM,
      { i: { activityId: contest, evidence: 'x', claimedFen: 1 } },
      { token: staffA1 },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    // Any other kind: the flat rule.
    const course = await finished(villageV1, 'COURSE', 0);
    const flat = (await ok(CLAIM, { i: { activityId: course, evidence: '课程照片' } }, staffV1)).claimSubsidy.claim;
    expect([flat.claimedFen, flat.union.id]).toEqual([15_000, villageV1]);
  });

  it('refuses an unfinished activity, a second claim, too few attendees, another subtree', async () => {
    const open = await createActivity(server, {
      organiserId: townA1,
      kind: 'COURSE',
      startsAt: new Date(Date.now() + 20 * MINUTE).toISOString(),
    });
    expect(errorCode(await server.gql(CLAIM, { i: { activityId: open, evidence: 'x' } }, { token: staffA1 }))).toBe(
      'CONFLICT',
    );
    const contest = await finished(townA1, 'COMPETITION', 1);
    const few = await server.gql(CLAIM, { i: { activityId: contest, evidence: 'x' } }, { token: staffA1 });
    expect(errorCode(few)).toBe('CONFLICT');
    expect(few.errors![0].extensions).toMatchObject({ attendance: 1, minAttendees: 3 });
    const course = await finished(townA1);
    await ok(CLAIM, { i: { activityId: course, evidence: 'x' } }, staffA1);
    expect(errorCode(await server.gql(CLAIM, { i: { activityId: course, evidence: 'x' } }, { token: staffA1 }))).toBe(
      'CONFLICT',
    );
    const other = await finished(townA1);
    expect(errorCode(await server.gql(CLAIM, { i: { activityId: other, evidence: 'x' } }, { token: staffB }))).toBe(
      'FORBIDDEN',
    );
    // County A's own activity: no union above it has a budget.
    const own = await finished(countyA);
    expect(errorCode(await server.gql(CLAIM, { i: { activityId: own, evidence: 'x' } }, { token: staffA }))).toBe(
      'CONFLICT',
    );
  });

  it('approves for less with a reason, pays; keeps every step', async () => {
    const course = await finished(townA1);
    const claimId = (await ok(CLAIM, { i: { activityId: course, evidence: '照片' } }, staffA1)).claimSubsidy.claim.id;
    // The claimant cannot approve its own claim; nor more than claimed; nor less without a reason.
    expect(errorCode(await server.gql(APPROVE, { i: { claimId } }, { token: staffA1 }))).toBe('FORBIDDEN');
    const more = await server.gql(APPROVE, { i: { claimId, amountFen: 15_001 } }, { token: staffA });
    expect([errorCode(more), more.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'amountFen']);
    const bare = await server.gql(APPROVE, { i: { claimId, amountFen: 10_000 } }, { token: staffA });
    expect([errorCode(bare), bare.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(errorCode(await server.gql(PAY, { i: { claimId } }, { token: staffA }))).toBe('CONFLICT');
    const approved = (await ok(APPROVE, { i: { claimId, amountFen: 10_000, reason: '照片不全' } }, staffA))
      .approveSubsidyClaim.claim;
    expect(approved).toMatchObject({ status: 'APPROVED', claimedFen: 15_000, approvedFen: 10_000, reason: '照片不全' });
    expect(errorCode(await server.gql(WITHDRAW, { i: { claimId, reason: '撤回' } }, { token: staffA1 }))).toBe(
      'CONFLICT',
    );
    const paid = (await ok(PAY, { i: { claimId, reference: '凭证2026-001' } }, staffA)).paySubsidyClaim.claim;
    expect(paid).toMatchObject({ status: 'PAID', approvedFen: 10_000, paidReference: '凭证2026-001' });
    expect(paid.paidAt).not.toBeNull();
    expect(paid.history.map((s: { status: string; approvedFen: number | null }) => [s.status, s.approvedFen])).toEqual([
      ['CLAIMED', null],
      ['APPROVED', 10_000],
      ['PAID', 10_000],
    ]);
    const events = await server.sql(
      `select type, payload->>'approvedFen' as approved, union_path::text = (select path::text from unions where id = $2) as under_claimant
       from events where topic = 'subsidy' and subject_id = $1 order by cursor`,
      [dbId(claimId), dbId(townA1)],
    );
    expect(events).toEqual([
      { type: 'CLAIMED', approved: null, under_claimant: true },
      { type: 'APPROVED', approved: '10000', under_claimant: true },
      { type: 'PAID', approved: '10000', under_claimant: true },
    ]);
  });

  it('a rejected claim is corrected after an attendance correction and claimed again; a withdrawn one stays', async () => {
    const contest = await finished(townA1, 'COMPETITION', 3);
    const claimId = (await ok(CLAIM, { i: { activityId: contest, evidence: '照片' } }, staffA1)).claimSubsidy.claim.id;
    expect(errorCode(await server.gql(REJECT, { i: { claimId, reason: '' } }, { token: staffA }))).toBe(
      'BAD_USER_INPUT',
    );
    await ok(REJECT, { i: { claimId, reason: '签到表缺少签名' } }, staffA);
    // One more attendee found on the paper sheet: attendance corrected with a reason.
    const [{ id: missing }] = await server.sql(
      `insert into sign_ups (activity_id, worker_name, phone) values ($1, '补录职工', '13912345678') returning id`,
      [dbId(contest)],
    );
    await ok(`mutation($i: CorrectAttendanceInput!) { correctAttendance(input: $i) { signUp { id } } }`, {
      i: { signUpId: Buffer.from(`SignUp:${missing}`).toString('base64'), attended: true, reason: '纸质签到表补录' },
    });
    const corrected = (await ok(CORRECT, { i: { claimId, reason: '补充签名', evidence: '签到表（已签名）' } }, staffA1))
      .correctSubsidyClaim.claim;
    expect(corrected).toMatchObject({
      status: 'CLAIMED',
      attendance: 4,
      claimedFen: 32_000,
      evidence: '签到表（已签名）',
    });
    expect(
      corrected.history.map((s: { status: string; claimedFen: number; reason: string | null }) => [
        s.status,
        s.claimedFen,
        s.reason,
      ]),
    ).toEqual([
      ['CLAIMED', 31_500, null],
      ['REJECTED', 31_500, '签到表缺少签名'],
      ['CLAIMED', 32_000, '补充签名'],
    ]);
    const withdrawn = (await ok(WITHDRAW, { i: { claimId, reason: '重复申报' } }, staffA1)).withdrawSubsidyClaim.claim;
    expect(withdrawn.status).toBe('WITHDRAWN');
    // The activity may be claimed anew; the withdrawn claim is still there.
    const again = (await ok(CLAIM, { i: { activityId: contest, evidence: '重新申报' } }, staffA1)).claimSubsidy.claim;
    expect(again.id).not.toBe(claimId);
    expect(
      await server.sql(`select status::text from subsidy_claims where activity_id = $1 order by id`, [dbId(contest)]),
    ).toEqual([{ status: 'WITHDRAWN' }, { status: 'CLAIMED' }]);
  });

  it('a union cap bounds what one union claims and is approved in a year', async () => {
    const budget = (
      await ok(
        SET_BUDGET,
        { i: { unionId: city, year, totalFen: 1_000_000, unionCapFen: 20_000, rules: RULES } },
        server.adminToken,
      )
    ).setSubsidyBudget.budget;
    const first = await finished(countyB);
    const second = await finished(countyB);
    const third = await finished(countyB);
    const a = (await ok(CLAIM, { i: { activityId: first, evidence: 'x' } }, staffB)).claimSubsidy.claim;
    const b = (await ok(CLAIM, { i: { activityId: second, evidence: 'x' } }, staffB)).claimSubsidy.claim;
    expect([a.claimedFen, b.claimedFen, a.budget.id]).toEqual([15_000, 5_000, budget.id]);
    expect(errorCode(await server.gql(CLAIM, { i: { activityId: third, evidence: 'x' } }, { token: staffB }))).toBe(
      'CONFLICT',
    );
  });
});

describe('totals', () => {
  it("a subtree's claimed, approved, paid, leveraged and spend per attendee; a period narrows them", async () => {
    const before = (await ok(TOTALS, { id: townA1 })).node.subsidies;
    const contest = await finished(villageV1, 'COMPETITION', 5);
    const claimId = (await ok(CLAIM, { i: { activityId: contest, evidence: '照片' } }, staffV1)).claimSubsidy.claim.id;
    await ok(APPROVE, { i: { claimId } }, staffA);
    const after = (await ok(TOTALS, { id: townA1 })).node.subsidies;
    expect(after.claimCount - before.claimCount).toBe(1);
    expect(after.claimedFen - before.claimedFen).toBe(32_500);
    expect(after.approvedFen - before.approvedFen).toBe(32_500);
    expect(after.activitiesLeveraged - before.activitiesLeveraged).toBe(1);
    expect(after.attendees - before.attendees).toBe(5);
    expect(after.spendPerAttendeeFen).toBe(Math.floor(after.approvedFen / after.attendees));
    // Recomputed here from the claims' rows: approved and paid by the subtree's unions.
    const [sums] = await server.sql(
      `select coalesce(sum(approved_fen) filter (where status in ('APPROVED','PAID')), 0)::int as approved,
              coalesce(sum(approved_fen) filter (where status = 'PAID'), 0)::int as paid
       from subsidy_claims c join unions u on u.id = c.union_id
       where u.path <@ (select path from unions where id = $1)`,
      [dbId(townA1)],
    );
    expect([after.approvedFen, after.paidFen]).toEqual([sums.approved, sums.paid]);
    const none = (await ok(TOTALS, { id: townA1, from: '2000-01-01T00:00:00Z', to: '2001-01-01T00:00:00Z' })).node
      .subsidies;
    expect(none).toEqual({
      claimCount: 0,
      claimedFen: 0,
      approvedFen: 0,
      paidFen: 0,
      activitiesLeveraged: 0,
      attendees: 0,
      spendPerAttendeeFen: null,
    });
  });
});

describe('the budget under racing approvals, over two instances', () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startTestServer({ sameDatabaseAs: server });
  });
  afterAll(() => second?.stop());

  it('never approves more than the budget, however many approvals race', async () => {
    // A town's own budget for its villages: 40,000 fen, claims of 15,000 each: two fit.
    const town = await createUnion(server, '碱滩镇工会', 'TOWN', countyA);
    const villages = await Promise.all([1, 2, 3, 4].map((i) => createUnion(server, `碱滩${i}村工会`, 'VILLAGE', town)));
    const staffTown = await tokenFor({ unionId: dbId(town) });
    await ok(SET_BUDGET, { i: { unionId: town, year, totalFen: 40_000, rules: RULES } }, staffTown);
    const claims: string[] = [];
    for (const village of [...villages, ...villages]) {
      const activity = await finished(village);
      claims.push((await ok(CLAIM, { i: { activityId: activity, evidence: '照片' } })).claimSubsidy.claim.id);
    }
    const answers = await Promise.all(
      claims.map((claimId, i) => (i % 2 ? second : server).gql(APPROVE, { i: { claimId } }, { token: staffTown })),
    );
    const codes = answers.map((a) => errorCode(a) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK', 'OK']);
    const [{ approved, n }] = await server.sql(
      `select coalesce(sum(c.approved_fen), 0)::int as approved, count(c.approved_fen)::int as n
       from subsidy_claims c join subsidy_budgets b on b.id = c.budget_id where b.union_id = $1`,
      [dbId(town)],
    );
    expect([approved, n]).toEqual([30_000, 2]);
    // The refusals say what is left; the losers are still CLAIMED, for a smaller approval.
    const refusal = answers.find((a) => errorCode(a) === 'CONFLICT')!;
    expect(refusal.errors![0].extensions!.leftFen).toBe(10_000);
    const loser = claims[answers.findIndex((a) => errorCode(a) === 'CONFLICT')]!;
    const partial = (await ok(APPROVE, { i: { claimId: loser, amountFen: 10_000, reason: '预算余额不足' } }, staffTown))
      .approveSubsidyClaim.claim;
    expect(partial.approvedFen).toBe(10_000);
    // A total below what was approved is refused.
    const lower = await server.gql(
      SET_BUDGET,
      { i: { unionId: town, year, totalFen: 39_999, rules: RULES } },
      { token: staffTown },
    );
    expect(errorCode(lower)).toBe('CONFLICT');
  });
});

describe('afterwards', () => {
  it('nothing was logged as an internal error, and every claim keeps its rules', async () => {
    expect(server.loggedErrors.map((e) => String(e.error))).toEqual([]);
    const broken = await server.sql(
      `select b.id from subsidy_budgets b
       where (select coalesce(sum(approved_fen), 0) from subsidy_claims c where c.budget_id = b.id and c.status in ('APPROVED', 'PAID')) > b.total_fen`,
    );
    expect(broken).toEqual([]);
    const unstepped = await server.sql(
      `select c.id from subsidy_claims c where c.status <> (select s.status from subsidy_claim_steps s where s.claim_id = c.id order by s.id desc limit 1)`,
    );
    expect(unstepped).toEqual([]);
  });
});
