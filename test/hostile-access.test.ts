import { readFile } from 'node:fs/promises';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInCodeFor } from '../src/activities/check-in.code.js';
import { DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { databaseChecksum, expectRefused, overWs } from './helpers/hostile.js';
import { startTestServer, TEST_JWT_SECRET, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * The hostile-input suite (issue 4, item 6), part two: every mutation of the schema,
 * attempted by the staff of another subtree (FORBIDDEN) and by nobody (UNAUTHENTICATED),
 * over HTTP and WebSocket; the database unchanged afterwards.
 *
 * The tree: city → county A → town A1, and county B. Under county A, made as ADMIN: a
 * union (A1), a site, a programme, an activity with a sign-up, a FINISHED one with a
 * sign-up (for attendance corrections), a MATCHES competition with entries and a match, a
 * JUDGED competition with an entry and judge scores, a menu item and two orders of it by
 * town A1 (one REQUESTED, one DELIVERED). The intruder is a STAFF token of county B.
 *
 * The audit trail's query, `auditLog`, is read by every kind of viewer on both transports:
 * nobody, the intruder, staff of town A1 and an ADMIN each see what they may and no more.
 */

let server: TestServer;
let ids: Record<string, string>;
let staffB: string;
let staffA1: string;
let staffA1TokenId: string;
/** A worker of town A1, inside county A's subtree: a worker's token changes nothing staff change. */
let workerA1: string;
/** A worker of county B: outside the audience of county A's activities, and not the worker of its sign-ups. */
let workerB: string;
let before: Record<string, string>;

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const asType = (type: string, globalId: string) => Buffer.from(`${type}:${dbId(globalId)}`).toString('base64');

async function ok(query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const union = async (name: string, level: string, parentId?: string) =>
    (
      await ok(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
        i: { name, level, parentId },
      })
    ).createUnion.union.id as string;
  const city = await union('嘉兴市总工会', 'CITY');
  const countyA = await union('平湖市总工会', 'COUNTY', city);
  const townA1 = await union('当湖街道总工会', 'TOWN', countyA);
  const countyB = await union('海盐县总工会', 'COUNTY', city);
  const site = (
    await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: townA1, name: '当湖职工书屋', kind: 'READING_ROOM' },
    })
  ).createSite.site.id;
  const programme = (
    await ok(`mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`, {
      i: { unionId: countyA, name: '职工文化节' },
    })
  ).createProgramme.programme.id;
  const activity = async (title: string, kind: string) =>
    (
      await ok(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
        i: {
          kind,
          title,
          organiserId: countyA,
          siteId: site,
          programmeId: programme,
          // Open for sign-up, and staff may start it at once (30 minutes early at most).
          startsAt: fromNow(20 * MINUTE),
          endsAt: fromNow(DAY),
          status: 'OPEN',
          capacity: 30,
          // Workers sign themselves up only if their union is in county A's subtree.
          audience: 'MEMBERS',
        },
      })
    ).createActivity.activity.id as string;
  const course = await activity('书法课', 'COURSE');
  const signUpFor = async (activityId: string, unionId?: string) =>
    (
      await ok(`mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`, {
        i: { activityId, workerName: '张三', phone: '13800000001', unionId },
      })
    ).signUp.signUp.id as string;
  const signUp = await signUpFor(course, townA1);
  const running = async (id: string) =>
    ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
      i: { id, status: 'RUNNING' },
    });
  // A course that is over, with a sign-up whose attendance only correctAttendance changes.
  const pastCourse = await activity('剪纸课', 'COURSE');
  const pastSignUp = await signUpFor(pastCourse);
  await running(pastCourse);
  await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
    i: { id: pastCourse, status: 'FINISHED', startsAt: fromNow(-MINUTE) },
  });
  const register = async (competitionId: string, names: string[]) =>
    (
      await ok(`mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`, {
        i: { competitionId, entries: names.map((name) => ({ name, unionId: townA1 })) },
      })
    ).registerEntries.entries.map((e: { id: string }) => e.id) as string[];

  const league = asType('Competition', await activity('气排球联赛', 'COMPETITION'));
  await running(asType('Activity', league));
  const [home, away] = await register(league, ['甲队', '乙队']);
  const match = (
    await ok(`mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`, {
      i: {
        competitionId: league,
        matches: [{ round: '第1轮', homeEntryId: home, awayEntryId: away, startsAt: '2026-11-02T19:00:00+08:00' }],
      },
    })
  ).scheduleMatches.matches[0].id;

  const contest = asType('Competition', await activity('歌手大赛', 'COMPETITION'));
  await ok(`mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`, {
    i: { competitionId: contest, format: 'JUDGED' },
  });
  await running(asType('Activity', contest));
  const [singer] = await register(contest, ['外卖小哥']);
  await ok(`mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { scores { judge } } }`, {
    i: { competitionId: contest, entryId: singer, round: 1, scores: [{ judge: '评委甲', score: 90 }] },
  });

  // The menu: county A offers an item; town A1 ordered it twice (one still REQUESTED, one
  // delivered: accepted, its activity run and finished).
  const item = (
    await ok(`mutation($i: CreateMenuItemInput!) { createMenuItem(input: $i) { item { id } } }`, {
      i: {
        unionId: countyA,
        title: '八段锦',
        kind: 'COURSE',
        provider: '武术协会',
        seasons: ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER'],
        durationMinutes: 60,
        places: 30,
      },
    })
  ).createMenuItem.item.id as string;
  const placeOrder = async () =>
    (
      await ok(`mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } } }`, {
        i: {
          itemId: item,
          orderingUnionId: townA1,
          siteId: site,
          wishedDates: [fromNow(2 * DAY).slice(0, 10)],
          expectedAttendees: 20,
        },
      })
    ).placeOrder.order.id as string;
  const requestedOrder = await placeOrder();
  const deliveredOrder = await placeOrder();
  const delivering = (
    await ok(`mutation($i: AcceptOrderInput!) { acceptOrder(input: $i) { activity { id } } }`, {
      i: { orderId: deliveredOrder, startsAt: fromNow(20 * MINUTE) },
    })
  ).acceptOrder.activity.id as string;
  await running(delivering);
  await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
    i: { id: delivering, status: 'FINISHED', startsAt: fromNow(-MINUTE) },
  });

  // A club of county A that requires approval, a worker of county A waiting to join it, and an honour.
  const club = (
    await ok(`mutation($i: CreateClubInput!) { createClub(input: $i) { club { id } } }`, {
      i: { unionId: countyA, name: '平湖市职工舞蹈团', kind: 'ARTS', requiresApproval: true },
    })
  ).createClub.club.id as string;
  const workerA = await workerTokenFor({ unionId: dbId(countyA), name: '沈丽', phone: '13800000007' });
  const pendingMember = (
    await server.gql(`mutation($c: ID!) { joinClub(clubId: $c) { member { id } } }`, { c: club }, { token: workerA })
  ).data.joinClub.member.id as string;
  const honour = (
    await ok(`mutation($i: RecordClubHonourInput!) { recordClubHonour(input: $i) { honour { id } } }`, {
      i: { clubId: club, level: 'CITY', title: '嘉兴市职工文艺汇演一等奖', year: 2025 },
    })
  ).recordClubHonour.honour.id as string;
  // Subsidies: the city's budget pays county A, whose finished course has one claim.
  const budget = (
    await ok(`mutation($i: SetSubsidyBudgetInput!) { setSubsidyBudget(input: $i) { budget { id } } }`, {
      i: {
        unionId: city,
        year: new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(),
        totalFen: 1_000_000,
        rules: [{ perActivityFen: 20_000 }],
      },
    })
  ).setSubsidyBudget.budget.id as string;
  const claim = (
    await ok(`mutation($i: ClaimSubsidyInput!) { claimSubsidy(input: $i) { claim { id } } }`, {
      i: { activityId: pastCourse, evidence: '照片' },
    })
  ).claimSubsidy.claim.id as string;

  ids = {
    club,
    pendingMember,
    honour,
    item,
    budget,
    claim,
    pastCourse,
    requestedOrder,
    deliveredOrder,
    city,
    countyA,
    townA1,
    countyB,
    site,
    programme,
    course,
    signUp,
    pastSignUp,
    league,
    home,
    away,
    match,
    contest,
    singer,
  };
  staffB = await tokenFor({ unionId: dbId(countyB), role: 'STAFF', name: '海盐干部' });
  staffA1 = await tokenFor({ unionId: dbId(townA1), role: 'STAFF' });
  staffA1TokenId = (await server.gql(`{ viewer { tokenId } }`, {}, { token: staffA1 })).data.viewer.tokenId;
  workerA1 = await workerTokenFor({ unionId: dbId(townA1), name: '张三', phone: '13800000001' });
  workerB = await workerTokenFor({ unionId: dbId(countyB), name: '海盐职工', phone: '13800000009' });
  before = await databaseChecksum(server);
});
afterAll(() => server?.stop());

/** Every mutation, aimed at county A's data with inputs that are otherwise valid. */
const attempts: Record<string, () => [string, Record<string, unknown>]> = {
  createUnion: () => [
    `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
    { i: { name: '入侵村', level: 'VILLAGE', parentId: ids.townA1 } },
  ],
  updateUnion: () => [
    `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
    { i: { id: ids.townA1, name: '改名' } },
  ],
  moveUnion: () => [
    `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`,
    { i: { id: ids.townA1, newParentId: ids.countyB } },
  ],
  deleteUnion: () => [`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id: ids.townA1 }],
  createSite: () => [
    `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`,
    { i: { unionId: ids.townA1, name: '入侵书屋', kind: 'READING_ROOM' } },
  ],
  updateSite: () => [
    `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id } } }`,
    { i: { id: ids.site, unionId: ids.countyB } },
  ],
  deleteSite: () => [`mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`, { id: ids.site }],
  createProgramme: () => [
    `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`,
    { i: { unionId: ids.countyA, name: '入侵节' } },
  ],
  updateProgramme: () => [
    `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { id } } }`,
    { i: { id: ids.programme, name: '改名' } },
  ],
  deleteProgramme: () => [`mutation($id: ID!) { deleteProgramme(id: $id) { deletedId } }`, { id: ids.programme }],
  createActivity: () => [
    `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    { i: { kind: 'PERFORMANCE', title: '入侵演出', organiserId: ids.countyA, startsAt: fromNow(DAY) } },
  ],
  updateActivity: () => [
    `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    { i: { id: ids.course, status: 'CANCELLED' } },
  ],
  deleteActivity: () => [`mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`, { id: ids.course }],
  signUp: () => [
    `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
    { i: { activityId: ids.course, workerName: '李四', phone: '13800000002', unionId: ids.townA1 } },
  ],
  cancelSignUp: () => [`mutation($id: ID!) { cancelSignUp(id: $id) { signUp { id } } }`, { id: ids.signUp }],
  recordAttendance: () => [
    `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { id } } }`,
    { i: { signUpId: ids.signUp, attended: true } },
  ],
  correctAttendance: () => [
    `mutation($i: CorrectAttendanceInput!) { correctAttendance(input: $i) { signUp { id } } }`,
    { i: { signUpId: ids.pastSignUp, attended: true, reason: '篡改' } },
  ],
  setCompetitionRules: () => [
    `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`,
    { i: { competitionId: ids.league, pointsForWin: 2 } },
  ],
  registerEntries: () => [
    `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`,
    { i: { competitionId: ids.league, entries: [{ name: '入侵队', unionId: ids.countyB }] } },
  ],
  scheduleMatches: () => [
    `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`,
    {
      i: {
        competitionId: ids.league,
        matches: [
          { round: '第2轮', homeEntryId: ids.away, awayEntryId: ids.home, startsAt: '2026-11-03T19:00:00+08:00' },
        ],
      },
    },
  ],
  startMatch: () => [`mutation($id: ID!) { startMatch(id: $id) { match { id } } }`, { id: ids.match }],
  recordScore: () => [
    `mutation($i: RecordScoreInput!) { recordScore(input: $i) { match { id } } }`,
    { i: { matchId: ids.match, homeScore: 1, awayScore: 0 } },
  ],
  finishMatch: () => [
    `mutation($i: FinishMatchInput!) { finishMatch(input: $i) { match { id } } }`,
    { i: { matchId: ids.match, homeScore: 3, awayScore: 0 } },
  ],
  cancelMatch: () => [`mutation($id: ID!) { cancelMatch(id: $id) { match { id } } }`, { id: ids.match }],
  correctMatchScore: () => [
    `mutation($i: CorrectMatchScoreInput!) { correctMatchScore(input: $i) { match { id } } }`,
    { i: { matchId: ids.match, homeScore: 0, awayScore: 3, reason: '篡改' } },
  ],
  recordJudgeScores: () => [
    `mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { scores { judge } } }`,
    { i: { competitionId: ids.contest, entryId: ids.singer, round: 1, scores: [{ judge: '评委乙', score: 100 }] } },
  ],
  correctJudgeScore: () => [
    `mutation($i: CorrectJudgeScoreInput!) { correctJudgeScore(input: $i) { scores { judge } } }`,
    { i: { competitionId: ids.contest, entryId: ids.singer, round: 1, judge: '评委甲', score: 10, reason: '篡改' } },
  ],
  createMenuItem: () => [
    `mutation($i: CreateMenuItemInput!) { createMenuItem(input: $i) { item { id } } }`,
    {
      i: {
        unionId: ids.countyA,
        title: '入侵课',
        kind: 'LECTURE',
        provider: '入侵者',
        months: [1],
        durationMinutes: 60,
        places: 10,
      },
    },
  ],
  updateMenuItem: () => [
    `mutation($i: UpdateMenuItemInput!) { updateMenuItem(input: $i) { item { id } } }`,
    { i: { id: ids.item, places: 1 } },
  ],
  withdrawMenuItem: () => [
    `mutation($i: WithdrawMenuItemInput!) { withdrawMenuItem(input: $i) { item { id } } }`,
    { i: { id: ids.item } },
  ],
  placeOrder: () => [
    `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } } }`,
    {
      i: {
        itemId: ids.item,
        orderingUnionId: ids.townA1,
        siteId: ids.site,
        wishedDates: [fromNow(2 * DAY).slice(0, 10)],
        expectedAttendees: 5,
      },
    },
  ],
  acceptOrder: () => [
    `mutation($i: AcceptOrderInput!) { acceptOrder(input: $i) { order { id } } }`,
    { i: { orderId: ids.requestedOrder, startsAt: fromNow(DAY) } },
  ],
  declineOrder: () => [
    `mutation($i: DeclineOrderInput!) { declineOrder(input: $i) { order { id } } }`,
    { i: { orderId: ids.requestedOrder, reason: '入侵' } },
  ],
  cancelOrder: () => [
    `mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { order { id } } }`,
    { i: { orderId: ids.requestedOrder } },
  ],
  rateOrder: () => [
    `mutation($i: RateOrderInput!) { rateOrder(input: $i) { order { id } } }`,
    { i: { orderId: ids.deliveredOrder, rating: 1, comment: '差评' } },
  ],
  createClub: () => [
    `mutation($i: CreateClubInput!) { createClub(input: $i) { club { id } } }`,
    { i: { unionId: ids.countyA, name: '入侵社', kind: 'ARTS' } },
  ],
  updateClub: () => [
    `mutation($i: UpdateClubInput!) { updateClub(input: $i) { club { id } } }`,
    { i: { id: ids.club, recruiting: false } },
  ],
  approveClubMember: () => [
    `mutation($id: ID!) { approveClubMember(id: $id) { member { id } } }`,
    { id: ids.pendingMember },
  ],
  declineClubMember: () => [
    `mutation($i: DeclineClubMemberInput!) { declineClubMember(input: $i) { member { id } } }`,
    { i: { memberId: ids.pendingMember, reason: '入侵' } },
  ],
  recordClubHonour: () => [
    `mutation($i: RecordClubHonourInput!) { recordClubHonour(input: $i) { honour { id } } }`,
    { i: { clubId: ids.club, level: 'NATIONAL', title: '伪造的奖', year: 2025 } },
  ],
  correctClubHonour: () => [
    `mutation($i: CorrectClubHonourInput!) { correctClubHonour(input: $i) { honour { id } } }`,
    { i: { id: ids.honour, withdrawn: true, reason: '篡改' } },
  ],
  setSubsidyBudget: () => [
    `mutation($i: SetSubsidyBudgetInput!) { setSubsidyBudget(input: $i) { budget { id } } }`,
    { i: { unionId: ids.countyA, year: 2026, totalFen: 100, rules: [{ perActivityFen: 100 }] } },
  ],
  claimSubsidy: () => [
    `mutation($i: ClaimSubsidyInput!) { claimSubsidy(input: $i) { claim { id } } }`,
    { i: { activityId: ids.pastCourse, evidence: '入侵' } },
  ],
  correctSubsidyClaim: () => [
    `mutation($i: CorrectSubsidyClaimInput!) { correctSubsidyClaim(input: $i) { claim { id } } }`,
    { i: { claimId: ids.claim, reason: '篡改' } },
  ],
  approveSubsidyClaim: () => [
    `mutation($i: ApproveSubsidyClaimInput!) { approveSubsidyClaim(input: $i) { claim { id } } }`,
    { i: { claimId: ids.claim } },
  ],
  rejectSubsidyClaim: () => [
    `mutation($i: SubsidyClaimReasonInput!) { rejectSubsidyClaim(input: $i) { claim { id } } }`,
    { i: { claimId: ids.claim, reason: '入侵' } },
  ],
  paySubsidyClaim: () => [
    `mutation($i: PaySubsidyClaimInput!) { paySubsidyClaim(input: $i) { claim { id } } }`,
    { i: { claimId: ids.claim } },
  ],
  withdrawSubsidyClaim: () => [
    `mutation($i: SubsidyClaimReasonInput!) { withdrawSubsidyClaim(input: $i) { claim { id } } }`,
    { i: { claimId: ids.claim, reason: '入侵' } },
  ],
  // A worker's own mutations: staff and workers elsewhere are refused alike.
  signMeUp: () => [`mutation($a: ID!) { signMeUp(activityId: $a) { signUp { id } } }`, { a: ids.course }],
  cancelMySignUp: () => [`mutation($id: ID!) { cancelMySignUp(id: $id) { signUp { id } } }`, { id: ids.signUp }],
  joinClub: () => [`mutation($c: ID!) { joinClub(clubId: $c) { member { id } } }`, { c: ids.club }],
  leaveClub: () => [`mutation($c: ID!) { leaveClub(clubId: $c) { member { id } } }`, { c: ids.club }],
  // A valid code of county A's site, made as its screen makes it.
  checkIn: () => [
    `mutation($c: String!) { checkIn(code: $c) { signUp { id } } }`,
    { c: checkInCodeFor({ jwtSecret: TEST_JWT_SECRET }, dbId(ids.site!)).code },
  ],
  // Another staff member's token: only an ADMIN may revoke it.
  revokeToken: () => [`mutation($t: String) { revokeToken(tokenId: $t) { revokedTokenId } }`, { t: staffA1TokenId }],
};

/** Further ways across the boundary, besides the one per mutation above. */
const moreAttempts: [string, () => [string, Record<string, unknown>]][] = [
  [
    'createUnion under county A itself',
    () => [
      `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
      { i: { name: '入侵镇', level: 'TOWN', parentId: ids.countyA } },
    ],
  ],
  [
    'createUnion as a root',
    () => [`mutation { createUnion(input: { name: "伪市总", level: CITY }) { union { id } } }`, {}],
  ],
  [
    'updateUnion of the city above',
    () => [
      `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
      { i: { id: ids.city, memberCount: 1 } },
    ],
  ],
  [
    'moveUnion of county B itself (its parent is outside)',
    () => [
      `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`,
      { i: { id: ids.countyB, newParentId: ids.townA1 } },
    ],
  ],
  [
    'deleteUnion of county B itself',
    () => [`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id: ids.countyB }],
  ],
  [
    'createSite for the city',
    () => [
      `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`,
      { i: { unionId: ids.city, name: '市书屋', kind: 'READING_ROOM' } },
    ],
  ],
  [
    "createActivity at county A's site",
    () => [
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      {
        i: {
          kind: 'PERFORMANCE',
          title: '演出',
          organiserId: ids.countyA,
          siteId: ids.site,
          startsAt: fromNow(DAY),
        },
      },
    ],
  ],
  [
    'updateActivity of the title only',
    () => [
      `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
      { i: { id: ids.course, title: '改名' } },
    ],
  ],
  [
    'signUp without a worker union',
    () => [
      `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
      { i: { activityId: ids.course, workerName: '王五', phone: '13800000003' } },
    ],
  ],
  [
    'revokeToken of an ADMIN token id',
    () => [`mutation { revokeToken(tokenId: "admin-token-id") { revokedTokenId } }`, {}],
  ],
];

describe('every mutation of the schema', () => {
  it('has a cross-subtree attempt here (a new mutation without one fails this test)', async () => {
    const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(attempts).sort());
  });

  it("the intruder's token is good: it signs in as STAFF of county B", async () => {
    const res = await server.gql(`{ viewer { role unionId } }`, {}, { token: staffB });
    expect(res.data).toEqual({ viewer: { role: 'STAFF', unionId: ids.countyB } });
  });
});

/**
 * Sign-ups are personal data: a caller who may not read one gets NOT_FOUND for it, the
 * answer an unknown id gets, so ids cannot be probed; FORBIDDEN is for what they may see.
 */
const SIGN_UP_BY_ID: readonly string[] = ['cancelSignUp', 'recordAttendance', 'correctAttendance', 'cancelMySignUp'];

describe('attempted by the staff of another subtree: FORBIDDEN (NOT_FOUND for a sign-up they may not read)', () => {
  it.each(Object.keys(attempts).sort())('%s over HTTP and WebSocket', async (name) => {
    const [query, variables] = attempts[name]!();
    const code = SIGN_UP_BY_ID.includes(name) && name !== 'cancelMySignUp' ? 'NOT_FOUND' : 'FORBIDDEN';
    const http = await server.gql(query, variables, { token: staffB });
    expectRefused({ ...http, text: JSON.stringify(http) }, code);
    expect(http.data).toBeNull();
    const ws = await overWs(server.wsUrl, query, variables, staffB);
    expect(ws.type).toBe('next');
    expectRefused(ws, code);
  });

  it.each(SIGN_UP_BY_ID.filter((name) => name !== 'cancelMySignUp'))(
    '%s answers a sign-up out of reach exactly as an unknown id',
    async (name) => {
      const [query, variables] = attempts[name]!();
      const unknown = JSON.parse(
        JSON.stringify(variables)
          .replaceAll(ids.signUp!, Buffer.from('SignUp:999999').toString('base64'))
          .replaceAll(ids.pastSignUp!, Buffer.from('SignUp:999999').toString('base64')),
      );
      const shape = (res: any) => ({
        code: res.errors?.[0]?.extensions?.code,
        message: String(res.errors?.[0]?.message).replace(/[\w=+/-]{8,}/g, '<id>'),
      });
      const existing = await server.gql(query, variables, { token: staffB });
      const missing = await server.gql(query, unknown, { token: staffB });
      expect(shape(existing)).toEqual(shape(missing));
      expect(shape(existing).code).toBe('NOT_FOUND');
    },
  );

  it.each(moreAttempts)('%s', async (_what, attempt) => {
    const [query, variables] = attempt();
    const http = await server.gql(query, variables, { token: staffB });
    expectRefused({ ...http, text: JSON.stringify(http) }, 'FORBIDDEN');
    expectRefused(await overWs(server.wsUrl, query, variables, staffB), 'FORBIDDEN');
  });
});

/** What a worker's token may do among the mutations: only what they do for themselves. */
const WORKER_MUTATIONS: readonly string[] = ['signMeUp', 'cancelMySignUp', 'checkIn', 'joinClub', 'leaveClub'];
/** What a worker of county B gets: outside the audience, not their sign-up, no place at the site. */
const WORKER_B_REFUSAL: Record<string, string> = {
  signMeUp: 'FORBIDDEN',
  cancelMySignUp: 'NOT_FOUND',
  checkIn: 'CONFLICT',
  // The club is county A's; worker B is not a member of it.
  joinClub: 'FORBIDDEN',
  leaveClub: 'CONFLICT',
};

describe("a worker's own mutations, by a worker of county B: refused, nothing written", () => {
  it.each(WORKER_MUTATIONS)('%s over HTTP and WebSocket', async (name) => {
    const [query, variables] = attempts[name]!();
    const http = await server.gql(query, variables, { token: workerB });
    expectRefused({ ...http, text: JSON.stringify(http) }, WORKER_B_REFUSAL[name]!);
    expect(http.data).toBeNull();
    const ws = await overWs(server.wsUrl, query, variables, workerB);
    expectRefused(ws, WORKER_B_REFUSAL[name]!);
  });

  it("cancelMySignUp of another worker's sign-up, by a worker inside the subtree: NOT_FOUND, as an unknown id", async () => {
    const [query, variables] = attempts.cancelMySignUp!();
    const http = await server.gql(query, variables, { token: workerA1 });
    expectRefused({ ...http, text: JSON.stringify(http) }, 'NOT_FOUND');
    expectRefused(await overWs(server.wsUrl, query, variables, workerA1), 'NOT_FOUND');
  });
});

describe("attempted with a worker's token (a worker of town A1, inside the subtree): FORBIDDEN", () => {
  it.each(
    Object.keys(attempts)
      .filter((name) => !WORKER_MUTATIONS.includes(name))
      .sort(),
  )('%s over HTTP and WebSocket', async (name) => {
    const [query, variables] = attempts[name]!();
    const http = await server.gql(query, variables, { token: workerA1 });
    expectRefused({ ...http, text: JSON.stringify(http) }, 'FORBIDDEN');
    expect(http.data).toBeNull();
    const ws = await overWs(server.wsUrl, query, variables, workerA1);
    expect(ws.type).toBe('next');
    expectRefused(ws, 'FORBIDDEN');
  });
});

describe('attempted by nobody: UNAUTHENTICATED', () => {
  it.each(Object.keys(attempts).sort())('%s over HTTP and WebSocket', async (name) => {
    const [query, variables] = attempts[name]!();
    const http = await server.gql(query, variables, { token: null });
    expectRefused({ ...http, text: JSON.stringify(http) }, 'UNAUTHENTICATED');
    expect(http.data).toBeNull();
    const ws = await overWs(server.wsUrl, query, variables);
    expect(ws.type).toBe('next');
    expectRefused(ws, 'UNAUTHENTICATED');
  });

  it('revokeToken without a token id (signing out) needs a sign-in too', async () => {
    const http = await server.gql(`mutation { revokeToken { revokedTokenId } }`, {}, { token: null });
    expectRefused({ ...http, text: JSON.stringify(http) }, 'UNAUTHENTICATED');
  });
});

describe('auditLog, read by every kind of viewer over HTTP and WebSocket', () => {
  const AUDIT_LOG = `query($under: ID) {
    auditLog(underUnion: $under, first: 100) { totalCount nodes { mutation subjectIds unionIds } }
  }`;
  /** The same question over both transports; both answers, which must agree. */
  async function both(variables: Record<string, unknown>, token?: string) {
    const http = await server.gql(AUDIT_LOG, variables, { token: token ?? null });
    const ws = await overWs(server.wsUrl, AUDIT_LOG, variables, token);
    return { http: { ...http, text: JSON.stringify(http) }, ws };
  }

  it('nobody: UNAUTHENTICATED', async () => {
    const { http, ws } = await both({});
    expectRefused(http, 'UNAUTHENTICATED');
    expectRefused(ws, 'UNAUTHENTICATED');
  });

  it("the intruder naming county A's subtree: FORBIDDEN", async () => {
    for (const under of [ids.countyA, ids.townA1, ids.city]) {
      const { http, ws } = await both({ under }, staffB);
      expectRefused(http, 'FORBIDDEN');
      expectRefused(ws, 'FORBIDDEN');
    }
  });

  it("the intruder: only county B's own entry, none of county A's", async () => {
    const { http, ws } = await both({}, staffB);
    const expected = {
      totalCount: 1,
      nodes: [{ mutation: 'createUnion', subjectIds: [ids.countyB], unionIds: [ids.countyB] }],
    };
    expect(http.data.auditLog).toEqual(expected);
    expect(ws.data.auditLog).toEqual(expected);
  });

  it("staff of town A1: the entries concerning A1's subtree only", async () => {
    const { http, ws } = await both({}, staffA1);
    expect(ws.data).toEqual(http.data);
    const nodes = http.data.auditLog.nodes as { mutation: string; unionIds: string[] }[];
    expect(nodes.map((n) => n.mutation).sort()).toEqual([
      'acceptOrder',
      'createSite',
      'createUnion',
      'placeOrder',
      'placeOrder',
      'signUp',
    ]);
    for (const node of nodes) expect(node.unionIds).toContain(ids.townA1);
  });

  it('an ADMIN: every entry', async () => {
    const [{ n }] = await server.sql<{ n: number }>('select count(*)::int as n from audit_entries');
    const { http, ws } = await both({}, server.adminToken);
    expect(http.data.auditLog.totalCount).toBe(n);
    expect(ws.data).toEqual(http.data);
  });
});

describe('afterwards', () => {
  it('nothing was logged as an internal error and the database is unchanged', async () => {
    expect(server.loggedErrors.map((e) => String(e.error))).toEqual([]);
    expect(await databaseChecksum(server)).toEqual(before);
    // The data the attempts aimed at is all still there.
    expect(await server.sql(`select count(*)::int as n from unions`)).toEqual([{ n: 4 }]);
    expect(await server.sql(`select count(*)::int as n from revoked_tokens`)).toEqual([{ n: 0 }]);
  });
});
