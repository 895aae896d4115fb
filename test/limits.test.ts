import { readdir, readFile } from 'node:fs/promises';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/config.js';
import { maxDepthRule, operationCost } from '../src/limits/query-limits.js';
import { createSchema } from '../src/schema.js';

const dir = new URL('./documents/', import.meta.url).pathname;
const documents = async () => [
  `${dir}dashboard.graphql`,
  ...(await readdir(`${dir}readme`)).map((f) => `${dir}readme/${f}`),
];

describe('the default query limits', () => {
  it('admit every real document: the dashboards and the README examples', async () => {
    const schema = await createSchema();
    const measured: Record<string, { depth: number; cost: number }> = {};
    for (const file of await documents()) {
      const document = parse(await readFile(file, 'utf8'));
      let depth = 1;
      while (validate(schema, document, [maxDepthRule(depth)]).length) depth++;
      const cost = operationCost(schema, document, {
        id: 'VW5pb246MQ==',
        competitionId: 'x',
        activityId: 'x',
        matchId: 'x',
        home: 1,
        away: 0,
        from: '2026-11-01T00:00:00+08:00',
        to: '2026-12-01T00:00:00+08:00',
        // The ordering walk-through.
        village: 'x',
        itemId: 'x',
        siteId: 'x',
        orderId: 'x',
        unionId: 'x',
        days: ['2026-12-01'],
        startsAt: '2026-12-01T10:00:00+08:00',
        // The worker walk-through.
        code: '1.2.x',
        // Planning: clubs and subsidies.
        nanhu: 'x',
        county: 'x',
        clubId: 'x',
        memberId: 'x',
        claimId: 'x',
        amountFen: 100_000,
        latitude: 30.7,
        longitude: 120.75,
        year: 2026,
      });
      measured[file.split('/').pop()!] = { depth, cost };
    }
    // The city dashboard is the heaviest: city → county → town → village → site, each list first: 100.
    expect(measured['dashboard.graphql']).toEqual({ depth: 10, cost: 55_200_911 });
    for (const [file, { depth, cost }] of Object.entries(measured)) {
      expect(depth, file).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth);
      expect(cost, file).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    }
  });
});
