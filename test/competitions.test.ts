import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { errorCode, startTestServer, type GraphQLResponse, type TestServer } from './helpers/server.js';

let server: TestServer;
let county: string, town: string, site: string;

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const competitionIdOf = (activityId: string): string =>
  Buffer.from(`Competition:${dbId(activityId)}`).toString('base64');

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

/** A COMPETITION activity, RUNNING unless told otherwise; answers its Competition id. */
async function competition(title: string, status: 'OPEN' | 'RUNNING' = 'RUNNING'): Promise<string> {
  const created = await ok(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
    i: {
      kind: 'COMPETITION',
      title,
      organiserId: county,
      siteId: site,
      // Staff may start it at once (30 minutes early at most).
      startsAt: fromNow(20 * MINUTE),
      endsAt: fromNow(DAY),
      status: 'OPEN',
    },
  });
  const id = created.createActivity.activity.id;
  if (status === 'RUNNING') await setActivityStatus(id, 'RUNNING');
  return competitionIdOf(id);
}

async function setActivityStatus(activityId: string, status: string): Promise<void> {
  // Nothing is FINISHED before its start: this one began a minute ago.
  const startsAt = status === 'FINISHED' ? { startsAt: fromNow(-MINUTE) } : {};
  await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status } } }`, {
    i: { id: activityId, status, ...startsAt },
  });
}

const activityIdOf = (competitionId: string) => Buffer.from(`Activity:${dbId(competitionId)}`).toString('base64');

/** The competition events of a competition, oldest first. */
async function events(competitionId: string): Promise<{ type: string; payload: any }[]> {
  return server.sql(
    `select type, payload from events where topic = 'competition' and subject_id = $1 order by cursor`,
    [dbId(competitionId)],
  );
}

/** Runs a mutation and answers it with the events it appended. */
/** The events a mutation added; a match event's `snapshot` (what screens show with it) comes apart, in `snapshots`. */
async function withEvents(
  competitionId: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ res: GraphQLResponse; added: { type: string; payload: any }[]; snapshots: any[] }> {
  const before = (await events(competitionId)).length;
  const res = await server.gql(query, variables);
  const added = (await events(competitionId)).slice(before);
  const snapshots = added.map(({ payload: { snapshot } }) => snapshot);
  return {
    res,
    added: added.map(({ type, payload: { snapshot: _snapshot, ...payload } }) => ({ type, payload })),
    snapshots,
  };
}

const REGISTER = `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id name members union { name } } competition { id } } }`;
const SCHEDULE = `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id round status homeScore version homeEntry { name } awayEntry { name } site { name } } } }`;
const MATCH_FIELDS = `match { id status homeScore awayScore version correctedAt correctionReason } competition { standings { rank points entry { name } } }`;
const START = `mutation($id: ID!) { startMatch(id: $id) { ${MATCH_FIELDS} } }`;
const RECORD = `mutation($i: RecordScoreInput!) { recordScore(input: $i) { ${MATCH_FIELDS} } }`;
const FINISH = `mutation($i: FinishMatchInput!) { finishMatch(input: $i) { ${MATCH_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelMatch(id: $id) { ${MATCH_FIELDS} } }`;
const CORRECT = `mutation($i: CorrectMatchScoreInput!) { correctMatchScore(input: $i) { ${MATCH_FIELDS} } }`;
const RULES = `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id format pointsForWin pointsForDraw pointsForLoss dropHighestAndLowest } } }`;
const JUDGE = `mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { scores { judge round score correctedAt } entry { name } } }`;
const CORRECT_JUDGE = `mutation($i: CorrectJudgeScoreInput!) { correctJudgeScore(input: $i) { scores { judge score correctionReason correctedAt } } }`;
const STANDINGS = `query($id: ID!) { competition(id: $id) { standings {
  rank entry { name } played won drawn lost scoreFor scoreAgainst scoreDifference points roundScores total bestRound } } }`;

async function register(competitionId: string, names: string[]): Promise<Record<string, string>> {
  const data = await ok(REGISTER, {
    i: { competitionId, entries: names.map((name) => ({ name, unionId: town, members: ['队长'] })) },
  });
  return Object.fromEntries(data.registerEntries.entries.map((e: any) => [e.name, e.id]));
}

beforeAll(async () => {
  // Statement counts here are the read path's; the response cache's own one is counted in response-cache.test.ts.
  server = await startTestServer({ data: 'empty', config: { responseCacheMb: 0 } });
  const mk = async (name: string, level: string, parentId?: string) =>
    (
      await ok(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
        i: { name, level, parentId },
      })
    ).createUnion.union.id;
  const city = await mk('嘉兴市总工会', 'CITY');
  county = await mk('平湖市总工会', 'COUNTY', city);
  town = await mk('当湖街道总工会', 'TOWN', county);
  site = (
    await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: county, name: '平湖市全民健身中心', kind: 'SPORTS_ROOM' },
    })
  ).createSite.site.id;
});
afterAll(() => server?.stop());

describe('a match competition', () => {
  it('runs the whole life cycle: rules, entries, schedule, live scores, finish, standings, correction', async () => {
    const id = await competition('平湖市职工气排球联赛', 'OPEN');
    const defaults = await ok(
      `query($id: ID!) { competition(id: $id) { id format pointsForWin pointsForDraw pointsForLoss dropHighestAndLowest activity { title } } }`,
      { id },
    );
    expect(defaults.competition).toEqual({
      id,
      format: 'MATCHES',
      pointsForWin: 3,
      pointsForDraw: 1,
      pointsForLoss: 0,
      dropHighestAndLowest: true,
      activity: { title: '平湖市职工气排球联赛' },
    });

    let step = await withEvents(id, RULES, { i: { competitionId: id, pointsForWin: 2 } });
    expect(step.res.data.setCompetitionRules.competition).toMatchObject({
      format: 'MATCHES',
      pointsForWin: 2,
      pointsForDraw: 1,
      pointsForLoss: 0,
    });
    expect(step.added).toEqual([{ type: 'RULES_CHANGED', payload: {} }]);

    step = await withEvents(id, REGISTER, {
      i: {
        competitionId: id,
        entries: ['甲队', '乙队', '丙队', '丁队'].map((name) => ({ name, unionId: town, members: [' 张三 ', ''] })),
      },
    });
    const teams: Record<string, string> = Object.fromEntries(
      step.res.data.registerEntries.entries.map((e: any) => [e.name, e.id]),
    );
    expect(step.res.data.registerEntries.entries[0]).toMatchObject({
      name: '甲队',
      members: ['张三'],
      union: { name: '当湖街道总工会' },
    });
    expect(step.added).toEqual([{ type: 'ENTRIES_REGISTERED', payload: { entryIds: Object.values(teams).map(dbId) } }]);

    const pairs = [
      ['甲队', '乙队'],
      ['丙队', '丁队'],
      ['甲队', '丙队'],
      ['乙队', '丁队'],
    ];
    step = await withEvents(id, SCHEDULE, {
      i: {
        competitionId: id,
        matches: pairs.map(([h, a], n) => ({
          round: `小组赛第${n < 2 ? 1 : 2}轮`,
          homeEntryId: teams[h],
          awayEntryId: teams[a],
          startsAt: `2026-11-0${n + 2}T19:00:00+08:00`,
          siteId: site,
        })),
      },
    });
    const matches: string[] = step.res.data.scheduleMatches.matches.map((m: any) => m.id);
    expect(step.res.data.scheduleMatches.matches[0]).toMatchObject({
      round: '小组赛第1轮',
      status: 'SCHEDULED',
      homeScore: null,
      version: 0,
      homeEntry: { name: '甲队' },
      site: { name: '平湖市全民健身中心' },
    });
    expect(step.added).toEqual([{ type: 'MATCHES_SCHEDULED', payload: { matchIds: matches.map(dbId) } }]);

    // Not running yet: refused, and says why.
    step = await withEvents(id, START, { id: matches[0] });
    expect(errorCode(step.res)).toBe('CONFLICT');
    expect(step.res.errors![0].message).toMatch(/RUNNING/);
    expect(step.added).toEqual([]);
    await setActivityStatus(activityIdOf(id), 'RUNNING');

    step = await withEvents(id, START, { id: matches[0] });
    expect(step.res.data.startMatch.match).toMatchObject({ status: 'LIVE', homeScore: 0, awayScore: 0, version: 1 });
    const base = {
      matchId: dbId(matches[0]),
      homeEntryId: dbId(teams['甲队']),
      awayEntryId: dbId(teams['乙队']),
      round: '小组赛第1轮',
    };
    expect(step.added).toEqual([
      { type: 'MATCH_STARTED', payload: { ...base, homeScore: 0, awayScore: 0, status: 'LIVE', version: 1 } },
    ]);

    step = await withEvents(id, RECORD, { i: { matchId: matches[0], homeScore: 1, awayScore: 0, expectedVersion: 1 } });
    expect(step.res.data.recordScore.match).toMatchObject({ homeScore: 1, awayScore: 0, version: 2 });
    expect(step.added).toEqual([
      { type: 'SCORE_CHANGED', payload: { ...base, homeScore: 1, awayScore: 0, status: 'LIVE', version: 2 } },
    ]);

    // A retry of the same absolute score is harmless: no change, no event, even with the old version.
    step = await withEvents(id, RECORD, { i: { matchId: matches[0], homeScore: 1, awayScore: 0, expectedVersion: 1 } });
    expect(step.res.data.recordScore.match).toMatchObject({ homeScore: 1, version: 2 });
    expect(step.added).toEqual([]);

    // Another scorer saw version 1: a different score is refused.
    step = await withEvents(id, RECORD, { i: { matchId: matches[0], homeScore: 2, awayScore: 0, expectedVersion: 1 } });
    expect(errorCode(step.res)).toBe('CONFLICT');
    expect(step.added).toEqual([]);

    step = await withEvents(id, FINISH, { i: { matchId: matches[0], homeScore: 2, awayScore: 1 } });
    expect(step.res.data.finishMatch.match).toMatchObject({
      status: 'FINISHED',
      homeScore: 2,
      awayScore: 1,
      version: 3,
    });
    expect(step.added).toEqual([
      { type: 'MATCH_FINISHED', payload: { ...base, homeScore: 2, awayScore: 1, status: 'FINISHED', version: 3 } },
    ]);
    // The event carries the match, the entries and the standings as the transaction left them.
    const [snapshot] = step.snapshots;
    expect(snapshot.match).toMatchObject({
      id: dbId(matches[0]),
      status: 'FINISHED',
      home_score: 2,
      away_score: 1,
      version: 3,
    });
    const names = new Map(snapshot.entries.map((e: any) => [e.id, e.name]));
    expect(
      snapshot.standings.map((r: any) => ({ rank: r.rank, points: r.points, entry: { name: names.get(r.entryId) } })),
    ).toEqual(step.res.data.finishMatch.competition.standings);

    // 丙 1:1 丁, 甲 1:0 丙; then 乙 v 丁 is cancelled while live.
    const play = async (match: string, home: number, away: number) => {
      await ok(START, { id: match });
      await ok(FINISH, { i: { matchId: match, homeScore: home, awayScore: away } });
    };
    await play(matches[1], 1, 1);
    await play(matches[2], 1, 0);
    await ok(START, { id: matches[3] });
    step = await withEvents(id, CANCEL, { id: matches[3] });
    expect(step.res.data.cancelMatch.match).toMatchObject({ status: 'CANCELLED', homeScore: 0 });
    expect(step.added.map((e) => [e.type, e.payload.status])).toEqual([['MATCH_CANCELLED', 'CANCELLED']]);

    // Points 2/1/0. 甲 4; 丁 1 (diff 0) before 丙 1 (diff -1); 乙 0.
    const table = (await ok(STANDINGS, { id })).competition.standings;
    expect(
      table.map((s: any) => [
        s.rank,
        s.entry.name,
        s.played,
        s.won,
        s.drawn,
        s.lost,
        s.scoreFor,
        s.scoreAgainst,
        s.scoreDifference,
        s.points,
      ]),
    ).toEqual([
      [1, '甲队', 2, 2, 0, 0, 3, 1, 2, 4],
      [2, '丁队', 1, 0, 1, 0, 1, 1, 0, 1],
      [3, '丙队', 2, 0, 1, 1, 1, 2, -1, 1],
      [4, '乙队', 1, 0, 0, 1, 1, 2, -1, 0],
    ]);
    expect(table[0]).toMatchObject({ roundScores: [], total: null, bestRound: null });

    // Correct 甲 1:0 丙 to 0:1: 丙 now 3 points; 甲 and 丙 are level on points.
    step = await withEvents(id, CORRECT, {
      i: { matchId: matches[2], homeScore: 0, awayScore: 1, reason: '记分员录入错误' },
    });
    expect(step.res.data.correctMatchScore.match).toMatchObject({
      homeScore: 0,
      awayScore: 1,
      version: 3,
      correctionReason: '记分员录入错误',
    });
    expect(step.res.data.correctMatchScore.match.correctedAt).toBeTruthy();
    expect(step.added).toEqual([
      {
        type: 'SCORE_CORRECTED',
        payload: {
          matchId: dbId(matches[2]),
          homeEntryId: dbId(teams['甲队']),
          awayEntryId: dbId(teams['丙队']),
          round: '小组赛第2轮',
          homeScore: 0,
          awayScore: 1,
          status: 'FINISHED',
          version: 3,
          previousHomeScore: 1,
          previousAwayScore: 0,
          reason: '记分员录入错误',
        },
      },
    ]);
    // 甲: W 2:1, L 0:1 → 2 pts, for 2, against 2. 丙: D 1:1, W 1:0 → 3 pts.
    const after = step.res.data.correctMatchScore.competition.standings.map((s: any) => [
      s.rank,
      s.entry.name,
      s.points,
    ]);
    expect(after).toEqual([
      [1, '丙队', 3],
      [2, '甲队', 2],
      [3, '丁队', 1],
      [4, '乙队', 0],
    ]);

    // Results exist: the rules stay as they are.
    step = await withEvents(id, RULES, { i: { competitionId: id, pointsForWin: 3 } });
    expect(errorCode(step.res)).toBe('CONFLICT');
    expect(step.added).toEqual([]);
  });

  it('shares a rank between entries equal on points, difference, scores for and wins', async () => {
    const id = await competition('并列排名测试赛');
    const t = await register(id, ['A队', 'B队', 'C队']);
    const scheduled = await ok(SCHEDULE, {
      i: {
        competitionId: id,
        matches: [
          { round: '第1轮', homeEntryId: t['A队'], awayEntryId: t['C队'], startsAt: '2026-11-05T19:00:00+08:00' },
          { round: '第1轮', homeEntryId: t['B队'], awayEntryId: t['C队'], startsAt: '2026-11-05T20:00:00+08:00' },
        ],
      },
    });
    for (const m of scheduled.scheduleMatches.matches) {
      await ok(START, { id: m.id });
      await ok(FINISH, { i: { matchId: m.id, homeScore: 2, awayScore: 0 } });
    }
    const table = (await ok(STANDINGS, { id })).competition.standings;
    expect(table.map((s: any) => [s.rank, s.entry.name, s.points])).toEqual([
      [1, 'A队', 3],
      [1, 'B队', 3],
      [3, 'C队', 0],
    ]);
  });

  it('refuses bad input with codes and writes no events', async () => {
    const id = await competition('拒绝测试赛');
    const other = await competition('另一场比赛');
    const t = await register(id, ['红队', '蓝队']);
    const o = await register(other, ['绿队']);
    const refused = async (query: string, variables: Record<string, unknown>, code: string, message?: RegExp) => {
      const step = await withEvents(id, query, variables);
      expect(errorCode(step.res), JSON.stringify(step.res.errors)).toBe(code);
      if (message) expect(step.res.errors![0].message).toMatch(message);
      expect(step.added).toEqual([]);
    };
    const match = (homeEntryId: string, awayEntryId: string) => ({
      i: {
        competitionId: id,
        matches: [{ round: '第1轮', homeEntryId, awayEntryId, startsAt: '2026-11-06T19:00:00+08:00' }],
      },
    });
    await refused(SCHEDULE, match(t['红队'], o['绿队']), 'BAD_USER_INPUT', /another competition/);
    await refused(SCHEDULE, match(t['红队'], t['红队']), 'BAD_USER_INPUT', /two different/);
    await refused(SCHEDULE, match(t['红队'], Buffer.from('CompetitionEntry:999999').toString('base64')), 'NOT_FOUND');
    await refused(SCHEDULE, match(t['红队'], site), 'BAD_USER_INPUT', /not a valid CompetitionEntry id/);
    await refused(
      REGISTER,
      { i: { competitionId: id, entries: [{ name: '红队', unionId: town }] } },
      'CONFLICT',
      /红队/,
    );
    await refused(
      REGISTER,
      {
        i: {
          competitionId: id,
          entries: [
            { name: '黄队', unionId: town },
            { name: ' 黄队', unionId: town },
          ],
        },
      },
      'BAD_USER_INPUT',
    );
    await refused(REGISTER, { i: { competitionId: id, entries: [{ name: '  ', unionId: town }] } }, 'BAD_USER_INPUT');
    await refused(
      REGISTER,
      { i: { competitionId: id, entries: Array.from({ length: 201 }, (_, i) => ({ name: `队${i}`, unionId: town })) } },
      'BAD_USER_INPUT',
    );
    await refused(
      JUDGE,
      { i: { competitionId: id, entryId: t['红队'], round: 1, scores: [{ judge: '评委一', score: 90 }] } },
      'CONFLICT',
      /MATCHES/,
    );
    await refused(RULES, { i: { competitionId: id, pointsForWin: 0, pointsForDraw: 1 } }, 'BAD_USER_INPUT');
    await refused(RULES, { i: { competitionId: id, pointsForWin: -1 } }, 'BAD_USER_INPUT');

    const [m] = (await ok(SCHEDULE, match(t['红队'], t['蓝队']))).scheduleMatches.matches;
    await refused(RECORD, { i: { matchId: m.id, homeScore: 1, awayScore: 0 } }, 'CONFLICT', /SCHEDULED/);
    await refused(FINISH, { i: { matchId: m.id } }, 'CONFLICT');
    await refused(
      CORRECT,
      { i: { matchId: m.id, homeScore: 1, awayScore: 0, reason: '更正' } },
      'CONFLICT',
      /FINISHED/,
    );
    await ok(START, { id: m.id });
    await refused(START, { id: m.id }, 'CONFLICT');
    await refused(RECORD, { i: { matchId: m.id, homeScore: -1, awayScore: 0 } }, 'BAD_USER_INPUT');
    await refused(FINISH, { i: { matchId: m.id, homeScore: 1 } }, 'BAD_USER_INPUT', /both/);
    await refused(RULES, { i: { competitionId: id, format: 'JUDGED' } }, 'CONFLICT');
    await ok(FINISH, { i: { matchId: m.id } });
    await refused(CORRECT, { i: { matchId: m.id, homeScore: 0, awayScore: 0, reason: '更正' } }, 'CONFLICT', /already/);
    await refused(CORRECT, { i: { matchId: m.id, homeScore: 1, awayScore: 0, reason: ' ' } }, 'BAD_USER_INPUT');
    await refused(CANCEL, { id: m.id }, 'CONFLICT');

    // Not a competition, or no such one.
    const course = (
      await ok(
        `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id competition { id } } } }`,
        {
          i: { kind: 'COURSE', title: '茶艺培训班', organiserId: county, startsAt: fromNow(DAY) },
        },
      )
    ).createActivity.activity;
    expect(course.competition).toBeNull();
    expect(
      (await ok(`query($id: ID!) { competition(id: $id) { id } }`, { id: competitionIdOf(course.id) })).competition,
    ).toBeNull();
    expect(
      errorCode(await server.gql(RULES, { i: { competitionId: competitionIdOf(course.id), format: 'JUDGED' } })),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(await server.gql(`query($id: ID!) { competition(id: $id) { id } }`, { id: activityIdOf(id) })),
    ).toBe('BAD_USER_INPUT');

    // Over: no more entries (the state forbids it, not the request).
    await setActivityStatus(activityIdOf(id), 'FINISHED');
    await refused(
      REGISTER,
      { i: { competitionId: id, entries: [{ name: '紫队', unionId: town }] } },
      'CONFLICT',
      /FINISHED/,
    );
    expect(server.loggedErrors).toEqual([]);
  });

  it('serialises concurrent score changes: one wins per version', async () => {
    const id = await competition('并发记分测试');
    const t = await register(id, ['东队', '西队']);
    const [m] = (
      await ok(SCHEDULE, {
        i: {
          competitionId: id,
          matches: [
            { round: '决赛', homeEntryId: t['东队'], awayEntryId: t['西队'], startsAt: '2026-11-21T10:00:00+08:00' },
          ],
        },
      })
    ).scheduleMatches.matches;
    await ok(START, { id: m.id });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.gql(RECORD, { i: { matchId: m.id, homeScore: i + 1, awayScore: 0, expectedVersion: 1 } }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT')).toHaveLength(7);
    expect((await events(id)).filter((e) => e.type === 'SCORE_CHANGED')).toHaveLength(1);
  });
});

describe('a judged competition', () => {
  it('scores rounds with the highest and lowest dropped, refuses a second score, corrects one', async () => {
    const id = await competition('外卖骑手歌手大赛');
    await ok(RULES, { i: { competitionId: id, format: 'JUDGED' } });
    const s = await register(id, ['王芳', '李强', '张伟']);

    const five = (scores: number[]) => scores.map((score, i) => ({ judge: `评委${i + 1}`, score }));
    let step = await withEvents(id, JUDGE, {
      i: { competitionId: id, entryId: s['王芳'], round: 1, scores: five([90, 85.5, 88, 99, 70]) },
    });
    expect(step.res.data.recordJudgeScores.scores.map((x: any) => x.score)).toEqual([90, 85.5, 88, 99, 70]);
    expect(step.added).toEqual([
      {
        type: 'JUDGE_SCORES_RECORDED',
        payload: { entryId: dbId(s['王芳']), round: 1, scores: five([90, 85.5, 88, 99, 70]) },
      },
    ]);
    await ok(JUDGE, { i: { competitionId: id, entryId: s['李强'], round: 1, scores: five([88, 88, 87, 89, 60]) } });
    // Two judges only: nothing dropped; mean 87.505 → 87.51.
    await ok(JUDGE, {
      i: { competitionId: id, entryId: s['张伟'], round: 1, scores: five([87.5, 87.51]).slice(0, 2) },
    });
    await ok(JUDGE, { i: { competitionId: id, entryId: s['王芳'], round: 2, scores: five([80, 80, 80]) } });

    let table = (await ok(STANDINGS, { id })).competition.standings;
    // 王芳 r1: drop 99 and 70 → (90+85.5+88)/3 = 87.8333 → 87.83; r2 80. 李强 r1: (88+88+87)/3 = 87.67.
    expect(table.map((r: any) => [r.rank, r.entry.name, r.roundScores, r.total, r.bestRound, r.points])).toEqual([
      [1, '王芳', [87.83, 80], 167.83, 87.83, 0],
      [2, '李强', [87.67, 0], 87.67, 87.67, 0],
      [3, '张伟', [87.51, 0], 87.51, 87.51, 0],
    ]);

    step = await withEvents(id, JUDGE, {
      i: {
        competitionId: id,
        entryId: s['王芳'],
        round: 1,
        scores: [
          { judge: '评委6', score: 90 },
          { judge: '评委2', score: 91 },
        ],
      },
    });
    expect(errorCode(step.res)).toBe('CONFLICT');
    expect(step.res.errors![0].message).toMatch(/评委2.*correctJudgeScore/);
    expect(step.added).toEqual([]);
    expect(await server.sql(`select 1 from judge_scores where judge = '评委6'`)).toEqual([]);

    for (const [variables, code] of [
      [
        { competitionId: id, entryId: s['李强'], round: 2, scores: [{ judge: '评委1', score: 100.5 }] },
        'BAD_USER_INPUT',
      ],
      [
        { competitionId: id, entryId: s['李强'], round: 2, scores: [{ judge: '评委1', score: 88.123 }] },
        'BAD_USER_INPUT',
      ],
      [{ competitionId: id, entryId: s['李强'], round: 0, scores: [{ judge: '评委1', score: 88 }] }, 'BAD_USER_INPUT'],
      [
        {
          competitionId: id,
          entryId: s['李强'],
          round: 2,
          scores: [
            { judge: '评委1', score: 88 },
            { judge: '评委1', score: 87 },
          ],
        },
        'BAD_USER_INPUT',
      ],
    ] as const) {
      step = await withEvents(id, JUDGE, { i: variables });
      expect(errorCode(step.res)).toBe(code);
      expect(step.added).toEqual([]);
    }
    const matchesOnly = await competition('不是评分赛');
    const other = await register(matchesOnly, ['路人']);
    step = await withEvents(id, JUDGE, {
      i: { competitionId: id, entryId: other['路人'], round: 1, scores: [{ judge: '评委1', score: 88 }] },
    });
    expect(errorCode(step.res)).toBe('BAD_USER_INPUT');
    expect(step.added).toEqual([]);
    const scheduleHere = await server.gql(SCHEDULE, {
      i: {
        competitionId: id,
        matches: [
          { round: '第1轮', homeEntryId: s['王芳'], awayEntryId: s['李强'], startsAt: '2026-11-21T19:00:00+08:00' },
        ],
      },
    });
    expect(errorCode(scheduleHere)).toBe('CONFLICT');

    step = await withEvents(id, CORRECT_JUDGE, {
      i: { competitionId: id, entryId: s['李强'], round: 1, judge: '评委4', score: 99, reason: '评分表誊写错误' },
    });
    const corrected = step.res.data.correctJudgeScore.scores.find((x: any) => x.judge === '评委4');
    expect(corrected).toMatchObject({ score: 99, correctionReason: '评分表誊写错误' });
    expect(corrected.correctedAt).toBeTruthy();
    expect(step.added).toEqual([
      {
        type: 'JUDGE_SCORE_CORRECTED',
        payload: {
          entryId: dbId(s['李强']),
          round: 1,
          judge: '评委4',
          score: 99,
          previousScore: 89,
          reason: '评分表誊写错误',
        },
      },
    ]);
    // 李强 r1 now 88, 88, 87, 99, 60 → drop 99 and 60 → 87.67 still.
    step = await withEvents(id, CORRECT_JUDGE, {
      i: { competitionId: id, entryId: s['李强'], round: 1, judge: '评委9', score: 99, reason: '无此评委' },
    });
    expect(errorCode(step.res)).toBe('NOT_FOUND');
    expect(step.added).toEqual([]);

    // Over: no new scores (the state forbids it, not the request).
    await setActivityStatus(activityIdOf(id), 'FINISHED');
    step = await withEvents(id, JUDGE, {
      i: { competitionId: id, entryId: s['李强'], round: 2, scores: [{ judge: '评委1', score: 88 }] },
    });
    expect(errorCode(step.res)).toBe('CONFLICT');
    expect(step.res.errors![0].message).toMatch(/FINISHED/);

    const read = await ok(
      `query($id: ID!, $e: ID!) { competition(id: $id) { judgeScores(entryId: $e, round: 1) { judge score entry { name } } } }`,
      { id, e: s['张伟'] },
    );
    expect(read.competition.judgeScores).toEqual([
      { judge: '评委1', score: 87.5, entry: { name: '张伟' } },
      { judge: '评委2', score: 87.51, entry: { name: '张伟' } },
    ]);
    table = (await ok(STANDINGS, { id })).competition.standings;
    expect(table[0]).toMatchObject({ entry: { name: '王芳' }, total: 167.83 });
  });
});

describe('no N+1 across competitions', () => {
  const NESTED = `{ activities(filter: { kinds: [COMPETITION] }, first: 100) { totalCount nodes { title competition {
    id format
    entries(first: 50) { totalCount nodes { name union { name } competition { id } } }
    matches(first: 50) { nodes { status homeScore homeEntry { name } awayEntry { name union { name } } site { name } competition { format } } }
    standings { rank points total roundScores entry { name union { name } } }
    judgeScores { judge score entry { name } }
  } } } }`;

  async function statements(): Promise<{ count: number; competitions: number }> {
    await server.app.events.settled(); // its background reads of the log are not the query's
    const before = server.app.db.statementCount();
    const data = await ok(NESTED);
    return { count: server.app.db.statementCount() - before, competitions: data.activities.totalCount };
  }

  async function playedCompetition(title: string, judged: boolean): Promise<void> {
    const id = await competition(title);
    if (judged) await ok(RULES, { i: { competitionId: id, format: 'JUDGED' } });
    const t = await register(id, ['一队', '二队', '三队']);
    if (judged) {
      for (const entryId of Object.values(t))
        await ok(JUDGE, {
          i: {
            competitionId: id,
            entryId,
            round: 1,
            scores: [
              { judge: '甲', score: 80 },
              { judge: '乙', score: 90 },
              { judge: '丙', score: 85 },
            ],
          },
        });
      return;
    }
    const { matches } = (
      await ok(SCHEDULE, {
        i: {
          competitionId: id,
          matches: [
            {
              round: '第1轮',
              homeEntryId: t['一队'],
              awayEntryId: t['二队'],
              startsAt: '2026-11-20T19:00:00+08:00',
              siteId: site,
            },
            { round: '第1轮', homeEntryId: t['二队'], awayEntryId: t['三队'], startsAt: '2026-11-21T19:00:00+08:00' },
          ],
        },
      })
    ).scheduleMatches;
    await ok(START, { id: matches[0].id });
    await ok(FINISH, { i: { matchId: matches[0].id, homeScore: 3, awayScore: 1 } });
  }

  it('reads nested competitions in the same number of statements for 2 or 8 of them', async () => {
    await playedCompetition('批量读取一', false);
    await playedCompetition('批量读取二', true);
    const few = await statements();
    for (let i = 0; i < 3; i++) {
      await playedCompetition(`批量读取比赛${i}`, false);
      await playedCompetition(`批量读取评分${i}`, true);
    }
    const many = await statements();
    expect(many.competitions).toBeGreaterThanOrEqual(few.competitions + 6);
    expect(many.count).toBe(few.count);
    expect(few.count).toBeLessThanOrEqual(12);
  });

  it('answers node(id) for competitions, entries and matches', async () => {
    const id = await competition('节点测试赛');
    const t = await register(id, ['南队', '北队']);
    const [m] = (
      await ok(SCHEDULE, {
        i: {
          competitionId: id,
          matches: [
            { round: '决赛', homeEntryId: t['南队'], awayEntryId: t['北队'], startsAt: '2026-11-22T19:00:00+08:00' },
          ],
        },
      })
    ).scheduleMatches.matches;
    const data = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [id, t['南队'], m.id] });
    expect(data.nodes).toEqual([
      { __typename: 'Competition', id },
      { __typename: 'CompetitionEntry', id: t['南队'] },
      { __typename: 'Match', id: m.id },
    ]);
  });
});

describe('the demo competitions', () => {
  let demo: TestServer;
  beforeAll(async () => {
    demo = await startTestServer({ data: 'demo' });
  });
  afterAll(() => demo?.stop());

  it('has a running volleyball league with one live match and a judged singer contest in round 2', async () => {
    const res =
      await demo.gql(`{ activities(filter: { kinds: [COMPETITION], statuses: [RUNNING], search: "嘉兴市" }, first: 50) { nodes { title competition {
      id format pointsForWin pointsForLoss
      entries { totalCount }
      live: matches(status: [LIVE]) { totalCount nodes { round homeScore awayScore startsAt } }
      finished: matches(status: [FINISHED]) { totalCount }
      standings { rank points total roundScores entry { name } }
      judgeScores(round: 2) { judge }
    } } } }`);
    expect(res.errors).toBeUndefined();
    const byTitle = Object.fromEntries(res.data.activities.nodes.map((n: any) => [n.title, n.competition]));
    const league = byTitle['嘉兴市职工气排球联赛'];
    expect(league).toMatchObject({
      format: 'MATCHES',
      pointsForWin: 2,
      pointsForLoss: 1,
      entries: { totalCount: 16 },
      live: { totalCount: 1 },
    });
    expect(league.live.nodes[0]).toMatchObject({ homeScore: 1, awayScore: 0 });
    // 20 minutes before the demo's "now" (10:00 +08:00 of the day it was seeded, or the day before).
    const liveSince = Date.parse(league.live.nodes[0].startsAt);
    expect(new Date(liveSince + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('09:40');
    expect(Date.now() - liveSince).toBeGreaterThanOrEqual(20 * 60_000);
    expect(Date.now() - liveSince).toBeLessThan(24 * 3_600_000 + 20 * 60_000);
    expect(league.finished.totalCount).toBeGreaterThan(8);
    expect(league.standings).toHaveLength(16);
    expect(league.standings[0].points).toBeGreaterThanOrEqual(league.standings[15].points);

    const contest = byTitle['嘉兴市外卖骑手歌手大赛'];
    expect(contest).toMatchObject({ format: 'JUDGED', entries: { totalCount: 10 } });
    expect(contest.judgeScores).toHaveLength(6 * 5);
    expect(contest.standings[0].roundScores).toHaveLength(2);
    expect(contest.standings[0].total).toBeGreaterThan(contest.standings[9].total);

    // Ids continue after the seeded rows.
    const more = await demo.gql(REGISTER.replace('union { name }', ''), {
      i: {
        competitionId: contest.id,
        entries: [{ name: '新选手', unionId: Buffer.from('Union:1').toString('base64') }],
      },
    });
    expect(more.errors).toBeUndefined();
  });
});
