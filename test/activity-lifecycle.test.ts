import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { END_SQL, endOf } from '../src/activities/activity.clock.js';
import { createActivity, createUnion, DAY, fromNow, HOUR, MINUTE, signUp, updateStatus } from './helpers/fixtures.js';
import { errorCode, startTestServer, subscribersReady, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * Issue 10, point 3: an activity's status never contradicts the clock. Sign-ups close at
 * the start, writes that contradict the time are refused, and a sweep moves activities
 * along as time passes, with their events, on any number of instances.
 */

const UPDATE = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status startsAt endsAt title } } }`;
const CREATE = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id status } } }`;
const ACTIVITY_CHANGED = `subscription($id: ID!) { activityChanged(id: $id) { cursor type status activity { status } } }`;
const FEED = `subscription($unionId: ID!, $types: [ActivityEventType!]) {
  activityFeed(unionId: $unionId, types: $types) { type title status }
}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);

/** A server whose sweep runs once an hour: the clock rules alone decide here. */
/** Sweeps once at start, then hourly (the test default): the clock rules alone decide here. */
let server: TestServer;
let county: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  county = await createUnion(server, '海盐县总工会', 'COUNTY');
});
afterAll(() => server?.stop());

const update = (i: Record<string, unknown>) => server.gql(UPDATE, { i });

describe('sign-ups close at the start', () => {
  it('refuses a sign-up once the start has passed, even before the sweep moved the activity', async () => {
    const id = await createActivity(server, { title: '插花课', organiserId: county, startsAt: fromNow(1500) });
    expect((await signUp(server, id, '13900000001')).errors).toBeUndefined();
    await sleep(1600);
    const late = await signUp(server, id, '13900000002');
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.errors![0].message).toMatch(/^Sign-up closed when the activity started at /);
    const [row] = await server.sql(`select status, sign_up_count from activities where id = $1`, [dbId(id)]);
    expect(row).toEqual({ status: 'OPEN', sign_up_count: 1 });
  });

  it('refuses a sign-up for a course that ended weeks ago but is still marked OPEN', async () => {
    const id = await createActivity(server, { title: '茶艺课', organiserId: county });
    // A row as the demo held them before these rules: OPEN, over three weeks ago.
    await server.sql(
      `update activities set starts_at = now() - interval '22 days', ends_at = now() - interval '21 days' where id = $1`,
      [dbId(id)],
    );
    const res = await signUp(server, id, '13900000003');
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/started/);
  });

  it('refuses a sign-up for an activity that is not OPEN, with CONFLICT naming its status', async () => {
    const id = await createActivity(server, { title: '讲座', organiserId: county, status: 'PLANNED' });
    const res = await signUp(server, id, '13900000004');
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toBe('Sign-up is not open: the activity is PLANNED');
  });
});

describe('statuses agree with the clock', () => {
  it('refuses a new OPEN or PLANNED activity that has already begun (CONFLICT), and times out of order (BAD_USER_INPUT)', async () => {
    const create = (i: Record<string, unknown>) =>
      server.gql(CREATE, { i: { kind: 'COURSE', title: '穿越课', organiserId: county, ...i } });
    const ancient = await create({ status: 'OPEN', startsAt: '2001-01-01T00:00:00Z' });
    expect(errorCode(ancient)).toBe('CONFLICT');
    expect(ancient.errors![0].message).toMatch(/2001-01-01T00:00:00.000Z cannot be OPEN/);
    expect(errorCode(await create({ startsAt: fromNow(-HOUR), endsAt: fromNow(HOUR) }))).toBe('CONFLICT');
    const backwards = await create({ startsAt: fromNow(DAY), endsAt: fromNow(HOUR) });
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0].extensions!.field).toBe('endsAt');
    expect(await server.sql(`select id from activities where title = '穿越课'`)).toEqual([]);
    expect((await create({ status: 'OPEN', startsAt: fromNow(MINUTE) })).data.createActivity.activity.status).toBe(
      'OPEN',
    );
  });

  it('lets staff start at most 30 minutes early and never after the end; FINISHED only from the start on', async () => {
    const soon = await createActivity(server, { title: '合唱排练', organiserId: county, startsAt: fromNow(2 * HOUR) });
    const early = await update({ id: soon, status: 'RUNNING' });
    expect(errorCode(early)).toBe('CONFLICT');
    expect(early.errors![0].message).toMatch(/at most 30 minutes before its start/);

    const doors = await createActivity(server, {
      title: '书法课',
      organiserId: county,
      startsAt: fromNow(25 * MINUTE),
    });
    expect((await update({ id: doors, status: 'RUNNING' })).data.updateActivity.activity.status).toBe('RUNNING');
    const finished = await update({ id: doors, status: 'FINISHED' });
    expect(errorCode(finished)).toBe('CONFLICT');
    expect(finished.errors![0].message).toMatch(/cannot be FINISHED before its start/);
    const over = await update({ id: doors, endsAt: fromNow(-MINUTE), startsAt: fromNow(-HOUR) });
    expect(errorCode(over)).toBe('CONFLICT');
    expect(over.errors![0].message).toMatch(/cannot be RUNNING: it is FINISHED/);
    // Said together with the end: it ran from an hour ago until a minute ago.
    const done = await update({ id: doors, status: 'FINISHED', endsAt: fromNow(-MINUTE), startsAt: fromNow(-HOUR) });
    expect(done.errors).toBeUndefined();
    expect(done.data.updateActivity.activity.status).toBe('FINISHED');
  });

  it('refuses to move an OPEN activity’s start into the past; a title change alone is never held against the clock', async () => {
    const id = await createActivity(server, { title: '电工培训', organiserId: county, startsAt: fromNow(1200) });
    const past = await update({ id, startsAt: fromNow(-HOUR) });
    expect(errorCode(past)).toBe('CONFLICT');
    expect(past.errors![0].message).toMatch(/cannot be OPEN now: it has begun/);
    await sleep(1300);
    // It started a moment ago and the sweep has not run yet: renaming it still works.
    const renamed = await update({ id, title: '电工安全培训' });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updateActivity.activity).toMatchObject({ status: 'OPEN', title: '电工安全培训' });
  });
});

describe('the end of an activity without one', () => {
  it('is midnight after its start day in Asia/Shanghai, the same in SQL (the sweep) as in code (the rules)', async () => {
    const cases: [start: string, end: string][] = [
      ['2026-11-21T09:00:00+08:00', '2026-11-21T16:00:00.000Z'],
      ['2026-11-21T23:59:59+08:00', '2026-11-21T16:00:00.000Z'],
      ['2026-11-22T00:00:00+08:00', '2026-11-22T16:00:00.000Z'],
      ['2026-12-31T20:00:00+08:00', '2026-12-31T16:00:00.000Z'],
    ];
    for (const [start, end] of cases) {
      const [row] = await server.sql(
        `select (${END_SQL}) as end from (select $1::timestamptz as starts_at, null::timestamptz as ends_at) a`,
        [start],
      );
      expect([start, new Date(row.end).toISOString()]).toEqual([start, end]);
      expect([start, endOf(new Date(start), null).toISOString()]).toEqual([start, end]);
    }
  });
});

describe('the sweep moves activities along by the clock', () => {
  let a: TestServer, b: TestServer;
  let union: string;

  beforeAll(async () => {
    // Two instances on one database, both sweeping five times a second.
    a = await startTestServer({ data: 'empty', config: { statusSweepMs: 200 } });
    b = await startTestServer({ sameDatabaseAs: a, config: { statusSweepMs: 200 } });
    union = await createUnion(a, '桐乡市总工会', 'COUNTY');
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('starts an activity a second away on two instances: every subscriber gets STARTED once, within seconds', async () => {
    const id = await createActivity(a, { title: '气排球友谊赛', organiserId: union, startsAt: fromNow(1000) });
    const onA = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id });
    const onB = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id });
    const feed = subscribe(b.wsUrl, FEED, { unionId: union });
    await Promise.all([subscribersReady(a, 1), subscribersReady(b, 2)]);
    const started = Date.now();
    for (const sub of [onA, onB]) {
      const [event] = await sub.waitFor(1, 5000);
      expect(event.data.activityChanged).toMatchObject({
        type: 'STARTED',
        status: 'RUNNING',
        activity: { status: 'RUNNING' },
      });
    }
    expect((await feed.waitFor(1, 5000))[0].data.activityFeed).toEqual({
      type: 'STARTED',
      title: '气排球友谊赛',
      status: 'RUNNING',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    // Both instances kept sweeping for a while: nothing more was announced or logged.
    await sleep(1000);
    expect(onA.results).toHaveLength(1);
    expect(onB.results).toHaveLength(1);
    expect(onA.results[0].data.activityChanged.cursor).toBe(onB.results[0].data.activityChanged.cursor);
    const logged = await a.sql(`select type from events where topic = 'activity' and subject_id = $1 order by cursor`, [
      dbId(id),
    ]);
    expect(logged.map((e) => e.type)).toEqual(['CREATED', 'STARTED']);
    await Promise.all([onA.close(), onB.close(), feed.close()]);
  });

  it('finishes a RUNNING activity at its end, and one without an end at midnight (Asia/Shanghai) after its start day', async () => {
    const id = await createActivity(a, {
      title: '午间读书会',
      organiserId: union,
      startsAt: fromNow(500),
      endsAt: fromNow(1500),
    });
    const sub = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id });
    await subscribersReady(b);
    const events = await sub.waitFor(2, 5000);
    expect(events.map((e) => [e.data.activityChanged.type, e.data.activityChanged.status])).toEqual([
      ['STARTED', 'RUNNING'],
      ['FINISHED', 'FINISHED'],
    ]);
    await sub.close();

    // Rows as they were before these rules: RUNNING since yesterday without an end, and
    // OPEN although it was over the day before.
    const finishes = subscribe(a.wsUrl, FEED, { unionId: union, types: ['FINISHED'] });
    await subscribersReady(a);
    const yesterday = await createActivity(a, { title: '昨天的讲座', organiserId: union, endsAt: null });
    const stale = await createActivity(a, { title: '前天的课', organiserId: union });
    await a.sql(
      `update activities set
         status = case when id = $1 then 'RUNNING'::activity_status else status end,
         starts_at = now() - case when id = $1 then interval '1 day' else interval '2 days' end,
         ends_at = case when id = $1 then null else now() - interval '47 hours' end
       where id in ($1, $2)`,
      [dbId(yesterday), dbId(stale)],
    );
    const news = await finishes.waitFor(2, 5000);
    const byTitle = (x: { title: string }, y: { title: string }) => x.title.localeCompare(y.title);
    expect(news.map((e) => e.data.activityFeed).sort(byTitle)).toEqual(
      [
        { type: 'FINISHED', title: '昨天的讲座', status: 'FINISHED' },
        // Past its end already: straight to FINISHED, with one event.
        { type: 'FINISHED', title: '前天的课', status: 'FINISHED' },
      ].sort(byTitle),
    );
    const logged = await a.sql(`select type from events where topic = 'activity' and subject_id = $1 order by cursor`, [
      dbId(stale),
    ]);
    expect(logged.map((e) => e.type)).toEqual(['CREATED', 'FINISHED']);
    await finishes.close();
  });

  it('answers the next query with the new status: the response cache sees the sweep', async () => {
    const id = await createActivity(a, { title: '太极拳课', organiserId: union, startsAt: fromNow(800) });
    const ask = async () =>
      (await a.gql(`query($id: ID!) { activity(id: $id) { status } }`, { id }, { token: null })).data;
    expect(await ask()).toEqual({ activity: { status: 'OPEN' } });
    expect(await ask()).toEqual({ activity: { status: 'OPEN' } });
    const deadline = Date.now() + 5000;
    while ((await ask()).activity.status === 'OPEN' && Date.now() < deadline) await sleep(100);
    expect(await ask()).toEqual({ activity: { status: 'RUNNING' } });
  });

  it('leaves a competition RUNNING past its end while a match is not over, and finishes it once none is', async () => {
    const id = await createActivity(a, { kind: 'COMPETITION', title: '拔河比赛', organiserId: union });
    await updateStatus(a, id, 'RUNNING');
    const competitionId = Buffer.from(`Competition:${dbId(id)}`).toString('base64');
    const teams = (
      await a.gql(`mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`, {
        i: { competitionId, entries: ['东队', '西队'].map((name) => ({ name, unionId: union })) },
      })
    ).data.registerEntries.entries.map((e: { id: string }) => e.id);
    const [match] = (
      await a.gql(`mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`, {
        i: {
          competitionId,
          matches: [{ round: '决赛', homeEntryId: teams[0], awayEntryId: teams[1], startsAt: fromNow(0) }],
        },
      })
    ).data.scheduleMatches.matches;
    await a.gql(`mutation($id: ID!) { startMatch(id: $id) { match { id } } }`, { id: match.id });
    // Its end passes with the final still LIVE.
    await a.sql(`update activities set ends_at = now() - interval '1 second' where id = $1`, [dbId(id)]);
    await sleep(1000);
    const status = async () => (await a.sql(`select status from activities where id = $1`, [dbId(id)]))[0].status;
    expect(await status()).toBe('RUNNING');
    await a.gql(`mutation($id: ID!) { cancelMatch(id: $id) { match { id } } }`, { id: match.id });
    const deadline = Date.now() + 5000;
    while ((await status()) === 'RUNNING' && Date.now() < deadline) await sleep(100);
    expect(await status()).toBe('FINISHED');
  });

  it('never moves a cancelled activity, and logs no error', async () => {
    const id = await createActivity(a, { title: '被取消的课', organiserId: union, startsAt: fromNow(600) });
    expect((await a.gql(UPDATE, { i: { id, status: 'CANCELLED' } })).errors).toBeUndefined();
    await sleep(1200);
    const logged = await a.sql(`select type from events where topic = 'activity' and subject_id = $1 order by cursor`, [
      dbId(id),
    ]);
    expect(logged.map((e) => e.type)).toEqual(['CREATED', 'CANCELLED']);
    expect([...a.loggedErrors, ...b.loggedErrors]).toEqual([]);
    expect([...a.logs, ...b.logs].filter((l) => /moving activities along/.test(l.msg))).toEqual([]);
  });
});

describe('the demo', () => {
  it('is seeded around today, and once an instance has started nothing in it contradicts the clock', async () => {
    const demo = await startTestServer({ data: 'demo' });
    try {
      const [row] = await demo.sql(
        `select count(*) filter (where status in ('PLANNED', 'OPEN') and starts_at <= now())::int as begun,
           count(*) filter (where status = 'RUNNING' and (${END_SQL} <= now() or starts_at > now() + interval '30 minutes'))::int as running_off_the_clock,
           count(*) filter (where status = 'FINISHED' and starts_at > now())::int as finished_before_start,
           count(*) filter (where status = 'OPEN')::int > 100 as many_open,
           count(*) filter (where status = 'RUNNING')::int > 10 as some_running,
           max(created_at) <= now() and max(created_at) > now() - interval '2 days' as created_until_today
         from activities`,
      );
      expect(row).toEqual({
        begun: 0,
        running_off_the_clock: 0,
        finished_before_start: 0,
        many_open: true,
        some_running: true,
        created_until_today: true,
      });
      // The demo's "now" is 10:00 +08:00 of the day it was seeded (or the day before): its
      // sign-ups were all taken before it.
      const [signUps] = await demo.sql(
        `select max(created_at) <= now() and max(created_at) > now() - interval '2 days' as until_today from sign_ups`,
      );
      expect(signUps).toEqual({ until_today: true });
    } finally {
      await demo.stop();
    }
  });
});
