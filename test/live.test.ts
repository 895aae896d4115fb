import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, loggedCursors, signUp, updateStatus } from './helpers/fixtures.js';
import { errorCode, startTestServer, subscribersReady, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const ACTIVITY_CHANGED = `subscription($id: ID!, $after: String) {
  activityChanged(id: $id, after: $after) { cursor type status signUpCount placesLeft activity { title organiser { name } } }
}`;
const FEED = `subscription($unionId: ID!, $includeDescendants: Boolean, $kinds: [ActivityKind!], $types: [ActivityEventType!], $after: String) {
  activityFeed(unionId: $unionId, includeDescendants: $includeDescendants, kinds: $kinds, types: $types, after: $after) { cursor type kind title activityId }
}`;

let a: TestServer, b: TestServer;
let city: string, county: string, town: string, otherCounty: string;

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  city = await createUnion(a, '嘉兴市总工会', 'CITY');
  county = await createUnion(a, '海宁市总工会', 'COUNTY', city);
  town = await createUnion(a, '许村镇工会', 'TOWN', county);
  otherCounty = await createUnion(a, '平湖市总工会', 'COUNTY', city);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const cursorsOf = (results: any[], field: string) => results.map((r) => r.data[field].cursor);
const increasing = (cursors: string[]) => cursors.every((c, i) => i === 0 || BigInt(c) > BigInt(cursors[i - 1]));

describe('activityChanged over graphql-ws', () => {
  it('reaches subscribers on every instance once per committed change, with cursors in commit order', async () => {
    const id = await createActivity(a, { kind: 'COMPETITION', title: '气排球联赛', organiserId: county, capacity: 2 });
    const onA = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id });
    const onB = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id });
    await Promise.all([subscribersReady(a), subscribersReady(b)]);
    expect((await signUp(a, id, '13900000001')).errors).toBeUndefined();
    expect((await signUp(b, id, '13900000002')).errors).toBeUndefined();
    // Refused and rolled back: no event.
    expect(errorCode(await signUp(a, id, '13900000003'))).toBe('CAPACITY_FULL');
    await updateStatus(b, id, 'RUNNING');

    const expected = [
      { type: 'SIGN_UPS_CHANGED', status: 'OPEN', signUpCount: 1, placesLeft: 1 },
      { type: 'SIGN_UPS_CHANGED', status: 'OPEN', signUpCount: 2, placesLeft: 0 },
      { type: 'FULL', status: 'OPEN', signUpCount: 2, placesLeft: 0 },
      { type: 'STARTED', status: 'RUNNING', signUpCount: 2, placesLeft: 0 },
    ];
    const logged = (await loggedCursors(a, id)).slice(1); // after CREATED
    for (const sub of [onA, onB]) {
      const results = await sub.waitFor(4);
      expect(results.map((r) => r.data.activityChanged)).toMatchObject(
        expected.map((e) => ({ ...e, activity: { title: '气排球联赛', organiser: { name: '海宁市总工会' } } })),
      );
      expect(cursorsOf(results, 'activityChanged')).toEqual(logged);
      expect(increasing(logged)).toBe(true);
    }
    // Nothing more arrives: each change was delivered once.
    await new Promise((r) => setTimeout(r, 300));
    expect(onA.results).toHaveLength(4);
    expect(onB.results).toHaveLength(4);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('replays what was committed after `after`, then goes on live without a gap or a repeat', async () => {
    const id = await createActivity(a, { title: '书法培训', organiserId: town, capacity: 10 });
    for (let i = 1; i <= 3; i++) await signUp(a, id, `1370000000${i}`);
    const [created, first] = await loggedCursors(a, id);
    const sub = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id, after: first });
    const replayed = await sub.waitFor(2);
    expect(replayed.map((r) => r.data.activityChanged.signUpCount)).toEqual([2, 3]);
    await subscribersReady(b);
    await signUp(a, id, '13700000004');
    const all = await sub.waitFor(3);
    expect(all.map((r) => r.data.activityChanged.signUpCount)).toEqual([2, 3, 4]);
    expect(cursorsOf(all, 'activityChanged')).toEqual(
      (await loggedCursors(a, id)).filter((c) => BigInt(c) > BigInt(first)),
    );
    expect(BigInt(created)).toBeLessThan(BigInt(first));
    await sub.close();
  });

  it('sends DELETED with a null activity once the activity is deleted', async () => {
    const id = await createActivity(a, { title: '讲座', organiserId: county });
    const sub = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id });
    await subscribersReady(b);
    await a.gql(`mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`, { id });
    const [result] = await sub.waitFor(1);
    expect(result.data.activityChanged).toMatchObject({ type: 'DELETED', activity: null });
    await sub.close();
  });

  it('refuses a malformed id or cursor with BAD_USER_INPUT', async () => {
    const id = await createActivity(a, { title: '阅读会', organiserId: county });
    for (const variables of [{ id: 'nope' }, { id, after: 'yesterday' }, { id, after: '-1' }]) {
      const sub = subscribe(a.wsUrl, ACTIVITY_CHANGED, variables);
      const [result] = await sub.waitFor(1);
      expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      await sub.close();
    }
  });

  it('refuses a subscription sent over HTTP', async () => {
    const res = await a.gql(ACTIVITY_CHANGED, { id: 'x' });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_REQUEST');
    expect(res.errors![0].message).toMatch(/WebSocket/);
  });
});

describe('activityFeed over a subtree', () => {
  it('sends the news of every activity under the union, through the tree index, and filters by kind and event type', async () => {
    const whole = subscribe(a.wsUrl, FEED, { unionId: county });
    const ownOnly = subscribe(a.wsUrl, FEED, { unionId: county, includeDescendants: false });
    const competitions = subscribe(b.wsUrl, FEED, { unionId: city, kinds: ['COMPETITION'] });
    const signUps = subscribe(b.wsUrl, FEED, { unionId: town, types: ['SIGN_UPS_CHANGED'] });
    await Promise.all([subscribersReady(a, 2), subscribersReady(b, 2)]);

    const inTown = await createActivity(b, { title: '镇里的课', organiserId: town, capacity: 1 });
    const inCounty = await createActivity(a, {
      kind: 'COMPETITION',
      title: '县里的比赛',
      organiserId: county,
      status: 'PLANNED',
    });
    const elsewhere = await createActivity(a, { kind: 'COMPETITION', title: '平湖的比赛', organiserId: otherCounty });
    await signUp(a, inTown, '13600000001'); // SIGN_UPS_CHANGED then FULL
    await updateStatus(b, inCounty, 'OPEN');
    await updateStatus(b, inCounty, 'CANCELLED');

    const titles = (results: any[]) => results.map((r) => `${r.data.activityFeed.type} ${r.data.activityFeed.title}`);
    expect(titles(await whole.waitFor(5))).toEqual([
      'CREATED 镇里的课',
      'CREATED 县里的比赛',
      'FULL 镇里的课',
      'OPENED 县里的比赛',
      'CANCELLED 县里的比赛',
    ]);
    expect(titles(await ownOnly.waitFor(3))).toEqual([
      'CREATED 县里的比赛',
      'OPENED 县里的比赛',
      'CANCELLED 县里的比赛',
    ]);
    expect(titles(await competitions.waitFor(4))).toEqual([
      'CREATED 县里的比赛',
      'CREATED 平湖的比赛',
      'OPENED 县里的比赛',
      'CANCELLED 县里的比赛',
    ]);
    expect(titles(await signUps.waitFor(1))).toEqual(['SIGN_UPS_CHANGED 镇里的课']);

    // The same feed replayed from before the first event is the same list.
    const firstCursor = BigInt(whole.results[0].data.activityFeed.cursor);
    const replay = subscribe(b.wsUrl, FEED, { unionId: county, after: String(firstCursor - 1n) });
    expect(titles(await replay.waitFor(5))).toEqual(titles(whole.results));
    expect(elsewhere).toBeTruthy();
    await new Promise((r) => setTimeout(r, 200));
    expect(whole.results).toHaveLength(5);
    await Promise.all([whole, ownOnly, competitions, signUps, replay].map((s) => s.close()));
  });

  it('answers NOT_FOUND for a union that does not exist', async () => {
    const sub = subscribe(a.wsUrl, FEED, { unionId: Buffer.from('Union:999999').toString('base64') });
    const [result] = await sub.waitFor(1);
    expect(result.errors[0].extensions.code).toBe('NOT_FOUND');
    await sub.close();
  });
});

describe('fan-out', () => {
  it('one event costs the same SQL statements for 60 subscribers as for one', async () => {
    const id = await createActivity(a, { title: '合唱排练', organiserId: town });
    const statementsForOneEvent = async (subscribers: number) => {
      const subs = Array.from({ length: subscribers }, () => subscribe(a.wsUrl, ACTIVITY_CHANGED, { id }));
      await subscribersReady(a, subscribers);
      const before = a.app.db.statementCount();
      // The mutation goes through the other instance so that only event handling is counted here.
      await updateStatus(b, id, subscribers === 1 ? 'OPEN' : 'RUNNING');
      await Promise.all(subs.map((s) => s.waitFor(1)));
      const used = a.app.db.statementCount() - before;
      await Promise.all(subs.map((s) => s.close()));
      await subscribersReady(a, 0);
      return used;
    };
    const one = await statementsForOneEvent(1);
    const many = await statementsForOneEvent(60);
    // The hub's read of the log, then one load each for the activity and its organiser.
    expect(one).toBe(3);
    expect(many).toBe(one);
  });
});

describe('retention', () => {
  it('tells a client whose cursor is older than the log keeps to refetch, and one from the future that the cursor is wrong', async () => {
    const id = await createActivity(a, { title: '摄影展', organiserId: county });
    const [created] = await loggedCursors(a, id);
    await signUp(a, id, '13500000001');
    const { pruneEvents } = await import('../src/live/event-reader.js');
    expect(await pruneEvents(a.app.db.orm.em.fork(), new Date(Date.now() + 60_000))).toBeGreaterThan(0);

    const stale = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id, after: created });
    const [result] = await stale.waitFor(1);
    expect(result.errors[0].extensions.code).toBe('CURSOR_EXPIRED');
    expect(result.errors[0].message).toMatch(/Refetch/);
    await stale.close();

    const ahead = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id, after: '9000000000000000000' });
    expect((await ahead.waitFor(1))[0].errors[0].extensions.code).toBe('CURSOR_EXPIRED');
    await ahead.close();

    // Without `after`, or with a cursor the log still covers, all is well.
    const fresh = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id });
    await subscribersReady(a);
    await signUp(b, id, '13500000002');
    expect((await fresh.waitFor(1))[0].data.activityChanged.signUpCount).toBe(2);
    await fresh.close();
  });
});
