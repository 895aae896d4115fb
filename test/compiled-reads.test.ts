import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The benchmark's own questions: the compiled path exists for them first.
// @ts-expect-error plain ESM module of the bench, no types
import { resolveTargets, scenarios } from '../bench/scenarios.mjs';
import { planQuery } from '../src/compiled/plan.js';
import { sample, scrape } from './helpers/metrics.js';
import { startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * The compiled read path (src/compiled): every covered shape answered with one SQL
 * statement and `x-read-path: compiled`, equal, keys and order included, to what the
 * resolvers answer on a second instance with COMPILED_READS=false over the same demo
 * database; what it does not cover falls back to the resolvers.
 */

let compiled: TestServer;
let resolvers: TestServer;
let t: Record<string, any>;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

interface Answer {
  status: number;
  text: string;
  body: any;
  path: string | null;
}

async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
): Promise<Answer> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), path: res.headers.get('x-read-path') };
}

/** Statements the compiled server sends for `work`, its event hub's background reads excluded. */
async function statements(work: () => Promise<unknown>): Promise<number> {
  await compiled.app.events.settled();
  const before = compiled.app.db.statementCount();
  await work();
  return compiled.app.db.statementCount() - before;
}

/** Asks both instances; the compiled one must answer on its path, in one statement, exactly as the resolvers do. */
async function expectCompiledEqual(
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
) {
  let mine!: Answer;
  const sent = await statements(async () => (mine = await post(compiled, query, variables, token)));
  const theirs = await post(resolvers, query, variables, token);
  expect(theirs.path).toBeNull();
  expect(theirs.body.errors).toBeUndefined();
  expect(mine.status).toBe(200);
  // Same keys in the same order, same values.
  expect(JSON.stringify(mine.body)).toBe(JSON.stringify(theirs.body));
  expect(mine.path).toBe('compiled');
  expect(sent).toBe(1);
  return mine.body.data;
}

/** Asks both; the compiled instance must leave it to its resolvers and answer alike. */
async function expectFallback(query: string, variables: Record<string, unknown> = {}, token: string | null = null) {
  const mine = await post(compiled, query, variables, token);
  const theirs = await post(resolvers, query, variables, token);
  expect(mine.path).toBeNull();
  expect(mine.status).toBe(theirs.status);
  expect(mine.body).toEqual(theirs.body);
  return mine.body;
}

beforeAll(async () => {
  const config = { statusSweepMs: 0, responseCacheMb: 0 };
  compiled = await startTestServer({ data: 'demo', config: { ...config, compiledReads: true } });
  resolvers = await startTestServer({ sameDatabaseAs: compiled, config: { ...config, compiledReads: false } });
  t = await resolveTargets({
    query: async (text: string, params?: unknown[]) => ({ rows: await compiled.sql(text, params) }),
  });
}, 120_000);

afterAll(async () => {
  await resolvers?.stop();
  await compiled?.stop();
});

const doc = (name: string) => readFileSync(new URL(`./documents/${name}.graphql`, import.meta.url), 'utf8');

describe('compiled read path', () => {
  it('answers every bench scenario in one statement, as the resolvers do', async () => {
    for (const scenario of scenarios(t) as {
      name: string;
      resolversOnly?: boolean;
      ours: { query: string; variables: Record<string, unknown> }[];
    }[]) {
      if (scenario.resolversOnly) continue;
      for (const op of scenario.ours) {
        const data = await expectCompiledEqual(op.query, op.variables);
        expect(JSON.stringify(data).length).toBeGreaterThan(50);
      }
    }
  });

  it('answers the test documents and README examples the same', async () => {
    const from = '2026-01-01T00:00:00.000Z';
    const to = '2027-01-01T00:00:00.000Z';
    await expectCompiledEqual(doc('dashboard'), { id: gid('Union', t.city), from, to });
    await expectCompiledEqual(doc('dashboard'), { id: gid('Union', t.county) });
    await expectCompiledEqual(doc('readme/county-overview'));
    await expectCompiledEqual(doc('readme/everything-under-pinghu'), { from, to });
    await expectCompiledEqual(doc('readme/town-by-name'));
    await expectCompiledEqual(doc('readme/sites-near'));
    const first = await expectCompiledEqual(doc('readme/open-courses'));
    expect(first.activities.edges.length).toBeGreaterThan(0);
    if (first.activities.pageInfo.hasNextPage) {
      await expectCompiledEqual(doc('readme/open-courses'), { after: first.activities.pageInfo.endCursor });
    }
  });

  it('keeps aliases, fragments on interfaces, __typename, directives and default arguments', async () => {
    const query = `query Shapes($id: ID!, $site: ID!, $with: Boolean!, $without: Boolean = true) {
      __typename
      top: union(id: $id) { ...U __typename depth }
      again: node(id: $id) { __typename id ... on Union { name parent { name } } ... on Site { kind } }
      site: node(id: $site) { ... on Node { id } ...S }
      list: nodes(ids: [$id, $site, "VW5pb246OTk5OTk5"]) { id ... on Union { level } ...S }
      union(id: $id) {
        name @include(if: $with)
        level @skip(if: $without)
        a: children(first: 2) { edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
        b: children(first: 2, filter: { search: "镇" }) { totalCount nodes { name ancestors { name depth } } }
        descendants(level: VILLAGE, first: 3) { totalCount edges { cursor node { name level } } pageInfo { endCursor } }
        sites(includeDescendants: true, first: 3, filter: { kinds: [READING_ROOM] }) { totalCount nodes { ...S } }
        activities(includeDescendants: true, orderBy: STARTS_AT_DESC, first: 4) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title startsAt endsAt placesLeft capacity signUpCount attendanceCount note kind status organiser { name } site { name } programme { name startsOn endsOn } } }
        }
        programmes(first: 5) { totalCount edges { cursor node { id name description startsOn endsOn union { name } activities(first: 2) { totalCount nodes { title } } } } }
        stats { unionCount memberCount siteCount villagesWithoutSite sitesByKind { kind count __typename } activityCount activitiesByStatus { status count } activitiesByKind { kind count } signUpCount attendanceCount }
      }
      missing: union(id: "VW5pb246OTk5OTk5") { name }
    }
    fragment U on Union { id name level memberCount region }
    fragment S on Site { name kind address areaSqm openingHours facilities honours rating location { latitude longitude } union { name } }`;
    await expectCompiledEqual(query, { id: gid('Union', t.county), site: gid('Site', t.site), with: true });
    await expectCompiledEqual(query, {
      id: gid('Union', t.town),
      site: gid('Site', t.site),
      with: false,
      without: false,
    });
  });

  it('answers the root lists with filters, orders and pages', async () => {
    const query = `query Roots($under: ID, $after: String, $first: Int) {
      unions(first: $first, after: $after, filter: { levels: [TOWN, VILLAGE], hasSites: true }) {
        totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
      sites(underUnion: $under, first: 5, filter: { ratings: [NATIONAL, PROVINCIAL, CITY] }) { totalCount nodes { name rating } pageInfo { endCursor } }
      activities(underUnion: $under, first: 5, orderBy: STARTS_AT_DESC, filter: { statuses: [OPEN, PLANNED, RUNNING, FINISHED] }) {
        totalCount edges { cursor node { title startsAt } }
      }
      programmes: activities(first: 3, filter: { search: "读书" }) { totalCount nodes { title programme { name } } }
    }`;
    const first = await expectCompiledEqual(query, { under: gid('Union', t.county), first: 3 });
    await expectCompiledEqual(query, { after: first.unions.pageInfo.endCursor, first: 4 });
    const activities = await expectCompiledEqual(
      `query($after: String) { activities(first: 3, after: $after, orderBy: STARTS_AT_DESC) { pageInfo { endCursor hasPreviousPage } nodes { title } } }`,
    );
    await expectCompiledEqual(
      `query($after: String) { activities(first: 3, after: $after, orderBy: STARTS_AT_DESC) { pageInfo { endCursor hasPreviousPage } nodes { title } } }`,
      { after: activities.activities.pageInfo.endCursor },
    );
    // Sites near a point run nearest first, the distance (a float) in the cursor.
    const near = `query($after: String) { sites(first: 3, after: $after, filter: { near: { latitude: 30.6761, longitude: 121.0153, radiusMeters: 5000 } }) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name location { latitude longitude } } } } }`;
    const nearest = await expectCompiledEqual(near);
    expect(nearest.sites.edges.length).toBe(3);
    await expectCompiledEqual(near, { after: nearest.sites.pageInfo.endCursor });
    // A list under a parent the request names takes `after` too.
    const nested = `query($id: ID!, $after: String) { union(id: $id) { children(first: 2, after: $after) { pageInfo { endCursor } nodes { name } } } }`;
    const page = await expectCompiledEqual(nested, { id: gid('Union', t.county) });
    await expectCompiledEqual(nested, { id: gid('Union', t.county), after: page.union.children.pageInfo.endCursor });
    await expectCompiledEqual(`{ latestEventCursor }`);
    const sites = await expectCompiledEqual(`{ sites(first: 2) { pageInfo { endCursor } nodes { name } } }`);
    await expectCompiledEqual(
      `query($after: String) { sites(first: 2, after: $after) { pageInfo { endCursor } nodes { name } } }`,
      {
        after: sites.sites.pageInfo.endCursor,
      },
    );
  });

  it('answers alike for every viewer', async () => {
    const staff = await tokenFor({ unionId: t.county });
    const dashboard = (scenarios(t) as { ours: { query: string; variables: Record<string, unknown> }[] }[])[0].ours[0];
    await expectCompiledEqual(dashboard.query, dashboard.variables, staff);
    await expectCompiledEqual(dashboard.query, dashboard.variables, compiled.adminToken);
  });

  it("answers sign-ups as each viewer may see them, and an activity's sessions and club", async () => {
    // An activity held over sessions, with sign-ups workers made themselves, and one whose
    // sign-ups come from workers of several counties.
    const [course] = await compiled.sql<{ id: number; worker_id: string; union_id: number; organiser_id: number }>(
      `select s.activity_id as id, min(s.worker_id) as worker_id, min(s.union_id) as union_id, min(a.organiser_id) as organiser_id
         from sign_ups s join activities a on a.id = s.activity_id
        where s.worker_id is not null and exists (select 1 from activity_sessions z where z.activity_id = a.id)
        group by s.activity_id order by count(*) desc, s.activity_id limit 1`,
    );
    expect(course).toBeDefined();
    const [meeting] = await compiled.sql<{ id: number }>(
      `select id from activities where club_id is not null order by id limit 1`,
    );
    // A staff member of a worker's own union outside the organiser's subtree sees that worker's sign-ups alone.
    const [outside] = await compiled.sql<{ activity_id: number; union_id: number }>(
      `select s.activity_id, s.union_id from sign_ups s join activities a on a.id = s.activity_id
         join unions o on o.id = a.organiser_id join unions w on w.id = s.union_id
        where not w.path <@ o.path order by s.id limit 1`,
    );
    const query = `query SignUps($id: ID!, $first: Int, $after: String) {
      activity(id: $id) {
        title contact audience signUpOpensAt signUpClosesAt cancellationDeadline coverImageUrl waitlistCount
        sessions { startsAt endsAt __typename }
        club { id name kind leader description recruiting memberLimit requiresApproval memberCount placesLeft union { name } homeSite { name } meetings(first: 2) { totalCount nodes { title } pageInfo { endCursor } } }
        signUpCount
        signUps(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id workerName phone status attended attendanceCorrectionReason sessionsAttended sessionCount union { name } activity { title } } }
        }
        all: signUps(first: 100) { totalCount nodes { id } }
      }
    }`;
    const viewers = [
      null,
      compiled.adminToken,
      await tokenFor({ unionId: course!.organiser_id }),
      await tokenFor({ unionId: outside!.union_id }),
      await workerTokenFor({ workerId: course!.worker_id, unionId: course!.union_id }),
      await workerTokenFor({ workerId: 'nobody-here', unionId: course!.union_id }),
    ];
    const seen = new Set<number>();
    for (const id of [course!.id, meeting!.id, outside!.activity_id]) {
      for (const token of viewers) {
        const first = await expectCompiledEqual(query, { id: gid('Activity', id), first: 2 }, token);
        seen.add(first.activity.all.totalCount);
        const { endCursor, hasNextPage } = first.activity.signUps.pageInfo;
        if (hasNextPage)
          await expectCompiledEqual(query, { id: gid('Activity', id), first: 2, after: endCursor }, token);
      }
    }
    // A sign-up by id: null where the viewer may not see it, as for an unknown id.
    const [someone] = await compiled.sql<{ id: number }>(
      `select id from sign_ups where activity_id = $1 order by id limit 1`,
      [course!.id],
    );
    const byId = `query($ids: [ID!]!, $id: ID!) {
      node(id: $id) { __typename ... on SignUp { workerName phone union { name } activity { title } } }
      nodes(ids: $ids) { id ... on SignUp { status attended } ... on Club { name } }
    }`;
    const ids = [gid('SignUp', someone!.id), gid('SignUp', 999_999), gid('Club', 1), gid('Activity', course!.id)];
    for (const token of viewers) await expectCompiledEqual(byId, { id: ids[0], ids }, token);
    // Clubs: by id, and those of a union's subtree with their filters and pages.
    const clubs = `query($id: ID!, $club: ID!, $honour: ID!, $circle: ID!, $after: String) {
      club(id: $club) { name leader memberCount placesLeft union { name } meetings(first: 1) { nodes { title } } }
      honour: node(id: $honour) { ... on ClubHonour { title club { name } } }
      circle: node(id: $circle) { ... on ServiceCircle { name hub { name } } }
      union(id: $id) {
        all: clubs(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name kind recruiting } } }
        arts: clubs(kind: ARTS, recruiting: true) { totalCount nodes { name } }
        circles: serviceCircles(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name hub { name } union { name } sites { name kind } } } }
        honours: clubs(first: 50) { nodes { honours { id level title year awardedBy withdrawn } all: honours(includeWithdrawn: true) { title withdrawn corrections { previousLevel previousTitle previousYear previousAwardedBy previousWithdrawn reason correctedAt } } } }
      }
    }`;
    const [honour] = await compiled.sql<{ id: number; n: number }>(
      `select h.id, (select count(*)::int from club_honour_corrections c) as n from club_honours h order by h.id desc limit 1`,
    );
    const page = await expectCompiledEqual(clubs, {
      id: gid('Union', t.city),
      club: gid('Club', 1),
      honour: gid('ClubHonour', honour!.id),
      circle: gid('ServiceCircle', 1),
    });
    expect(page.honour.title).toBeTruthy();
    expect(page.union.circles.totalCount).toBeGreaterThan(2);
    const circles = `query($id: ID!, $after: String) { union(id: $id) { serviceCircles(first: 2, after: $after) { pageInfo { endCursor } nodes { name } } } }`;
    await expectCompiledEqual(circles, { id: gid('Union', t.city), after: page.union.circles.pageInfo.endCursor });
    expect(page.union.all.totalCount).toBeGreaterThan(3);
    await expectCompiledEqual(clubs, {
      id: gid('Union', t.city),
      club: gid('Club', 1),
      honour: gid('ClubHonour', honour!.id),
      circle: gid('ServiceCircle', 1),
      after: page.union.all.pageInfo.endCursor,
    });
    // Different viewers saw different sign-ups of the same activities: the rule is in the statement.
    expect(seen.size).toBeGreaterThan(2);
    expect(seen.has(0)).toBe(true);
  });

  it('reports what sign-ups it read to the response cache, never narrower than their writes', () => {
    const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
    const reads = (text: string, viewer: Parameters<typeof planQuery>[0]['viewer'] = null) => {
      const document = parse(text);
      const operation = document.definitions[0] as OperationDefinitionNode;
      expect(operation.kind).toBe(Kind.OPERATION_DEFINITION);
      const plan = planQuery({
        schema,
        operation,
        fragments: {},
        variables: {},
        maxPageSize: 100,
        withCursor: true,
        viewer,
      });
      expect(plan.byViewer).toBe(text.includes('signUps'));
      const { global, unions, sites, activities, tables } = plan.reads;
      return { global, unions: [...unions], sites: [...sites], activities: [...activities], tables: [...tables] };
    };
    const staff = { role: 'STAFF', unionId: 7, staffId: 's', name: 'x', tokenId: 't', expiresAt: new Date() } as const;
    const activity = gid('Activity', 5);
    // Under the activity (its organiser's path), and where the staff member stands.
    expect(reads(`{ activity(id: "${activity}") { signUps { totalCount } } }`, staff)).toEqual({
      global: false,
      unions: [7],
      sites: [],
      activities: [5],
      tables: [],
    });
    expect(reads(`{ activity(id: "${activity}") { title } }`, staff)).toMatchObject({ global: false, unions: [] });
    // A sign-up's write touches its organiser's path and its worker's union's: listed
    // under a site or a programme (another union's), or with the worker's union, it is global.
    const site = gid('Site', 3);
    expect(reads(`{ site(id: "${site}") { activities { nodes { title } } } }`).global).toBe(false);
    expect(reads(`{ site(id: "${site}") { activities { nodes { signUps { totalCount } } } } }`).global).toBe(true);
    expect(reads(`{ activity(id: "${activity}") { signUps { nodes { union { name } } } } }`).global).toBe(true);
    // Sessions, check-ins and clubs have no touched-paths triggers.
    expect(reads(`{ activity(id: "${activity}") { sessions { startsAt } } }`).global).toBe(true);
    expect(reads(`{ activity(id: "${activity}") { club { name } } }`).global).toBe(true);
    expect(reads(`{ union(id: "${gid('Union', 2)}") { clubs { totalCount } } }`).global).toBe(true);
    expect(reads(`{ activity(id: "${activity}") { signUps { nodes { sessionsAttended } } } }`).global).toBe(true);
  });

  it('leaves errors, personal data, viewer, mutations and what it does not cover to the resolvers', async () => {
    const union = gid('Union', t.county);
    // Errors: a malformed id, an id of another type, a bad cursor, a bad variable, a page too large.
    expect((await expectFallback(`{ union(id: "nope") { name } }`)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await expectFallback(`query($id: ID!) { site(id: $id) { name } }`, { id: union });
    await expectFallback(`{ unions(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { name } } }`);
    await expectFallback(`query($n: Int) { unions(first: $n) { nodes { name } } }`, { n: 'two' });
    await expectFallback(`{ unions(first: 5000) { nodes { name } } }`);
    await expectFallback(
      `{ activities(filter: { startsFrom: "2027-01-01T00:00:00Z", startsBefore: "2026-01-01T00:00:00Z" }) { totalCount } }`,
    );
    await expectFallback(`{ nodes(ids: ["nope"]) { id } }`);
    await expectFallback(doc('readme/sites-near'), { latitude: 91.5, longitude: 121 });
    await expectFallback(doc('readme/sites-near'), { latitude: 1e-7, longitude: 121 });
    // Not covered: the viewer, a club's members (personal data), a nested `after`.
    await expectFallback(
      `{ activities(first: 2, filter: { kinds: [COURSE] }) { nodes { title club { members { totalCount } } } } }`,
      {},
      compiled.adminToken,
    );
    await expectFallback(`{ viewer { name } }`, {}, compiled.adminToken);
    await expectFallback(`query($id: ID!) { union(id: $id) { children(first: 1, after: "x") { totalCount } } }`, {
      id: union,
    });
    // Mutations and invalid documents.
    await expectFallback(`mutation { revokeToken { revokedTokenId } }`);
    await expectFallback(`{ union { name } }`);
    await expectFallback(`{ union(id: "${union}") { nosuchfield } }`);
    // The same document still compiles when its variables allow it.
    await expectCompiledEqual(`query($id: ID!) { union(id: $id) { name } }`, { id: union });
  });

  it('counts its answers in the request metrics', async () => {
    const before = sample(await scrape(compiled.url), 'unionhub_graphql_request_duration_seconds_count', {
      operation: 'CountedOne',
      type: 'query',
    });
    expect((await post(compiled, `query CountedOne { unions(first: 1) { totalCount } }`)).path).toBe('compiled');
    const after = sample(await scrape(compiled.url), 'unionhub_graphql_request_duration_seconds_count', {
      operation: 'CountedOne',
      type: 'query',
    });
    expect((after ?? 0) - (before ?? 0)).toBe(1);
  });
});

describe('the fast lane ahead of Express (src/compiled/fast-lane.ts)', () => {
  let logged: TestServer;
  beforeAll(async () => {
    logged = await startTestServer({
      sameDatabaseAs: compiled,
      logLevel: 'info',
      config: { statusSweepMs: 0, responseCacheMb: 8 },
    });
  });
  afterAll(() => logged?.stop());

  /** The same body sent with a declared length (the lane) and as a stream (chunked: Express). */
  const both = async (body: string, headers: Record<string, string> = {}) => {
    const send = (chunked: boolean) =>
      fetch(logged.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...(chunked
          ? { body: new Blob([body]).stream(), duplex: 'half' as const }
          : { body: Buffer.from(body, 'utf8') }),
      } as RequestInit).then(async (res) => ({
        status: res.status,
        text: await res.text(),
        type: res.headers.get('content-type'),
        path: res.headers.get('x-read-path'),
      }));
    return { lane: await send(false), express: await send(true) };
  };

  it('refuses what body-parser refuses with the same answers, and parses what it parses alike', async () => {
    for (const bad of ['{"query": ', '"a string"', '42', 'null', '\u0000']) {
      const { lane, express } = await both(bad);
      expect(lane.status).toBe(400);
      expect(lane).toEqual(express);
      expect(JSON.parse(lane.text).errors[0]).toEqual({
        message: 'Request body is not valid JSON',
        extensions: { code: 'BAD_REQUEST' },
      });
    }
    const query = (id: number) =>
      JSON.stringify({ query: `query($id: ID!) { union(id: $id) { name } }`, variables: { id: gid('Union', id) } });
    // A leading BOM, charset in the type: parsed as body-parser parses them, and compiled
    // (each a new question, so the lane's answer is no cache hit).
    for (const [body, headers] of [
      [`\uFEFF${query(t.village)}`, {}],
      [query(t.town), { 'content-type': 'application/json; charset=UTF-8' }],
    ] as const) {
      const { lane, express } = await both(body, headers);
      expect(lane.path).toBe('compiled');
      expect(lane.text).toBe(express.text);
      expect(JSON.parse(lane.text).data.union.name).toBeTruthy();
    }
    // Batches, over-deep bodies and documents go on to Express's guards and Apollo.
    const deep = `{"query": "{ __typename }", "variables": ${'['.repeat(80)}${']'.repeat(80)}}`;
    const nested = JSON.stringify({ query: `{ unions(filter: ${'{'.repeat(70)}}) { totalCount } }` });
    for (const body of [`[${query(t.city)}]`, deep, nested]) {
      const { lane, express } = await both(body);
      expect(lane.status).toBe(400);
      expect(lane.text).toBe(express.text);
    }
  });

  it('logs each request once under its id, whether it answers or passes it on', async () => {
    const union = gid('Union', t.county);
    const send = (id: string, query: string, token?: string) =>
      fetch(logged.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': id,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables: { id: union } }),
      }).then(async (res) => ({ res, body: (await res.json()) as any }));
    const answered = await send('lane-compiled', `query Named($id: ID!) { union(id: $id) { name } }`);
    expect(answered.res.headers.get('x-read-path')).toBe('compiled');
    const hit = await send('lane-hit', `query Named($id: ID!) { union(id: $id) { name } }`);
    expect(hit.res.headers.get('x-response-cache')).toBe('hit');
    const passed = await send('lane-apollo', `query Viewer { viewer { name } }`, logged.adminToken);
    expect(passed.res.headers.get('x-read-path')).toBeNull();
    expect(passed.body.data.viewer).toBeTruthy();
    const refused = await send('lane-refused', `query Named($id: ID!) { union(id: $id) { name } }`, 'not-a-token');
    expect(refused.res.status).toBe(401);
    for (const id of ['lane-compiled', 'lane-hit', 'lane-apollo', 'lane-refused']) {
      expect(logged.logs.filter((line) => line.msg === 'request' && line.requestId === id)).toEqual([
        expect.objectContaining({ method: 'POST', path: '/graphql' }),
      ]);
    }
  });
});
