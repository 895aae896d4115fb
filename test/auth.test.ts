import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, signUp } from './helpers/fixtures.js';
import {
  errorCode,
  startTestServer,
  subscribersReady,
  TEST_JWT_SECRET,
  tokenFor,
  type TestServer,
} from './helpers/server.js';
import { rawSocket } from './helpers/ws.js';

let a: TestServer, b: TestServer;
let city: string, countyA: string, townA: string, countyB: string;
let staffA: string, staffB: string, staffTown: string;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  city = await createUnion(a, '嘉兴市总工会', 'CITY');
  countyA = await createUnion(a, '海宁市总工会', 'COUNTY', city);
  townA = await createUnion(a, '许村镇工会', 'TOWN', countyA);
  countyB = await createUnion(a, '平湖市总工会', 'COUNTY', city);
  staffA = await tokenFor({ unionId: dbId(countyA) });
  staffB = await tokenFor({ unionId: dbId(countyB) });
  staffTown = await tokenFor({ unionId: dbId(townA) });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const CREATE_UNION = `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id name } } }`;
const MOVE = `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`;

describe('signing in', () => {
  it('lets anyone read, and only a signed-in staff member write', async () => {
    expect((await a.gql(`{ unions { totalCount } }`, {}, { token: null })).data.unions.totalCount).toBe(4);
    const anonymous = await a.gql(
      CREATE_UNION,
      { i: { name: '新村工会', level: 'VILLAGE', parentId: townA } },
      { token: null },
    );
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.errors![0].message).toMatch(/Bearer/);
    expect((await a.gql(`{ viewer { name role unionId } }`, {}, { token: staffA })).data.viewer).toEqual({
      name: '工会干部',
      role: 'STAFF',
      unionId: countyA,
    });
    expect((await a.gql(`{ viewer { name } }`, {}, { token: null })).data.viewer).toBeNull();
  });

  it('refuses forged, expired and revoked tokens for the whole request with 401', async () => {
    const forged = await tokenFor(
      { unionId: dbId(countyA) },
      { secret: 'another-secret-of-at-least-thirty-two-chars' },
    );
    const expired = await tokenFor({ unionId: dbId(countyA) }, { validForSeconds: -10 });
    for (const [token, message] of [
      [forged, /not valid/],
      [expired, /expired/],
      [`${staffA.slice(0, -4)}AAAA`, /not valid/],
    ] as const) {
      const res = await a.gql(`{ unions { totalCount } }`, {}, { token });
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.errors![0].message).toMatch(message);
      expect(res.data).toBeUndefined();
    }
    const notBearer = await a.gql(
      `{ unions { totalCount } }`,
      {},
      { token: null, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } },
    );
    expect([notBearer.status, errorCode(notBearer)]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('a staff member changes only their own subtree', () => {
  it('creates, updates and moves inside it; everything outside is FORBIDDEN and left as it was', async () => {
    const inside = await a.gql(
      CREATE_UNION,
      { i: { name: '许村镇新村工会', level: 'VILLAGE', parentId: townA } },
      { token: staffA },
    );
    expect(inside.errors).toBeUndefined();
    const village = inside.data.createUnion.union.id;
    const outside = await a.gql(
      CREATE_UNION,
      { i: { name: '当湖街道工会', level: 'TOWN', parentId: countyB } },
      { token: staffA },
    );
    expect(errorCode(outside)).toBe('FORBIDDEN');
    expect(outside.errors![0].message).toMatch(/平湖市总工会/);
    expect(
      errorCode(await a.gql(CREATE_UNION, { i: { name: '浙江省总工会', level: 'PROVINCE' } }, { token: staffA })),
    ).toBe('FORBIDDEN');

    // Moving needs both the old and the new parent inside the subtree.
    const townB = (
      await a.gql(CREATE_UNION, { i: { name: '新埭镇工会', level: 'TOWN', parentId: countyB } }, { token: staffB })
    ).data.createUnion.union.id;
    expect(errorCode(await a.gql(MOVE, { i: { id: village, newParentId: townB } }, { token: staffA }))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await a.gql(MOVE, { i: { id: village, newParentId: townB } }, { token: staffB }))).toBe(
      'FORBIDDEN',
    );
    // Nor can a staff member move or delete their own union: that changes its parent.
    expect(errorCode(await a.gql(MOVE, { i: { id: countyA, newParentId: countyB } }, { token: staffA }))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(
        await a.gql(`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id: townA }, { token: staffTown }),
      ),
    ).toBe('FORBIDDEN');
    const [row] = await a.sql(`select parent_id from unions where id = $1`, [dbId(village)]);
    expect(row.parent_id).toBe(dbId(townA));

    // A town's staff reaches only the town.
    const update = `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { name } } }`;
    expect(errorCode(await a.gql(update, { i: { id: countyA, region: '海宁' } }, { token: staffTown }))).toBe(
      'FORBIDDEN',
    );
    expect((await a.gql(update, { i: { id: townA, region: '许村' } }, { token: staffTown })).errors).toBeUndefined();
  });

  it("shows a sign-up, phone and all, only to ADMIN and the staff of the organiser's subtree", async () => {
    const activityId = await createActivity(a, { title: '职工书法班', organiserId: townA, capacity: 5 });
    expect((await signUp(a, activityId, '13912345678')).errors).toBeUndefined();
    const read = (token: string | null) =>
      a
        .gql(
          `query($id: ID!) { activity(id: $id) { signUpCount signUps { totalCount nodes { workerName phone } } } }`,
          { id: activityId },
          { token },
        )
        .then((r) => r.data.activity);
    // Others see the count only (the worker has no union here, so no worker's union sees it).
    const countOnly = { signUpCount: 1, signUps: { totalCount: 0, nodes: [] } };
    expect(await read(null)).toEqual(countOnly);
    expect(await read(staffB)).toEqual(countOnly);
    const seen = { signUpCount: 1, signUps: { totalCount: 1, nodes: [{ workerName: '队员', phone: '13912345678' }] } };
    expect(await read(staffA)).toEqual(seen);
    expect(await read(staffTown)).toEqual(seen);
    expect(await read(a.adminToken)).toEqual(seen);
  });

  it("lets the staff of a worker's own union sign them up for an activity elsewhere, but not a stranger", async () => {
    const activityId = await createActivity(a, { title: '平湖市职工歌手赛', organiserId: countyB, capacity: 10 });
    const asTown = (phone: string, unionId?: string) =>
      a.gql(
        `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
        { i: { activityId, workerName: '许村职工', phone, unionId } },
        { token: staffTown },
      );
    const mine = await asTown('13800001111', townA);
    expect(mine.errors).toBeUndefined();
    expect(errorCode(await asTown('13800002222'))).toBe('FORBIDDEN');
    expect(errorCode(await asTown('13800003333', countyB))).toBe('FORBIDDEN');
    // Whoever could record it sees it: the worker's union's staff (and the county above), and the organiser's.
    const read = (token: string | null) =>
      a
        .gql(
          `query($id: ID!) { node(id: $id) { ... on SignUp { phone } } }`,
          { id: mine.data.signUp.signUp.id },
          { token },
        )
        .then((r) => r.data.node);
    for (const token of [staffTown, staffA, staffB]) expect(await read(token)).toEqual({ phone: '13800001111' });
    expect(await read(null)).toBeNull();
  });
});

describe('signing in over WebSocket', () => {
  const SUBSCRIBE = (activityId: string) => ({
    id: 's',
    type: 'subscribe',
    payload: { query: `subscription($id: ID!) { activityChanged(id: $id) { cursor } }`, variables: { id: activityId } },
  });

  it('closes the socket with 4403 on a bad token', async () => {
    const raw = await rawSocket(a.wsUrl);
    raw.send({
      type: 'connection_init',
      payload: { authorization: `Bearer ${await tokenFor({ unionId: 1 }, { secret: 'x'.repeat(40) })}` },
    });
    expect(await raw.closed).toEqual({ code: 4403, reason: 'Forbidden: The token is not valid' });
  });

  it('ends the subscriptions of a token revoked on another instance', async () => {
    const activityId = await createActivity(a, { title: '读书会', organiserId: countyA });
    const sockets = await Promise.all(
      [a, b].map(async (server) => {
        const raw = await rawSocket(server.wsUrl);
        raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${staffTown}` } });
        await raw.nextMessage((m) => m.type === 'connection_ack');
        raw.send(SUBSCRIBE(activityId));
        return raw;
      }),
    );
    await Promise.all([subscribersReady(a), subscribersReady(b)]);
    const viewer = (await a.gql(`{ viewer { tokenId } }`, {}, { token: staffTown })).data.viewer;
    const revoked = await b.gql(
      `mutation($t: String) { revokeToken(tokenId: $t) { revokedTokenId } }`,
      { t: viewer.tokenId },
      { token: a.adminToken },
    );
    expect(revoked.data.revokeToken.revokedTokenId).toBe(viewer.tokenId);
    for (const raw of sockets)
      expect(await raw.closed).toEqual({ code: 4403, reason: 'Forbidden: the token has been revoked' });
    await Promise.all([subscribersReady(a, 0), subscribersReady(b, 0)]);
    const again = await a.gql(`{ viewer { name } }`, {}, { token: staffTown });
    expect([again.status, again.errors![0].message]).toEqual([401, 'The token has been revoked']);
    staffTown = await tokenFor({ unionId: dbId(townA) });
  });

  it('ends the subscriptions of a token when it expires', async () => {
    const activityId = await createActivity(a, { title: '合唱团', organiserId: countyA });
    const raw = await rawSocket(a.wsUrl);
    raw.send({
      type: 'connection_init',
      payload: { authorization: `Bearer ${await tokenFor({ unionId: dbId(countyA) }, { validForSeconds: 2 })}` },
    });
    await raw.nextMessage((m) => m.type === 'connection_ack');
    raw.send(SUBSCRIBE(activityId));
    expect(await raw.closed).toEqual({ code: 4403, reason: 'Forbidden: the token has expired' });
  });

  it('lets a staff member sign themselves out', async () => {
    const token = await tokenFor({ unionId: dbId(countyB) });
    expect((await a.gql(`mutation { revokeToken { revokedTokenId } }`, {}, { token })).errors).toBeUndefined();
    expect((await a.gql(`{ viewer { name } }`, {}, { token })).status).toBe(401);
    const other = await a.gql(
      `mutation($t: String) { revokeToken(tokenId: $t) { revokedTokenId } }`,
      { t: 'someone-else' },
      { token: staffB },
    );
    expect(errorCode(other)).toBe('FORBIDDEN');
    expect(TEST_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
