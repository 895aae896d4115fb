import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, loggedCursors, updateStatus } from './helpers/fixtures.js';
import { startTestServer, subscribersReady, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const UPDATED = `subscription($id: ID!, $after: String) {
  competitionUpdated(competitionId: $id, after: $after) {
    cursor type matchId homeScore awayScore matchStatus previousHomeScore previousAwayScore reason judgeRound judgeScores { judge score }
    match { round homeEntry { name } awayEntry { name } }
    entry { name }
    standings { rank points entry { name union { name } } }
  }
}`;

let a: TestServer, b: TestServer;
let county: string;

async function ok(server: TestServer, query: string, variables: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const competitionIdOf = (activityId: string) =>
  Buffer.from(`Competition:${Buffer.from(activityId, 'base64').toString().split(':')[1]}`).toString('base64');

/** A RUNNING match competition with four teams and two scheduled matches. */
async function tournament(title: string) {
  const activityId = await createActivity(a, { kind: 'COMPETITION', title, organiserId: county });
  await updateStatus(a, activityId, 'RUNNING');
  const id = competitionIdOf(activityId);
  const registered = await ok(
    a,
    `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id name } } }`,
    {
      i: {
        competitionId: id,
        entries: ['许村队', '长安队', '盐官队', '斜桥队'].map((name) => ({ name, unionId: county })),
      },
    },
  );
  const [e1, e2, e3, e4] = registered.registerEntries.entries.map((e: any) => e.id);
  const scheduled = await ok(
    a,
    `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`,
    {
      i: {
        competitionId: id,
        matches: [
          { round: '小组赛第1轮', homeEntryId: e1, awayEntryId: e2, startsAt: '2026-11-21T09:00:00+08:00' },
          { round: '小组赛第1轮', homeEntryId: e3, awayEntryId: e4, startsAt: '2026-11-21T09:00:00+08:00' },
        ],
      },
    },
  );
  return { activityId, id, matches: scheduled.scheduleMatches.matches.map((m: any) => m.id) as string[] };
}

const score = (server: TestServer, matchId: string, homeScore: number, awayScore: number) =>
  ok(server, `mutation($i: RecordScoreInput!) { recordScore(input: $i) { match { version } } }`, {
    i: { matchId, homeScore, awayScore },
  });

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  const city = await createUnion(a, '嘉兴市总工会', 'CITY');
  county = await createUnion(a, '海宁市总工会', 'COUNTY', city);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('competitionUpdated', () => {
  it('sends match states, live scores, the final and a correction with the standings, to screens on every instance, once each', async () => {
    const { id, matches } = await tournament('海宁市职工气排球赛');
    const onA = subscribe(a.wsUrl, UPDATED, { id });
    const onB = subscribe(b.wsUrl, UPDATED, { id });
    await Promise.all([subscribersReady(a), subscribersReady(b)]);

    await ok(b, `mutation($id: ID!) { startMatch(id: $id) { match { status } } }`, { id: matches[0] });
    await score(a, matches[0], 1, 0);
    await score(b, matches[0], 1, 1);
    await score(a, matches[0], 2, 1);
    await ok(a, `mutation($i: FinishMatchInput!) { finishMatch(input: $i) { match { status } } }`, {
      i: { matchId: matches[0], homeScore: 2, awayScore: 1 },
    });
    await ok(b, `mutation($i: CorrectMatchScoreInput!) { correctMatchScore(input: $i) { match { status } } }`, {
      i: { matchId: matches[0], homeScore: 1, awayScore: 2, reason: '记分员录入错误' },
    });

    for (const sub of [onA, onB]) {
      const events = (await sub.waitFor(6)).map((r) => r.data.competitionUpdated);
      expect(events.map((e) => [e.type, e.homeScore, e.awayScore, e.matchStatus])).toEqual([
        ['MATCH_STARTED', 0, 0, 'LIVE'],
        ['SCORE_CHANGED', 1, 0, 'LIVE'],
        ['SCORE_CHANGED', 1, 1, 'LIVE'],
        ['SCORE_CHANGED', 2, 1, 'LIVE'],
        ['MATCH_FINISHED', 2, 1, 'FINISHED'],
        ['SCORE_CORRECTED', 1, 2, 'FINISHED'],
      ]);
      expect(events[5]).toMatchObject({
        previousHomeScore: 2,
        previousAwayScore: 1,
        reason: '记分员录入错误',
        matchId: matches[0],
      });
      expect(events[0].match).toEqual({
        round: '小组赛第1轮',
        homeEntry: { name: '许村队' },
        awayEntry: { name: '长安队' },
      });
      // Standings as they stand: the correction made 长安队 the winner.
      expect(events[5].standings[0]).toEqual({
        rank: 1,
        points: 3,
        entry: { name: '长安队', union: { name: '海宁市总工会' } },
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect([onA.results.length, onB.results.length]).toEqual([6, 6]);
    expect(onA.results.map((r) => r.data.competitionUpdated.cursor)).toEqual(
      await loggedCursors(
        a,
        Buffer.from(`Activity:${Buffer.from(id, 'base64').toString().split(':')[1]}`).toString('base64'),
        'competition',
      ).then((c) => c.slice(-6)),
    );
    await Promise.all([onA.close(), onB.close()]);
  });

  it('replays a match from `after` with the scores as they were at each event', async () => {
    const { id, matches } = await tournament('盐官镇职工篮球赛');
    await ok(a, `mutation($id: ID!) { startMatch(id: $id) { match { status } } }`, { id: matches[1] });
    const started = subscribe(a.wsUrl, UPDATED, { id });
    await subscribersReady(a);
    await score(b, matches[1], 2, 0);
    const [first] = await started.waitFor(1);
    await started.close();
    await score(b, matches[1], 4, 0);
    await score(b, matches[1], 4, 2);

    const resumed = subscribe(b.wsUrl, UPDATED, { id, after: first.data.competitionUpdated.cursor });
    const replayed = (await resumed.waitFor(2)).map((r) => r.data.competitionUpdated);
    expect(replayed.map((e) => [e.homeScore, e.awayScore])).toEqual([
      [4, 0],
      [4, 2],
    ]);
    await resumed.close();
  });

  it("sends judges' scores of a judged contest", async () => {
    const activityId = await createActivity(a, { kind: 'COMPETITION', title: '外卖骑手歌手大赛', organiserId: county });
    await updateStatus(a, activityId, 'RUNNING');
    const id = competitionIdOf(activityId);
    await ok(
      a,
      `mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { format } } }`,
      { i: { competitionId: id, format: 'JUDGED' } },
    );
    const entries = await ok(
      a,
      `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`,
      {
        i: { competitionId: id, entries: [{ name: '骑手小王', unionId: county }] },
      },
    );
    const sub = subscribe(b.wsUrl, UPDATED, { id });
    await subscribersReady(b);
    await ok(a, `mutation($i: RecordJudgeScoresInput!) { recordJudgeScores(input: $i) { entry { name } } }`, {
      i: {
        competitionId: id,
        entryId: entries.registerEntries.entries[0].id,
        round: 1,
        scores: [
          { judge: '评委甲', score: 92.5 },
          { judge: '评委乙', score: 90 },
        ],
      },
    });
    const [result] = await sub.waitFor(1);
    expect(result.data.competitionUpdated).toMatchObject({
      type: 'JUDGE_SCORES_RECORDED',
      judgeRound: 1,
      judgeScores: [
        { judge: '评委甲', score: 92.5 },
        { judge: '评委乙', score: 90 },
      ],
      entry: { name: '骑手小王' },
      standings: [{ rank: 1, entry: { name: '骑手小王' } }],
    });
    await sub.close();
  });

  it('costs the same SQL statements per event for 100 screens on one competition as for one', async () => {
    const { id, matches } = await tournament('许村镇职工拔河赛');
    await ok(a, `mutation($id: ID!) { startMatch(id: $id) { match { status } } }`, { id: matches[0] });
    const statementsForOneEvent = async (screens: number, home: number) => {
      const subs = Array.from({ length: screens }, () => subscribe(a.wsUrl, UPDATED, { id }));
      await subscribersReady(a, screens);
      const before = a.app.db.statementCount();
      await score(b, matches[0], home, 0); // written through the other instance
      await Promise.all(subs.map((s) => s.waitFor(1, 15_000)));
      const used = a.app.db.statementCount() - before;
      await Promise.all(subs.map((s) => s.close()));
      await subscribersReady(a, 0);
      return used;
    };
    const one = await statementsForOneEvent(1, 1);
    const many = await statementsForOneEvent(100, 2);
    expect(many).toBe(one);
    expect(one).toBeLessThanOrEqual(10);
  }, 60_000);

  it('sends a score change to 200 screens on one instance for at most one statement, once each', async () => {
    const { id, matches } = await tournament('长安镇职工篮球赛');
    await ok(a, `mutation($id: ID!) { startMatch(id: $id) { match { status } } }`, { id: matches[0] });
    // The README's scoreboard, with the match's times (dates come from the event's snapshot).
    const SCREEN = `subscription($id: ID!, $after: String) {
      competitionUpdated(competitionId: $id, after: $after) {
        cursor type homeScore awayScore matchStatus
        match { round status homeScore version startsAt homeEntry { name } awayEntry { name } }
        standings { rank points played entry { name } }
      }
    }`;
    const screens = Array.from({ length: 200 }, () => subscribe(a.wsUrl, SCREEN, { id }));
    await subscribersReady(a, 200).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(screens[0]!.results)}`);
    });
    await a.app.events.settled();
    const before = a.app.db.statementCount();
    await score(b, matches[0], 3, 1); // written through the other instance: a only reads the log
    const received = await Promise.all(screens.map((s) => s.waitFor(1, 15_000)));
    await new Promise((resolve) => setTimeout(resolve, 200)); // nothing more arrives
    expect(a.app.db.statementCount() - before).toBeLessThanOrEqual(1);
    for (const s of screens) expect(s.results).toHaveLength(1);
    const [first] = received[0]!;
    expect(first.errors).toBeUndefined();
    expect(first.data.competitionUpdated).toMatchObject({
      type: 'SCORE_CHANGED',
      homeScore: 3,
      awayScore: 1,
      match: {
        round: '小组赛第1轮',
        status: 'LIVE',
        homeScore: 3,
        version: 2,
        homeEntry: { name: '许村队' },
        awayEntry: { name: '长安队' },
      },
      standings: [{ rank: 1, points: 0, played: 0 }, { rank: 1 }, { rank: 1 }, { rank: 1 }],
    });
    expect(new Date(first.data.competitionUpdated.match.startsAt).toISOString()).toBe('2026-11-21T01:00:00.000Z');
    for (const [r] of received) expect(r).toEqual(first);

    // A screen resuming from before the change replays it, loading what it shows as it stands, then joins the others.
    const late = subscribe(a.wsUrl, SCREEN, {
      id,
      after: (BigInt(first.data.competitionUpdated.cursor) - 1n).toString(),
    });
    const [replayed] = await late.waitFor(1);
    expect(replayed).toEqual(first);
    await score(b, matches[0], 4, 1);
    const [second] = await late.waitFor(2).then((r) => r.slice(1));
    for (const s of screens) expect((await s.waitFor(2)).at(-1)).toEqual(second);
    expect(second.data.competitionUpdated.homeScore).toBe(4);
    await Promise.all([...screens, late].map((s) => s.close()));
    await subscribersReady(a, 0);
  }, 60_000);

  it('refuses an activity that is not a competition with NOT_FOUND, and a wrong id with BAD_USER_INPUT', async () => {
    const course = await createActivity(a, { title: '插花课', organiserId: county });
    const notCompetition = subscribe(a.wsUrl, UPDATED, { id: competitionIdOf(course) });
    expect((await notCompetition.waitFor(1))[0].errors[0].extensions.code).toBe('NOT_FOUND');
    await notCompetition.close();
    const wrong = subscribe(a.wsUrl, UPDATED, { id: course });
    expect((await wrong.waitFor(1))[0].errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await wrong.close();
  });
});
