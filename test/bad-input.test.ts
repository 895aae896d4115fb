import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let city: string;
beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const res = await server.gql(
    `mutation { createUnion(input: { name: "嘉兴市总工会", level: CITY }) { union { id } } }`,
  );
  city = res.data.createUnion.union.id;
});
afterAll(() => server?.stop());

describe('bad input gets a clear error with a code, never a 500', () => {
  it.each([
    ['a malformed cursor', `{ unions(after: "zzz") { totalCount } }`, 'BAD_USER_INPUT'],
    ['a negative page size', `{ unions(first: -1) { totalCount } }`, 'BAD_USER_INPUT'],
    ['an over-long search', `{ unions(filter: { search: "${'平'.repeat(101)}" }) { totalCount } }`, 'BAD_USER_INPUT'],
    ['an unknown enum value', `{ unions(filter: { levels: [PLANET] }) { totalCount } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown field', `{ unions { nope } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ['a syntax error', `{ unions { `, 'GRAPHQL_PARSE_FAILED'],
    [
      'a root without a parent of its level',
      `mutation { createUnion(input: { name: "无主", level: GRASSROOTS }) { union { id } } }`,
      'BAD_USER_INPUT',
    ],
    ['an id of another type', `{ union(id: "${Buffer.from('Site:1').toString('base64')}") { id } }`, 'BAD_USER_INPUT'],
    [
      'an id past the integer range',
      `{ union(id: "${Buffer.from('Union:99999999999').toString('base64')}") { id } }`,
      'BAD_USER_INPUT',
    ],
  ])('%s', async (_what, query, code) => {
    const res = await server.gql(query);
    expect(res.status).not.toBe(500);
    expect(errorCode(res)).toBe(code);
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await server.gql(
      `query($id: ID!) { union(id: $id) { stats(from: "2026-12-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { siteCount } } }`,
      { id: city },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('answers broken JSON and oversized bodies with a JSON error', async () => {
    const broken = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    const huge = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).errors[0].message).toBe('Request body too large');
  });

  it('refuses a mutation sent by GET', async () => {
    const res = await fetch(
      `${server.url}?query=${encodeURIComponent('mutation { deleteUnion(id: "x") { deletedId } }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(res.status).toBe(405);
  });

  it('writes nothing for a refused mutation', async () => {
    const before = await server.sql(`select count(*)::int as n from unions`);
    // The parent is found and locked inside the transaction, then the level check fails: it rolls back.
    const res = await server.gql(
      `mutation($p: ID!) { createUnion(input: { name: "省", level: PROVINCE, parentId: $p }) { union { id } } }`,
      { p: city },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(await server.sql(`select count(*)::int as n from unions`)).toEqual(before);
  });
});

describe('an unexpected failure', () => {
  it('reaches the client as an internal error with an id that is in the log, never database text', async () => {
    const broken = await startTestServer({ data: 'empty' });
    try {
      const created = await broken.gql(
        `mutation { createUnion(input: { name: "嘉兴市总工会", level: CITY }) { union { id } } }`,
      );
      await broken.sql('drop table programmes cascade');
      const res = await broken.gql(`query($id: ID!) { union(id: $id) { name programmes { totalCount } } }`, {
        id: created.data.createUnion.union.id,
      });
      expect(res.status).toBe(200);
      const [error] = res.errors!;
      expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
      expect(error.message).toBe(`Internal server error (id ${error.extensions!.errorId})`);
      expect(JSON.stringify(res)).not.toMatch(/relation|does not exist|select|sql/i);
      expect(res.data).toEqual({ union: null }); // the non-null connection's null reaches the nullable union
      expect(broken.loggedErrors.map((e) => e.message)).toContain(`internal error ${error.extensions!.errorId}`);
    } finally {
      await broken.stop();
    }
  });
});
