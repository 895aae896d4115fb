import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { appendEvents } from '../src/live/event-log.js';
import { startChildServer, type ChildServer } from './helpers/child-server.js';
import { createActivity, createUnion, loggedCursors, signUp } from './helpers/fixtures.js';
import { captureLogs } from './helpers/logs.js';
import { freePort } from './helpers/ports.js';
import { startTestServer, subscribersReady, TEST_JWT_SECRET, tokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const ACTIVITY_CHANGED = `subscription($id: ID!, $after: String) { activityChanged(id: $id, after: $after) { cursor signUpCount } }`;
const FEED = `subscription($unionId: ID!, $types: [ActivityEventType!]) { activityFeed(unionId: $unionId, types: $types) { cursor title } }`;

const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/**
 * A screen as the README tells one to be written: the stock graphql-ws client retries
 * forever, and because it sends the same `variables` object again on every reconnect,
 * keeping `after` up to date there is all it takes to resume.
 */
function resumingScreen(url: string, activityId: string, after: string) {
  const variables = { id: activityId, after };
  const received: string[] = [];
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 1000,
    retryWait: () => new Promise((r) => setTimeout(r, 100)),
    shouldRetry: () => true,
  });
  const stop = client.subscribe<any>(
    { query: ACTIVITY_CHANGED, variables },
    {
      next: ({ data }) => {
        received.push(data.activityChanged.cursor);
        variables.after = data.activityChanged.cursor;
      },
      error: () => {},
      complete: () => {},
    },
  );
  return { received, close: async () => (stop(), await client.dispose()) };
}

describe('resuming with `after`', () => {
  let writer: TestServer;
  let child: ChildServer | undefined;
  beforeAll(async () => {
    writer = await startTestServer({ data: 'empty' });
  });
  afterAll(async () => {
    await child?.kill();
    await writer?.stop();
  });

  it('a screen whose server is killed mid-stream and restarted receives exactly the events it missed, in order', async () => {
    const county = await createUnion(writer, '桐乡市总工会', 'COUNTY');
    const activityId = await createActivity(writer, { title: '职工运动会', organiserId: county });
    const [created] = await loggedCursors(writer, activityId);
    const port = await freePort();
    child = await startChildServer(port, { DATABASE_URL: writer.databaseUrl });
    const screen = resumingScreen(child.url, activityId, created);

    let phone = 13_100_000_000;
    const signUps = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await signUp(writer, activityId, String(++phone))).errors).toBeUndefined();
    };
    await signUps(10);
    await until(() => screen.received.length === 10, 'the first 10 events');
    // Mid-stream: writes keep coming through the other instance while this one is dead.
    const writing = signUps(15);
    await until(() => screen.received.length >= 12, 'a few more events');
    await child.kill();
    await writing;
    await signUps(5);
    child = await startChildServer(port, { DATABASE_URL: writer.databaseUrl });
    await signUps(5);

    const logged = (await loggedCursors(writer, activityId)).slice(1);
    expect(logged).toHaveLength(35);
    await until(() => screen.received.length >= 35, 'all 35 events');
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.received).toEqual(logged);
    await screen.close();
  }, 90_000);
});

describe('commit order', () => {
  let server: TestServer;
  let union: string;
  beforeAll(async () => {
    server = await startTestServer({ data: 'empty' });
    union = await createUnion(server, '海盐县总工会', 'COUNTY');
  });
  afterAll(() => server?.stop());

  const idOf = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
  const updated = (subjectId: number, title: string) => ({
    topic: 'activity' as const,
    type: 'UPDATED',
    subjectId,
    payload: { kind: 'COURSE', title, status: 'OPEN', capacity: null, signUpCount: 0, attendanceCount: 0 },
  });

  it('two transactions committing out of start order are both delivered once, in commit order', async () => {
    const first = idOf(await createActivity(server, { title: '先开始', organiserId: union }));
    const second = idOf(await createActivity(server, { title: '后开始', organiserId: union }));
    const feed = subscribe(server.wsUrl, FEED, { unionId: union, types: ['UPDATED'] });
    await subscribersReady(server);
    const orm = server.app.db.orm;

    // T1 starts first and does its work, T2 starts later and commits first.
    let t1MayFinish!: () => void;
    const t1Gate = new Promise<void>((r) => (t1MayFinish = r));
    let t1Started!: () => void;
    const t1Running = new Promise<void>((r) => (t1Started = r));
    const t1 = orm.em.fork().transactional(async (em) => {
      await em.execute(`update activities set description = 'T1' where id = ?`, [first]);
      t1Started();
      await t1Gate;
      await appendEvents(em, [updated(first, '先开始')]);
    });
    await t1Running;
    await orm.em.fork().transactional(async (em) => {
      await em.execute(`update activities set description = 'T2' where id = ?`, [second]);
      await appendEvents(em, [updated(second, '后开始')]);
    });
    t1MayFinish();
    await t1;

    // And the other way round: T3 holds the log's tail open while T4 tries to append.
    let t3Appended!: () => void;
    const t3Waiting = new Promise<void>((r) => (t3Appended = r));
    const order: string[] = [];
    const t3 = orm.em.fork().transactional(async (em) => {
      await appendEvents(em, [updated(first, 'T3')]);
      t3Appended();
      await new Promise((r) => setTimeout(r, 300));
      order.push('T3 commits');
    });
    await t3Waiting;
    const t4 = orm.em.fork().transactional(async (em) => {
      await appendEvents(em, [updated(second, 'T4')]);
      order.push('T4 appended');
    });
    await Promise.all([t3, t4]);
    expect(order).toEqual(['T3 commits', 'T4 appended']);

    const results = await feed.waitFor(4);
    expect(results.map((r) => r.data.activityFeed.title)).toEqual(['后开始', '先开始', 'T3', 'T4']);
    const cursors = results.map((r) => BigInt(r.data.activityFeed.cursor));
    expect([...cursors].sort((x, y) => (x < y ? -1 : 1))).toEqual(cursors);
    await new Promise((r) => setTimeout(r, 300));
    expect(feed.results).toHaveLength(4);
    await feed.close();
  });
});

describe('a PostgreSQL restart', () => {
  it('keeps the process and its subscriptions up; events flow again once the database is back, none lost', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'unionhub-restart-'));
    await chmod(dir, 0o755);
    const pgPort = await freePort();
    // Persistent: a non-persistent embedded server deletes its data when stopped.
    const options = { dataDir: path.join(dir, 'pg'), port: pgPort, persistent: true };
    let postgres = await startEmbeddedPostgres(options);
    const app = await createApp(
      {
        ...loadConfig({}),
        port: 0,
        host: '127.0.0.1',
        databaseUrl: postgres.url,
        seed: 'none',
        jwtSecret: TEST_JWT_SECRET,
      },
      { logger: captureLogs('silent').logger },
    );
    const admin = await tokenFor({ unionId: 0, role: 'ADMIN' });
    const server = {
      url: app.url,
      gql: async (query: string, variables?: Record<string, unknown>) => {
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${admin}` };
        const res = await fetch(app.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
        return { ...(await res.json()), status: res.status };
      },
    };
    try {
      const county = await createUnion(server as never, '嘉善县总工会', 'COUNTY');
      const activityId = await createActivity(server as never, { title: '读书会', organiserId: county });
      const sub = subscribe(app.url.replace(/^http/, 'ws'), ACTIVITY_CHANGED, { id: activityId });
      await until(() => app.activeSubscriptions() === 1, 'the subscription');
      expect((await signUp(server as never, activityId, '13300000001')).errors).toBeUndefined();
      await sub.waitFor(1);

      await postgres.stop();
      const during = await signUp(server as never, activityId, '13300000002');
      expect(during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      postgres = await startEmbeddedPostgres(options);

      // Requests succeed again within seconds; the listener reconnects and catches up.
      let phone = 13_300_000_002;
      await until(
        async () => !(await signUp(server as never, activityId, String(phone))).errors,
        'a successful sign-up',
        30_000,
      );
      for (let i = 0; i < 3; i++)
        expect((await signUp(server as never, activityId, String(++phone))).errors).toBeUndefined();
      const results = await sub.waitFor(5, 30_000);
      expect(results.map((r) => r.data.activityChanged.signUpCount)).toEqual([1, 2, 3, 4, 5]);
      await sub.close();
    } finally {
      await app.stop();
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
