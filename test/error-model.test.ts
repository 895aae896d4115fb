import { readFile } from 'node:fs/promises';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromNow, MINUTE, updateStatus } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import { errorCode, startTestServer, subscribersReady, tokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * Issue 10, point 8: one error model. BAD_USER_INPUT is what the caller can fix in the
 * request, with `extensions.field` naming where; CONFLICT is what the current state
 * forbids; FORBIDDEN says what lies outside the subtree.
 */

let server: TestServer;
let city: string, county: string, town: string, otherCounty: string, site: string;

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const asType = (type: string, globalId: string) => Buffer.from(`${type}:${dbId(globalId)}`).toString('base64');

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

async function union(name: string, level: string, parentId?: string): Promise<string> {
  return (
    await ok(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
      i: { name, level, parentId },
    })
  ).createUnion.union.id;
}

async function activity(input: Record<string, unknown>): Promise<string> {
  return (
    await ok(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
      i: { kind: 'COURSE', title: '课程', organiserId: county, startsAt: fromNow(20 * MINUTE), ...input },
    })
  ).createActivity.activity.id;
}

async function setStatus(id: string, status: string): Promise<void> {
  await updateStatus(server, id, status);
}

/** A RUNNING competition of the county; answers its Competition id. */
async function competition(title: string, format: 'MATCHES' | 'JUDGED' = 'MATCHES'): Promise<string> {
  const id = asType('Competition', await activity({ kind: 'COMPETITION', title, status: 'OPEN' }));
  if (format === 'JUDGED') await ok(RULES, { i: { competitionId: id, format } });
  return id;
}

async function register(competitionId: string, names: string[]): Promise<string[]> {
  const data = await ok(REGISTER, {
    i: { competitionId, entries: names.map((name) => ({ name, unionId: town })) },
  });
  return data.registerEntries.entries.map((e: any) => e.id);
}

const REGISTER = `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id name } } }`;
const SCHEDULE = `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`;
const START = `mutation($id: ID!) { startMatch(id: $id) { match { status } } }`;
const CANCEL = `mutation($id: ID!) { cancelMatch(id: $id) { match { status } } }`;
const RECORD = `mutation($i: RecordScoreInput!) { recordScore(input: $i) { match { status } } }`;
const FINISH = `mutation($i: FinishMatchInput!) { finishMatch(input: $i) { match { status } } }`;
const CORRECT = `mutation($i: CorrectMatchScoreInput!) { correctMatchScore(input: $i) { match { status } } }`;
const RULES = `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`;
const JUDGE = `mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { scores { judge } } }`;
const CORRECT_JUDGE = `mutation($i: CorrectJudgeScoreInput!) { correctJudgeScore(input: $i) { scores { judge } } }`;
const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`;
const UPDATE_ACTIVITY = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  city = await union('嘉兴市总工会', 'CITY');
  county = await union('平湖市总工会', 'COUNTY', city);
  town = await union('当湖街道总工会', 'TOWN', county);
  otherCounty = await union('海盐县总工会', 'COUNTY', city);
  site = (
    await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: county, name: '平湖市全民健身中心', kind: 'SPORTS_ROOM' },
    })
  ).createSite.site.id;
});
afterAll(() => server?.stop());

/** The first error's code and field, and the fields of every problem it reports. */
function refusal(res: { errors?: any[] }) {
  const [error] = res.errors ?? [];
  return {
    code: error?.extensions?.code,
    field: error?.extensions?.field,
    message: error?.message,
    problems: (error?.extensions?.validationErrors ?? []).map((p: any) => p.field),
  };
}

describe('BAD_USER_INPUT names the argument path and the problem', () => {
  it('walks the validation tree into list items: an empty entry name', async () => {
    const id = await competition('空名测试赛');
    const res = await server.gql(REGISTER, {
      i: {
        competitionId: id,
        entries: [
          { name: '红队', unionId: town },
          { name: '蓝队', unionId: town },
          { name: '   ', unionId: town },
        ],
      },
    });
    expect(refusal(res)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'entries.2.name',
      message: 'name must not be empty',
      problems: ['entries.2.name'],
    });
    expect(res.errors![0].extensions!.validationErrors).toEqual([
      { field: 'entries.2.name', messages: ['name must not be empty'] },
    ]);
  });

  it("walks it into a judge's score of 101", async () => {
    const id = await competition('评分越界赛', 'JUDGED');
    const [entry] = await register(id, ['王芳']);
    const res = await server.gql(JUDGE, {
      i: {
        competitionId: id,
        entryId: entry,
        round: 1,
        scores: [
          { judge: '评委1', score: 90 },
          { judge: '评委2', score: 101 },
        ],
      },
    });
    expect(refusal(res)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'scores.1.score',
      message: 'score must be between 0 and 100',
      problems: ['scores.1.score'],
    });
  });

  it('reports every problem with its path, the same over WebSocket', async () => {
    const id = await competition('多处错误赛');
    const variables = {
      i: {
        competitionId: id,
        entries: [
          { name: '', unionId: town },
          { name: '好队', unionId: town, members: ['x'.repeat(101)] },
          { name: '名'.repeat(201), unionId: town },
        ],
      },
    };
    const http = await server.gql(REGISTER, variables);
    expect(refusal(http)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entries.0.name',
      problems: ['entries.0.name', 'entries.1.members', 'entries.2.name'],
    });
    for (const problem of http.errors![0].extensions!.validationErrors) expect(problem.messages).not.toEqual([]);
    const ws = await overWs(server.wsUrl, REGISTER, variables, server.adminToken);
    expect(ws.errors![0].extensions).toEqual(http.errors![0].extensions);
  });

  it('names a nested field of an input object', async () => {
    const res = await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: town, name: '坐标错', kind: 'OUTDOOR_STATION', location: { latitude: 95, longitude: 120 } },
    });
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location.latitude' });
  });

  it('names an argument other than `input` by its name: filter.near.radiusMeters', async () => {
    const res = await server.gql(
      `{ sites(filter: { near: { latitude: 30.7, longitude: 121.0, radiusMeters: 60000 } }) { totalCount } }`,
    );
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.near.radiusMeters' });
    const search = await server.gql(`{ unions(filter: { search: "${'平'.repeat(101)}" }) { totalCount } }`);
    expect(refusal(search)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    const period = await server.gql(
      `{ activities(filter: { startsFrom: "2026-12-01T00:00:00Z", startsBefore: "2026-01-01T00:00:00Z" }) { totalCount } }`,
    );
    expect(refusal(period)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.startsBefore' });
    const programme = await server.gql(`{ activities(filter: { programmeId: "nope" }) { totalCount } }`);
    expect(refusal(programme)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.programmeId' });
  });

  it('uses the same dotted paths for what the resolvers refuse in list items', async () => {
    const id = await competition('路径测试赛');
    const [red] = await register(id, ['红队', '蓝队']);
    const twice = await server.gql(REGISTER, {
      i: {
        competitionId: id,
        entries: [
          { name: '黄队', unionId: town },
          { name: '黄队 ', unionId: town },
        ],
      },
    });
    expect(refusal(twice)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries.1.name' });
    const badUnion = await server.gql(REGISTER, {
      i: { competitionId: id, entries: [{ name: '紫队', unionId: site }] },
    });
    expect(refusal(badUnion)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries.0.unionId' });
    const same = await server.gql(SCHEDULE, {
      i: {
        competitionId: id,
        matches: [{ round: '第1轮', homeEntryId: red, awayEntryId: red, startsAt: '2026-12-02T19:00:00+08:00' }],
      },
    });
    expect(refusal(same)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'matches.0.awayEntryId' });

    const judged = await competition('评委路径赛', 'JUDGED');
    const [entry] = await register(judged, ['李强']);
    const scores = (list: { judge: string; score: number }[]) =>
      server.gql(JUDGE, { i: { competitionId: judged, entryId: entry, round: 1, scores: list } });
    expect(
      refusal(
        await scores([
          { judge: '评委1', score: 90 },
          { judge: '评委1', score: 91 },
        ]),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scores.1.judge' });
    expect(
      refusal(
        await scores([
          { judge: '评委1', score: 90 },
          { judge: '评委2', score: 88.123 },
        ]),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scores.1.score' });
  });

  it('names the real argument of startMatch(id:) and cancelMatch(id:)', async () => {
    const wrongType = asType('Activity', site);
    for (const query of [START, CANCEL]) {
      const res = await server.gql(query, { id: wrongType });
      expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    }
    const record = await server.gql(RECORD, { i: { matchId: wrongType, homeScore: 1, awayScore: 0 } });
    expect(refusal(record)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'matchId' });
  });

  it('names the position in nodes(ids:)', async () => {
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [county, 'nope'] });
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.1' });
  });

  it('names the argument a level refusal is about', async () => {
    // A root cannot be GRASSROOTS: the request's level is wrong (UpdateUnionInput has no parentId).
    const root = await server.gql(`mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, {
      i: { id: city, level: 'GRASSROOTS' },
    });
    expect(refusal(root)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
    // A TOWN cannot move under a TOWN: the new parent is wrong (MoveUnionInput has no level).
    const otherTown = await union('新埭镇工会', 'TOWN', county);
    const move = await server.gql(`mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`, {
      i: { id: otherTown, newParentId: town },
    });
    expect(refusal(move)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newParentId' });
    const cycle = await server.gql(`mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`, {
      i: { id: county, newParentId: town },
    });
    expect(refusal(cycle)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newParentId' });
  });

  it('names the score that is missing when only one is given', async () => {
    const id = await competition('单边比分赛');
    const [home, away] = await register(id, ['东队', '西队']);
    const [match] = (
      await ok(SCHEDULE, {
        i: {
          competitionId: id,
          matches: [{ round: '决赛', homeEntryId: home, awayEntryId: away, startsAt: '2026-12-02T19:00:00+08:00' }],
        },
      })
    ).scheduleMatches.matches;
    const res = await server.gql(FINISH, { i: { matchId: match.id, homeScore: 1 } });
    expect(refusal(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'awayScore' });
  });
});

describe('CONFLICT for what the current state forbids', () => {
  it('refuses match changes in the wrong state with CONFLICT, and writes nothing', async () => {
    const id = await competition('状态测试赛');
    const [home, away] = await register(id, ['甲队', '乙队']);
    const [match] = (
      await ok(SCHEDULE, {
        i: {
          competitionId: id,
          matches: [{ round: '第1轮', homeEntryId: home, awayEntryId: away, startsAt: '2026-12-02T19:00:00+08:00' }],
        },
      })
    ).scheduleMatches.matches;
    const activityId = asType('Activity', id);

    // The competition is OPEN, not RUNNING.
    expect(refusal(await server.gql(START, { id: match.id }))).toMatchObject({ code: 'CONFLICT' });
    await setStatus(activityId, 'RUNNING');
    // The match is SCHEDULED, not LIVE.
    expect(errorCode(await server.gql(RECORD, { i: { matchId: match.id, homeScore: 1, awayScore: 0 } }))).toBe(
      'CONFLICT',
    );
    expect(errorCode(await server.gql(FINISH, { i: { matchId: match.id } }))).toBe('CONFLICT');
    await ok(START, { id: match.id });
    expect(errorCode(await server.gql(START, { id: match.id }))).toBe('CONFLICT');
    await ok(FINISH, { i: { matchId: match.id, homeScore: 2, awayScore: 1 } });
    expect(errorCode(await server.gql(CANCEL, { id: match.id }))).toBe('CONFLICT');
    // A correction that changes nothing.
    expect(
      errorCode(await server.gql(CORRECT, { i: { matchId: match.id, homeScore: 2, awayScore: 1, reason: '核对' } })),
    ).toBe('CONFLICT');
    // A MATCHES competition has no judge scores.
    expect(
      errorCode(
        await server.gql(JUDGE, {
          i: { competitionId: id, entryId: home, round: 1, scores: [{ judge: '评委1', score: 90 }] },
        }),
      ),
    ).toBe('CONFLICT');
    // Over: no more entries.
    await setStatus(activityId, 'FINISHED');
    expect(
      errorCode(await server.gql(REGISTER, { i: { competitionId: id, entries: [{ name: '丙队', unionId: town }] } })),
    ).toBe('CONFLICT');
    const [{ n }] = await server.sql(`select count(*)::int as n from competition_entries where competition_id = $1`, [
      dbId(id),
    ]);
    expect(n).toBe(2);
  });

  it('refuses judged-competition changes in the wrong state with CONFLICT', async () => {
    const id = await competition('评分状态赛', 'JUDGED');
    const [entry, other] = await register(id, ['张伟', '李娜']);
    // JUDGED: no matches.
    expect(
      errorCode(
        await server.gql(SCHEDULE, {
          i: {
            competitionId: id,
            matches: [
              { round: '第1轮', homeEntryId: entry, awayEntryId: other, startsAt: '2026-12-02T19:00:00+08:00' },
            ],
          },
        }),
      ),
    ).toBe('CONFLICT');
    // OPEN, not RUNNING: no scores yet.
    const score = { competitionId: id, entryId: entry, round: 1, scores: [{ judge: '评委1', score: 90 }] };
    expect(errorCode(await server.gql(JUDGE, { i: score }))).toBe('CONFLICT');
    await setStatus(asType('Activity', id), 'RUNNING');
    await ok(JUDGE, { i: score });
    const correction = { competitionId: id, entryId: entry, round: 1, judge: '评委1', reason: '誊写错误' };
    expect(errorCode(await server.gql(CORRECT_JUDGE, { i: { ...correction, score: 90 } }))).toBe('CONFLICT');
    await setStatus(asType('Activity', id), 'CANCELLED');
    expect(errorCode(await server.gql(CORRECT_JUDGE, { i: { ...correction, score: 95 } }))).toBe('CONFLICT');
  });

  it('refuses sign-ups, cancellations and attendance in the wrong activity state with CONFLICT', async () => {
    const planned = await activity({ title: '未开放的课', status: 'PLANNED' });
    const notOpen = await server.gql(SIGN_UP, { i: { activityId: planned, workerName: '张三', phone: '13800000001' } });
    expect(refusal(notOpen)).toMatchObject({ code: 'CONFLICT' });
    expect(notOpen.errors![0].message).toMatch(/PLANNED/);

    const id = await activity({ title: '开放的课', status: 'OPEN', capacity: 1 });
    const signUpId = (await ok(SIGN_UP, { i: { activityId: id, workerName: '李四', phone: '13800000002' } })).signUp
      .signUp.id;
    const attend = `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { attended } } }`;
    expect(errorCode(await server.gql(attend, { i: { signUpId } }))).toBe('CONFLICT');
    // CAPACITY_FULL stays as it is.
    expect(
      errorCode(await server.gql(SIGN_UP, { i: { activityId: id, workerName: '王五', phone: '13800000003' } })),
    ).toBe('CAPACITY_FULL');
    await setStatus(id, 'RUNNING');
    await setStatus(id, 'FINISHED');
    const cancel = await server.gql(`mutation($id: ID!) { cancelSignUp(id: $id) { signUp { status } } }`, {
      id: signUpId,
    });
    expect(errorCode(cancel)).toBe('CONFLICT');
  });

  it('refuses an activity update the current state forbids with CONFLICT', async () => {
    const id = await activity({ title: '书法展', status: 'OPEN', capacity: 3 });
    await ok(SIGN_UP, { i: { activityId: id, workerName: '王五', phone: '13600000001' } });
    await ok(SIGN_UP, { i: { activityId: id, workerName: '赵六', phone: '13600000002' } });
    const low = await server.gql(UPDATE_ACTIVITY, { i: { id, capacity: 1 } });
    expect(refusal(low)).toMatchObject({
      code: 'CONFLICT',
      message: 'capacity cannot go below the 2 current sign-ups',
    });
    expect(errorCode(await server.gql(UPDATE_ACTIVITY, { i: { id, status: 'PLANNED' } }))).toBe('CONFLICT');
    // A new activity's status is the request's own value.
    const running = await server.gql(
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      {
        i: {
          kind: 'COURSE',
          title: '直接开始',
          organiserId: county,
          startsAt: '2026-12-01T09:00:00+08:00',
          status: 'RUNNING',
        },
      },
    );
    expect(refusal(running)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
  });

  it("refuses a level that the union's children cannot sit under with CONFLICT", async () => {
    const res = await server.gql(`mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, {
      i: { id: county, level: 'TOWN' },
    });
    expect(refusal(res)).toMatchObject({ code: 'CONFLICT' });
    expect(res.errors![0].message).toMatch(/TOWN/);
  });
});

describe('FORBIDDEN says what lies outside the subtree', () => {
  it("names the organiser and the worker's union when a sign-up is out of reach", async () => {
    const id = await activity({ title: '外区的课', status: 'OPEN' });
    const intruder = await tokenFor({ unionId: dbId(otherCounty) });
    const alone = await server.gql(
      SIGN_UP,
      { i: { activityId: id, workerName: '钱七', phone: '13900000001' } },
      { token: intruder },
    );
    expect(errorCode(alone)).toBe('FORBIDDEN');
    expect(alone.errors![0].message).not.toMatch(/^Neither/);
    expect(alone.errors![0].message).toMatch(/organiser.*平湖市总工会.*outside your union's subtree/);

    const withUnion = await server.gql(
      SIGN_UP,
      { i: { activityId: id, workerName: '钱七', phone: '13900000001', unionId: town } },
      { token: intruder },
    );
    expect(errorCode(withUnion)).toBe('FORBIDDEN');
    expect(withUnion.errors![0].message).toMatch(/平湖市总工会/);
    expect(withUnion.errors![0].message).toMatch(/当湖街道总工会/);
    expect(withUnion.errors![0].message).toMatch(/outside your union's subtree/);
  });
});

describe('subscriptions', () => {
  const CHANGED = `subscription($id: ID!) { activityChanged(id: $id) { type } }`;

  it('answers activityChanged on an unknown activity with NOT_FOUND, like the other subscriptions', async () => {
    const unknown = Buffer.from('Activity:999999').toString('base64');
    const sub = subscribe(server.wsUrl, CHANGED, { id: unknown });
    const [result] = await sub.waitFor(1);
    expect(result.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    await sub.close();
    await subscribersReady(server, 0);
    const feed = subscribe(server.wsUrl, `subscription($id: ID!) { activityFeed(unionId: $id) { type } }`, {
      id: Buffer.from('Union:999999').toString('base64'),
    });
    expect((await feed.waitFor(1))[0].errors[0].extensions.code).toBe('NOT_FOUND');
    await feed.close();
  });
});

describe('Union.stats', () => {
  it('leaves the sign-ups and attendance of cancelled activities out', async () => {
    const village = await union('东湖村工会', 'VILLAGE', town);
    const stats = async () =>
      (
        await ok(
          `query($id: ID!) { union(id: $id) { stats { activityCount signUpCount attendanceCount activitiesByStatus { status count } } } }`,
          { id: village },
        )
      ).union.stats;
    const held = await activity({ title: '照常举行', organiserId: village, status: 'OPEN' });
    const called = await activity({ title: '取消了', organiserId: village, status: 'OPEN' });
    for (const [id, phone] of [
      [held, '13700000001'],
      [called, '13700000002'],
      [called, '13700000003'],
    ] as const) {
      await ok(SIGN_UP, { i: { activityId: id, workerName: '队员', phone } });
    }
    await setStatus(called, 'RUNNING');
    const [calledSignUp] = await server.sql(`select id from sign_ups where phone = '13700000002'`);
    await ok(`mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { id } } }`, {
      i: { signUpId: Buffer.from(`SignUp:${calledSignUp.id}`).toString('base64') },
    });
    expect(await stats()).toMatchObject({ signUpCount: 3, attendanceCount: 1 });
    await setStatus(called, 'CANCELLED');
    expect(await stats()).toEqual({
      activityCount: 2,
      signUpCount: 1,
      attendanceCount: 0,
      activitiesByStatus: [
        { status: 'CANCELLED', count: 1 },
        { status: 'OPEN', count: 1 },
      ],
    });
  });
});

describe('the README', () => {
  it('documents no field the schema does not have (databaseId)', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
    const hasDatabaseId = Object.values(schema.getTypeMap()).some(
      (type) => 'getFields' in type && 'databaseId' in (type.getFields() as object),
    );
    expect(hasDatabaseId).toBe(false);
    expect(readme).not.toMatch(/databaseId/);
  });

  it('lists every extensions.code of src/errors.ts in its error section', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const { ErrorCode } = await import('../src/errors.js');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
    expect(section.length).toBeGreaterThan(100);
    for (const code of Object.values(ErrorCode)) expect(section).toContain(`\`${code}\``);
  });
});
