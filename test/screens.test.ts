import { readFile } from 'node:fs/promises';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sample, scrape } from './helpers/metrics.js';
import { demoScreens } from './helpers/screens.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let ids: Awaited<ReturnType<typeof demoScreens>>;
let base: string;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  ids = await demoScreens(server);
  base = server.url.replace(/\/graphql$/, '');
}, 60_000);
afterAll(() => server?.stop());

const get = (path: string) => fetch(base + path);

describe('the screens over HTTP', () => {
  it('serves each page kind for an id that names a row', async () => {
    for (const path of [
      `/screens/competitions/${encodeURIComponent(ids.league)}`,
      `/screens/competitions/${encodeURIComponent(ids.contest)}`,
      `/screens/feed/${encodeURIComponent(ids.city)}`,
      `/screens/sites/${encodeURIComponent(ids.site)}`,
      `/dashboards/${encodeURIComponent(ids.city)}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/screens/assets/');
      expect(html).toMatch(/data-version="0\.1\.0(\+[0-9a-f]+)?"/);
    }
  });

  it("links the demo's screens in the README with the ids the demo has", async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const path of [
      `/screens/competitions/${ids.league}`,
      `/screens/competitions/${ids.contest}`,
      `/screens/feed/${ids.city}`,
      `/dashboards/${ids.city}`,
    ]) {
      expect(readme).toContain(`http://localhost:4000${path}`);
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it('answers an unknown, mistyped or wrong-type id with a page that says so', async () => {
    const unknown = Buffer.from('Competition:999999').toString('base64');
    for (const [path, text] of [
      [`/screens/competitions/${unknown}`, '没有这个比赛'],
      [`/screens/competitions/not-an-id`, '没有这个比赛'],
      [`/screens/competitions/${encodeURIComponent(ids.city)}`, '没有这个比赛'],
      [`/screens/feed/${encodeURIComponent(ids.site)}`, '没有这个工会'],
      [`/screens/sites/${encodeURIComponent(Buffer.from('Site:2147483647').toString('base64'))}`, '没有这个阵地'],
      [`/dashboards/%E2%80%A8'"<b>`, '没有这个工会'],
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).not.toContain('<b>');
    }
  });

  it('serves the pages, their documents and the vendored builds with their types', async () => {
    for (const [path, type] of [
      ['/screens/assets/common.js', /^(text|application)\/javascript/],
      ['/screens/assets/competition.js', /^(text|application)\/javascript/],
      ['/screens/assets/screens.css', /^text\/css/],
      ['/screens/documents/ScreenCompetitionUpdated.graphql', /^application\/graphql/],
      ['/screens/vendor/graphql-ws.js', /^text\/javascript/],
      ['/screens/vendor/qrcode.mjs', /^text\/javascript/],
      ['/screens/vendor/graphql-ws.LICENSE.md', /^text\/plain/],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
    }
    for (const path of [
      '/screens/assets/nothing.js',
      '/screens/assets/../screens.ts',
      '/screens/vendor/x.js',
      '/screens/documents/x.graphql',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('counts connected screens by page kind and build on /metrics, and counts them off on close', async () => {
    const connect = (params: Record<string, unknown>) =>
      new Promise<ReturnType<typeof createClient>>((resolve, reject) => {
        const client = createClient({
          url: server.wsUrl,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          connectionParams: params,
          on: { connected: () => resolve(client), error: reject },
        });
      });
    const a = await connect({ screen: 'competition', version: '0.1.0+abc123' });
    const b = await connect({ screen: 'competition', version: '0.1.0+abc123' });
    const c = await connect({ screen: 'feed', version: '0.0.9' });
    const d = await connect({ screen: 'nonsense', version: '1' });
    const e = await connect({ screen: 'site', version: 'x'.repeat(200) });
    const f = await connect({});
    let text = await scrape(server.url);
    expect(sample(text, 'unionhub_screens_connected', { kind: 'competition', version: '0.1.0+abc123' })).toBe(2);
    expect(sample(text, 'unionhub_screens_connected', { kind: 'feed', version: '0.0.9' })).toBe(1);
    expect(sample(text, 'unionhub_screens_connected', { kind: 'site', version: 'unknown' })).toBe(1);
    expect(text).not.toContain('nonsense');
    await a.dispose();
    await c.dispose();
    await expect
      .poll(async () =>
        sample(await scrape(server.url), 'unionhub_screens_connected', {
          kind: 'competition',
          version: '0.1.0+abc123',
        }),
      )
      .toBe(1);
    text = await scrape(server.url);
    expect(sample(text, 'unionhub_screens_connected', { kind: 'feed', version: '0.0.9' })).toBe(0);
    for (const client of [b, d, e, f]) await client.dispose();
  });
});
