import { readFile } from 'node:fs/promises';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInCodeFor } from '../src/activities/check-in.code.js';
import { createUnion, DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { globalId, overHttp, overWs } from './helpers/hostile.js';
import {
  errorCode,
  startTestServer,
  TEST_JWT_SECRET,
  tokenFor,
  workerTokenFor,
  type GraphQLResponse,
  type TestServer,
} from './helpers/server.js';
import { rawSocket } from './helpers/ws.js';

/**
 * The audit trail (issue 10, point 2): every committed mutation leaves exactly one entry,
 * written in its own transaction, saying who, what, when and from which request; refused
 * and rolled-back mutations leave none; `auditLog` reads it back by subtree; the
 * database refuses to change or remove an entry.
 *
 * The tree: city → county A → town A1, and county B. Staff of county A make the changes.
 */

/** Activities start in 20 minutes: open for sign-up, and staff may start them at once. */
const SOON = fromNow(20 * MINUTE);

let server: TestServer;
let city: string, countyA: string, townA1: string, countyB: string;
let staffA: string, staffB: string, staffA1: string;
const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);
const asType = (type: string, id: string): string => globalId(type, dbId(id));

interface EntryRow {
  id: string;
  at: Date;
  staff_id: string;
  staff_name: string;
  staff_union_id: number;
  staff_role: string;
  mutation: string;
  reason: string | null;
  subject_ids: string[];
  union_paths: string;
  request_id: string | null;
  connection_id: string | null;
  operation_id: string | null;
  /** The time of the newest event-log row: the mutation's own event or write mark, same transaction. */
  event_at: Date;
}

const entryCount = async (): Promise<number> =>
  (await server.sql<{ n: number }>('select count(*)::int as n from audit_entries'))[0]!.n;

async function newestEntry(): Promise<EntryRow> {
  const [row] = await server.sql<EntryRow>(
    `select e.*, e.union_paths::text as union_paths,
       (select created_at from events order by cursor desc limit 1) as event_at
     from audit_entries e order by e.id desc limit 1`,
  );
  return row!;
}

/** The unions an entry concerns, as global ids: the last label of each path. */
const unionsOf = (row: EntryRow): string[] =>
  row.union_paths
    .replace(/[{}]/g, '')
    .split(',')
    .filter(Boolean)
    .map((path) => globalId('Union', path.split('.').at(-1)!))
    .sort();

function ok(res: GraphQLResponse, what: string): any {
  if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  city = await createUnion(server, '嘉兴市总工会', 'CITY');
  countyA = await createUnion(server, '平湖市总工会', 'COUNTY', city);
  townA1 = await createUnion(server, '当湖街道总工会', 'TOWN', countyA);
  countyB = await createUnion(server, '海盐县总工会', 'COUNTY', city);
  staffA = await tokenFor({ unionId: dbId(countyA), name: '平湖干部' });
  staffB = await tokenFor({ unionId: dbId(countyB), name: '海盐干部' });
  staffA1 = await tokenFor({ unionId: dbId(townA1), name: '当湖干部' });
});
afterAll(() => server?.stop());

/** One mutation of the tour below and the entry it must leave. */
interface Step {
  field: string;
  query: string;
  variables: () => Record<string, unknown>;
  /** Keeps ids from the answer for later steps. */
  keep?: (data: any) => void;
  subjects: () => string[];
  unions: () => string[];
  reason?: string;
  token?: () => string;
  /** A worker's own mutation: made with a worker's token, whose entry names the worker by subject only. */
  byWorker?: true;
}

const ids: Record<string, string> = {};

/** Every mutation of the schema, made by staff of county A, in an order that makes each one possible. */
const tour: Step[] = [
  {
    field: 'createUnion',
    query: `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
    variables: () => ({ i: { name: '平湖经济开发区联合工会', level: 'GRASSROOTS', parentId: countyA } }),
    keep: (d) => (ids.town = d.createUnion.union.id),
    subjects: () => [ids.town!],
    unions: () => [ids.town!],
  },
  {
    field: 'updateUnion',
    query: `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
    variables: () => ({ i: { id: ids.town, name: '平湖经开区联合工会' } }),
    subjects: () => [ids.town!],
    unions: () => [ids.town!],
  },
  {
    // Its new path, and its old place through the old parent.
    field: 'moveUnion',
    query: `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`,
    variables: () => ({ i: { id: ids.town, newParentId: townA1 } }),
    subjects: () => [ids.town!],
    unions: () => [ids.town!, countyA],
  },
  {
    field: 'createSite',
    query: `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`,
    variables: () => ({ i: { unionId: townA1, name: '当湖职工书屋', kind: 'READING_ROOM' } }),
    keep: (d) => (ids.site = d.createSite.site.id),
    subjects: () => [ids.site!],
    unions: () => [townA1],
  },
  {
    // Moved to another union: it concerns both.
    field: 'updateSite',
    query: `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id } } }`,
    variables: () => ({ i: { id: ids.site, unionId: countyA } }),
    subjects: () => [ids.site!],
    unions: () => [townA1, countyA],
  },
  {
    field: 'createProgramme',
    query: `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`,
    variables: () => ({ i: { unionId: countyA, name: '职工文化节' } }),
    keep: (d) => (ids.programme = d.createProgramme.programme.id),
    subjects: () => [ids.programme!],
    unions: () => [countyA],
  },
  {
    field: 'updateProgramme',
    query: `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { id } } }`,
    variables: () => ({ i: { id: ids.programme, name: '职工文化艺术节' } }),
    subjects: () => [ids.programme!],
    unions: () => [countyA],
  },
  {
    field: 'createActivity',
    query: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    variables: () => ({
      i: {
        kind: 'COURSE',
        title: '书法课',
        organiserId: countyA,
        // Open for sign-up, and staff may start it at once (30 minutes early at most).
        startsAt: SOON,
        endsAt: fromNow(DAY),
        status: 'OPEN',
        // Held at the site, so that workers check in there with its code.
        siteId: ids.site,
      },
    }),
    keep: (d) => (ids.course = d.createActivity.activity.id),
    subjects: () => [ids.course!],
    unions: () => [countyA],
  },
  {
    // The worker's union is concerned too; the worker's name and phone are not kept.
    field: 'signUp',
    query: `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
    variables: () => ({ i: { activityId: ids.course, workerName: '张三', phone: '13800000001', unionId: townA1 } }),
    keep: (d) => (ids.signUp = d.signUp.signUp.id),
    subjects: () => [ids.signUp!, ids.course!],
    unions: () => [countyA, townA1],
  },
  {
    // A worker signs themselves up: the entry keeps their subject and union, never their name or phone.
    field: 'signMeUp',
    query: `mutation($a: ID!) { signMeUp(activityId: $a) { signUp { id } } }`,
    variables: () => ({ a: ids.course }),
    token: () => ids.workerToken!,
    byWorker: true,
    keep: (d) => (ids.mySignUp = d.signMeUp.signUp.id),
    subjects: () => [ids.mySignUp!, ids.course!],
    unions: () => [countyA, townA1],
  },
  {
    // Checking in with the site's code: the worker's sign-up and the activity.
    field: 'checkIn',
    query: `mutation($c: String!) { checkIn(code: $c) { signUp { id } } }`,
    variables: () => ({ c: checkInCodeFor({ jwtSecret: TEST_JWT_SECRET }, dbId(ids.site!)).code }),
    token: () => ids.workerToken!,
    byWorker: true,
    subjects: () => [ids.mySignUp!, ids.course!],
    unions: () => [countyA, townA1],
  },
  {
    field: 'cancelMySignUp',
    query: `mutation($id: ID!) { cancelMySignUp(id: $id) { signUp { id } } }`,
    variables: () => ({ id: ids.mySignUp }),
    token: () => ids.workerToken!,
    byWorker: true,
    subjects: () => [ids.mySignUp!, ids.course!],
    unions: () => [countyA, townA1],
  },
  {
    // A second worker, of no union: the one whose attendance is corrected once it is over.
    field: 'signUp',
    query: `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
    variables: () => ({ i: { activityId: ids.course, workerName: '李四', phone: '13800000003' } }),
    keep: (d) => (ids.secondSignUp = d.signUp.signUp.id),
    subjects: () => [ids.secondSignUp!, ids.course!],
    unions: () => [countyA],
  },
  {
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    // Off the site, which the tour deletes at the end.
    variables: () => ({ i: { id: ids.course, status: 'RUNNING', siteId: null } }),
    subjects: () => [ids.course!],
    unions: () => [countyA],
  },
  {
    field: 'recordAttendance',
    query: `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { id } } }`,
    variables: () => ({ i: { signUpId: ids.signUp, attended: true } }),
    subjects: () => [ids.signUp!, ids.course!],
    unions: () => [countyA, townA1],
  },
  {
    field: 'cancelSignUp',
    query: `mutation($id: ID!) { cancelSignUp(id: $id) { signUp { id } } }`,
    variables: () => ({ id: ids.signUp }),
    subjects: () => [ids.signUp!, ids.course!],
    unions: () => [countyA, townA1],
  },
  {
    // Over: it ran from a minute ago until now.
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: ids.course, status: 'FINISHED', startsAt: fromNow(-MINUTE) } }),
    subjects: () => [ids.course!],
    unions: () => [countyA],
  },
  {
    field: 'correctAttendance',
    query: `mutation($i: CorrectAttendanceInput!) { correctAttendance(input: $i) { signUp { id } } }`,
    variables: () => ({ i: { signUpId: ids.secondSignUp, attended: true, reason: '签到表补录' } }),
    subjects: () => [ids.secondSignUp!, ids.course!],
    unions: () => [countyA],
    reason: '签到表补录',
  },
  {
    field: 'createActivity',
    query: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    variables: () => ({
      i: { kind: 'COMPETITION', title: '气排球联赛', organiserId: countyA, startsAt: SOON, endsAt: fromNow(DAY) },
    }),
    keep: (d) => (ids.league = asType('Competition', d.createActivity.activity.id)),
    subjects: () => [asType('Activity', ids.league!)],
    unions: () => [countyA],
  },
  {
    field: 'setCompetitionRules',
    query: `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`,
    variables: () => ({ i: { competitionId: ids.league, pointsForWin: 2 } }),
    subjects: () => [ids.league!],
    unions: () => [countyA],
  },
  {
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: asType('Activity', ids.league!), status: 'RUNNING' } }),
    subjects: () => [asType('Activity', ids.league!)],
    unions: () => [countyA],
  },
  {
    field: 'registerEntries',
    query: `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`,
    variables: () => ({
      i: {
        competitionId: ids.league,
        entries: [
          { name: '甲队', unionId: townA1 },
          { name: '乙队', unionId: townA1 },
        ],
      },
    }),
    keep: (d) => ([ids.home, ids.away] = d.registerEntries.entries.map((e: { id: string }) => e.id)),
    subjects: () => [ids.league!, ids.home!, ids.away!],
    unions: () => [countyA],
  },
  {
    field: 'scheduleMatches',
    query: `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`,
    variables: () => ({
      i: {
        competitionId: ids.league,
        matches: [
          { round: '第1轮', homeEntryId: ids.home, awayEntryId: ids.away, startsAt: '2026-11-02T19:00:00+08:00' },
          { round: '第2轮', homeEntryId: ids.away, awayEntryId: ids.home, startsAt: '2026-11-03T19:00:00+08:00' },
        ],
      },
    }),
    keep: (d) => ([ids.match, ids.match2] = d.scheduleMatches.matches.map((m: { id: string }) => m.id)),
    subjects: () => [ids.league!, ids.match!, ids.match2!],
    unions: () => [countyA],
  },
  ...(
    [
      ['startMatch', `mutation($id: ID!) { startMatch(id: $id) { match { id } } }`, () => ({ id: ids.match })],
      [
        'recordScore',
        `mutation($i: RecordScoreInput!) { recordScore(input: $i) { match { id } } }`,
        () => ({ i: { matchId: ids.match, homeScore: 1, awayScore: 0 } }),
      ],
      [
        'finishMatch',
        `mutation($i: FinishMatchInput!) { finishMatch(input: $i) { match { id } } }`,
        () => ({ i: { matchId: ids.match, homeScore: 2, awayScore: 0 } }),
      ],
    ] as const
  ).map(([field, query, variables]): Step => ({
    field,
    query,
    variables,
    subjects: () => [ids.match!, ids.league!],
    unions: () => [countyA],
  })),
  {
    field: 'correctMatchScore',
    query: `mutation($i: CorrectMatchScoreInput!) { correctMatchScore(input: $i) { match { id } } }`,
    variables: () => ({ i: { matchId: ids.match, homeScore: 2, awayScore: 1, reason: ' 记分员录入错误 ' } }),
    subjects: () => [ids.match!, ids.league!],
    unions: () => [countyA],
    reason: '记分员录入错误',
  },
  {
    field: 'cancelMatch',
    query: `mutation($id: ID!) { cancelMatch(id: $id) { match { id } } }`,
    variables: () => ({ id: ids.match2 }),
    subjects: () => [ids.match2!, ids.league!],
    unions: () => [countyA],
  },
  {
    field: 'createActivity',
    query: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    variables: () => ({
      i: { kind: 'COMPETITION', title: '歌手大赛', organiserId: countyA, startsAt: SOON, endsAt: fromNow(DAY) },
    }),
    keep: (d) => (ids.contest = asType('Competition', d.createActivity.activity.id)),
    subjects: () => [asType('Activity', ids.contest!)],
    unions: () => [countyA],
  },
  {
    field: 'setCompetitionRules',
    query: `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`,
    variables: () => ({ i: { competitionId: ids.contest, format: 'JUDGED' } }),
    subjects: () => [ids.contest!],
    unions: () => [countyA],
  },
  {
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: asType('Activity', ids.contest!), status: 'RUNNING' } }),
    subjects: () => [asType('Activity', ids.contest!)],
    unions: () => [countyA],
  },
  {
    field: 'registerEntries',
    query: `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`,
    variables: () => ({ i: { competitionId: ids.contest, entries: [{ name: '外卖小哥', unionId: townA1 }] } }),
    keep: (d) => (ids.singer = d.registerEntries.entries[0].id),
    subjects: () => [ids.contest!, ids.singer!],
    unions: () => [countyA],
  },
  {
    field: 'recordJudgeScores',
    query: `mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { scores { judge } } }`,
    variables: () => ({
      i: { competitionId: ids.contest, entryId: ids.singer, round: 1, scores: [{ judge: '评委甲', score: 90 }] },
    }),
    subjects: () => [ids.contest!, ids.singer!],
    unions: () => [countyA],
  },
  {
    field: 'correctJudgeScore',
    query: `mutation($i: CorrectJudgeScoreInput!) { correctJudgeScore(input: $i) { scores { judge } } }`,
    variables: () => ({
      i: { competitionId: ids.contest, entryId: ids.singer, round: 1, judge: '评委甲', score: 92, reason: '计分错误' },
    }),
    subjects: () => [ids.contest!, ids.singer!],
    unions: () => [countyA],
    reason: '计分错误',
  },
  {
    // Entered by mistake: only an activity that holds no sign-ups or results is deleted.
    field: 'createActivity',
    query: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    variables: () => ({
      i: { kind: 'LECTURE', title: '重复录入的讲座', organiserId: countyA, startsAt: fromNow(DAY) },
    }),
    keep: (d) => (ids.mistake = d.createActivity.activity.id),
    subjects: () => [ids.mistake!],
    unions: () => [countyA],
  },
  {
    field: 'deleteActivity',
    query: `mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`,
    variables: () => ({ id: ids.mistake }),
    subjects: () => [ids.mistake!],
    unions: () => [countyA],
  },
  // The menu: county A offers an item, town A1 orders it for a site of its own.
  {
    field: 'createSite',
    query: `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`,
    variables: () => ({ i: { unionId: townA1, name: '当湖职工之家', kind: 'WORKERS_HOME' } }),
    keep: (d) => (ids.homeSite = d.createSite.site.id),
    subjects: () => [ids.homeSite!],
    unions: () => [townA1],
  },
  {
    field: 'createMenuItem',
    query: `mutation($i: CreateMenuItemInput!) { createMenuItem(input: $i) { item { id } } }`,
    variables: () => ({
      i: {
        unionId: countyA,
        title: '劳动法讲座',
        kind: 'LECTURE',
        provider: '律师协会',
        seasons: ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER'],
        durationMinutes: 90,
        places: 50,
      },
    }),
    keep: (d) => (ids.item = d.createMenuItem.item.id),
    subjects: () => [ids.item!],
    unions: () => [countyA],
  },
  {
    field: 'updateMenuItem',
    query: `mutation($i: UpdateMenuItemInput!) { updateMenuItem(input: $i) { item { id } } }`,
    variables: () => ({ i: { id: ids.item, quotaPerSeason: 5 } }),
    subjects: () => [ids.item!],
    unions: () => [countyA],
  },
  ...(['order', 'declined', 'cancelled'] as const).map((key): Step => ({
    field: 'placeOrder',
    query: `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } } }`,
    variables: () => ({
      i: {
        itemId: ids.item,
        orderingUnionId: townA1,
        siteId: ids.homeSite,
        wishedDates: [fromNow(2 * DAY).slice(0, 10)],
        expectedAttendees: 40,
      },
    }),
    keep: (d) => (ids[key] = d.placeOrder.order.id),
    subjects: () => [ids[key]!],
    unions: () => [townA1, countyA],
  })),
  {
    // The activity it creates is a subject too.
    field: 'acceptOrder',
    query: `mutation($i: AcceptOrderInput!) { acceptOrder(input: $i) { activity { id } } }`,
    variables: () => ({ i: { orderId: ids.order, startsAt: SOON } }),
    keep: (d) => (ids.delivery = d.acceptOrder.activity.id),
    subjects: () => [ids.order!, ids.delivery!],
    unions: () => [countyA, townA1],
  },
  {
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: ids.delivery, status: 'RUNNING', startsAt: fromNow(-MINUTE) } }),
    subjects: () => [ids.delivery!],
    unions: () => [countyA],
  },
  {
    // Finished: the order it delivers is DELIVERED in the same transaction.
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: ids.delivery, status: 'FINISHED' } }),
    subjects: () => [ids.delivery!],
    unions: () => [countyA],
  },
  {
    field: 'rateOrder',
    query: `mutation($i: RateOrderInput!) { rateOrder(input: $i) { order { id } } }`,
    variables: () => ({ i: { orderId: ids.order, rating: 5, comment: '很实用' } }),
    subjects: () => [ids.order!],
    unions: () => [countyA, townA1],
  },
  // Subsidies: an activity of town A1, held and finished; county A's budget pays for it.
  {
    field: 'createActivity',
    query: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    variables: () => ({
      i: { kind: 'PERFORMANCE', title: '迎新春文艺汇演', organiserId: townA1, startsAt: SOON, status: 'OPEN' },
    }),
    keep: (d) => (ids.show = d.createActivity.activity.id),
    subjects: () => [ids.show!],
    unions: () => [townA1],
  },
  {
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: ids.show, status: 'RUNNING', startsAt: fromNow(-MINUTE) } }),
    subjects: () => [ids.show!],
    unions: () => [townA1],
  },
  {
    field: 'updateActivity',
    query: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
    variables: () => ({ i: { id: ids.show, status: 'FINISHED' } }),
    subjects: () => [ids.show!],
    unions: () => [townA1],
  },
  {
    field: 'setSubsidyBudget',
    query: `mutation($i: SetSubsidyBudgetInput!) { setSubsidyBudget(input: $i) { budget { id } } }`,
    variables: () => ({
      i: {
        unionId: countyA,
        year: new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(),
        totalFen: 5_000_000,
        rules: [{ perActivityFen: 20_000 }],
      },
    }),
    keep: (d) => (ids.budget = d.setSubsidyBudget.budget.id),
    subjects: () => [ids.budget!],
    unions: () => [countyA],
  },
  ...(['rejected', 'claim'] as const)
    .map((key): Step => ({
      // The activity is a subject too.
      field: 'claimSubsidy',
      query: `mutation($i: ClaimSubsidyInput!) { claimSubsidy(input: $i) { claim { id } } }`,
      variables: () => ({ i: { activityId: ids.show, evidence: '演出照片20张' } }),
      keep: (d) => (ids[key] = d.claimSubsidy.claim.id),
      subjects: () => [ids[key]!, ids.show!],
      unions: () => [townA1, countyA],
    }))
    .flatMap((claim, n): Step[] =>
      n === 0
        ? [
            claim,
            {
              field: 'rejectSubsidyClaim',
              query: `mutation($i: SubsidyClaimReasonInput!) { rejectSubsidyClaim(input: $i) { claim { id } } }`,
              variables: () => ({ i: { claimId: ids.rejected, reason: '缺少签到表' } }),
              subjects: () => [ids.rejected!],
              unions: () => [townA1, countyA],
              reason: '缺少签到表',
            },
            {
              field: 'correctSubsidyClaim',
              query: `mutation($i: CorrectSubsidyClaimInput!) { correctSubsidyClaim(input: $i) { claim { id } } }`,
              variables: () => ({ i: { claimId: ids.rejected, reason: '补交签到表', evidence: '签到表' } }),
              subjects: () => [ids.rejected!],
              unions: () => [townA1, countyA],
              reason: '补交签到表',
            },
            {
              field: 'withdrawSubsidyClaim',
              query: `mutation($i: SubsidyClaimReasonInput!) { withdrawSubsidyClaim(input: $i) { claim { id } } }`,
              variables: () => ({ i: { claimId: ids.rejected, reason: '重新申报' } }),
              subjects: () => [ids.rejected!],
              unions: () => [townA1, countyA],
              reason: '重新申报',
            },
          ]
        : [claim],
    ),
  {
    field: 'approveSubsidyClaim',
    query: `mutation($i: ApproveSubsidyClaimInput!) { approveSubsidyClaim(input: $i) { claim { id } } }`,
    variables: () => ({ i: { claimId: ids.claim, amountFen: 15_000, reason: '观众不足' } }),
    subjects: () => [ids.claim!],
    unions: () => [townA1, countyA],
    reason: '观众不足',
  },
  {
    field: 'paySubsidyClaim',
    query: `mutation($i: PaySubsidyClaimInput!) { paySubsidyClaim(input: $i) { claim { id } } }`,
    variables: () => ({ i: { claimId: ids.claim, reference: '甘财补〔2026〕1号' } }),
    subjects: () => [ids.claim!],
    unions: () => [townA1, countyA],
  },
  {
    field: 'declineOrder',
    query: `mutation($i: DeclineOrderInput!) { declineOrder(input: $i) { order { id } } }`,
    variables: () => ({ i: { orderId: ids.declined, reason: '本季已排满' } }),
    subjects: () => [ids.declined!],
    unions: () => [countyA, townA1],
    reason: '本季已排满',
  },
  {
    field: 'cancelOrder',
    query: `mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { order { id } } }`,
    variables: () => ({ i: { orderId: ids.cancelled } }),
    subjects: () => [ids.cancelled!],
    unions: () => [countyA, townA1],
  },
  {
    field: 'withdrawMenuItem',
    query: `mutation($i: WithdrawMenuItemInput!) { withdrawMenuItem(input: $i) { item { id } } }`,
    variables: () => ({ i: { id: ids.item } }),
    subjects: () => [ids.item!],
    unions: () => [countyA],
  },
  // A club of county A that a worker of town A1 joins, leaves, asks to join again and is declined.
  {
    field: 'createClub',
    query: `mutation($i: CreateClubInput!) { createClub(input: $i) { club { id } } }`,
    variables: () => ({ i: { unionId: countyA, name: '平湖市职工舞蹈团', kind: 'ARTS' } }),
    keep: (d) => (ids.club = d.createClub.club.id),
    subjects: () => [ids.club!],
    unions: () => [countyA],
  },
  {
    field: 'updateClub',
    query: `mutation($i: UpdateClubInput!) { updateClub(input: $i) { club { id } } }`,
    variables: () => ({ i: { id: ids.club, requiresApproval: true, memberLimit: 30 } }),
    subjects: () => [ids.club!],
    unions: () => [countyA],
  },
  ...(['member', 'secondMember'] as const).flatMap((key): Step[] => [
    {
      field: 'joinClub',
      query: `mutation($c: ID!) { joinClub(clubId: $c) { member { id } } }`,
      variables: () => ({ c: ids.club }),
      token: () => ids.workerToken!,
      byWorker: true,
      keep: (d) => (ids[key] = d.joinClub.member.id),
      subjects: () => [ids[key]!, ids.club!],
      unions: () => [countyA, townA1],
    },
    key === 'member'
      ? {
          field: 'approveClubMember',
          query: `mutation($id: ID!) { approveClubMember(id: $id) { member { id } } }`,
          variables: () => ({ id: ids.member }),
          subjects: () => [ids.member!, ids.club!],
          unions: () => [countyA, townA1],
        }
      : {
          field: 'declineClubMember',
          query: `mutation($i: DeclineClubMemberInput!) { declineClubMember(input: $i) { member { id } } }`,
          variables: () => ({ i: { memberId: ids.secondMember, reason: '本期名额已满' } }),
          subjects: () => [ids.secondMember!, ids.club!],
          unions: () => [countyA, townA1],
          reason: '本期名额已满',
        },
    ...(key === 'member'
      ? [
          {
            field: 'leaveClub',
            query: `mutation($c: ID!) { leaveClub(clubId: $c) { member { id } } }`,
            variables: () => ({ c: ids.club }),
            token: () => ids.workerToken!,
            byWorker: true as const,
            subjects: () => [ids.member!, ids.club!],
            unions: () => [countyA, townA1],
          },
        ]
      : []),
  ]),
  {
    field: 'recordClubHonour',
    query: `mutation($i: RecordClubHonourInput!) { recordClubHonour(input: $i) { honour { id } } }`,
    variables: () => ({ i: { clubId: ids.club, level: 'PROVINCIAL', title: '浙江省职工文艺汇演金奖', year: 2025 } }),
    keep: (d) => (ids.honour = d.recordClubHonour.honour.id),
    subjects: () => [ids.honour!, ids.club!],
    unions: () => [countyA],
  },
  {
    field: 'correctClubHonour',
    query: `mutation($i: CorrectClubHonourInput!) { correctClubHonour(input: $i) { honour { id } } }`,
    variables: () => ({ i: { id: ids.honour, level: 'NATIONAL', reason: '获奖文件为全国总工会' } }),
    subjects: () => [ids.honour!, ids.club!],
    unions: () => [countyA],
    reason: '获奖文件为全国总工会',
  },
  {
    field: 'deleteProgramme',
    query: `mutation($id: ID!) { deleteProgramme(id: $id) { deletedId } }`,
    variables: () => ({ id: ids.programme }),
    subjects: () => [ids.programme!],
    unions: () => [countyA],
  },
  {
    field: 'deleteSite',
    query: `mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`,
    variables: () => ({ id: ids.site }),
    subjects: () => [ids.site!],
    unions: () => [countyA],
  },
  {
    // The path recorded is the one the union had: below town A1 since the move.
    field: 'deleteUnion',
    query: `mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`,
    variables: () => ({ id: ids.town }),
    subjects: () => [ids.town!],
    unions: () => [ids.town!],
  },
  {
    // Signing out: the token's id is the subject.
    field: 'revokeToken',
    query: `mutation { revokeToken { revokedTokenId } }`,
    variables: () => ({}),
    token: () => ids.leavingToken!,
    keep: (d) => (ids.revoked = d.revokeToken.revokedTokenId),
    subjects: () => [ids.revoked!],
    unions: () => [countyA],
  },
];

describe('every mutation writes one entry in its transaction', () => {
  it('covers every mutation of the schema in the tour', async () => {
    const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
    expect([...new Set(tour.map((s) => s.field))].sort()).toEqual(
      Object.keys(schema.getMutationType()!.getFields()).sort(),
    );
  });

  it('records who, what, when and the HTTP request id of each, and no personal data', async () => {
    ids.leavingToken = await tokenFor({ unionId: dbId(countyA), name: '平湖干部' });
    ids.workerToken = await workerTokenFor({
      unionId: dbId(townA1),
      name: '张三',
      phone: '13800000002',
      workerId: 'w-audit',
    });
    for (const [n, step] of tour.entries()) {
      const requestId = `audit-${n}-${step.field}`;
      const count = await entryCount();
      const started = Date.now();
      const res = await server.gql(step.query, step.variables(), {
        token: step.token?.() ?? staffA,
        headers: { 'x-request-id': requestId },
      });
      const finished = Date.now();
      const data = ok(res, step.field);
      step.keep?.(data);
      expect(await entryCount(), step.field).toBe(count + 1);
      const row = await newestEntry();
      const who = step.byWorker
        ? { staff_id: 'worker:w-audit', staff_name: '', staff_union_id: dbId(townA1), staff_role: 'WORKER' }
        : {
            staff_id: `staff-${dbId(countyA)}`,
            staff_name: '平湖干部',
            staff_union_id: dbId(countyA),
            staff_role: 'STAFF',
          };
      expect(row, step.field).toMatchObject({
        ...who,
        mutation: step.field,
        reason: step.reason ?? null,
        subject_ids: step.subjects(),
        request_id: requestId,
        connection_id: null,
        operation_id: null,
      });
      expect(unionsOf(row), step.field).toEqual([...step.unions()].sort());
      // now(): the time of the transaction, the same as its event's or write mark's.
      expect(row.at.getTime(), step.field).toBe(row.event_at.getTime());
      expect(row.at.getTime()).toBeGreaterThanOrEqual(started - 1);
      expect(row.at.getTime()).toBeLessThanOrEqual(finished + 1);
    }
    const everything = JSON.stringify(await server.sql('select * from audit_entries'));
    expect(everything).not.toContain('张三');
    expect(everything).not.toContain('13800000001');
    expect(everything).not.toContain('13800000002');
  });

  it('records the connection and operation ids of a mutation sent over graphql-ws', async () => {
    const raw = await rawSocket(server.wsUrl, { headers: { 'x-request-id': 'scoreboard-7' } });
    try {
      raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${staffA}` } });
      await raw.nextMessage((m) => m.type === 'connection_ack');
      const count = await entryCount();
      raw.send({
        id: 'op-42',
        type: 'subscribe',
        payload: {
          query: `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
          variables: { i: { id: townA1, memberCount: 120 } },
        },
      });
      const answer = await raw.nextMessage((m) => m.id === 'op-42' && m.type === 'next');
      expect(answer.payload.errors).toBeUndefined();
      expect(await entryCount()).toBe(count + 1);
      expect(await newestEntry()).toMatchObject({
        mutation: 'updateUnion',
        subject_ids: [townA1],
        staff_name: '平湖干部',
        request_id: null,
        connection_id: 'scoreboard-7',
        operation_id: 'op-42',
      });
    } finally {
      raw.socket.close();
    }
  });

  it('writes one entry per mutation field of a request, each in its own transaction', async () => {
    const count = await entryCount();
    const res = await server.gql(
      `mutation($a: UpdateUnionInput!, $b: UpdateUnionInput!) {
        first: updateUnion(input: $a) { union { id } }
        second: updateUnion(input: $b) { union { id } }
        third: createSite(input: { unionId: "${countyB}", name: "越界书屋", kind: READING_ROOM }) { site { id } }
      }`,
      { a: { id: countyA, memberCount: 10 }, b: { id: townA1, memberCount: 20 } },
      { token: staffA, headers: { 'x-request-id': 'two-fields' } },
    );
    // The third is outside county A's subtree: refused and rolled back alone (its null
    // payload nulls the whole answer, but the first two committed).
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['third'], 'FORBIDDEN']]);
    expect(await entryCount()).toBe(count + 2);
    const rows = await server.sql<{ mutation: string; subject_ids: string[]; request_id: string; ts: string }>(
      `select mutation, subject_ids, request_id, at::text as ts from audit_entries order by id desc limit 2`,
    );
    expect(rows.map((r) => [r.mutation, r.subject_ids, r.request_id])).toEqual([
      ['updateUnion', [townA1], 'two-fields'],
      ['updateUnion', [countyA], 'two-fields'],
    ]);
    expect(rows[0]!.ts).not.toBe(rows[1]!.ts);
  });
});

describe('a mutation that fails writes none', () => {
  const checksum = () => server.sql(`select md5(string_agg(t::text, ',' order by t.id)) as sum from audit_entries t`);

  beforeAll(async () => {
    // An open course with a sign-up, and a town that holds a village.
    const created = await server.gql(
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      {
        i: {
          kind: 'COURSE',
          title: '摄影课',
          organiserId: countyA,
          startsAt: fromNow(DAY),
          status: 'OPEN',
        },
      },
      { token: staffA },
    );
    ids.openCourse = ok(created, 'createActivity').createActivity.activity.id;
    const signedUp = await server.gql(
      `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
      { i: { activityId: ids.openCourse, workerName: '李四', phone: '13800000002' } },
      { token: staffA },
    );
    ok(signedUp, 'signUp');
    await createUnion(server, '新村工会', 'VILLAGE', townA1);
  });

  it.each([
    [
      'FORBIDDEN',
      'staff of county B changing county A',
      (): string | null => staffB,
      `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
      () => ({ i: { id: countyA, name: '改名' } }),
    ],
    [
      'UNAUTHENTICATED',
      'no token',
      (): string | null => null,
      `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
      () => ({ i: { id: countyA, name: '改名' } }),
    ],
    [
      'CONFLICT',
      'the same phone number twice',
      (): string | null => staffA,
      `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
      () => ({ i: { activityId: ids.openCourse, workerName: '李四', phone: '13800000002' } }),
    ],
    [
      'CONFLICT',
      'deleting a union that holds another, refused after its entry was inserted (rolled back with it)',
      (): string | null => staffA,
      `mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`,
      () => ({ id: townA1 }),
    ],
  ] as const)('%s: %s', async (code, _what, token, query, variables) => {
    const before = await checksum();
    const res = await server.gql(query, variables(), { token: token() });
    expect(errorCode(res), JSON.stringify(res)).toBe(code);
    expect(await checksum()).toEqual(before);
  });
});

const AUDIT_LOG = `query($under: ID, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  auditLog(underUnion: $under, from: $from, to: $to, first: $first, after: $after) {
    totalCount
    nodes { id at mutation subjectIds reason unionIds requestId connectionId operationId staff { staffId name role unionId } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Ids of the entries whose union paths have `unionId` on them: what its staff may read. */
async function entriesConcerning(unionId?: string): Promise<string[]> {
  const rows = await server.sql<{ id: string }>(
    `select id::text from audit_entries
     where $1::int is null or exists (select 1 from unnest(union_paths) p where p ~ ('*.' || $1 || '.*')::lquery)
     order by at desc, id desc`,
    [unionId ? dbId(unionId) : null],
  );
  return rows.map((r) => r.id);
}

describe('auditLog', () => {
  const read = (token: string | null, variables: Record<string, unknown> = {}) =>
    server.gql(AUDIT_LOG, { first: 100, ...variables }, { token });

  it('gives ADMIN every entry, newest first, with who, what, when and where', async () => {
    const res = await read(server.adminToken);
    const all = await entriesConcerning();
    expect(res.data.auditLog.totalCount).toBe(all.length);
    expect(res.data.auditLog.nodes.map((n: { id: string }) => n.id)).toEqual(all.slice(0, 100));
    const correction = res.data.auditLog.nodes.find((n: { mutation: string }) => n.mutation === 'correctMatchScore');
    expect(correction).toMatchObject({
      subjectIds: [ids.match, ids.league],
      reason: '记分员录入错误',
      unionIds: [countyA],
      requestId: expect.stringMatching(/^audit-\d+-correctMatchScore$/),
      connectionId: null,
      operationId: null,
      staff: { staffId: `staff-${dbId(countyA)}`, name: '平湖干部', role: 'STAFF', unionId: countyA },
    });
  });

  it('gives STAFF the entries concerning their subtree, and underUnion narrows them', async () => {
    for (const [token, union] of [
      [staffA, countyA],
      [staffA1, townA1],
      [staffB, countyB],
    ] as const) {
      const res = await read(token);
      expect(res.errors).toBeUndefined();
      expect(res.data.auditLog.nodes.map((n: { id: string }) => n.id)).toEqual(await entriesConcerning(union));
    }
    // County B's staff see only the creation of county B; none of county A's changes.
    const b = (await read(staffB)).data.auditLog.nodes;
    expect(b.map((n: { mutation: string; subjectIds: string[] }) => [n.mutation, n.subjectIds])).toEqual([
      ['createUnion', [countyB]],
    ]);
    // The worker's union sees the sign-ups recorded for its workers, not the rest of county A.
    const a1 = (await read(staffA1)).data.auditLog.nodes.map((n: { mutation: string }) => n.mutation);
    expect(a1).toContain('signUp');
    expect(a1).not.toContain('createProgramme');
    const narrowed = await read(staffA, { under: townA1 });
    expect(narrowed.data.auditLog.nodes.map((n: { id: string }) => n.id)).toEqual(await entriesConcerning(townA1));
  });

  it('refuses underUnion outside the subtree (FORBIDDEN) and anonymous readers (UNAUTHENTICATED)', async () => {
    expect(errorCode(await read(staffA, { under: countyB }))).toBe('FORBIDDEN');
    expect(errorCode(await read(staffA1, { under: countyA }))).toBe('FORBIDDEN');
    expect(errorCode(await read(null))).toBe('UNAUTHENTICATED');
    const ws = await overWs(server.wsUrl, AUDIT_LOG, { under: countyA }, staffB);
    expect(ws.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await overWs(server.wsUrl, AUDIT_LOG, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('pages newest first, unmoved by a newer entry between pages, and keeps to [from, to)', async () => {
    const all = await entriesConcerning(countyA);
    const first = await read(staffA, { first: 3 });
    expect(first.data.auditLog.pageInfo.hasNextPage).toBe(true);
    // A mutation between the two pages adds an entry before the cursor: nothing repeats.
    const change = await server.gql(
      `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`,
      { i: { id: townA1, memberCount: 30 } },
      { token: staffA },
    );
    ok(change, 'updateUnion');
    const second = await read(staffA, { first: 3, after: first.data.auditLog.pageInfo.endCursor });
    expect([...first.data.auditLog.nodes, ...second.data.auditLog.nodes].map((n: { id: string }) => n.id)).toEqual(
      all.slice(0, 6),
    );
    const times = (await read(staffA)).data.auditLog.nodes.map((n: { at: string }) => n.at);
    const from = times[5];
    const to = times[1];
    const window = await read(staffA, { from, to });
    expect(window.data.auditLog.nodes.every((n: { at: string }) => n.at >= from && n.at < to)).toBe(true);
    expect(window.data.auditLog.totalCount).toBe(times.filter((t: string) => t >= from && t < to).length);
    expect(errorCode(await read(staffA, { from: to, to: from }))).toBe('BAD_USER_INPUT');
  });

  it("never answers one viewer from another viewer's cached answer", async () => {
    const answers = [];
    for (const token of [staffA, staffB, staffA, server.adminToken])
      answers.push(await overHttp(server.url, AUDIT_LOG, { first: 100 }, token));
    const [a, b, aAgain, admin] = answers;
    // The cache is on and answers A again; B and the ADMIN get their own entries.
    expect(aAgain!.cache).toBe('hit');
    expect(aAgain!.data).toEqual(a!.data);
    expect(b!.data.auditLog.nodes.map((n: { id: string }) => n.id)).toEqual(await entriesConcerning(countyB));
    expect(admin!.data.auditLog.totalCount).toBe((await entriesConcerning()).length);
  });
});

describe('the table', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever sends them', async () => {
    const [{ id }] = await server.sql<{ id: string }>('select max(id)::text as id from audit_entries');
    const before = await server.sql(`select md5(string_agg(t::text, ',' order by t.id)) as sum from audit_entries t`);
    await expect(server.sql(`update audit_entries set staff_name = '别人' where id = $1`, [id])).rejects.toThrow(
      /never changed or removed: UPDATE refused/,
    );
    await expect(server.sql('delete from audit_entries where id = $1', [id])).rejects.toThrow(/DELETE refused/);
    await expect(server.sql('truncate audit_entries')).rejects.toThrow(/TRUNCATE refused/);
    expect(await server.sql(`select md5(string_agg(t::text, ',' order by t.id)) as sum from audit_entries t`)).toEqual(
      before,
    );
  });

  it('is not writable through the API: no mutation names it', async () => {
    const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
    expect(Object.keys(schema.getMutationType()!.getFields()).filter((f) => /audit/i.test(f))).toEqual([]);
  });
});
