import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from './helpers/child-server.js';
import { chromiumAvailable, launchChromium } from './helpers/chromium.js';
import { freePort } from './helpers/ports.js';
import { demoScreens } from './helpers/screens.js';
import { startTestServer, TEST_JWT_SECRET, tokenFor, type TestServer } from './helpers/server.js';

const available = chromiumAvailable('screens browser test');
/** Where the screenshots go (git-ignored; CI keeps the folder as an artifact). */
const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts/screens');

const RECORD_SCORE = `mutation RecordScore($matchId: ID!, $home: Int!, $away: Int!) {
  recordScore(input: { matchId: $matchId, homeScore: $home, awayScore: $away }) { match { homeScore awayScore version } }
}`;

let server: TestServer;
let browser: Browser;
let ids: Awaited<ReturnType<typeof demoScreens>>;
let base: string;
beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ data: 'demo' });
  ids = await demoScreens(server);
  base = server.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

let scored = 0;
/** A score the live match has not had yet (absolute scores: the same again is no event). */
function nextScore() {
  scored += 1;
  const score = { home: 100 + (scored % 9000), away: 7 + Math.floor(scored / 9000) };
  return { ...score, text: `${score.home} : ${score.away}` };
}

/** Records the live match's score through the API; each call a new score (and so an event). */
async function recordScore(url = server.url): Promise<string> {
  const { home, away, text } = nextScore();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify({ query: RECORD_SCORE, variables: { matchId: ids.liveMatch, home, away } }),
  });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return text;
}

const scoreOf = (page: Page) => page.locator(`[data-match="${ids.liveMatch}"] .score`);

async function openLeague(origin: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${origin}/screens/competitions/${encodeURIComponent(ids.league)}`);
  await scoreOf(page).waitFor({ timeout: 15_000 });
  await page.locator('#status').waitFor({ state: 'hidden', timeout: 15_000 });
  return page;
}

describe.skipIf(!available)('the screens in a browser', () => {
  it('shows a score recorded through the API on the scoreboard (latency printed)', async () => {
    const page = await openLeague(base);
    const figures: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { home, away, text: expected } = nextScore();
      // Both instants in page time: the mutation's response arriving, the DOM changing.
      const { answered, shown } = await page.evaluate(
        async ({ query, variables, token, expected, selector }) => {
          const el = document.querySelector(selector)!;
          const shown = new Promise<number>((resolve) => {
            new MutationObserver(() => el.textContent === expected && resolve(performance.now())).observe(el, {
              childList: true,
              characterData: true,
              subtree: true,
            });
          });
          const res = await fetch('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          await res.json();
          const answered = performance.now();
          return { answered, shown: await shown };
        },
        {
          query: RECORD_SCORE,
          variables: { matchId: ids.liveMatch, home, away },
          token: server.adminToken,
          expected,
          selector: `[data-match="${ids.liveMatch}"] .score`,
        },
      );
      expect(await scoreOf(page).textContent()).toBe(expected);
      figures.push(shown - answered);
    }
    figures.sort((a, b) => a - b);
    console.log(
      `score → screen: mutation response to DOM change ${figures.map((f) => f.toFixed(1)).join(', ')} ms ` +
        `(median ${figures[2].toFixed(1)} ms; negative: the event arrived before the response)`,
    );
    await page.close();
  }, 60_000);

  it('takes screenshots of every page kind at 1920×1080 and 1080×1920', async () => {
    const siteToken = await tokenFor({ unionId: ids.siteUnionId, name: '屏幕' });
    const league = `/screens/competitions/${encodeURIComponent(ids.league)}`;
    const dashboard = `/dashboards/${encodeURIComponent(ids.city)}`;
    // Light as the system prefers, dark as the system prefers, and ?theme= over the system.
    const pages: { name: string; url: string; ready: string; colorScheme?: 'dark' | 'light' }[] = [
      { name: 'competition-league', url: league, ready: '.match .score' },
      { name: 'competition-league-dark', url: league, ready: '.match .score', colorScheme: 'dark' },
      {
        name: 'competition-judged',
        url: `/screens/competitions/${encodeURIComponent(ids.contest)}`,
        ready: '#table tbody tr',
      },
      { name: 'feed', url: `/screens/feed/${encodeURIComponent(ids.city)}`, ready: '.counts .count' },
      { name: 'site', url: `/screens/sites/${encodeURIComponent(ids.site)}#token=${siteToken}`, ready: '#qr svg' },
      { name: 'dashboard', url: dashboard, ready: '.chart svg' },
      { name: 'dashboard-theme-dark', url: `${dashboard}?theme=dark`, ready: '.chart svg', colorScheme: 'light' },
    ];
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1080, height: 1920 },
    ]) {
      for (const p of pages) {
        const page = await browser.newPage({ viewport, colorScheme: p.colorScheme ?? 'light' });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(base + p.url);
        await page.locator(p.ready).first().waitFor({ timeout: 20_000 });
        await page.locator('#status').waitFor({ state: 'hidden', timeout: 15_000 });
        // Kiosk: nothing scrolls.
        const scrolls = await page.evaluate(() => ({
          x: document.documentElement.scrollWidth > innerWidth,
          y: document.documentElement.scrollHeight > innerHeight,
        }));
        expect(scrolls, p.name).toEqual({ x: false, y: false });
        expect(await page.locator('#version').textContent()).toMatch(/^0\.1\.0/);
        const file = path.join(ARTIFACTS, `${p.name}-${viewport.width}x${viewport.height}.png`);
        await page.screenshot({ path: file });
        console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
        expect(errors, p.name).toEqual([]);
        await page.close();
      }
    }
  }, 180_000);

  it('shows every score recorded while its hub was killed, in order, without a reload', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: server.databaseUrl, JWT_SECRET: TEST_JWT_SECRET, STATUS_SWEEP_MS: '0' };
    let hub: ChildServer = await startChildServer(port, env);
    const origin = `http://127.0.0.1:${port}`;
    try {
      const page = await openLeague(origin);
      await page.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));
      const before = await recordScore(hub.url);
      await expect.poll(() => scoreOf(page).textContent(), { timeout: 10_000 }).toBe(before);

      await hub.kill(); // SIGKILL
      await page.locator('#status').waitFor({ state: 'visible', timeout: 30_000 });
      // The other instance on the same database keeps recording.
      const during: string[] = [];
      for (let i = 0; i < 6; i++) during.push(await recordScore());
      // The last known score stays on screen while it reconnects.
      expect(await scoreOf(page).textContent()).toBe(before);

      hub = await startChildServer(port, env);
      await page.locator('#status').waitFor({ state: 'hidden', timeout: 30_000 });
      await expect.poll(() => scoreOf(page).textContent(), { timeout: 15_000 }).toBe(during.at(-1));
      const timeline = await page.locator(`[data-match="${ids.liveMatch}"] .timeline li`).allTextContents();
      // Newest first: every outage score, in order, then the one before.
      expect(timeline.slice(0, during.length + 1)).toEqual([...during].reverse().concat(before));
      expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
      await page.close();
    } finally {
      await hub.kill();
    }
  }, 120_000);

  it('runs 10,000 score events with a bounded heap and DOM', async () => {
    const EVENTS = 10_000;
    const page = await openLeague(base);
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const nodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
    // A real score first, through the API: the model of the 10,000.
    const first = await recordScore();
    await expect.poll(() => scoreOf(page).textContent(), { timeout: 10_000 }).toBe(first);
    const heapBefore = await heap();
    const nodesBefore = await nodes();
    let peak = 0;
    let peakNodes = 0;
    const sampler = setInterval(() => {
      void cdp.send('Runtime.getHeapUsage').then(
        (u) => (peak = Math.max(peak, u.usedSize)),
        () => {},
      );
      void nodes().then(
        (n) => (peakNodes = Math.max(peakNodes, n)),
        () => {},
      );
    }, 250);
    // 10,000 mutations take minutes on a shared CI machine, so the rate comes from the log:
    // copies of the last real SCORE_CHANGED event (its snapshot of the match and the table
    // included), each with a new score and match version, appended one per transaction as
    // appendEvents does (commit-order lock, sequence, NOTIFY), as fast as they commit.
    const [model] = await server.sql(
      `select subject_id, union_path, payload from events where type = 'SCORE_CHANGED' order by cursor desc limit 1`,
    );
    const startVersion = Number(model.payload.version);
    // One connection without waiting for each commit's flush: the rate is the page's to take.
    const writer = new pg.Client({ connectionString: server.databaseUrl });
    await writer.connect();
    await writer.query('set synchronous_commit = off');
    const started = Date.now();
    for (let n = 1; n <= EVENTS; n++) {
      await writer.query(
        `with appended as (
           insert into events (cursor, topic, type, subject_id, union_path, payload)
           select nextval('event_cursor_seq'), 'competition', 'SCORE_CHANGED', $1, $2::ltree,
                  $3::jsonb || jsonb_build_object('homeScore', 1000 + $5::int % 8000, 'awayScore', $5::int / 8000, 'version', $4::int + $5::int)
             from (select pg_advisory_xact_lock(7453120001)) l
           returning cursor
         ) select pg_notify('unionhub_events', max(cursor)::text) from appended`,
        [model.subject_id, model.union_path, model.payload, startVersion, n],
      );
    }
    const written = (Date.now() - started) / 1000;
    await writer.end();
    const last = `${1000 + (EVENTS % 8000)} : ${Math.floor(EVENTS / 8000)}`;
    await expect.poll(() => scoreOf(page).textContent(), { timeout: 240_000, interval: 200 }).toBe(last);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const heapAfter = await heap();
    const nodesAfter = await nodes();
    console.log(
      `10,000 score events written in ${written.toFixed(1)} s, all shown after ${seconds.toFixed(1)} s ` +
        `(${(EVENTS / seconds).toFixed(0)}/s): page heap after GC ` +
        `${(heapBefore / 1e6).toFixed(2)} MB before, ${(heapAfter / 1e6).toFixed(2)} MB after, peak ${(peak / 1e6).toFixed(2)} MB ` +
        `between GCs; DOM ${nodesBefore} elements before, ${nodesAfter} after, at most ${peakNodes}`,
    );
    // Bounds from this page's runs (README, "Screens"): after GC the heap grows by less than
    // 2 MB, between GCs it stays under 32 MB; the DOM only gains score chips up to the 12 kept.
    expect(heapAfter - heapBefore).toBeLessThan(2e6);
    expect(peak).toBeLessThan(32e6);
    expect(nodesAfter).toBeLessThanOrEqual(nodesBefore + 12);
    expect(peakNodes).toBeLessThanOrEqual(nodesBefore + 12);
    await page.close();
  }, 420_000);
});
