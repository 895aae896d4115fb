import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/db/embedded-postgres.js';
import { startChildServer } from './helpers/child-server.js';
import { createActivity, createUnion } from './helpers/fixtures.js';
import { captureLogs, type LogLine } from './helpers/logs.js';
import { sample, scrape } from './helpers/metrics.js';
import { freePort } from './helpers/ports.js';
import { TEST_JWT_SECRET, tokenFor, type TestServer } from './helpers/server.js';
import { rawSocket, subscribe } from './helpers/ws.js';

const COUNT = `query CountUnions { unions { totalCount } }`;
const FEED = `subscription($u: ID!) { activityFeed(unionId: $u) { cursor title } }`;
/** Text that must never reach a client: driver messages, addresses, SQL. */
const DATABASE_TEXT = /ECONNREFUSED|127\.0\.0\.1|terminat|connection|postgres|select |knex|pool/i;

const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A GraphQL POST that must answer within 5 s: an outage may fail a request, never hang it. */
async function ask(url: string, query: string, variables?: Record<string, unknown>, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  return {
    status: res.status,
    text,
    body,
    code: body.errors?.[0]?.extensions?.code as string | undefined,
    retryAfter: res.headers.get('retry-after'),
  };
}

async function readyz(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.json() };
}

describe('database outages', () => {
  let dir: string;
  let options: { dataDir: string; port: number; persistent: boolean };
  let postgres: RunningPostgres;
  let app: App;
  let logs: LogLine[];
  let server: TestServer;
  let county: string;
  let admin: string;

  beforeAll(async () => {
    admin = await tokenFor({ unionId: 0, role: 'ADMIN' });
    dir = await mkdtemp(path.join(tmpdir(), 'unionhub-outage-'));
    await chmod(dir, 0o755);
    // Persistent: a non-persistent embedded server deletes its data when stopped.
    options = { dataDir: path.join(dir, 'pg'), port: await freePort(), persistent: true };
    postgres = await startEmbeddedPostgres(options);
    const capture = captureLogs('warn');
    logs = capture.lines;
    app = await createApp(
      {
        ...loadConfig({}),
        port: 0,
        host: '127.0.0.1',
        databaseUrl: postgres.url,
        seed: 'none',
        jwtSecret: TEST_JWT_SECRET,
      },
      { logger: capture.logger },
    );
    server = {
      url: app.url,
      gql: async (query: string, variables?: Record<string, unknown>) => ({
        ...(await ask(app.url, query, variables, admin)).body,
      }),
    } as never;
    county = await createUnion(server, '海宁市总工会', 'COUNTY');
  });
  afterAll(async () => {
    await app?.stop();
    await postgres?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Every answer during an outage: success, or SERVICE_UNAVAILABLE with no database text. */
  const expectCleanAnswer = (answer: Awaited<ReturnType<typeof ask>>) => {
    if (answer.code === undefined) return expect(answer.status).toBe(200);
    expect(answer.code).toBe('SERVICE_UNAVAILABLE');
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('2');
    expect(answer.body.errors[0].message).toMatch(
      /^The database is unavailable; try again shortly \(id [0-9a-f-]{36}\)$/,
    );
    expect(answer.text).not.toMatch(DATABASE_TEXT);
  };

  it('killing every connection of the hub: it answers cleanly throughout, is ready again and live feeds catch up', async () => {
    const feed = subscribe(app.url.replace(/^http/, 'ws'), FEED, { u: county });
    await until(() => app.activeSubscriptions() === 1, 'the subscription');
    await createActivity(server, { title: '断线之前', organiserId: county });
    await feed.waitFor(1);

    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = 'unionhub' and pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(2); // the pool's and the LISTEN connection
    } finally {
      await admin.end();
    }

    // The first answers may be SERVICE_UNAVAILABLE (a pooled connection that just died), never a 500.
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await ask(app.url, COUNT));
    answers.forEach(expectCleanAnswer);
    await until(async () => (await ask(app.url, COUNT)).status === 200, 'a successful query', 10_000);
    await until(async () => (await readyz(app.url)).status === 200, 'ready again', 10_000);
    expect((await readyz(app.url)).body).toEqual({ status: 'ready', checks: { database: 'ok', listener: 'ok' } });

    // The listener re-listened: a write after the kill reaches the old subscription.
    await createActivity(server, { title: '断线之后', organiserId: county });
    const results = await feed.waitFor(2, 10_000);
    expect(results.map((r) => r.data.activityFeed.title)).toEqual(['断线之前', '断线之后']);
    await feed.close();
    await until(() => app.activeSubscriptions() === 0, 'the subscription to end');
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  }, 60_000);

  it('stopping PostgreSQL: 503 SERVICE_UNAVAILABLE and /readyz 503 while down, /metrics up, all well within seconds of its return', async () => {
    const feed = subscribe(app.url.replace(/^http/, 'ws'), FEED, { u: county });
    await until(() => app.activeSubscriptions() === 1, 'the subscription');

    await postgres.stop();
    await until(async () => (await readyz(app.url)).body.checks.listener === 'down', 'the listener to notice');
    const notReady = await readyz(app.url);
    expect(notReady).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'unreachable', listener: 'down' } },
    });

    const started = Date.now();
    const query = await ask(app.url, COUNT);
    expect(query.code).toBe('SERVICE_UNAVAILABLE');
    expectCleanAnswer(query);
    const mutation = await ask(
      app.url,
      `mutation { createUnion(input: { name: "海宁市某镇工会", level: TOWN, parentId: "${county}" }) { union { id } } }`,
      undefined,
      admin,
    );
    expect(mutation.code).toBe('SERVICE_UNAVAILABLE');
    expectCleanAnswer(mutation);
    expect(Date.now() - started).toBeLessThan(5_000);

    // Over WebSocket too: a new subscription needs the log's bounds and is refused cleanly.
    const refused = subscribe(app.url.replace(/^http/, 'ws'), FEED, { u: county });
    await refused.done.catch(() => {});
    const wsError = refused.results[0]?.errors?.[0];
    expect(wsError?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(refused.results)).not.toMatch(DATABASE_TEXT);
    await refused.close();
    expect(app.activeSubscriptions()).toBe(1);

    const metrics = await scrape(app.url);
    expect(
      sample(metrics, 'unionhub_graphql_errors_total', { code: 'SERVICE_UNAVAILABLE', transport: 'http' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(metrics, 'unionhub_graphql_errors_total', { code: 'SERVICE_UNAVAILABLE', transport: 'ws' })).toBe(1);
    expect(
      sample(metrics, 'unionhub_graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR', transport: 'http' }),
    ).toBeUndefined();
    expect((await fetch(new URL('/healthz', app.url))).status).toBe(200);

    postgres = await startEmbeddedPostgres(options);
    const back = Date.now();
    await until(async () => (await readyz(app.url)).status === 200, 'ready again', 20_000);
    await until(async () => (await ask(app.url, COUNT)).status === 200, 'a successful query', 20_000);
    expect(Date.now() - back).toBeLessThan(15_000);

    // The subscription opened before the outage is still there and hears new writes.
    expect(app.activeSubscriptions()).toBe(1);
    await createActivity(server, { title: '重启之后', organiserId: county });
    const [event] = await feed.waitFor(1, 10_000);
    expect(event.data.activityFeed.title).toBe('重启之后');
    await feed.close();
    // Outages are warnings with their id, not internal errors.
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(logs.find((l) => l.errorId === query.body.errors[0].extensions.errorId)).toMatchObject({
      level: 40,
      operationName: 'CountUnions',
    });
    expect(JSON.stringify(logs)).toContain('event listener lost');
  }, 90_000);
});

/** A POST whose body arrives in two parts, so the request stays in flight until `finish()`. */
function heldRequest(url: string, query: string) {
  const body = JSON.stringify({ query });
  const request = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    request.on('error', reject);
  });
  request.write(body.slice(0, 10));
  return { response, finish: () => request.end(body.slice(10)) };
}

/** Whether a brand-new TCP connection gets through to the server. */
function acceptsConnections(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(new URL('/healthz', url), { agent: false }, (res) => (res.resume(), resolve(true)));
    request.on('error', () => resolve(false));
  });
}

describe('SIGTERM on the built server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'unionhub-sigterm-'));
    await chmod(dir, 0o755);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops accepting, finishes the request in flight, closes sockets with 1001, stops its PostgreSQL and exits 0', async () => {
    const dataDir = path.join(dir, 'pg');
    const env = {
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      JWT_SECRET: TEST_JWT_SECRET,
    };
    const server = await startChildServer(await freePort(), env);
    try {
      const admin = await tokenFor({ unionId: 0, role: 'ADMIN' });
      const created = await ask(
        server.url,
        `mutation { createUnion(input: { name: "嘉兴市总工会", level: CITY }) { union { id } } }`,
        undefined,
        admin,
      );
      const union = created.body.data.createUnion.union.id;

      const socket = await rawSocket(server.url.replace(/^http/, 'ws'), { headers: { 'x-request-id': 'screen-7' } });
      socket.send({ type: 'connection_init' });
      await socket.nextMessage((m) => m.type === 'connection_ack');
      socket.send({ id: '1', type: 'subscribe', payload: { query: FEED, variables: { u: union } } });
      await until(
        async () => sample(await scrape(server.url), 'unionhub_subscriptions_active') === 1,
        'the subscription',
      );

      const inFlight = heldRequest(server.url, COUNT);
      await until(async () => sample(await scrape(server.url), 'unionhub_websocket_connections') === 1, 'metrics');
      server.child.kill('SIGTERM');
      await until(async () => !(await acceptsConnections(server.url)), 'new connections to be refused', 5_000);

      expect(await socket.closed).toEqual({ code: 1001, reason: 'Going away' });
      inFlight.finish();
      expect(await inFlight.response).toEqual({ status: 200, body: { data: { unions: { totalCount: 1 } } } });

      const exitCode = await Promise.race([
        server.exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
      ]);
      if (exitCode === 'hung') throw new Error(`did not stop within 15 s of SIGTERM:\n${server.output()}`);
      expect(exitCode).toBe(0);
      expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

      // Everything on stdout is one JSON object a line; the request logged its id and operation.
      const lines = server
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['SIGTERM: stopping…', 'stopped']));
      expect(lines).toContainEqual(
        expect.objectContaining({
          msg: 'request',
          operationName: 'CountUnions',
          status: 200,
          requestId: expect.any(String),
        }),
      );
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 90_000);
});
