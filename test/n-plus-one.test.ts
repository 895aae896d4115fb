import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

const DASHBOARD = await readFile(new URL('./documents/dashboard.graphql', import.meta.url), 'utf8');

async function statementsFor(server: TestServer): Promise<{ statements: number; villages: number; sites: number }> {
  const [city] = await server.sql(`select id from unions where level = 'CITY' limit 1`);
  const id = Buffer.from(`Union:${city.id}`).toString('base64');
  const before = server.app.db.statementCount();
  const res = await server.gql(DASHBOARD, { id, from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' });
  const statements = server.app.db.statementCount() - before;
  expect(res.errors).toBeUndefined();
  const towns = res.data.union.children.nodes.flatMap((c: any) => c.children.nodes);
  const villages = towns.flatMap((t: any) => t.children.nodes);
  return {
    statements,
    villages: villages.length,
    sites: villages.reduce((n: number, v: any) => n + v.sites.totalCount, 0),
  };
}

describe('no N+1: the nested dashboard query', () => {
  let small: TestServer, large: TestServer;
  beforeAll(async () => {
    // These count the resolver path's statements (the compiled path's one is counted in
    // compiled-reads.test.ts, the response cache's own one in response-cache.test.ts).
    const config = { responseCacheMb: 0, compiledReads: false };
    [small, large] = await Promise.all([
      startTestServer({ scale: 0.25, config }),
      startTestServer({ scale: 1, config }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await small?.stop();
    await large?.stop();
  });

  it('sends the same number of SQL statements on 4× the data', async () => {
    const a = await statementsFor(small);
    const b = await statementsFor(large);
    expect(b.villages).toBeGreaterThan(a.villages * 2);
    expect(b.statements).toBe(a.statements);
    // One statement per level and field: union, stats ×2, children ×3, activities, sites.
    expect(a.statements).toBe(8);
  });
});
