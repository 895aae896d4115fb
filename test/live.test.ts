import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, subscribersReady, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const ACTIVITY_CHANGED = `subscription($id: ID!) { activityChanged(id: $id) { title status signUpCount placesLeft organiser { name } } }`;

let a: TestServer, b: TestServer;
let activityId: string;

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  const union = await a.gql(`mutation { createUnion(input: { name: "海宁市总工会", level: COUNTY }) { union { id } } }`);
  const activity = await a.gql(
    `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
    { i: { kind: 'COMPETITION', title: '气排球联赛', organiserId: union.data.createUnion.union.id, startsAt: '2026-12-01T09:00:00+08:00', status: 'OPEN', capacity: 2 } },
  );
  activityId = activity.data.createActivity.activity.id;
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('activityChanged over graphql-ws', () => {
  it('reaches subscribers on every instance after the commit, once per change', async () => {
    const onA = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id: activityId });
    const onB = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id: activityId });
    await Promise.all([subscribersReady(a), subscribersReady(b)]);
    const signUp = (phone: string) =>
      a.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { activity { signUpCount } } }`, { i: { activityId, workerName: '队员', phone } });
    expect((await signUp('13900000001')).errors).toBeUndefined();
    expect((await signUp('13900000002')).errors).toBeUndefined();
    // Refused and rolled back: no event.
    expect(errorCode(await signUp('13900000003'))).toBe('CAPACITY_FULL');
    await a.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status } } }`, { i: { id: activityId, status: 'RUNNING' } });

    for (const sub of [onA, onB]) {
      const results = await sub.waitFor(3);
      expect(results.map((r) => r.data.activityChanged)).toEqual([
        { title: '气排球联赛', status: 'OPEN', signUpCount: 1, placesLeft: 1, organiser: { name: '海宁市总工会' } },
        { title: '气排球联赛', status: 'OPEN', signUpCount: 2, placesLeft: 0, organiser: { name: '海宁市总工会' } },
        { title: '气排球联赛', status: 'RUNNING', signUpCount: 2, placesLeft: 0, organiser: { name: '海宁市总工会' } },
      ]);
    }
    // Nothing more arrives: each change was delivered once.
    await new Promise((r) => setTimeout(r, 300));
    expect(onA.results).toHaveLength(3);
    expect(onB.results).toHaveLength(3);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('answers null once the activity is deleted', async () => {
    const sub = subscribe(b.wsUrl, ACTIVITY_CHANGED, { id: activityId });
    await subscribersReady(b);
    await a.gql(`mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`, { id: activityId });
    const [result] = await sub.waitFor(1);
    expect(result).toEqual({ data: { activityChanged: null } });
    await sub.close();
  });

  it('refuses a malformed id with BAD_USER_INPUT', async () => {
    const sub = subscribe(a.wsUrl, ACTIVITY_CHANGED, { id: 'nope' });
    const [result] = await sub.waitFor(1);
    expect(result.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await sub.close();
  });

  it('refuses a subscription sent over HTTP', async () => {
    const res = await a.gql(ACTIVITY_CHANGED, { id: activityId });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BAD_REQUEST');
    expect(res.errors![0].message).toMatch(/WebSocket/);
  });
});
