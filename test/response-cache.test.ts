import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogTail } from '../src/cache/log-tail.js';
import { createActivity, createUnion, signUp } from './helpers/fixtures.js';
import { startTestServer, subscribersReady, tokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/** The response cache: exact across instances, one statement per hit, never stale, never shared across scopes. */

let a: TestServer;
let b: TestServer;

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  /** The x-response-cache header: hit, miss, or null when the cache did not take part. */
  cache: string | null;
}

/** A request over real HTTP, anonymous unless a token is given, with the cache header. */
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
  return { ...((await res.json()) as object), status: res.status, cache: res.headers.get('x-response-cache') };
}

/** SQL statements `server` sends for `work`, background reads of its event hub excluded. */
async function statements(server: TestServer, work: () => Promise<unknown>): Promise<number> {
  await server.app.events.settled();
  const before = server.app.db.statementCount();
  await work();
  return server.app.db.statementCount() - before;
}

async function mutate(server: TestServer, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const WATCH = `query Watch($union: ID!, $activity: ID!, $match: ID!) {
  union(id: $union) {
    name
    memberCount
    sites(first: 100) { totalCount nodes { name } }
    programmes(first: 100) { totalCount nodes { name } }
  }
  activity(id: $activity) { title signUpCount }
  match: node(id: $match) { ... on Match { homeScore awayScore version } }
}`;

let watch: Record<string, string>;
let pinghu: string;

beforeAll(async () => {
  a = await startTestServer({ data: 'demo' });
  b = await startTestServer({ sameDatabaseAs: a });
  const scoreboard = await b.gql(
    readFileSync(new URL('./documents/readme/live-scoreboard.graphql', import.meta.url), 'utf8'),
  );
  const match = scoreboard.data.activities.nodes[0].competition.matches.nodes[0];
  const county = await b.gql(`{ unions(filter: { levels: [COUNTY], search: "平湖" }) { nodes { id } } }`);
  pinghu = county.data.unions.nodes[0].id;
  const union = await createUnion(b, '缓存测试镇工会', 'TOWN', pinghu);
  const activity = await createActivity(b, { organiserId: union, capacity: 50 });
  watch = { union, activity, match: match.id };
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('response cache', () => {
  it('answers a repeated dashboard from the cache in at most one SQL statement, the same answer', async () => {
    const dashboard = readFileSync(
      new URL('./documents/readme/everything-under-pinghu.graphql', import.meta.url),
      'utf8',
    );
    const month = { from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' };
    const first = await post(a, dashboard, month);
    expect(first.errors).toBeUndefined();
    let second!: Answer;
    const count = await statements(a, async () => (second = await post(a, dashboard, month)));
    expect(second.cache).toBe('hit');
    expect(count).toBeLessThanOrEqual(1);
    expect(second.data).toEqual(first.data);
    // A computed answer costs one more statement than without the cache (the cursor read), no more.
    const fresh = await post(a, dashboard, { ...month, from: '2026-10-01T00:00:00+08:00' });
    expect(fresh.cache).toBe('miss');
  });

  const writes: { kind: string; write: () => Promise<void>; check: (data: any) => void }[] = [
    {
      kind: 'union',
      write: () =>
        mutate(b, `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, {
          i: { id: watch.union, name: '缓存测试镇工会（改）', memberCount: 321 },
        }),
      check: (data) => expect(data.union).toMatchObject({ name: '缓存测试镇工会（改）', memberCount: 321 }),
    },
    {
      kind: 'site (create)',
      write: () =>
        mutate(b, `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
          i: { unionId: watch.union, kind: 'READING_ROOM', name: '缓存书屋' },
        }),
      check: (data) => expect(data.union.sites.nodes.map((s: any) => s.name)).toContain('缓存书屋'),
    },
    {
      kind: 'site (update)',
      write: async () => {
        const res = await b.gql(`query($id: ID!) { union(id: $id) { sites(first: 1) { nodes { id } } } }`, {
          id: watch.union,
        });
        await mutate(b, `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id } } }`, {
          i: { id: res.data.union.sites.nodes[0].id, name: '缓存书屋（新）' },
        });
      },
      check: (data) => expect(data.union.sites.nodes.map((s: any) => s.name)).toEqual(['缓存书屋（新）']),
    },
    {
      kind: 'programme (create)',
      write: () =>
        mutate(b, `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`, {
          i: { unionId: watch.union, name: '冬季读书月' },
        }),
      check: (data) => expect(data.union.programmes.nodes.map((p: any) => p.name)).toEqual(['冬季读书月']),
    },
    {
      kind: 'programme (update)',
      write: async () => {
        const res = await b.gql(`query($id: ID!) { union(id: $id) { programmes(first: 1) { nodes { id } } } }`, {
          id: watch.union,
        });
        await mutate(b, `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { id } } }`, {
          i: { id: res.data.union.programmes.nodes[0].id, name: '冬季读书节' },
        });
      },
      check: (data) => expect(data.union.programmes.nodes.map((p: any) => p.name)).toEqual(['冬季读书节']),
    },
    {
      kind: 'activity',
      write: () =>
        mutate(b, `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
          i: { id: watch.activity, title: '缓存课程' },
        }),
      check: (data) => expect(data.activity.title).toBe('缓存课程'),
    },
    {
      kind: 'sign-up',
      write: async () => {
        const res = await signUp(b, watch.activity, '13900000001');
        if (res.errors) throw new Error(JSON.stringify(res.errors));
      },
      check: (data) => expect(data.activity.signUpCount).toBe(1),
    },
    {
      kind: 'competition score',
      write: async () => {
        const res = await b.gql(`query($id: ID!) { node(id: $id) { ... on Match { homeScore awayScore } } }`, {
          id: watch.match,
        });
        const { homeScore, awayScore } = res.data.node;
        await mutate(b, `mutation($i: RecordScoreInput!) { recordScore(input: $i) { match { version } } }`, {
          i: { matchId: watch.match, homeScore: homeScore + 1, awayScore },
        });
        expectedHome = homeScore + 1;
      },
      check: (data) => expect(data.match.homeScore).toBe(expectedHome),
    },
  ];
  let expectedHome = -1;

  it.each(writes.map((w) => [w.kind, w] as const))(
    'answers fresh on this instance right after a %s write on the other one',
    async (_kind, { write, check }) => {
      await post(a, WATCH, watch);
      const cached = await post(a, WATCH, watch);
      expect(cached.cache).toBe('hit');
      await write();
      // No wait for NOTIFY: the very next read must already see the commit.
      const next = await post(a, WATCH, watch);
      expect(next.errors).toBeUndefined();
      expect(next.cache).toBe('miss');
      check(next.data);
      expect((await post(a, WATCH, watch)).cache).toBe('hit');
    },
  );

  it('never serves an answer older than a committed write, write after write across instances', async () => {
    const query = `query($id: ID!) { union(id: $id) { memberCount } }`;
    for (let i = 1; i <= 25; i++) {
      // Warm the cache on a, sometimes twice, then write through b and read a at once.
      await post(a, query, { id: watch.union });
      if (i % 2) await post(a, query, { id: watch.union });
      await mutate(b, `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, {
        i: { id: watch.union, memberCount: 1000 + i },
      });
      const [onA, onB] = await Promise.all([post(a, query, { id: watch.union }), post(b, query, { id: watch.union })]);
      expect(onA.data.union.memberCount).toBe(1000 + i);
      expect(onB.data.union.memberCount).toBe(1000 + i);
    }
  });

  it('lets hits that arrive together share one statement, never one begun before a write', async () => {
    const query = `query($id: ID!) { union(id: $id) { memberCount } }`;
    await post(a, query, { id: watch.union });
    expect((await post(a, query, { id: watch.union })).cache).toBe('hit');
    // Checks made together: the first starts a poll, the others wait for the one after it.
    const tail = new LogTail(a.app.db.orm.em);
    const [cursor] = await a.sql<{ latest: string }>(`select max(cursor)::text as latest from events`);
    await tail.untouchedSince(0n, null);
    const scope = { paths: [], tables: [] };
    let checks: { fresh: boolean }[] = [];
    const count = await statements(a, async () => {
      checks = await Promise.all(Array.from({ length: 20 }, () => tail.untouchedSince(BigInt(cursor!.latest), scope)));
    });
    expect(checks.every((check) => check.fresh)).toBe(true);
    expect(count).toBe(2);

    // Readers keep a poll of the log running all the time, so a read right after a commit
    // often arrives while a poll that began before the commit is still out: it must wait for the next.
    let pumping = true;
    const pump = (async () => {
      while (pumping) await Promise.all(Array.from({ length: 8 }, () => post(a, query, { id: watch.union })));
    })();
    try {
      for (let i = 1; i <= 15; i++) {
        await mutate(b, `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, {
          i: { id: watch.union, memberCount: 2000 + i },
        });
        const after = await Promise.all(Array.from({ length: 4 }, () => post(a, query, { id: watch.union })));
        for (const answer of after) expect(answer.data.union.memberCount).toBe(2000 + i);
      }
    } finally {
      pumping = false;
      await pump;
    }
  });

  it('never shares an answer between viewers who see different sign-ups', async () => {
    const organiser = await tokenFor({ unionId: dbId(watch.union) });
    const county = await tokenFor({ unionId: dbId(pinghu) });
    const other = await createUnion(b, '别处工会', 'COUNTY');
    const outsider = await tokenFor({ unionId: dbId(other) });
    const admin = await tokenFor({ unionId: 0, role: 'ADMIN' });
    const query = `query($id: ID!) { activity(id: $id) { signUps { nodes { phone } } } }`;
    const phones = async (token: string | null) => {
      const res = await post(a, query, { id: watch.activity }, token);
      return { phones: res.data.activity.signUps.nodes.map((s: { phone: string }) => s.phone), cache: res.cache };
    };
    for (const round of ['miss', 'hit']) {
      expect(await phones(organiser)).toEqual({ phones: ['13900000001'], cache: round });
      expect(await phones(null)).toEqual({ phones: [], cache: round });
      expect(await phones(outsider)).toEqual({ phones: [], cache: round });
      expect(await phones(county)).toEqual({ phones: ['13900000001'], cache: round });
      expect(await phones(admin)).toEqual({ phones: ['13900000001'], cache: round });
    }
  });

  it('never caches errors, mutations, viewer or introspection', async () => {
    const broken = `{ union(id: "VW5pb246OTk5OTk5OQ==") { name } unions(first: 1000) { totalCount } }`;
    for (let i = 0; i < 2; i++) {
      const res = await post(a, broken);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.cache).not.toBe('hit');
    }
    const token = await tokenFor({ unionId: dbId(pinghu), name: '甲' });
    for (const query of [
      `{ viewer { name tokenId } }`,
      `{ __schema { queryType { name } } }`,
      `query { ...V } fragment V on Query { viewer { name } }`,
    ]) {
      for (let i = 0; i < 2; i++) expect((await post(a, query, {}, token)).cache).toBeNull();
    }
    const mutation = `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { memberCount } } }`;
    const admin = await tokenFor({ unionId: 0, role: 'ADMIN' });
    for (let i = 0; i < 2; i++)
      expect((await post(a, mutation, { i: { id: watch.union, memberCount: 7 } }, admin)).cache).toBeNull();
  });

  it('keeps the write marks out of every subscription, live and replayed', async () => {
    const cursor = (await b.gql(`{ latestEventCursor }`)).data.latestEventCursor;
    const FEED = `subscription($u: ID!, $after: String) { activityFeed(unionId: $u, types: [CREATED, UPDATED], after: $after) { cursor type } }`;
    const live = subscribe(a.wsUrl, FEED, { u: pinghu });
    await subscribersReady(a, 1);
    // Writes without events of their own, around one that has one.
    await mutate(b, `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, {
      i: { id: watch.union, memberCount: 5 },
    });
    await mutate(b, `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
      i: { id: watch.activity, title: '订阅课程' },
    });
    await mutate(b, `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`, {
      i: { unionId: watch.union, name: '春季读书月' },
    });
    const [event] = await live.waitFor(1);
    const replay = subscribe(a.wsUrl, FEED, { u: pinghu, after: cursor });
    const [replayed] = await replay.waitFor(1);
    expect(replayed).toEqual(event);
    expect(event.data.activityFeed.type).toBe('UPDATED');
    await a.app.events.settled();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(live.results).toHaveLength(1);
    expect(replay.results).toHaveLength(1);
    await live.close();
    await replay.close();
    // The marks are in the log all the same: a union write advanced it.
    const marks = await a.sql(`select count(*)::int as n from events where topic = 'write' and cursor > $1`, [cursor]);
    expect(marks[0].n).toBe(2);
  });
});

describe('response cache: forgets only what a write touched', () => {
  /** An instance without the cache on the same database: the fresh answer to compare with. */
  let fresh: TestServer;
  /** `here`: a town under Pinghu with a village, a site and an activity; `there`: the same under another county. */
  const here: Record<string, string> = {};
  const there: Record<string, string> = {};

  const HERE = `query Here($h: ID!) {
    union(id: $h) {
      name memberCount
      children(first: 50) { totalCount nodes { name memberCount } }
      sites(first: 50) { totalCount nodes { name activities(first: 20) { totalCount nodes { title signUpCount } } } }
      activities(first: 20, includeDescendants: true) { totalCount nodes { title signUpCount } }
    }
  }`;

  async function createSite(unionId: string, name: string): Promise<string> {
    const data = await mutate(b, `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId, kind: 'READING_ROOM', name },
    });
    return data.createSite.site.id;
  }
  const updateUnion = (i: Record<string, unknown>) =>
    mutate(b, `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id } } }`, { i });
  const moveUnion = (id: string, newParentId: string) =>
    mutate(b, `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`, { i: { id, newParentId } });
  const updateSite = (i: Record<string, unknown>) =>
    mutate(b, `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id } } }`, { i });
  const updateActivity = (i: Record<string, unknown>) =>
    mutate(b, `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, { i });
  let phone = 13800000000;
  const signUpOnce = async (activity: string) => {
    const res = await signUp(b, activity, String(++phone));
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  };

  beforeAll(async () => {
    fresh = await startTestServer({ sameDatabaseAs: a, config: { responseCacheMb: 0 } });
    const counties = await b.gql(`{ unions(filter: { levels: [COUNTY] }, first: 20) { nodes { id } } }`);
    const elsewhere = counties.data.unions.nodes.map((n: { id: string }) => n.id).find((id: string) => id !== pinghu);
    for (const [side, county, name] of [
      [here, pinghu, '此处'],
      [there, elsewhere, '别处'],
    ] as const) {
      side.town = await createUnion(b, `${name}镇工会`, 'TOWN', county);
      side.village = await createUnion(b, `${name}村工会`, 'VILLAGE', side.town);
      side.site = await createSite(side.town, `${name}书屋`);
      side.activity = await createActivity(b, { organiserId: side.town, siteId: side.site, title: `${name}课程` });
    }
  }, 120_000);

  afterAll(async () => {
    await fresh?.stop();
  });

  /** Warms the answer on `a`, writes through `b`, and returns `a`'s next answer and the fresh one. */
  async function afterWrite(query: string, variables: Record<string, unknown>, write: () => Promise<unknown>) {
    await post(a, query, variables);
    expect((await post(a, query, variables)).cache).toBe('hit');
    await write();
    // No wait for NOTIFY: the very next read must already see the commit.
    const next = await post(a, query, variables);
    expect(next.errors).toBeUndefined();
    const truth = await post(fresh, query, variables);
    expect(truth.cache).toBeNull();
    expect(next.data).toEqual(truth.data);
    return next;
  }

  const beside: [string, () => Promise<unknown>][] = [
    ['a union renamed', () => updateUnion({ id: there.village, name: '别处村工会（改）' })],
    ['members counted', () => updateUnion({ id: there.town, memberCount: 77 })],
    ['a sign-up', () => signUpOnce(there.activity)],
    ['a site created', () => createSite(there.village, '别处新书屋')],
    ['an activity retitled', () => updateActivity({ id: there.activity, title: '别处课程（改）' })],
  ];

  it.each(beside)('keeps the answer through a write beside its subtree: %s', async (_what, write) => {
    const next = await afterWrite(HERE, { h: here.town }, write);
    expect(next.cache).toBe('hit');
  });

  const touching: [string, () => Promise<unknown>, (data: any) => void][] = [
    [
      'above: the county counts its members',
      () => updateUnion({ id: pinghu, memberCount: 424242 }),
      (data) => expect(data.union.name).toBe('此处镇工会'),
    ],
    [
      'inside: the union renamed',
      () => updateUnion({ id: here.town, name: '此处镇工会（新）' }),
      (data) => expect(data.union.name).toBe('此处镇工会（新）'),
    ],
    [
      'inside: a sign-up',
      () => signUpOnce(here.activity),
      (data) => expect(data.union.activities.nodes[0].signUpCount).toBe(1),
    ],
    [
      'below: a village counts its members',
      () => updateUnion({ id: here.village, memberCount: 31 }),
      (data) => expect(data.union.children.nodes[0].memberCount).toBe(31),
    ],
    [
      'a union moved into it',
      () => moveUnion(there.village, here.town),
      (data) => expect(data.union.children.totalCount).toBe(2),
    ],
    [
      'a union moved out of it',
      () => moveUnion(there.village, there.town),
      (data) => expect(data.union.children.totalCount).toBe(1),
    ],
    [
      'a site handed to it',
      () => updateSite({ id: there.site, unionId: here.town }),
      (data) => expect(data.union.sites.nodes.map((s: any) => s.name)).toContain('别处书屋'),
    ],
    [
      'a site handed away',
      () => updateSite({ id: there.site, unionId: there.town }),
      (data) => expect(data.union.sites.nodes.map((s: any) => s.name)).not.toContain('别处书屋'),
    ],
    [
      "another county's activity held at its site",
      () => updateActivity({ id: there.activity, siteId: here.site }),
      (data) => expect(data.union.sites.nodes[0].activities.totalCount).toBe(2),
    ],
    [
      "that activity back at its organiser's site",
      () => updateActivity({ id: there.activity, siteId: there.site }),
      (data) => expect(data.union.sites.nodes[0].activities.totalCount).toBe(1),
    ],
  ];

  it.each(touching)('forgets the answer after a write %s, and answers fresh', async (_what, write, check) => {
    const next = await afterWrite(HERE, { h: here.town }, write);
    expect(next.cache).toBe('miss');
    check(next.data);
    expect((await post(a, HERE, { h: here.town })).cache).toBe('hit');
  });

  it('keeps a root list of unions through sign-ups, and forgets it after any union write', async () => {
    const list = `{ unions(filter: { levels: [TOWN] }, first: 100) { totalCount nodes { name memberCount } } }`;
    expect((await afterWrite(list, {}, () => signUpOnce(there.activity))).cache).toBe('hit');
    expect((await afterWrite(list, {}, () => updateUnion({ id: there.village, memberCount: 12 }))).cache).toBe('miss');
  });

  it("forgets sign-ups listed under a site after a sign-up to another county's activity held there", async () => {
    await updateActivity({ id: there.activity, siteId: here.site });
    const query = `query($s: ID!) { site(id: $s) { activities(first: 20) { nodes { title signUps(first: 50) { totalCount nodes { workerName } } } } } }`;
    const ask = (server: TestServer) => post(server, query, { s: here.site }, a.adminToken);
    await ask(a);
    expect((await ask(a)).cache).toBe('hit');
    // The sign-up's row touches its organiser's path (the other county), not the site's.
    await signUpOnce(there.activity);
    const next = await ask(a);
    expect(next.cache).toBe('miss');
    expect(next.data).toEqual((await ask(fresh)).data);
    await updateActivity({ id: there.activity, siteId: there.site });
  });

  it('forgets an answer whose reads it cannot place after any write', async () => {
    // The log's cursor: a read no loader reports, so any write forgets it.
    const next = await afterWrite(`{ latestEventCursor }`, {}, () => signUpOnce(there.activity));
    expect(next.cache).toBe('miss');
    const match = `query($m: ID!) { node(id: $m) { ... on Match { homeScore } } }`;
    expect((await afterWrite(match, { m: watch.match }, () => signUpOnce(there.activity))).cache).toBe('miss');
  });

  it('forgets every answer after a write by hand, whose mark cannot say what it touched', async () => {
    // The recipe of the README for writes made outside the hub, here beside the answer.
    const next = await afterWrite(HERE, { h: here.town }, () =>
      a.sql(
        `with lock as (select pg_advisory_xact_lock(7453120001)),
           changed as (update unions set member_count = member_count + 1 where id = $1 returning id)
         insert into events (cursor, topic, type) select nextval('event_cursor_seq'), 'write', 'MANUAL' from lock, changed`,
        [dbId(there.town)],
      ),
    );
    expect(next.cache).toBe('miss');
  });

  it('records the paths a write touched, and "anything" where it cannot say', async () => {
    const [{ path: townPath }] = await a.sql(`select path::text from unions where id = $1`, [dbId(here.town)]);
    const before = (await b.gql(`{ latestEventCursor }`)).data.latestEventCursor;
    await updateUnion({ id: here.village, memberCount: 32 });
    await signUpOnce(here.activity);
    const rows = await a.sql(
      `select topic, touched::text[] as touched, touched_tables from events where cursor > $1 order by cursor`,
      [before],
    );
    expect(rows).toEqual([
      { topic: 'write', touched: [`${townPath}.${dbId(here.village)}`], touched_tables: ['unions'] },
      {
        topic: 'activity',
        touched: [townPath],
        touched_tables: expect.arrayContaining(['activities', 'sign_ups']),
      },
    ]);
  });
});

describe('response cache, on and off', () => {
  it('is off with RESPONSE_CACHE_MB=0', async () => {
    const c = await startTestServer({ sameDatabaseAs: a, config: { responseCacheMb: 0 } });
    try {
      const query = `{ unions(filter: { levels: [COUNTY] }) { totalCount } }`;
      for (let i = 0; i < 2; i++) expect((await post(c, query)).cache).toBeNull();
      expect(c.app.responseCache()).toBeNull();
    } finally {
      await c.stop();
    }
  });
});
