import { readFile } from 'node:fs/promises';
import { buildSchema, getNamedType, isInterfaceType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { globalId, overHttp, overWs } from './helpers/hostile.js';
import { startTestServer, subscribersReady, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * The hostile-access suite, part three (issue 10, point 1): workers' personal data. Every
 * field of a sign-up × every kind of viewer × every path that reaches a sign-up, over
 * HTTP (with the response cache on: each question twice from every scope, interleaved)
 * and over graphql-ws (queries as `subscribe` messages, and the subscriptions themselves).
 *
 * The tree: city → county A → town A1; city → county B → town B1; city → county C. County
 * A organises a course; its sign-ups, oldest first: 张三 of town A1 (attended), 李四 of
 * town B1 (a worker's union outside the organiser's subtree), 王五 of no union (cancelled).
 */

let server: TestServer;
let ids: Record<string, string>;

const VIEWERS = [
  'anonymous',
  'organiser',
  'workerUnion',
  'workerUnionBelow',
  'unrelated',
  'admin',
  'worker',
  'otherWorker',
] as const;
type Viewer = (typeof VIEWERS)[number];
const WORKERS = ['zhang', 'li', 'wang', 'zhao'] as const;
type Worker = (typeof WORKERS)[number];

/** Whose sign-ups each viewer may see: the rule of README "Who sees what". */
const SEES: Record<Viewer, readonly Worker[]> = {
  anonymous: [],
  // STAFF of county A: the organiser's subtree.
  organiser: ['zhang', 'li', 'wang', 'zhao'],
  // STAFF of town B1: 李四's union, outside the organiser's subtree.
  workerUnion: ['li'],
  // STAFF of town A1: 张三's union, below the organiser but not containing it.
  workerUnionBelow: ['zhang', 'zhao'],
  // STAFF of county C: neither.
  unrelated: [],
  admin: ['zhang', 'li', 'wang', 'zhao'],
  // WORKER 赵六: the sign-up he made with his own token.
  worker: ['zhao'],
  // WORKER of town A1 with 张三's phone number: staff recorded 张三's sign-up, not this token.
  otherWorker: [],
};

const tokens = {} as Record<Viewer, string | null>;
/** Each sign-up as a viewer who may see it gets it: every field of SignUp. */
let full: Record<Worker, Record<string, unknown>>;

/** Every field of SignUp; the schema test below fails when one is added without being listed here. */
const SIGN_UP_FIELDS =
  'id workerName phone status attended attendanceCorrectionReason sessionsAttended sessionCount union { id name } activity { id title }';

async function ok(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<any> {
  const res = await server.gql(query, variables, token === undefined ? {} : { token });
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const union = async (name: string, level: string, parentId?: string) =>
  (
    await ok(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
      i: { name, level, parentId },
    })
  ).createUnion.union.id as string;
const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);

beforeAll(async () => {
  // The response cache is on (the default), so every HTTP question below also asks it.
  server = await startTestServer({ data: 'empty' });
  expect(server.app.responseCache()).not.toBeNull();
  const city = await union('嘉兴市总工会', 'CITY');
  const countyA = await union('平湖市总工会', 'COUNTY', city);
  const townA1 = await union('当湖街道总工会', 'TOWN', countyA);
  const countyB = await union('海盐县总工会', 'COUNTY', city);
  const townB1 = await union('武原街道总工会', 'TOWN', countyB);
  const countyC = await union('桐乡市总工会', 'COUNTY', city);
  const site = (
    await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: countyA, name: '平湖市工人文化宫', kind: 'CULTURAL_PALACE' },
    })
  ).createSite.site.id;
  const course = (
    await ok(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
      i: {
        kind: 'COURSE',
        title: '书法课',
        organiserId: countyA,
        siteId: site,
        // Open for sign-up, and staff may start it at once (30 minutes early at most).
        startsAt: fromNow(20 * MINUTE),
        endsAt: fromNow(DAY),
        status: 'OPEN',
        capacity: 30,
      },
    })
  ).createActivity.activity.id as string;
  const signUp = async (workerName: string, phone: string, unionId?: string) =>
    (
      await ok(`mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`, {
        i: { activityId: course, workerName, phone, unionId },
      })
    ).signUp.signUp.id as string;
  const zhang = await signUp('张三', '13800000001', townA1);
  const li = await signUp('李四', '13800000002', townB1);
  const wang = await signUp('王五', '13800000003');
  await ok(`mutation($id: ID!) { cancelSignUp(id: $id) { signUp { id } } }`, { id: wang });
  tokens.worker = await workerTokenFor({ unionId: dbId(townA1), name: '赵六', phone: '13800000004', workerId: 'zhao' });
  const zhao = (
    await ok(`mutation($a: ID!) { signMeUp(activityId: $a) { signUp { id } } }`, { a: course }, tokens.worker)
  ).signMeUp.signUp.id as string;
  tokens.otherWorker = await workerTokenFor({ unionId: dbId(townA1), name: '张三', phone: '13800000001' });
  await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
    i: { id: course, status: 'RUNNING' },
  });
  await ok(`mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { id } } }`, {
    i: { signUpId: zhang, attended: true },
  });
  ids = { city, countyA, townA1, countyB, townB1, countyC, site, course, zhang, li, wang, zhao };

  const activity = { id: course, title: '书法课' };
  full = {
    zhang: {
      id: zhang,
      workerName: '张三',
      phone: '13800000001',
      status: 'SIGNED_UP',
      attended: true,
      attendanceCorrectionReason: null,
      sessionsAttended: 1, // attended, held once: its one session
      sessionCount: 1,
      union: { id: townA1, name: '当湖街道总工会' },
      activity,
    },
    li: {
      id: li,
      workerName: '李四',
      phone: '13800000002',
      status: 'SIGNED_UP',
      attended: false,
      attendanceCorrectionReason: null,
      sessionsAttended: 0,
      sessionCount: 1,
      union: { id: townB1, name: '武原街道总工会' },
      activity,
    },
    wang: {
      id: wang,
      workerName: '王五',
      phone: '13800000003',
      status: 'CANCELLED',
      attended: false,
      attendanceCorrectionReason: null,
      sessionsAttended: 0,
      sessionCount: 1,
      union: null,
      activity,
    },
    zhao: {
      id: zhao,
      workerName: '赵六',
      phone: '13800000004',
      status: 'SIGNED_UP',
      attended: false,
      attendanceCorrectionReason: null,
      sessionsAttended: 0,
      sessionCount: 1,
      union: { id: townA1, name: '当湖街道总工会' },
      activity,
    },
  };
  tokens.anonymous = null;
  tokens.organiser = await tokenFor({ unionId: dbId(countyA), name: '平湖干部' });
  tokens.workerUnion = await tokenFor({ unionId: dbId(townB1), name: '武原干部' });
  tokens.workerUnionBelow = await tokenFor({ unionId: dbId(townA1), name: '当湖干部' });
  tokens.unrelated = await tokenFor({ unionId: dbId(countyC), name: '桐乡干部' });
  tokens.admin = await tokenFor({ unionId: 0, role: 'ADMIN' });
});
afterAll(() => server?.stop());

/** What a viewer gets for the sign-ups at these places: the whole sign-up, or null as for an unknown id. */
const byId = (viewer: Viewer, workers: readonly (Worker | 'unknown')[]) =>
  workers.map((w) => (w !== 'unknown' && SEES[viewer].includes(w) ? full[w] : null));
/** The list a viewer gets: the sign-ups it may see, oldest first. */
const listed = (viewer: Viewer) => WORKERS.filter((w) => SEES[viewer].includes(w)).map((w) => full[w]);
const UNKNOWN = () => globalId('SignUp', 999_999);

interface Path {
  name: string;
  query: string;
  variables(): Record<string, unknown>;
  /** The part of the answer that must equal `expected`. */
  picked(data: any): unknown;
  expected(viewer: Viewer): unknown;
  /** `viewer` is never cached: every request computes it. */
  uncached?: true;
  /** Answered by the compiled read path (src/compiled), the rule in its one statement. */
  compiled?: true;
}

/** Every way to a sign-up (and the counts that stay public), asked by every viewer. */
const PATHS: Path[] = [
  {
    name: 'node(id): null where not allowed, exactly as for an unknown id',
    compiled: true,
    query: `query($a: ID!, $b: ID!, $c: ID!, $d: ID!, $u: ID!) {
      a: node(id: $a) { ...S } b: node(id: $b) { ...S } c: node(id: $c) { ...S } d: node(id: $d) { ...S }
      u: node(id: $u) { ...S }
    } fragment S on SignUp { ${SIGN_UP_FIELDS} }`,
    variables: () => ({ a: ids.zhang, b: ids.li, c: ids.wang, d: ids.zhao, u: UNKNOWN() }),
    picked: (data) => [data.a, data.b, data.c, data.d, data.u],
    expected: (viewer) => byId(viewer, [...WORKERS, 'unknown']),
  },
  {
    name: 'nodes(ids): null where not allowed, exactly as for an unknown id',
    compiled: true,
    query: `query($ids: [ID!]!) { nodes(ids: $ids) { ... on SignUp { ${SIGN_UP_FIELDS} } } }`,
    variables: () => ({ ids: [ids.zhang, ids.li, ids.wang, ids.zhao, UNKNOWN()] }),
    picked: (data) => data.nodes,
    expected: (viewer) => byId(viewer, [...WORKERS, 'unknown']),
  },
  {
    name: 'Activity.signUps: only the rows the viewer may see, counted alike',
    compiled: true,
    query: `query($id: ID!) { activity(id: $id) {
      signUps(first: 100) { totalCount nodes { ${SIGN_UP_FIELDS} } edges { node { id } } pageInfo { hasNextPage } }
    } }`,
    variables: () => ({ id: ids.course }),
    picked: (data) => data.activity.signUps,
    expected: (viewer) => ({
      totalCount: listed(viewer).length,
      nodes: listed(viewer),
      edges: listed(viewer).map((s) => ({ node: { id: s.id } })),
      pageInfo: { hasNextPage: false },
    }),
  },
  {
    name: 'Activity.signUps through node(id), Union.activities, Site.activities and activities(underUnion:)',
    compiled: true,
    query: `query($id: ID!, $union: ID!, $site: ID!) {
      node(id: $id) { ... on Activity { signUps { nodes { ${SIGN_UP_FIELDS} } } } }
      union(id: $union) { activities { nodes { signUps { nodes { ${SIGN_UP_FIELDS} } } } } }
      site(id: $site) { activities { nodes { signUps { nodes { ${SIGN_UP_FIELDS} } } } } }
      activities(underUnion: $union) { nodes { signUps { totalCount nodes { ${SIGN_UP_FIELDS} } } } }
    }`,
    variables: () => ({ id: ids.course, union: ids.countyA, site: ids.site }),
    picked: (data) => [
      data.node.signUps.nodes,
      data.union.activities.nodes[0].signUps.nodes,
      data.site.activities.nodes[0].signUps.nodes,
      data.activities.nodes[0].signUps.nodes,
      data.activities.nodes[0].signUps.totalCount,
    ],
    expected: (viewer) => [listed(viewer), listed(viewer), listed(viewer), listed(viewer), listed(viewer).length],
  },
  {
    name: 'the counts stay public and the same for everyone: signUpCount, placesLeft, stats',
    compiled: true,
    query: `query($id: ID!, $union: ID!) {
      activity(id: $id) { signUpCount attendanceCount placesLeft }
      union(id: $union) { stats { signUpCount attendanceCount activityCount } }
    }`,
    variables: () => ({ id: ids.course, union: ids.countyA }),
    picked: (data) => data,
    expected: () => ({
      activity: { signUpCount: 3, attendanceCount: 1, placesLeft: 27 },
      union: { stats: { signUpCount: 3, attendanceCount: 1, activityCount: 1 } },
    }),
  },
  {
    name: "viewer.signUps: a worker's own bookings; null for staff and nobody",
    query: `query { viewer { signUps(first: 100) { totalCount nodes { ${SIGN_UP_FIELDS} } edges { node { id } } } } }`,
    variables: () => ({}),
    picked: (data) => data.viewer?.signUps ?? null,
    uncached: true,
    expected: (viewer) =>
      viewer === 'worker' || viewer === 'otherWorker'
        ? {
            totalCount: listed(viewer).length,
            nodes: listed(viewer),
            edges: listed(viewer).map((s) => ({ node: { id: s.id } })),
          }
        : null,
  },
];

describe('the read matrix covers the schema', () => {
  it('lists every field of SignUp, and every field that leads to a sign-up has a path here', async () => {
    const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
    const signUp = schema.getType('SignUp');
    if (!isObjectType(signUp)) throw new Error('SignUp is not an object type');
    const listedFields = SIGN_UP_FIELDS.replace(/\{[^}]*\}/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .sort();
    expect(Object.keys(signUp.getFields()).sort()).toEqual(listedFields);
    // Fields whose type is a sign-up, a list of them, or something only sign-ups implement.
    const leading = new Set(['SignUp', 'SignUpConnection', 'SignUpEdge', 'SignUpPayload', 'Node']);
    const fields: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields()))
        if (leading.has(getNamedType(field.type).name)) fields.push(`${type.name}.${field.name}`);
    }
    // The mutations are the writers' own payloads (the last describe); the connection and
    // payload types are walked by the paths above.
    expect(fields.sort()).toEqual([
      'Activity.signUps',
      'Mutation.cancelMySignUp',
      'Mutation.cancelSignUp',
      'Mutation.checkIn',
      'Mutation.correctAttendance',
      'Mutation.recordAttendance',
      'Mutation.signMeUp',
      'Mutation.signUp',
      'Query.node',
      'Query.nodes',
      'SignUpConnection.edges',
      'SignUpConnection.nodes',
      'SignUpEdge.node',
      'SignUpEvent.signUp',
      'SignUpPayload.signUp',
      'Viewer.signUps',
    ]);
  });

  it('has every kind of viewer it claims: the staff tokens sign in where they should', async () => {
    for (const viewer of VIEWERS) {
      const res = await server.gql(`{ viewer { role } }`, {}, { token: tokens[viewer] });
      const role =
        viewer === 'anonymous'
          ? null
          : viewer === 'admin'
            ? 'ADMIN'
            : viewer === 'worker' || viewer === 'otherWorker'
              ? 'WORKER'
              : 'STAFF';
      expect(res.data.viewer?.role ?? null, viewer).toBe(role);
    }
  });
});

describe('every personal field × every viewer × every path', () => {
  it.each(PATHS)('$name — over HTTP, twice from every scope (cache miss, then hit)', async (path) => {
    for (const round of ['miss', 'hit']) {
      for (const viewer of VIEWERS) {
        const answer = await overHttp(server.url, path.query, path.variables(), tokens[viewer]);
        expect(answer.errors, `${viewer}: ${answer.text}`).toBeUndefined();
        expect(path.picked(answer.data), `${viewer}, ${round}`).toEqual(path.expected(viewer));
        // The second round is served from the cache, each scope its own answer.
        expect(answer.cache, `${viewer}, round ${round}`).toBe(path.uncached ? null : round);
        // A miss is computed by the compiled path where it covers the question, else by the resolvers.
        if (round === 'miss') expect(answer.readPath, viewer).toBe(path.compiled ? 'compiled' : null);
      }
    }
  });

  it.each(PATHS)('$name — over WebSocket', async (path) => {
    for (const viewer of VIEWERS) {
      const answer = await overWs(server.wsUrl, path.query, path.variables(), tokens[viewer] ?? undefined);
      expect(answer.type).toBe('next');
      expect(answer.errors, `${viewer}: ${answer.text}`).toBeUndefined();
      expect(path.picked(answer.data), viewer).toEqual(path.expected(viewer));
    }
  });

  it('checks in the loaders’ statements: 100 ids cost one statement per loader, for every viewer', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on SignUp { id activity { signUps { totalCount } } } } }`;
    const hundred = Array.from({ length: 100 }, (_, i) => globalId('SignUp', i + 1));
    // The resolvers (an instance without the compiled read path), and the compiled path's one statement.
    const resolvers = await startTestServer({ sameDatabaseAs: server, config: { compiledReads: false } });
    try {
      for (const [on, ours] of [
        [resolvers, false],
        [server, true],
      ] as const) {
        for (const viewer of VIEWERS) {
          await on.app.events.settled();
          const before = on.app.db.statementCount();
          const answer = await overHttp(on.url, query, { ids: hundred }, tokens[viewer]);
          const statements = on.app.db.statementCount() - before;
          expect(answer.data.nodes.filter(Boolean).map((s: any) => s.id)).toEqual(listed(viewer).map((s) => s.id));
          expect(answer.readPath).toBe(ours ? 'compiled' : null);
          // The cache's cursor and the sign-ups by id; then, when any is seen, their activities
          // and those activities' sign-ups. Compiled: one statement, the cursor in it.
          expect(statements, viewer).toBe(ours ? 1 : SEES[viewer].length ? 4 : 2);
        }
      }
    } finally {
      await resolvers.stop();
    }
  });

  it('two staff members of one union share cached answers; nobody else gets them', async () => {
    const query = `query($id: ID!) { activity(id: $id) { signUps { nodes { id workerName phone } } } }`;
    const colleague = await tokenFor({ unionId: dbId(ids.townB1), name: '武原另一位干部' });
    const first = await overHttp(server.url, query, { id: ids.course }, tokens.workerUnion);
    const shared = await overHttp(server.url, query, { id: ids.course }, colleague);
    expect([first.cache, shared.cache]).toEqual(['miss', 'hit']);
    expect(shared.data).toEqual(first.data);
    expect(first.data.activity.signUps.nodes.map((s: any) => s.workerName)).toEqual(['李四']);
    // The county above town B1 is another scope: its own computation, which also shows 李四.
    const county = await tokenFor({ unionId: dbId(ids.countyB) });
    const above = await overHttp(server.url, query, { id: ids.course }, county);
    expect(above.cache).toBe('miss');
    expect(above.data).toEqual(first.data);
    for (const token of [null, tokens.unrelated]) {
      const other = await overHttp(server.url, query, { id: ids.course }, token);
      expect(other.cache).toBe('miss');
      expect(other.data).toEqual({ activity: { signUps: { nodes: [] } } });
    }
  });
});

describe('subscriptions over graphql-ws', () => {
  const CHANGED = `subscription($id: ID!) {
    activityChanged(id: $id) { type signUpCount activity { signUps { totalCount nodes { ${SIGN_UP_FIELDS} } } } }
  }`;
  const FEED = `subscription($union: ID!, $after: String) {
    activityFeed(unionId: $union, types: [UPDATED], after: $after) { type signUpCount activity { signUps { totalCount nodes { ${SIGN_UP_FIELDS} } } } }
  }`;
  const event = (viewer: Viewer) => ({
    type: 'UPDATED',
    signUpCount: 3,
    activity: { signUps: { totalCount: listed(viewer).length, nodes: listed(viewer) } },
  });

  it('each screen gets only its viewer’s sign-ups, live and replayed, though screens share one execution per scope', async () => {
    const cursor = (await ok(`{ latestEventCursor }`)).latestEventCursor;
    // The same document and variables from every viewer: shared execution must keep scopes apart.
    const changed = VIEWERS.map((v) => subscribe(server.wsUrl, CHANGED, { id: ids.course }, tokens[v]));
    const feed = VIEWERS.map((v) => subscribe(server.wsUrl, FEED, { union: ids.countyA }, tokens[v]));
    await subscribersReady(server, VIEWERS.length * 2);
    await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
      i: { id: ids.course, description: '每周一次' },
    });
    for (const [i, viewer] of VIEWERS.entries()) {
      const [a] = await changed[i]!.waitFor(1);
      expect(a, viewer).toEqual({ data: { activityChanged: event(viewer) } });
      const [b] = await feed[i]!.waitFor(1);
      expect(b, viewer).toEqual({ data: { activityFeed: event(viewer) } });
    }
    await Promise.all([...changed, ...feed].map((s) => s.close()));
    // Replayed from the log (executed for each subscriber alone): the same rule.
    const replays = VIEWERS.map((v) => subscribe(server.wsUrl, FEED, { union: ids.countyA, after: cursor }, tokens[v]));
    for (const [i, viewer] of VIEWERS.entries()) {
      const [replayed] = await replays[i]!.waitFor(1);
      expect(replayed, viewer).toEqual({ data: { activityFeed: event(viewer) } });
    }
    await Promise.all(replays.map((s) => s.close()));
  });

  it('no event carries a worker’s name or phone: the log holds counts only', async () => {
    const rows = await server.sql<{ payload: unknown }>(`select payload from events where topic = 'activity'`);
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    for (const w of WORKERS) {
      expect(text).not.toContain(full[w].workerName as string);
      expect(text).not.toContain(full[w].phone as string);
    }
  });
});

describe("the writers' own payloads", () => {
  it('show the whole sign-up to the staff member allowed to make the change', async () => {
    const activity = (
      await ok(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
        i: {
          kind: 'LECTURE',
          title: '职工讲座',
          organiserId: ids.countyA,
          startsAt: fromNow(20 * MINUTE),
          endsAt: fromNow(DAY),
          status: 'OPEN',
        },
      })
    ).createActivity.activity.id;
    const PAYLOAD = `signUp { ${SIGN_UP_FIELDS} } activity { signUpCount signUps { nodes { workerName } } }`;
    // The staff of a worker's union outside the organiser's subtree signs up their own worker.
    const mine = await ok(
      `mutation($i: SignUpInput!) { signUp(input: $i) { ${PAYLOAD} } }`,
      { i: { activityId: activity, workerName: '赵六', phone: '13800000004', unionId: ids.townB1 } },
      tokens.workerUnion,
    );
    expect(mine.signUp.signUp).toMatchObject({ workerName: '赵六', phone: '13800000004', status: 'SIGNED_UP' });
    // The organiser's staff sign up a worker of no union: the town's staff never see that one.
    const theirs = await ok(
      `mutation($i: SignUpInput!) { signUp(input: $i) { ${PAYLOAD} } }`,
      { i: { activityId: activity, workerName: '钱七', phone: '13800000005' } },
      tokens.organiser,
    );
    expect(theirs.signUp.signUp).toMatchObject({ workerName: '钱七', phone: '13800000005', union: null });
    expect(theirs.signUp.activity.signUps.nodes).toEqual([{ workerName: '赵六' }, { workerName: '钱七' }]);
    const cancelled = await ok(
      `mutation($id: ID!) { cancelSignUp(id: $id) { ${PAYLOAD} } }`,
      { id: mine.signUp.signUp.id },
      tokens.workerUnion,
    );
    expect(cancelled.cancelSignUp.signUp).toMatchObject({ workerName: '赵六', status: 'CANCELLED' });
    expect(cancelled.cancelSignUp.activity).toEqual({ signUpCount: 1, signUps: { nodes: [{ workerName: '赵六' }] } });
    await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
      i: { id: activity, status: 'RUNNING' },
    });
    const attended = await ok(
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { ${PAYLOAD} } }`,
      { i: { signUpId: theirs.signUp.signUp.id, attended: true } },
      tokens.organiser,
    );
    expect(attended.recordAttendance.signUp).toMatchObject({ workerName: '钱七', attended: true });
    // Over: its attendance changes only with a reason, which the sign-up keeps.
    await ok(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
      i: { id: activity, status: 'FINISHED', startsAt: new Date(Date.now() - 60_000).toISOString() },
    });
    const corrected = await ok(
      `mutation($i: CorrectAttendanceInput!) { correctAttendance(input: $i) { ${PAYLOAD} } }`,
      { i: { signUpId: theirs.signUp.signUp.id, attended: false, reason: '签到表记错' } },
      tokens.organiser,
    );
    expect(corrected.correctAttendance.signUp).toMatchObject({
      workerName: '钱七',
      attended: false,
      attendanceCorrectionReason: '签到表记错',
    });
    // And the new rows follow the same rule for everyone else.
    for (const viewer of ['anonymous', 'unrelated', 'workerUnionBelow'] as const) {
      const res = await server.gql(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
        { ids: [mine.signUp.signUp.id, theirs.signUp.signUp.id] },
        { token: tokens[viewer] },
      );
      expect(res.data.nodes, viewer).toEqual([null, null]);
    }
  });

  it("show a worker their own sign-up, and of the activity's sign-ups theirs alone", async () => {
    const activity = (
      await ok(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
        i: {
          kind: 'LECTURE',
          title: '职工讲座二',
          organiserId: ids.countyA,
          startsAt: fromNow(20 * MINUTE),
          endsAt: fromNow(DAY),
          status: 'OPEN',
        },
      })
    ).createActivity.activity.id;
    await ok(
      `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`,
      { i: { activityId: activity, workerName: '孙八', phone: '13800000008' } },
      tokens.organiser,
    );
    const PAYLOAD = `signUp { ${SIGN_UP_FIELDS} } activity { signUpCount signUps { nodes { workerName } } }`;
    const mine = await ok(
      `mutation($a: ID!) { signMeUp(activityId: $a) { ${PAYLOAD} } }`,
      { a: activity },
      tokens.worker,
    );
    expect(mine.signMeUp.signUp).toMatchObject({ workerName: '赵六', phone: '13800000004', status: 'SIGNED_UP' });
    expect(mine.signMeUp.activity).toEqual({ signUpCount: 2, signUps: { nodes: [{ workerName: '赵六' }] } });
    const cancelled = await ok(
      `mutation($id: ID!) { cancelMySignUp(id: $id) { ${PAYLOAD} } }`,
      { id: mine.signMeUp.signUp.id },
      tokens.worker,
    );
    expect(cancelled.cancelMySignUp.signUp).toMatchObject({ workerName: '赵六', status: 'CANCELLED' });
    const res = await server.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: mine.signMeUp.signUp.id },
      { token: tokens.otherWorker },
    );
    expect(res.data.node).toBeNull();
  });
});

/**
 * Club members (issue 13): personal data like sign-ups. County A's club (requiring
 * approval) has 赵六 (the `worker` viewer) and 孙八 of town A1 as ACTIVE members and 钱七 of
 * town A1 waiting. ADMIN and staff of the club's union's subtree (county A) see every
 * membership whole; an ACTIVE member sees the ACTIVE members, the others by display name
 * and status only; nobody else sees any, on every path (README "Who sees what").
 */
describe('club members × every viewer × every path', () => {
  const MEMBERS = ['zhao', 'sun', 'qian'] as const;
  type Member = (typeof MEMBERS)[number];
  const MEMBER_FIELDS = 'id displayName phone status declineReason union { id } club { name }';
  let club: string;
  const member = {} as Record<Member, string>;
  let whole: Record<Member, Record<string, unknown>>;

  /** What each viewer gets of each membership: whole, by name only, or nothing. */
  function seen(viewer: Viewer): Record<string, unknown>[] {
    if (viewer === 'organiser' || viewer === 'admin') return MEMBERS.map((m) => whole[m]);
    if (viewer === 'worker') return [whole.zhao, { ...whole.sun, phone: null, union: null }];
    return [];
  }
  const byIdSeen = (viewer: Viewer) => {
    const visible = new Map(seen(viewer).map((m) => [m.id, m]));
    return MEMBERS.map((m) => visible.get(member[m]) ?? null);
  };

  beforeAll(async () => {
    club = (
      await ok(`mutation($i: CreateClubInput!) { createClub(input: $i) { club { id } } }`, {
        i: { unionId: ids.countyA, name: '平湖市职工合唱团', kind: 'ARTS', requiresApproval: true },
      })
    ).createClub.club.id;
    const sun = await workerTokenFor({
      unionId: dbId(ids.townA1),
      name: '孙八',
      phone: '13800000008',
      workerId: 'sun',
    });
    const qian = await workerTokenFor({
      unionId: dbId(ids.townA1),
      name: '钱七',
      phone: '13800000005',
      workerId: 'qian',
    });
    for (const [key, token] of [
      ['zhao', tokens.worker],
      ['sun', sun],
      ['qian', qian],
    ] as const) {
      member[key] = (
        await ok(`mutation($c: ID!) { joinClub(clubId: $c) { member { id } } }`, { c: club }, token)
      ).joinClub.member.id;
    }
    for (const key of ['zhao', 'sun'] as const)
      await ok(`mutation($id: ID!) { approveClubMember(id: $id) { member { id } } }`, { id: member[key] });
    const row = (key: Member, name: string, phone: string, status: string) => ({
      id: member[key],
      displayName: name,
      phone,
      status,
      declineReason: null,
      union: { id: ids.townA1 },
      club: { name: '平湖市职工合唱团' },
    });
    whole = {
      zhao: row('zhao', '赵六', '13800000004', 'ACTIVE'),
      sun: row('sun', '孙八', '13800000008', 'ACTIVE'),
      qian: row('qian', '钱七', '13800000005', 'PENDING'),
    };
  });

  const paths: Path[] = [
    {
      name: 'node(id) and nodes(ids): null where not allowed, as for an unknown id',
      query: `query($a: ID!, $ids: [ID!]!) { a: node(id: $a) { ... on ClubMember { ${MEMBER_FIELDS} } }
        nodes(ids: $ids) { ... on ClubMember { ${MEMBER_FIELDS} } } }`,
      variables: () => ({ a: member.sun, ids: MEMBERS.map((m) => member[m]) }),
      picked: (data) => [data.a, data.nodes],
      expected: (viewer) => [byIdSeen(viewer)[1], byIdSeen(viewer)],
    },
    {
      name: 'Club.members through club(id), node(id) and Union.clubs: the rows the viewer may see, counted alike',
      query: `query($club: ID!, $union: ID!) {
        club(id: $club) { memberCount members { totalCount nodes { ${MEMBER_FIELDS} } } }
        node(id: $club) { ... on Club { members(first: 50) { totalCount edges { node { id } } } } }
        union(id: $union) { clubs { nodes { members { nodes { ${MEMBER_FIELDS} } } } } }
      }`,
      variables: () => ({ club, union: ids.countyA }),
      picked: (data) => [
        data.club,
        data.node.members,
        data.union.clubs.nodes.map((c: { members: { nodes: unknown[] } }) => c.members.nodes),
      ],
      expected: (viewer) => [
        { memberCount: 2, members: { totalCount: seen(viewer).length, nodes: seen(viewer) } },
        { totalCount: seen(viewer).length, edges: seen(viewer).map((m) => ({ node: { id: m.id } })) },
        [seen(viewer)],
      ],
    },
    {
      name: "viewer.clubs: a worker's own memberships; null for staff and nobody",
      query: `query { viewer { clubs { totalCount nodes { ${MEMBER_FIELDS} } } } }`,
      variables: () => ({}),
      picked: (data) => data.viewer?.clubs ?? null,
      uncached: true,
      expected: (viewer) =>
        viewer === 'worker'
          ? { totalCount: 1, nodes: [whole.zhao] }
          : viewer === 'otherWorker'
            ? { totalCount: 0, nodes: [] }
            : null,
    },
  ];

  it('lists every field of ClubMember, and every field that leads to one has a path here', async () => {
    const schema = buildSchema(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8'));
    const type = schema.getType('ClubMember');
    if (!isObjectType(type)) throw new Error('ClubMember is not an object type');
    const listedFields = MEMBER_FIELDS.replace(/\{[^}]*\}/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .sort();
    expect(Object.keys(type.getFields()).sort()).toEqual(listedFields);
    const leading = new Set(['ClubMember', 'ClubMemberConnection', 'ClubMemberEdge', 'ClubMemberPayload']);
    const fields: string[] = [];
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__') || !(isObjectType(t) || isInterfaceType(t))) continue;
      for (const field of Object.values(t.getFields()))
        if (leading.has(getNamedType(field.type).name)) fields.push(`${t.name}.${field.name}`);
    }
    // The mutations' payloads are their writers' own (test/clubs.test.ts).
    expect(fields.sort()).toEqual([
      'Club.members',
      'ClubMemberConnection.edges',
      'ClubMemberConnection.nodes',
      'ClubMemberEdge.node',
      'ClubMemberPayload.member',
      'Mutation.approveClubMember',
      'Mutation.declineClubMember',
      'Mutation.joinClub',
      'Mutation.leaveClub',
      'Viewer.clubs',
    ]);
  });

  it.each(paths)('$name — over HTTP, twice from every scope (cache miss, then hit)', async (path) => {
    for (const round of ['miss', 'hit']) {
      for (const viewer of VIEWERS) {
        const answer = await overHttp(server.url, path.query, path.variables(), tokens[viewer]);
        expect(answer.errors, `${viewer}: ${answer.text}`).toBeUndefined();
        expect(path.picked(answer.data), `${viewer}, ${round}`).toEqual(path.expected(viewer));
        expect(answer.cache, `${viewer}, round ${round}`).toBe(path.uncached ? null : round);
      }
    }
  });

  it.each(paths)('$name — over WebSocket', async (path) => {
    for (const viewer of VIEWERS) {
      const answer = await overWs(server.wsUrl, path.query, path.variables(), tokens[viewer] ?? undefined);
      expect(answer.errors, `${viewer}: ${answer.text}`).toBeUndefined();
      expect(path.picked(answer.data), viewer).toEqual(path.expected(viewer));
    }
  });

  it('the audit trail and the event log name no member', async () => {
    const text =
      JSON.stringify(await server.sql('select * from audit_entries')) +
      JSON.stringify(await server.sql('select * from events'));
    for (const m of MEMBERS) {
      expect(text).not.toContain(whole[m].displayName as string);
      expect(text).not.toContain(whole[m].phone as string);
    }
  });
});
