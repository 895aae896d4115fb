import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The benchmark's own questions, so the counts here are the ones `npm run bench` reports.
// @ts-expect-error plain ESM module of the bench, no types
import { scenarios, resolveTargets } from '../bench/scenarios.mjs';
import { startTestServer, type TestServer } from './helpers/server.js';

interface Op {
  query: string;
  variables: Record<string, unknown>;
}

async function targets(server: TestServer) {
  return resolveTargets({
    query: async (text: string, params?: unknown[]) => ({ rows: await server.sql(text, params) }),
  });
}

/** Statements the server sends for `n` copies of `op` sent at once (anonymous, as the bench). */
async function statementsFor(server: TestServer, op: Op, n = 1): Promise<{ perRequest: number; log: string[] }> {
  const log: string[] = [];
  const orm = server.app.db.orm;
  const onQuery = orm.config.get('onQuery');
  orm.config.set(
    'onQuery',
    (sql: string, params: readonly unknown[]) => (log.push(sql), onQuery(sql, params as unknown[])),
  );
  const before = server.app.db.statementCount();
  const answers = await Promise.all(
    Array.from({ length: n }, () => server.gql(op.query, op.variables, { token: null })),
  );
  const statements = server.app.db.statementCount() - before;
  orm.config.set('onQuery', onQuery);
  for (const answer of answers) expect(answer.errors).toBeUndefined();
  return { perRequest: statements / n, log };
}

describe('benchmark questions: SQL statements per request', () => {
  let small: TestServer, large: TestServer;
  beforeAll(async () => {
    // The uncached read path: with the response cache on, a repeat would be a one-statement hit.
    const config = { responseCacheMb: 0 };
    [small, large] = await Promise.all([
      startTestServer({ scale: 0.25, config }),
      startTestServer({ scale: 1, config }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await small?.stop();
    await large?.stop();
  });

  it('county dashboard and union by id: the same count at 4× the data and with 20 requests at once', async () => {
    const counts: Record<string, number[]> = {};
    for (const server of [small, large]) {
      for (const scenario of scenarios(await targets(server)) as { name: string; ours: Op[] }[]) {
        // The mixed dashboard rotates four questions; the city dashboard (the whole tree, 20 at once) is too slow for a test.
        if (scenario.name !== 'county dashboard' && scenario.name !== 'union by id') continue;
        const one = await statementsFor(server, scenario.ours[0]);
        const many = await statementsFor(server, scenario.ours[0], 20);
        if (process.env.SQL_LOG)
          console.log(scenario.name, one.perRequest, many.perRequest, '\n' + one.log.join('\n---\n'));
        (counts[scenario.name] ??= []).push(one.perRequest, many.perRequest);
      }
    }
    // The compiled read path builds the whole answer in one statement (on the resolver path:
    // one per level, 5); the same at 4× the data and when 20 dashboards share the pool.
    expect(counts['county dashboard']).toEqual([1, 1, 1, 1]);
    // The union and its parent in one statement (was 2: the parent a level later).
    expect(counts['union by id']).toEqual([1, 1, 1, 1]);
  });
});
