import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, HUB, startGateway } from '../examples/supergraph/gateway.mjs';
import { startPoints } from '../examples/supergraph/points/points.mjs';
import { DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { globalId } from './helpers/hostile.js';
import { startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/** The README's walk-through: the hub's subtree below a union joined with the points subgraph's rates. */
const SUBTREE_POINTS = await readFile(
  new URL('../examples/supergraph/subtree-points.graphql', import.meta.url),
  'utf8',
);

/** The same question without the points fields, for the plain endpoint. */
const SUBTREE_PLAIN = SUBTREE_POINTS.replace(/^\s*(pointsPerAttendance|points)\n/gm, '');

/** What the points subgraph's fields are dropped to, to compare the hub's part with /graphql. */
function withoutPoints(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPoints);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'pointsPerAttendance' && key !== 'points')
        .map(([key, v]) => [key, withoutPoints(v)]),
    );
  }
  return value;
}

describe('the example supergraph: hub + points subgraph through Hive Gateway', () => {
  let hub: TestServer;
  let points: { url: string; stop(): Promise<void> };
  let gateway: { url: string; stop(): Promise<void> };
  let composed: { supergraphSdl: string; hints: string[] };
  let dir: string;
  let countyA: { id: number; path: string };
  let countyB: { id: number; path: string };
  let townA: { id: number; path: string };
  /** The requests the gateway sent to each subgraph, by URL. */
  const fetched: string[] = [];
  const rates: Record<string, number> = {};

  const viaGateway = async (
    query: string,
    variables: Record<string, unknown>,
    token: string | null,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as { data?: any; errors?: any[] }), status: response.status };
  };

  /** The rate the points subgraph should give a union: its own, else its nearest ancestor's, else 10. */
  const expectedRate = async (unionId: number): Promise<number> => {
    const chain = await hub.sql(
      `select a.id from unions u join unions a on a.path @> u.path where u.id = $1 order by nlevel(a.path) desc`,
      [unionId],
    );
    for (const { id } of chain) {
      const rate = rates[globalId('Union', id)];
      if (rate !== undefined) return rate;
    }
    return 10;
  };

  beforeAll(async () => {
    hub = await startTestServer({ data: 'demo' });
    [countyA, countyB] = await hub.sql(`select id, path from unions where level = 'COUNTY' order by id limit 2`);
    [townA] = await hub.sql(
      `select u.id, u.path from unions u where u.path <@ $1 and u.level = 'TOWN'
         and exists (select 1 from activities a where a.organiser_id = u.id) order by u.id limit 1`,
      [countyA.path],
    );
    // County A sets 20 points per attendance, one of its towns 30; everyone else gets the default.
    rates[globalId('Union', countyA.id)] = 20;
    rates[globalId('Union', townA.id)] = 30;
    dir = await mkdtemp(path.join(tmpdir(), 'unionhub-points-'));
    const ratesFile = path.join(dir, 'rates.json');
    await writeFile(ratesFile, JSON.stringify({ defaultPointsPerAttendance: 10, rates }));
    points = await startPoints({ ratesFile });
    composed = await composeSupergraph([
      { name: HUB, url: hub.url.replace(/\/graphql$/, '/subgraph') },
      { name: 'points', url: points.url },
    ]);
    gateway = await startGateway({
      supergraph: composed.supergraphSdl,
      plugins: [{ onFetch: ({ url }: { url: string }) => void fetched.push(url) }],
    });
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await points?.stop();
    await hub?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs the README walk-through as written', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(SUBTREE_POINTS.slice(SUBTREE_POINTS.indexOf('query SubtreePoints')).trimEnd());
    expect(SUBTREE_PLAIN).not.toMatch(/^\s*points/m);
  });

  it('composes the two subgraphs without errors or hints', () => {
    // composeSupergraph throws on any composition error; hints would be listed here.
    expect(composed.hints).toEqual([]);
    expect(composed.supergraphSdl).toMatch(
      /join__graph\(name: "unionhub", url: "http:\/\/127\.0\.0\.1:\d+\/subgraph"\)/,
    );
    expect(composed.supergraphSdl).toMatch(/join__graph\(name: "points"/);
    expect(composed.supergraphSdl).toMatch(
      /type SignUp implements Node\s+@join__owner|type SignUp implements Node[^{]*@join__type\(graph: UNIONHUB, key: "id"\)/,
    );
  });

  it("joins a county's subtree with the points subgraph's rates, in a bounded number of subgraph requests", async () => {
    const staff = await tokenFor({ unionId: countyA.id });
    const hubUrl = hub.url.replace(/\/graphql$/, '/subgraph');
    const ask = async (unionId: number) => {
      fetched.length = 0;
      const res = await viaGateway(SUBTREE_POINTS, { id: globalId('Union', unionId) }, staff);
      expect(res.errors).toBeUndefined();
      return {
        union: res.data.union,
        hubRequests: fetched.filter((url) => url === hubUrl).length,
        pointsRequests: fetched.filter((url) => url === points.url).length,
      };
    };
    const a = await ask(countyA.id);
    const towns = a.union.children.nodes;
    const activities = towns.flatMap((t: any) => t.activities.nodes);
    const signUps = activities.flatMap((x: any) => x.signUps.nodes);
    expect(towns.length).toBeGreaterThan(2);
    expect(activities.length).toBeGreaterThan(2);
    expect(signUps.filter((s: any) => s.attended).length).toBeGreaterThan(0);

    expect(a.union.pointsPerAttendance).toBe(20);
    for (const town of towns) {
      const id = Buffer.from(town.id, 'base64').toString().split(':')[1];
      const rate = await expectedRate(Number(id));
      expect(town.pointsPerAttendance, town.name).toBe(rate);
      for (const activity of town.activities.nodes) {
        expect(activity.pointsPerAttendance, activity.title).toBe(rate);
        for (const signUp of activity.signUps.nodes) expect(signUp.points).toBe(signUp.attended ? rate : 0);
      }
    }
    expect(towns.find((t: any) => t.id === globalId('Union', townA.id)).pointsPerAttendance).toBe(30);

    // The hub's part is what /graphql answers the same viewer.
    const plain = await hub.gql(SUBTREE_PLAIN, { id: globalId('Union', countyA.id) }, { token: staff });
    expect(withoutPoints(a.union)).toEqual(plain.data.union);

    // One request to the hub for the whole subtree (the required fields ride along), a few
    // to the points subgraph (one per entity type's level); the same on another county.
    expect(a.hubRequests).toBe(1);
    expect(a.pointsRequests).toBeGreaterThan(0);
    expect(a.pointsRequests).toBeLessThanOrEqual(4); // Union, its children, their activities, sign-ups
    const b = await ask(countyB.id);
    expect(b.union.children.nodes.length).not.toBe(towns.length);
    expect(b.hubRequests).toBe(1);
    expect(b.pointsRequests).toBeLessThanOrEqual(4);
  });

  it("holds the hub's access rules through the gateway: the viewer's token is forwarded, personal data stays hidden", async () => {
    // A worker signs up, through the gateway, to an activity a town of county A opens.
    const workerToken = await workerTokenFor({ workerId: 'gateway-worker', phone: '13900000777', unionId: townA.id });
    const opened = await viaGateway(
      `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      {
        i: {
          kind: 'COURSE',
          title: '职工积分课',
          organiserId: globalId('Union', townA.id),
          startsAt: fromNow(20 * MINUTE),
          endsAt: fromNow(DAY),
          status: 'OPEN',
        },
      },
      await tokenFor({ unionId: townA.id }),
    );
    expect(opened.errors).toBeUndefined();
    const mine = await viaGateway(
      `mutation ($a: ID!) { signMeUp(activityId: $a) { signUp { id workerName points } } }`,
      { a: opened.data.createActivity.activity.id },
      workerToken,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data.signMeUp.signUp).toMatchObject({ workerName: expect.any(String), points: 0 });
    const viewers: Record<string, string | null> = {
      anonymous: null,
      WORKER: workerToken,
      'STAFF of another subtree': await tokenFor({ unionId: countyB.id }),
      'STAFF in scope': await tokenFor({ unionId: countyA.id }),
      ADMIN: hub.adminToken,
    };
    const seen: Record<string, number> = {};
    for (const [role, token] of Object.entries(viewers)) {
      const res = await viaGateway(SUBTREE_POINTS, { id: globalId('Union', countyA.id) }, token);
      const plain = await hub.gql(SUBTREE_PLAIN, { id: globalId('Union', countyA.id) }, { token });
      expect(res.errors, role).toBeUndefined();
      expect(withoutPoints(res.data.union), role).toEqual(plain.data.union);
      const signUps = res.data.union.children.nodes.flatMap((t: any) =>
        t.activities.nodes.flatMap((a: any) => a.signUps.nodes),
      );
      seen[role] = signUps.length;
      for (const signUp of signUps) expect(signUp.points, role).toBeTypeOf('number');
    }
    expect(seen.anonymous).toBe(0);
    expect(seen['STAFF of another subtree']).toBeLessThan(seen['STAFF in scope']);
    expect(seen.WORKER).toBe(1);
    expect(seen.WORKER).toBeLessThan(seen['STAFF in scope']);
    expect(seen.ADMIN).toBe(seen['STAFF in scope']);

    // A sign-up by id through the gateway: null for the anonymous, as node answers them.
    const [signUp] = await hub.sql(`select id from sign_ups where attended order by id limit 1`);
    const byId = `query ($id: ID!) { node(id: $id) { ... on SignUp { workerName attended points } } }`;
    const anonymous = await viaGateway(byId, { id: globalId('SignUp', signUp.id) }, null);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data.node).toBeNull();
    const admin = await viaGateway(byId, { id: globalId('SignUp', signUp.id) }, hub.adminToken);
    expect(admin.data.node).toMatchObject({ attended: true, points: expect.any(Number) });
    expect(admin.data.node.points).toBeGreaterThanOrEqual(10);
  });

  it('delivers activityFeed events from a mutation to a graphql-ws client of the gateway, points joined', async () => {
    const staff = await tokenFor({ unionId: countyA.id });
    const countyId = globalId('Union', countyA.id);
    const before = hub.app.activeSubscriptions();
    const feed = subscribe(
      gateway.url.replace(/^http/, 'ws'),
      `subscription ($id: ID!) {
        activityFeed(unionId: $id, types: [CREATED]) { type activity { id title organiser { id pointsPerAttendance } pointsPerAttendance } }
      }`,
      { id: countyId },
      staff,
    );
    // The gateway subscribed at the hub over graphql-ws (/subgraph), signed in as this staff member.
    await expect.poll(() => hub.app.activeSubscriptions(), { timeout: 10_000 }).toBe(before + 1);

    const requestId = `gateway-test-${Date.now()}`;
    const created = await viaGateway(
      `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { activity { id pointsPerAttendance } } }`,
      {
        i: {
          kind: 'COURSE',
          title: '积分课程',
          organiserId: countyId,
          startsAt: fromNow(20 * MINUTE),
          endsAt: fromNow(DAY),
          status: 'OPEN',
        },
      },
      staff,
      { 'x-request-id': requestId },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createActivity.activity.id;
    expect(created.data.createActivity.activity.pointsPerAttendance).toBe(20);

    const [event] = await feed.waitFor(1, 10_000);
    expect(event.errors).toBeUndefined();
    expect(event.data.activityFeed).toEqual({
      type: 'CREATED',
      activity: {
        id,
        title: '积分课程',
        organiser: { id: countyId, pointsPerAttendance: 20 },
        pointsPerAttendance: 20,
      },
    });
    await feed.close();
    await expect.poll(() => hub.app.activeSubscriptions(), { timeout: 10_000 }).toBe(before);

    // The hub's audit entry names the forwarded staff member and the client's request id.
    const [entry] = await hub.sql(
      `select staff_id, staff_role, request_id from audit_entries where mutation = 'createActivity' and $1 = any(subject_ids)`,
      [id],
    );
    expect(entry).toEqual({ staff_id: `staff-${countyA.id}`, staff_role: 'STAFF', request_id: requestId });
  });

  it('refuses an anonymous mutation through the gateway as the hub does', async () => {
    const res = await viaGateway(
      `mutation ($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      {
        i: {
          kind: 'COURSE',
          title: '匿名',
          organiserId: globalId('Union', countyA.id),
          startsAt: fromNow(20 * MINUTE),
          endsAt: fromNow(DAY),
          status: 'OPEN',
        },
      },
      null,
    );
    expect(res.data?.createActivity ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
