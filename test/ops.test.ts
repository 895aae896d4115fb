import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion } from './helpers/fixtures.js';
import { captureLogs } from './helpers/logs.js';
import { sample, scrape } from './helpers/metrics.js';
import { startTestServer, subscribersReady, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const post = (server: TestServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('request ids and logs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'empty', logLevel: 'debug' });
  });
  afterAll(() => server?.stop());

  it('echoes a sane x-request-id, replaces anything else, and logs each request under its id', async () => {
    const given = await post(server, { query: '{ unions { totalCount } }' }, { 'x-request-id': 'portal-42.abc' });
    expect(given.headers.get('x-request-id')).toBe('portal-42.abc');
    for (const bad of ['has space', 'x'.repeat(65), '<script>', '']) {
      const res = await post(server, { query: '{ unions { totalCount } }' }, { 'x-request-id': bad });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const generated = await fetch(new URL('/healthz', server.url));
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.logs).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        requestId: 'portal-42.abc',
        method: 'POST',
        path: '/graphql',
        status: 200,
        service: 'unionhub',
      }),
    );
  });

  it('never logs Authorization headers or tokens', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl';
    await post(server, { query: '{ unions { totalCount } }' }, { authorization: `Bearer ${secret}` });
    // And a careless log call that hands over headers or tokens is redacted.
    const { logger, lines } = captureLogs('info');
    logger.info(
      { headers: { authorization: `Bearer ${secret}` }, token: secret, connectionParams: { authorization: secret } },
      'careless',
    );
    expect(JSON.stringify(server.logs) + JSON.stringify(lines)).not.toContain(secret);
  });

  it('logs an internal error with its errorId, requestId, operationName and stack; the client sees only the id', async () => {
    const created = await server.gql(
      `mutation { createUnion(input: { name: "嘉兴市总工会", level: CITY }) { union { id } } }`,
    );
    await server.sql('drop table programmes cascade');
    const res = await post(
      server,
      {
        query: `query BrokenProgrammes($id: ID!) { union(id: $id) { programmes { totalCount } } }`,
        variables: { id: created.data.createUnion.union.id },
      },
      { 'x-request-id': 'req-broken-1' },
    );
    const body = (await res.json()) as any;
    const errorId = body.errors[0].extensions.errorId;
    expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toMatch(/programmes" does not exist|select /i);
    const line = server.logs.find((l) => l.errorId === errorId)!;
    expect(line).toMatchObject({
      level: 50,
      msg: `internal error ${errorId}`,
      requestId: 'req-broken-1',
      operationName: 'BrokenProgrammes',
    });
    expect(line.err.stack).toMatch(/at /);
  });
});

describe('GET /metrics', () => {
  let server: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'empty' });
    other = await startTestServer({ data: 'empty' });
  });
  afterAll(async () => {
    await other?.stop();
    await server?.stop();
  });

  it('is Prometheus text, never cached, with the default process metrics prefixed', async () => {
    const res = await fetch(new URL('/metrics', server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('unionhub_process_cpu_user_seconds_total');
    expect(text).toContain('unionhub_nodejs_eventloop_lag_seconds');
  });

  it('counts operations by name and type, errors by code, sockets, subscriptions, event lag and SQL, per instance', async () => {
    const county = await createUnion(server, '平湖市总工会', 'COUNTY');
    await server.gql(`query CountUnions { unions { totalCount } }`);
    await server.gql(`query CountUnions { unions { totalCount } }`);
    await server.gql(`{ unions { totalCount } }`);
    await server.gql(`query ${'L'.repeat(70)} { unions { totalCount } }`);
    await server.gql(`query Missing { node(id: "VW5pb246OTk5OTk5") { id } union(id: "VW5pb246OTk5OTk5") { id } }`);
    await server.gql(`{ nope }`);

    const feed = subscribe(server.wsUrl, `subscription($u: ID!) { activityFeed(unionId: $u) { cursor } }`, {
      u: county,
    });
    await subscribersReady(server, 1);
    await createActivity(server, { title: '职工书法展', organiserId: county });
    await feed.waitFor(1);

    const text = await scrape(server.url);
    const count = (operation: string, type: string) =>
      sample(text, 'unionhub_graphql_request_duration_seconds_count', { operation, type });
    expect(count('CountUnions', 'query')).toBe(2);
    expect(count('anonymous', 'query')).toBe(1);
    expect(count('other', 'query')).toBe(1);
    expect(count('anonymous', 'mutation')).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'unionhub_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', transport: 'http' }),
    ).toBe(1);
    expect(sample(text, 'unionhub_websocket_connections')).toBe(1);
    expect(sample(text, 'unionhub_subscriptions_active')).toBe(1);
    expect(sample(text, 'unionhub_event_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'unionhub_sql_statements_total')).toBeGreaterThan(5);

    // Errors over WebSocket are counted too.
    const bad = subscribe(server.wsUrl, `subscription { activityFeed(unionId: "bad") { cursor } }`);
    await bad.done.catch(() => {});
    expect(bad.results[0]?.errors?.[0]?.extensions?.code ?? 'refused').toBe('BAD_USER_INPUT');
    await bad.close();
    await feed.close();
    await subscribersReady(server, 0);
    const after = await scrape(server.url);
    expect(sample(after, 'unionhub_graphql_errors_total', { code: 'BAD_USER_INPUT', transport: 'ws' })).toBe(1);
    expect(sample(after, 'unionhub_subscriptions_active')).toBe(0);
    for (let i = 0; i < 50 && sample(await scrape(server.url), 'unionhub_websocket_connections') !== 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(sample(await scrape(server.url), 'unionhub_websocket_connections')).toBe(0);

    // The other instance in this process has its own registry.
    const otherText = await scrape(other.url);
    expect(
      sample(otherText, 'unionhub_graphql_request_duration_seconds_count', { operation: 'CountUnions', type: 'query' }),
    ).toBeUndefined();
    expect(sample(otherText, 'unionhub_event_lag_seconds_count')).toBe(0);
  });
});

describe('GET /readyz', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'empty' });
  });
  afterAll(() => server?.stop());

  it('answers 200 ready when the database answers and the hub listens', async () => {
    const res = await fetch(new URL('/readyz', server.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', listener: 'ok' } });
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
  });
});
