import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './helpers/chromium.js';
import { startTestServer, subscribersReady, type TestServer } from './helpers/server.js';

const available = chromiumAvailable('playground browser test');

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  if (!available) return;
  server = await startTestServer({ data: 'demo' });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!available)('the playground in a browser', () => {
  it('runs a query and a live subscription with nothing fetched from elsewhere', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!/^(http:\/\/127\.0\.0\.1|blob:|data:)/.test(url)) foreign.push(url);
    });
    await page.goto(server.url);
    await page.locator('.graphiql-execute-button').click();
    await page.getByText('"南湖区总工会"').first().waitFor({ timeout: 15_000 });

    const [activity] = await server.sql(
      `select id from activities where status = 'OPEN' and capacity is null order by id limit 1`,
    );
    const id = Buffer.from(`Activity:${activity.id}`).toString('base64');
    await page.locator('.graphiql-tab-add').click();
    await page.locator('.graphiql-query-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // The editor closes brackets itself.
    await page.keyboard.type(`subscription Watch { activityChanged(id: "${id}") { signUpCount `);
    await page.locator('.graphiql-execute-button').click();
    await subscribersReady(server);
    const res = await server.gql(
      `mutation($id: ID!) { signUp(input: { activityId: $id, workerName: "王芳", phone: "13712345678" }) { activity { signUpCount } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    await page.getByText(`"signUpCount": ${res.data.signUp.activity.signUpCount}`).first().waitFor({ timeout: 15_000 });
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);
});
