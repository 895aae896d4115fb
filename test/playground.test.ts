import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
});
afterAll(() => server?.stop());

describe('the playground', () => {
  it('is served by the hub itself, with no script or style from elsewhere', async () => {
    const res = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('unionhub playground');
    expect(html).toContain('"subscriptionsProtocol":"WS"');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
  });

  it('leaves GET queries to GraphQL', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('graphql-ws on the same path', () => {
  it('runs operations over WebSocket with the same errors as HTTP', async () => {
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const run = (query: string) =>
        new Promise<any>((resolve, reject) => {
          let result: unknown;
          client.subscribe(
            { query },
            { next: (value) => (result = value), error: reject, complete: () => resolve(result) },
          );
        });
      expect(await run('{ unions { totalCount } }')).toEqual({ data: { unions: { totalCount: 0 } } });
      const bad = await run('{ union(id: "nope") { id } }');
      expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    } finally {
      await client.dispose();
    }
  });
});
