import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, DAY, fromNow } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import {
  errorCode,
  startTestServer,
  subscribersReady,
  tokenFor,
  workerTokenFor,
  type TestServer,
} from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * The waitlist (issue 12, point 3): a full activity takes waiting workers; a place given
 * back goes to the first of them in the same transaction, never to more workers than
 * there are places, whatever runs at once on however many instances; the worker hears it
 * on their own subscription, the activity's screens on theirs.
 */

let a: TestServer, b: TestServer;
let pinghu: string, danghu: string;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
const worker = (n: number) =>
  workerTokenFor({
    unionId: dbId(danghu),
    name: `职工${n}`,
    phone: `139${String(n).padStart(8, '0')}`,
    workerId: `w${n}`,
  });

const SIGN_ME_UP = `mutation($a: ID!, $w: Boolean!) { signMeUp(activityId: $a, waitlist: $w) {
  signUp { id status } activity { signUpCount waitlistCount placesLeft } } }`;
const CANCEL_MINE = `mutation($id: ID!) { cancelMySignUp(id: $id) { signUp { status } activity { signUpCount waitlistCount } } }`;
const MINE = `subscription { mySignUpChanged { type status title signUpId signUp { status workerName } activity { waitlistCount } } }`;

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  const city = await createUnion(a, '嘉兴市总工会', 'CITY');
  pinghu = await createUnion(a, '平湖市总工会', 'COUNTY', city);
  danghu = await createUnion(a, '当湖街道总工会', 'TOWN', pinghu);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('joining and leaving the waitlist', () => {
  it('a full activity takes waiting workers; a place given back goes to the first, who hears it', async () => {
    const activity = await createActivity(a, {
      title: '瑜伽课',
      organiserId: pinghu,
      capacity: 2,
      endsAt: fromNow(DAY),
    });
    const [w1, w2, w3, w4, w5] = await Promise.all([1, 2, 3, 4, 5].map(worker));
    const ids: string[] = [];
    for (const token of [w1, w2]) {
      const res = await a.gql(SIGN_ME_UP, { a: activity, w: false }, { token });
      ids.push(res.data.signMeUp.signUp.id);
    }
    const refused = await a.gql(SIGN_ME_UP, { a: activity, w: false }, { token: w3 });
    expect(errorCode(refused)).toBe('CAPACITY_FULL');
    const waiting = await a.gql(SIGN_ME_UP, { a: activity, w: true }, { token: w3 });
    expect(waiting.data.signMeUp).toEqual({
      signUp: { id: expect.any(String), status: 'WAITLISTED' },
      activity: { signUpCount: 2, waitlistCount: 1, placesLeft: 0 },
    });
    ids.push(waiting.data.signMeUp.signUp.id);
    ids.push((await b.gql(SIGN_ME_UP, { a: activity, w: true }, { token: w4 })).data.signMeUp.signUp.id);
    const again = await a.gql(SIGN_ME_UP, { a: activity, w: true }, { token: w3 });
    expect(errorCode(again)).toBe('CONFLICT');

    // The third worker's own screen, another worker's, and the activity's, on the other instance.
    const mine = subscribe(b.wsUrl, MINE, {}, w3);
    const others = subscribe(b.wsUrl, MINE, {}, w5);
    const changed = subscribe(
      b.wsUrl,
      `subscription($id: ID!) { activityChanged(id: $id) { type signUpCount waitlistCount } }`,
      { id: activity },
    );
    const feed = subscribe(
      b.wsUrl,
      `subscription($u: ID!) { activityFeed(unionId: $u, types: [WAITLIST_PROMOTED]) { type title signUpCount waitlistCount } }`,
      { u: pinghu },
    );
    await subscribersReady(b, 4);

    const cancelled = await a.gql(CANCEL_MINE, { id: ids[0] }, { token: w1 });
    expect(cancelled.data.cancelMySignUp).toEqual({
      signUp: { status: 'CANCELLED' },
      activity: { signUpCount: 2, waitlistCount: 1 },
    });
    expect(await mine.waitFor(1)).toEqual([
      {
        data: {
          mySignUpChanged: {
            type: 'PROMOTED',
            status: 'SIGNED_UP',
            title: '瑜伽课',
            signUpId: ids[2],
            signUp: { status: 'SIGNED_UP', workerName: '职工3' },
            activity: { waitlistCount: 1 },
          },
        },
      },
    ]);
    expect(await changed.waitFor(2)).toEqual([
      { data: { activityChanged: { type: 'SIGN_UPS_CHANGED', signUpCount: 1, waitlistCount: 2 } } },
      { data: { activityChanged: { type: 'WAITLIST_PROMOTED', signUpCount: 2, waitlistCount: 1 } } },
    ]);
    expect(await feed.waitFor(1)).toEqual([
      { data: { activityFeed: { type: 'WAITLIST_PROMOTED', title: '瑜伽课', signUpCount: 2, waitlistCount: 1 } } },
    ]);

    // Staff cancel the second worker's place: the fourth worker, next in line, gets it.
    const staff = await tokenFor({ unionId: dbId(pinghu) });
    await a.gql(`mutation($id: ID!) { cancelSignUp(id: $id) { signUp { id } } }`, { id: ids[1] }, { token: staff });
    const statuses = await a.sql<{ id: number; status: string }>(
      `select id, status from sign_ups where activity_id = $1 order by id`,
      [dbId(activity)],
    );
    expect(statuses.map((s) => s.status)).toEqual(['CANCELLED', 'CANCELLED', 'SIGNED_UP', 'SIGNED_UP']);
    // A waiting worker who leaves the line frees no place: nobody is promoted.
    const w6 = await worker(6);
    const sixth = await a.gql(SIGN_ME_UP, { a: activity, w: true }, { token: w6 });
    const left = await a.gql(CANCEL_MINE, { id: sixth.data.signMeUp.signUp.id }, { token: w6 });
    expect(left.data.cancelMySignUp.activity).toEqual({ signUpCount: 2, waitlistCount: 0 });
    // The worker's own events: only theirs, never another's.
    await mine.close();
    expect(others.results).toEqual([]);
    await Promise.all([others.close(), changed.close(), feed.close()]);
  });

  it('more places promote the waiting at once', async () => {
    const activity = await createActivity(a, { organiserId: pinghu, capacity: 1, endsAt: fromNow(DAY) });
    for (const n of [11, 12, 13]) await a.gql(SIGN_ME_UP, { a: activity, w: true }, { token: await worker(n) });
    const res = await a.gql(
      `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { signUpCount waitlistCount } } }`,
      { i: { id: activity, capacity: 2 } },
    );
    expect(res.data.updateActivity.activity).toEqual({ signUpCount: 2, waitlistCount: 1 });
  });

  it('mySignUpChanged is for workers: staff get FORBIDDEN, nobody UNAUTHENTICATED', async () => {
    const staff = await overWs(a.wsUrl, MINE, {}, a.adminToken);
    expect(staff.type === 'error' ? staff.errors?.[0].extensions.code : staff.errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    const nobody = await overWs(a.wsUrl, MINE, {});
    expect(nobody.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('staff and the waitlist', () => {
  const STAFF_SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) {
    signUp { id status } activity { signUpCount waitlistCount } } }`;
  const CANCEL = `mutation($id: ID!) { cancelSignUp(id: $id) { signUp { status } activity { signUpCount waitlistCount } } }`;

  it('staff put a worker on the waitlist by the same rules; their cancellations tell the workers concerned', async () => {
    const staff = await tokenFor({ unionId: dbId(pinghu) });
    const activity = await createActivity(a, {
      title: '八段锦',
      organiserId: pinghu,
      capacity: 1,
      endsAt: fromNow(DAY),
    });
    const [w21, w22] = await Promise.all([21, 22].map(worker));
    const held = (await a.gql(SIGN_ME_UP, { a: activity, w: false }, { token: w21 })).data.signMeUp.signUp.id;
    const input = (phone: string, waitlist?: boolean) => ({
      i: { activityId: activity, workerName: '沈阿姨', phone, unionId: danghu, waitlist },
    });
    // Full: refused without the option, on both transports; waiting with it.
    expect(errorCode(await a.gql(STAFF_SIGN_UP, input('13700000001'), { token: staff }))).toBe('CAPACITY_FULL');
    const overWsFull = await overWs(a.wsUrl, STAFF_SIGN_UP, input('13700000001', false), staff);
    expect(overWsFull.errors?.[0].extensions.code).toBe('CAPACITY_FULL');
    const waiting = await overWs(a.wsUrl, STAFF_SIGN_UP, input('13700000001', true), staff);
    expect(waiting.data.signUp).toEqual({
      signUp: { id: expect.any(String), status: 'WAITLISTED' },
      activity: { signUpCount: 1, waitlistCount: 1 },
    });
    // The same phone once only, waiting or not.
    expect(errorCode(await a.gql(STAFF_SIGN_UP, input('13700000001', true), { token: staff }))).toBe('CONFLICT');
    // A worker joins the line after the staff-recorded one.
    const second = (await a.gql(SIGN_ME_UP, { a: activity, w: true }, { token: w22 })).data.signMeUp.signUp.id;

    const first = subscribe(b.wsUrl, MINE, {}, w21);
    const next = subscribe(b.wsUrl, MINE, {}, w22);
    const changed = subscribe(
      b.wsUrl,
      `subscription($id: ID!) { activityChanged(id: $id) { type signUpCount waitlistCount } }`,
      { id: activity },
    );
    await subscribersReady(b, 3);

    // Staff cancel the worker's place: the worker hears it; the first in line (staff-recorded) gets the place.
    const cancelled = await a.gql(CANCEL, { id: held }, { token: staff });
    expect(cancelled.data.cancelSignUp).toEqual({
      signUp: { status: 'CANCELLED' },
      activity: { signUpCount: 1, waitlistCount: 1 },
    });
    expect((await first.waitFor(1))[0]).toMatchObject({
      data: { mySignUpChanged: { type: 'CANCELLED', status: 'CANCELLED', signUpId: held } },
    });
    // Staff cancel the promoted one: now the waiting worker's turn, on their own subscription.
    await a.gql(CANCEL, { id: waiting.data.signUp.signUp.id }, { token: staff });
    expect(await next.waitFor(1)).toEqual([
      {
        data: {
          mySignUpChanged: {
            type: 'PROMOTED',
            status: 'SIGNED_UP',
            title: '八段锦',
            signUpId: second,
            signUp: { status: 'SIGNED_UP', workerName: '职工22' },
            activity: { waitlistCount: 0 },
          },
        },
      },
    ]);
    expect((await changed.waitFor(4)).map((r: any) => r.data.activityChanged.type)).toEqual([
      'SIGN_UPS_CHANGED',
      'WAITLIST_PROMOTED',
      'SIGN_UPS_CHANGED',
      'WAITLIST_PROMOTED',
    ]);
    await Promise.all([first.close(), next.close(), changed.close()]);
  });
});

/**
 * A request as a client sends it, retried while the answer is SERVICE_UNAVAILABLE (a busy
 * machine may run out of pool connections for a moment; README "Errors": retry shortly).
 */
async function retrying(server: TestServer, query: string, variables: Record<string, unknown>, token: string) {
  for (let attempt = 0; ; attempt++) {
    const res = await server.gql(query, variables, { token });
    if (errorCode(res) !== 'SERVICE_UNAVAILABLE' || attempt === 5) return res;
    await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
  }
}

describe('under concurrency', () => {
  it('200 sign-ups and cancellations at once over two instances never promote more workers than places', async () => {
    const capacity = 20;
    const activity = await createActivity(a, { title: '八段锦', organiserId: pinghu, capacity, endsAt: fromNow(DAY) });
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => worker(1000 + i)));
    // Everyone at once, half on each instance.
    const joined = await Promise.all(
      tokens.map((token, i) => retrying(i % 2 ? b : a, SIGN_ME_UP, { a: activity, w: true }, token)),
    );
    expect(joined.filter((r) => r.errors)).toEqual([]);
    const statuses = joined.map((r) => r.data.signMeUp.signUp.status);
    expect(statuses.filter((s) => s === 'SIGNED_UP')).toHaveLength(capacity);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(200 - capacity);

    // Then half of them give up at once — places and waits alike, on both instances — while
    // the other half's places and waits stand.
    const ids = joined.map((r) => r.data.signMeUp.signUp.id as string);
    const leaving = ids.map((id, i) => ({ id, i })).filter(({ i }) => i % 2 === 0);
    const left = await Promise.all(
      leaving.map(({ id, i }) => retrying(i % 4 ? a : b, CANCEL_MINE, { id }, tokens[i]!)),
    );
    expect(left.filter((r) => r.errors)).toEqual([]);

    const rows = await a.sql<{ id: number; status: string }>(
      `select id, status from sign_ups where activity_id = $1 order by id`,
      [dbId(activity)],
    );
    const staying = rows.filter((r) => r.status !== 'CANCELLED');
    expect(staying).toHaveLength(100);
    // Places go in the order of joining: the first `capacity` of those still there hold them.
    expect(staying.slice(0, capacity).every((r) => r.status === 'SIGNED_UP')).toBe(true);
    expect(staying.slice(capacity).every((r) => r.status === 'WAITLISTED')).toBe(true);
    const [counts] = await a.sql(`select sign_up_count, waitlist_count from activities where id = $1`, [
      dbId(activity),
    ]);
    expect(counts).toEqual({ sign_up_count: capacity, waitlist_count: 100 - capacity });
    // One PROMOTED event per promotion, none twice, each to a sign-up that now holds a place.
    const promoted = await a.sql<{ sign_up_id: number }>(
      `select (payload->>'signUpId')::int as sign_up_id from events where topic = 'sign-up' and type = 'PROMOTED' and subject_id = $1`,
      [dbId(activity)],
    );
    const promotedIds = promoted.map((p) => p.sign_up_id);
    expect(new Set(promotedIds).size).toBe(promotedIds.length);
    // Whoever ever held a place: the first holders and the promoted (who waited first).
    const joinedAs = new Map(statuses.map((status, i) => [dbId(ids[i]!), status]));
    for (const id of promotedIds) expect(joinedAs.get(id)).toBe('WAITLISTED');
    const everHeld = new Set([...[...joinedAs].filter(([, s]) => s === 'SIGNED_UP').map(([id]) => id), ...promotedIds]);
    const now = new Map(rows.map((r) => [r.id, r.status]));
    // Every place given back went to exactly one waiting worker: as many hold one as there are places.
    expect([...everHeld].filter((id) => now.get(id) === 'SIGNED_UP')).toHaveLength(capacity);
    expect(everHeld.size - [...everHeld].filter((id) => now.get(id) === 'CANCELLED').length).toBe(capacity);
    expect(promotedIds.length).toBeGreaterThan(0);
  }, 120_000);
});
