import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEntity } from '../src/common/rows.js';
import { entities as ENTITIES } from '../src/db/entities.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** What a GraphQL resolver can read of an entity: own fields, relations by id, getters. */
function readable(entity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let proto = entity; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key.startsWith('__') || key in out) continue;
      const value = entity[key];
      if (typeof value === 'function') continue;
      out[key] =
        value && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)
          ? { id: (value as { id?: unknown }).id }
          : value;
    }
  }
  return out;
}

describe('rows to entities without MikroORM (read paths)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'demo' });
  });
  afterAll(async () => server?.stop());

  it('gives what em.map gives, getters included, for a row of every table', async () => {
    const em = server.app.db.orm.em.fork();
    let compared = 0;
    for (const entity of ENTITIES) {
      const meta = em.getMetadata().get(entity.name);
      const rows = await em.execute<Record<string, unknown>[]>(
        `select * from "${meta.tableName}" order by 1 desc limit 3`,
      );
      for (const row of rows) {
        const ours = readable(toEntity(em, entity as never, { ...row }) as Record<string, unknown>);
        const orms = readable(em.fork().map(entity as never, { ...row }) as Record<string, unknown>);
        expect(ours, `${entity.name} ${JSON.stringify(row)}`).toEqual(orms);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
