import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, updateStatus } from './helpers/fixtures.js';
import {
  errorCode,
  startTestServer,
  subscribersReady,
  type GraphQLResponse,
  type TestServer,
} from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * Issue 10, point 5: a competition's record is trustworthy. It finishes only with every
 * match settled; once FINISHED only a correction with a reason changes a result (and
 * screens hear of it); once CANCELLED nothing changes at all.
 */

let server: TestServer;
let county: string;

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const asType = (type: string, globalId: string) => Buffer.from(`${type}:${dbId(globalId)}`).toString('base64');

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const REGISTER = `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id name } } }`;
const SCHEDULE = `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`;
const START = `mutation($id: ID!) { startMatch(id: $id) { match { status } } }`;
const RECORD = `mutation($i: RecordScoreInput!) { recordScore(input: $i) { match { status } } }`;
const FINISH = `mutation($i: FinishMatchInput!) { finishMatch(input: $i) { match { status } } }`;
const CANCEL = `mutation($id: ID!) { cancelMatch(id: $id) { match { status } } }`;
const CORRECT = `mutation($i: CorrectMatchScoreInput!) { correctMatchScore(input: $i) { match { homeScore awayScore correctionReason } competition { standings { rank points entry { name } } } } }`;
const RULES = `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`;
const JUDGE = `mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { scores { judge } } }`;
const CORRECT_JUDGE = `mutation($i: CorrectJudgeScoreInput!) { correctJudgeScore(input: $i) { scores { judge score correctionReason } } }`;
const UPDATE_STATUS = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status } } }`;
const STATE = `query($id: ID!) { competition(id: $id) {
  activity { status }
  matches(first: 50) { nodes { status homeScore awayScore version } }
  standings { rank points total entry { name } } } }`;
const UPDATED = `subscription($id: ID!, $after: String) {
  competitionUpdated(competitionId: $id, after: $after) {
    type homeScore awayScore previousHomeScore previousAwayScore reason judgeScores { judge score } previousScore
    standings { rank points total entry { name } }
  }
}`;

/** A RUNNING competition of the county with these entries; answers its ids and the entries' ids by name. */
async function competition(title: string, names: string[], format: 'MATCHES' | 'JUDGED' = 'MATCHES') {
  const activityId = await createActivity(server, { kind: 'COMPETITION', title, organiserId: county });
  const id = asType('Competition', activityId);
  if (format === 'JUDGED') await ok(RULES, { i: { competitionId: id, format } });
  await updateStatus(server, activityId, 'RUNNING');
  const registered = await ok(REGISTER, {
    i: { competitionId: id, entries: names.map((name) => ({ name, unionId: county })) },
  });
  const entries: Record<string, string> = Object.fromEntries(
    registered.registerEntries.entries.map((e: any) => [e.name, e.id]),
  );
  return { activityId, id, entries };
}

/** Schedules home v away pairs; answers the match ids in order. */
async function schedule(id: string, entries: Record<string, string>, pairs: [string, string][]): Promise<string[]> {
  const data = await ok(SCHEDULE, {
    i: {
      competitionId: id,
      matches: pairs.map(([home, away], n) => ({
        round: '第1轮',
        homeEntryId: entries[home],
        awayEntryId: entries[away],
        startsAt: `2026-11-2${n}T19:00:00+08:00`,
      })),
    },
  });
  return data.scheduleMatches.matches.map((m: any) => m.id);
}

async function play(match: string, home: number, away: number): Promise<void> {
  await ok(START, { id: match });
  await ok(FINISH, { i: { matchId: match, homeScore: home, awayScore: away } });
}

/** How many events the log holds, of every topic. */
async function eventCount(): Promise<number> {
  const [{ n }] = await server.sql(`select count(*)::int as n from events where topic <> 'write'`);
  return n;
}

/**
 * Expects each attempt refused with `code` and a message matching `message`, with nothing
 * written: no event, and the competition (matches, standings, status) as it was.
 */
async function expectRefused(
  id: string,
  code: string,
  message: RegExp,
  attempts: Record<string, [string, Record<string, unknown>]>,
): Promise<void> {
  const state = await ok(STATE, { id });
  const events = await eventCount();
  const outcomes: Record<string, unknown> = {};
  for (const [name, [query, variables]] of Object.entries(attempts)) {
    const res: GraphQLResponse = await server.gql(query, variables);
    outcomes[name] = [errorCode(res), message.test(res.errors?.[0]?.message ?? '')];
  }
  expect(outcomes).toEqual(Object.fromEntries(Object.keys(attempts).map((name) => [name, [code, true]])));
  expect(await eventCount()).toBe(events);
  expect(await ok(STATE, { id })).toEqual(state);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  county = await createUnion(server, '桐乡市总工会', 'COUNTY', city);
});
afterAll(() => server?.stop());

describe('finishing a competition', () => {
  it('is refused while a match is LIVE or SCHEDULED, naming them; allowed once every match is settled', async () => {
    const { activityId, id, entries } = await competition('桐乡市职工篮球赛', ['甲队', '乙队', '丙队', '丁队']);
    const [live, scheduled] = await schedule(id, entries, [
      ['甲队', '乙队'],
      ['丙队', '丁队'],
    ]);
    await ok(START, { id: live });
    await ok(RECORD, { i: { matchId: live, homeScore: 12, awayScore: 10 } });

    const events = await eventCount();
    let res = await server.gql(UPDATE_STATUS, { i: { id: activityId, status: 'FINISHED' } });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/2 matches are not over/);
    expect(res.errors![0].message).toMatch(/LIVE: 甲队 v 乙队 \(第1轮\)/);
    expect(res.errors![0].message).toMatch(/SCHEDULED: 丙队 v 丁队 \(第1轮\)/);

    await ok(FINISH, { i: { matchId: live, homeScore: 30, awayScore: 28 } });
    res = await server.gql(UPDATE_STATUS, { i: { id: activityId, status: 'FINISHED' } });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/1 match is not over \(SCHEDULED: 丙队 v 丁队/);
    expect(res.errors![0].message).not.toMatch(/甲队/);
    expect((await ok(STATE, { id })).competition.activity.status).toBe('RUNNING');
    // Only the match finishing was logged; the refusals wrote nothing.
    expect(await eventCount()).toBe(events + 1);

    // Nothing is cancelled behind the staff's back: they cancel it, and it is over.
    await ok(CANCEL, { id: scheduled });
    expect((await ok(UPDATE_STATUS, { i: { id: activityId, status: 'FINISHED' } })).updateActivity.activity).toEqual({
      status: 'FINISHED',
    });
  });

  it('names five unsettled matches and counts the rest', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `${i + 1}号队`);
    const { activityId, id, entries } = await competition('桐乡市职工象棋赛', names);
    await schedule(
      id,
      entries,
      names.slice(1).map((name) => ['1号队', name]),
    );
    const res = await server.gql(UPDATE_STATUS, { i: { id: activityId, status: 'FINISHED' } });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/7 matches are not over .*6号队 \(第1轮\); and 2 more\)/);
  });
});

describe('a FINISHED competition', () => {
  it('refuses every change but a correction with CONFLICT, and changes nothing', async () => {
    const { activityId, id, entries } = await competition('桐乡市职工排球赛', ['东队', '西队', '南队']);
    const [won, cancelled] = await schedule(id, entries, [
      ['东队', '西队'],
      ['西队', '南队'],
    ]);
    await play(won, 3, 1);
    await ok(CANCEL, { id: cancelled });
    await updateStatus(server, activityId, 'FINISHED');

    await expectRefused(id, 'CONFLICT', /FINISHED.*correctMatchScore/, {
      startMatch: [START, { id: cancelled }],
      recordScore: [RECORD, { i: { matchId: won, homeScore: 0, awayScore: 3 } }],
      finishMatch: [FINISH, { i: { matchId: won, homeScore: 0, awayScore: 3 } }],
      cancelMatch: [CANCEL, { id: won }],
      scheduleMatches: [
        SCHEDULE,
        {
          i: {
            competitionId: id,
            matches: [
              {
                round: '加赛',
                homeEntryId: entries['南队'],
                awayEntryId: entries['东队'],
                startsAt: '2026-11-30T19:00:00+08:00',
              },
            ],
          },
        },
      ],
      registerEntries: [REGISTER, { i: { competitionId: id, entries: [{ name: '北队', unionId: county }] } }],
    });
  });

  it('refuses new rules, judges’ scores and entries of a judged competition, even one without results', async () => {
    const { activityId, id, entries } = await competition('桐乡市职工朗诵比赛', ['朱敏']);
    await updateStatus(server, activityId, 'FINISHED');
    await expectRefused(id, 'CONFLICT', /FINISHED/, {
      setCompetitionRules: [RULES, { i: { competitionId: id, dropHighestAndLowest: false } }],
      recordJudgeScores: [
        JUDGE,
        { i: { competitionId: id, entryId: entries['朱敏'], round: 1, scores: [{ judge: '评委1', score: 90 }] } },
      ],
      registerEntries: [REGISTER, { i: { competitionId: id, entries: [{ name: '钱芳', unionId: county }] } }],
    });
  });

  it('left with a LIVE match by the old rules, refuses to finish, score or cancel it', async () => {
    const { activityId, id, entries } = await competition('桐乡市职工足球赛', ['红队', '蓝队', '绿队']);
    const [settled, live] = await schedule(id, entries, [
      ['红队', '蓝队'],
      ['蓝队', '绿队'],
    ]);
    await play(settled, 2, 0);
    await ok(START, { id: live });
    // Before this rule an activity could finish with a match LIVE: such rows exist. The
    // hub no longer writes them, so the test does, as the old code did.
    await server.sql(`update activities set status = 'FINISHED' where id = $1`, [dbId(activityId)]);

    await expectRefused(id, 'CONFLICT', /FINISHED/, {
      finishMatch: [FINISH, { i: { matchId: live, homeScore: 0, awayScore: 5 } }],
      recordScore: [RECORD, { i: { matchId: live, homeScore: 0, awayScore: 1 } }],
      cancelMatch: [CANCEL, { id: live }],
    });
    const table = (await ok(STATE, { id })).competition.standings.map((s: any) => [s.entry.name, s.points]);
    expect(table).toEqual([
      ['红队', 3],
      ['绿队', 0],
      ['蓝队', 0],
    ]);
  });

  it('takes a match correction with its reason, and screens get it with the corrected table', async () => {
    const { activityId, id, entries } = await competition('桐乡市职工乒乓球赛', ['张队', '王队']);
    const [final] = await schedule(id, entries, [['张队', '王队']]);
    await play(final, 3, 2);
    await updateStatus(server, activityId, 'FINISHED');

    const screen = subscribe(server.wsUrl, UPDATED, { id });
    await subscribersReady(server);
    try {
      const corrected = await ok(CORRECT, {
        i: { matchId: final, homeScore: 2, awayScore: 3, reason: '裁判复核记分表' },
      });
      expect(corrected.correctMatchScore.match).toEqual({
        homeScore: 2,
        awayScore: 3,
        correctionReason: '裁判复核记分表',
      });
      const [event] = await screen.waitFor(1);
      expect(event.data.competitionUpdated).toMatchObject({
        type: 'SCORE_CORRECTED',
        homeScore: 2,
        awayScore: 3,
        previousHomeScore: 3,
        previousAwayScore: 2,
        reason: '裁判复核记分表',
        standings: [
          { rank: 1, points: 3, entry: { name: '王队' } },
          { rank: 2, points: 0, entry: { name: '张队' } },
        ],
      });
      expect((await ok(STATE, { id })).competition.activity.status).toBe('FINISHED');
    } finally {
      await screen.close();
    }
  });

  it("takes a judge's correction with its reason, and screens get it with the corrected table", async () => {
    const { activityId, id, entries } = await competition('桐乡市职工歌手赛', ['李娜', '周杰'], 'JUDGED');
    for (const [name, score] of [
      ['李娜', 90],
      ['周杰', 88],
    ] as const) {
      await ok(JUDGE, {
        i: { competitionId: id, entryId: entries[name], round: 1, scores: [{ judge: '评委1', score }] },
      });
    }
    await updateStatus(server, activityId, 'FINISHED');

    const screen = subscribe(server.wsUrl, UPDATED, { id });
    await subscribersReady(server);
    try {
      const res = await ok(CORRECT_JUDGE, {
        i: { competitionId: id, entryId: entries['周杰'], round: 1, judge: '评委1', score: 95, reason: '分数誊写错误' },
      });
      expect(res.correctJudgeScore.scores).toEqual([{ judge: '评委1', score: 95, correctionReason: '分数誊写错误' }]);
      const [event] = await screen.waitFor(1);
      expect(event.data.competitionUpdated).toMatchObject({
        type: 'JUDGE_SCORE_CORRECTED',
        judgeScores: [{ judge: '评委1', score: 95 }],
        previousScore: 88,
        reason: '分数誊写错误',
        standings: [
          { rank: 1, total: 95, entry: { name: '周杰' } },
          { rank: 2, total: 90, entry: { name: '李娜' } },
        ],
      });
    } finally {
      await screen.close();
    }
  });
});

describe('a CANCELLED competition', () => {
  it('refuses every change, corrections included, with CONFLICT', async () => {
    const { activityId, id, entries } = await competition('桐乡市职工羽毛球赛', ['一队', '二队', '三队']);
    const [played, live] = await schedule(id, entries, [
      ['一队', '二队'],
      ['二队', '三队'],
    ]);
    await play(played, 2, 1);
    await ok(START, { id: live });
    await updateStatus(server, activityId, 'CANCELLED');

    await expectRefused(id, 'CONFLICT', /CANCELLED/, {
      correctMatchScore: [CORRECT, { i: { matchId: played, homeScore: 1, awayScore: 2, reason: '更正' } }],
      finishMatch: [FINISH, { i: { matchId: live, homeScore: 1, awayScore: 0 } }],
      recordScore: [RECORD, { i: { matchId: live, homeScore: 1, awayScore: 0 } }],
      cancelMatch: [CANCEL, { id: live }],
      registerEntries: [REGISTER, { i: { competitionId: id, entries: [{ name: '四队', unionId: county }] } }],
      setCompetitionRules: [RULES, { i: { competitionId: id, pointsForWin: 2 } }],
    });
  });

  it("refuses a judge's correction and new scores with CONFLICT", async () => {
    const { activityId, id, entries } = await competition('桐乡市职工书法赛', ['沈红'], 'JUDGED');
    await ok(JUDGE, {
      i: { competitionId: id, entryId: entries['沈红'], round: 1, scores: [{ judge: '评委1', score: 80 }] },
    });
    await updateStatus(server, activityId, 'CANCELLED');
    await expectRefused(id, 'CONFLICT', /CANCELLED/, {
      correctJudgeScore: [
        CORRECT_JUDGE,
        { i: { competitionId: id, entryId: entries['沈红'], round: 1, judge: '评委1', score: 85, reason: '更正' } },
      ],
      recordJudgeScores: [
        JUDGE,
        { i: { competitionId: id, entryId: entries['沈红'], round: 2, scores: [{ judge: '评委1', score: 85 }] } },
      ],
    });
  });
});
