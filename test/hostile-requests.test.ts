import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnion } from './helpers/fixtures.js';
import { databaseChecksum, expectRefused, globalId, overWs, send, wsInit } from './helpers/hostile.js';
import { startTestServer, TEST_JWT_SECRET, tokenFor, type TestServer } from './helpers/server.js';

/**
 * The hostile-input suite (issue 4, item 6), part one: what a request may ask, how it is
 * sent, what it carries and who it claims to be. Every hostile request is refused with its
 * code, never a 500 or database text, over HTTP and over WebSocket alike; and afterwards
 * the database is exactly as it was (part two, hostile-access, covers every mutation
 * across subtrees).
 */

let server: TestServer;
let county: string;
let before: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  county = await createUnion(server, '平湖市总工会', 'COUNTY', city);
  // Names with the characters LIKE treats specially, to show a search means the text itself.
  for (const name of ['50%工会', 'a_b工会', 'axb工会', '反\\斜杠工会', "O'Brien工会", '🎭剧社工会'])
    await createUnion(server, name, 'TOWN', county);
  before = await databaseChecksum(server);
});
afterAll(() => server?.stop());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Sends the operation over HTTP (as ADMIN unless told) and over WebSocket; answers both. */
async function both(query: string, variables?: Record<string, unknown>) {
  const http = await server.gql(query, variables);
  const ws = await overWs(server.wsUrl, query, variables, server.adminToken);
  return { http: { ...http, text: JSON.stringify(http) }, ws };
}

describe('query limits refuse bombs with 400 and the limit named, on HTTP and WebSocket', () => {
  const nested = (levels: number, leaf = 'id') => {
    let selection = leaf;
    for (let i = 0; i < levels; i++) selection = `children { nodes { ${selection} } }`;
    return `{ unions(first: 1) { nodes { ${selection} } } }`;
  };
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
  const directives = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `d${i}: __typename @include(if: true)`).join(' ')} }`;
  const costly = (first: string) => {
    let selection = 'id';
    for (let i = 0; i < 4; i++) selection = `children(first: ${first}) { nodes { ${selection} } }`;
    return `unions(first: ${first}) { nodes { ${selection} } }`;
  };

  it.each([
    ['a depth bomb (children { nodes { children … past 20)', nested(10), 'GRAPHQL_VALIDATION_FAILED', /MAX_DEPTH/],
    ['an alias bomb (31 aliases)', aliases(31), 'GRAPHQL_VALIDATION_FAILED', /MAX_ALIASES/],
    ['an alias bomb of 1,000 aliases', aliases(1000), 'GRAPHQL_VALIDATION_FAILED', /MAX_ALIASES/],
    ['a directive flood (21 @include)', directives(21), 'GRAPHQL_VALIDATION_FAILED', /MAX_DIRECTIVES/],
    [
      'a directive flood on one field',
      `{ __typename ${'@include(if: true) '.repeat(30)}}`,
      'GRAPHQL_VALIDATION_FAILED',
      /MAX_DIRECTIVES/,
    ],
    ['a token flood (4,001 tokens)', `{ ${'__typename '.repeat(3999)}}`, 'GRAPHQL_PARSE_FAILED', /4000 tokens/],
    ['a token flood of 100,000 tokens', `{ ${'a '.repeat(100_000)}}`, 'GRAPHQL_PARSE_FAILED', /tokens/],
    ['a cost bomb (nested lists of first: 100)', `{ ${costly('100')} }`, 'GRAPHQL_VALIDATION_FAILED', /MAX_COST/],
    [
      'a fragment cycle',
      `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`,
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot spread fragment "A" within itself via "B"/,
    ],
    [
      'a fragment spreading itself',
      `{ ...A } fragment A on Query { __typename ...A }`,
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot spread fragment "A" within itself/,
    ],
    [
      'a fragment cycle through lists',
      `{ unions { ...U } } fragment U on UnionConnection { nodes { children { ...U } } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot spread fragment "U"/,
    ],
    [
      'a fragment fan-out past the depth limit (each fragment nests the next)',
      `{ union(id: "x") { ...F0 } } ${Array.from({ length: 12 }, (_, i) => `fragment F${i} on Union { parent { ${i < 11 ? `...F${i + 1}` : 'id'} } children { nodes { ${i < 11 ? `...F${i + 1}` : 'id'} } } }`).join(' ')}`,
      'GRAPHQL_VALIDATION_FAILED',
      /MAX_DEPTH/,
    ],
    [
      // Measured without memory, 2^40 walks: the depth rule held the server for hours.
      'a fragment fan-out of 2^40 spreads ("billion laughs")',
      `{ ...F0 } ${Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { __typename ${i < 39 ? `...F${i + 1} ...F${i + 1}` : ''} }`).join(' ')}`,
      'GRAPHQL_VALIDATION_FAILED',
      /MAX_COST/,
    ],
    [
      // The estimator gave up past 10,000 selections and the cost check let it through.
      'a cost bomb padded with a fragment fan-out to dodge the estimate',
      `{ ${costly('100')} ...F0 } ${Array.from({ length: 20 }, (_, i) => `fragment F${i} on Query { __typename ${i < 19 ? `...F${i + 1} ...F${i + 1}` : ''} }`).join(' ')}`,
      'GRAPHQL_VALIDATION_FAILED',
      /MAX_COST/,
    ],
    [
      'nested list literals',
      `{ unions(filter: { levels: ${'['.repeat(50)}CITY${']'.repeat(50)} }) { totalCount } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /UnionLevel/,
    ],
    [
      // graphql-js parses recursively: on Node 22 and 24 this overflowed its stack.
      'list literals nested past MAX_DOCUMENT_NESTING',
      `{ unions(filter: { levels: ${'['.repeat(1900)}CITY${']'.repeat(1900)} }) { totalCount } }`,
      'GRAPHQL_PARSE_FAILED',
      /nested too deeply: at most 64 levels/,
    ],
  ])('%s', async (_what, query, code, message) => {
    const { http, ws } = await both(query);
    expect(http.status).toBe(400);
    expectRefused(http, code);
    expect(http.errors!.map((e) => e.message).join(' ')).toMatch(message);
    expect(ws.type).toBe('error');
    expectRefused(ws, code);
    expect(ws.errors!.map((e: any) => e.message).join(' ')).toMatch(message);
  });

  it('counts the page size from variables too', async () => {
    const { http, ws } = await both(`query($n: Int) { ${costly('$n')} }`, { n: 100 });
    expect(http.status).toBe(400);
    expectRefused(http, 'GRAPHQL_VALIDATION_FAILED');
    expect(http.errors![0].message).toMatch(/MAX_COST/);
    expectRefused(ws, 'GRAPHQL_VALIDATION_FAILED');
  });
});

describe('huge strings and lists', () => {
  const search = (field: string) => `query($s: String) { ${field}(filter: { search: $s }) { totalCount } }`;

  it.each(['unions', 'sites', 'activities'])('refuses a 100,000-character search of %s', async (field) => {
    const { http, ws } = await both(search(field), { s: '平'.repeat(100_000) });
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it('refuses a 100,000-character search written into the query', async () => {
    const { http, ws } = await both(`{ unions(filter: { search: "${'x'.repeat(100_000)}" }) { totalCount } }`);
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it('refuses a 10,000-character union name', async () => {
    const { http, ws } = await both(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
      i: { name: '工'.repeat(10_000), level: 'TOWN', parentId: county },
    });
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it('refuses nodes(ids:) with 10,000 ids', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => globalId('Union', i + 1));
    const { http, ws } = await both(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expectRefused(http, 'BAD_USER_INPUT');
    expect(http.errors![0].message).toMatch(/At most 100 ids/);
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it('refuses a kinds list of 10,000 unknown kinds, and answers one of 10,000 known kinds as it would one', async () => {
    const { http, ws } = await both(`query($k: [SiteKind!]) { sites(filter: { kinds: $k }) { totalCount } }`, {
      k: Array(10_000).fill('CASINO'),
    });
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
    const known = await both(`query($k: [ActivityKind!]) { activities(filter: { kinds: $k }) { totalCount } }`, {
      k: Array(10_000).fill('COURSE'),
    });
    expect(known.http.errors).toBeUndefined();
    expect(known.http.data).toEqual({ activities: { totalCount: 0 } });
    expect(known.ws.data).toEqual({ activities: { totalCount: 0 } });
  });

  it('refuses 10,000 entries registered at once', async () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ name: `队${i}`, unionId: county }));
    const { http, ws } = await both(
      `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`,
      {
        i: { competitionId: globalId('Competition', 1), entries },
      },
    );
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });
});

describe('deeply nested input', () => {
  const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const deepArray = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  const body = (query: string, variables: string) => `{"query": ${JSON.stringify(query)}, "variables": ${variables}}`;

  it.each([
    [
      'a variables object nested 10,000 levels',
      body(`query($f: UnionFilter) { unions(filter: $f) { totalCount } }`, `{"f": ${deepObject(10_000)}}`),
      {},
    ],
    ['an unused variable nested 10,000 levels', body(`{ __typename }`, `{"x": ${deepObject(10_000)}}`), {}],
    ['extensions nested 10,000 levels', `{"query": "{ __typename }", "extensions": ${deepObject(10_000)}}`, {}],
    // The idempotency hash stringified the variables: 300,000 levels overflowed its stack (500).
    [
      'variables nested 300,000 levels on a keyed mutation',
      body(`mutation { revokeToken(tokenId: "x") { revokedTokenId } }`, `{"x": ${deepArray(300_000)}}`),
      { 'idempotency-key': 'deep-1' },
    ],
  ])('refuses %s over HTTP with 400', async (_what, text, headers) => {
    const answer = await send(server.url, json(text, { authorization: `Bearer ${server.adminToken}`, ...headers }));
    expect(answer.status).toBe(400);
    expectRefused({ ...answer, errors: answer.body?.errors }, 'BAD_REQUEST');
    expect(answer.body.errors[0].message).toMatch(/nested too deeply/);
  });

  it('admits what real inputs nest (a few levels)', async () => {
    const answer = await send(
      server.url,
      json(body(`query($f: UnionFilter) { unions(filter: $f) { totalCount } }`, `{"f": {"levels": ["TOWN"]}}`)),
    );
    expect(answer.body).toEqual({ data: { unions: { totalCount: 6 } } });
  });

  it.each([
    [
      'variables',
      (nested: string) =>
        `{"query": "query($f: UnionFilter) { unions(filter: $f) { totalCount } }", "variables": {"f": ${nested}}}`,
    ],
    ['extensions', (nested: string) => `{"query": "{ __typename }", "extensions": {"x": ${nested}}}`],
  ])('refuses %s nested 300,000 levels over WebSocket', async (_what, payload) => {
    const raw = await (await import('./helpers/ws.js')).rawSocket(server.wsUrl);
    raw.send({ type: 'connection_init' });
    await raw.nextMessage((m) => m.type === 'connection_ack');
    raw.send(`{"id": "deep", "type": "subscribe", "payload": ${payload(deepArray(300_000))}}`);
    const message = await raw.nextMessage((m) => m.id === 'deep');
    raw.socket.close();
    expect(message.type).toBe('error');
    expectRefused({ status: 0, errors: message.payload, text: JSON.stringify(message) }, 'BAD_REQUEST');
  });
});

describe('how a request is sent', () => {
  const operation = JSON.stringify({ query: '{ __typename }' });
  const multipart = '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n' + operation + '\r\n--x--\r\n';

  it.each([
    ['a batch (a JSON array body)', json([{ query: '{ __typename }' }, { query: '{ __typename }' }]), 400],
    ['an empty batch', json([]), 400],
    ['text/plain', { headers: { 'content-type': 'text/plain' }, body: operation }, 400],
    [
      'text/plain with a preflight header',
      { headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' }, body: operation },
      400,
    ],
    ['multipart/form-data', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: multipart }, 400],
    [
      'multipart/form-data with a preflight header',
      {
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'apollo-require-preflight': 'true' },
        body: multipart,
      },
      400,
    ],
    [
      'a form',
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' },
      400,
    ],
    [
      'application/graphql',
      {
        headers: { 'content-type': 'application/graphql', 'apollo-require-preflight': 'true' },
        body: '{ __typename }',
      },
      400,
    ],
    ['no content type', { body: new Blob([operation]) }, 400],
    [
      'no content type with a preflight header',
      { headers: { 'apollo-require-preflight': 'true' }, body: new Blob([operation]) },
      400,
    ],
    [
      'a charset other than UTF-8',
      { headers: { 'content-type': 'application/json; charset=latin1' }, body: operation },
      415,
    ],
    [
      'an unknown content encoding',
      { headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-bogus' }, body: operation },
      415,
    ],
    ['broken JSON', json('{"query": '), 400],
    ['JSON with a trailing comma', json('{"query": "{ __typename }",}'), 400],
    ['a JSON string body', json('"{ __typename }"'), 400],
    ['a JSON null body', json('null'), 400],
    ['an empty body', json(''), 400],
    ['an empty object', json('{}'), 400],
    ['a query that is not a string', json({ query: { $ne: null } }), 400],
    ['variables as a string', json({ query: '{ __typename }', variables: '{}' }), 400],
    [
      'a body that is not gzip but says so',
      { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: operation },
      400,
    ],
    ['a 2 MB body', json({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }), 413],
    [
      'a gzip bomb (20 MB inflated)',
      {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(20 * 1024 * 1024) } })),
      },
      413,
    ],
    ['PUT', { method: 'PUT', ...json({ query: '{ __typename }' }) }, 405],
    ['DELETE', { method: 'DELETE', ...json({ query: '{ __typename }' }) }, 405],
  ] as [string, RequestInit & { headers?: Record<string, string> }, number][])(
    'refuses %s with a JSON BAD_REQUEST',
    async (_what, init, status) => {
      const answer = await send(server.url, init);
      expect(answer.status, answer.text).toBe(status);
      expectRefused({ ...answer, errors: answer.body?.errors }, 'BAD_REQUEST');
    },
  );

  it.each([
    ['with a preflight header', { 'apollo-require-preflight': 'true' }, 405],
    ['with a JSON content type', { 'content-type': 'application/json' }, 405],
    ['as a plain link', {}, 400],
  ])('refuses a mutation by GET %s', async (_what, headers, status) => {
    const query = encodeURIComponent(`mutation { createUnion(input: { name: "GET", level: CITY }) { union { id } } }`);
    const answer = await send(`${server.url}?query=${query}`, {
      method: 'GET',
      headers: { ...headers, authorization: `Bearer ${server.adminToken}` },
    });
    expect(answer.status, answer.text).toBe(status);
    expectRefused({ ...answer, errors: answer.body?.errors }, 'BAD_REQUEST');
  });
});

describe('injection attempts in filters, search, ids and variables', () => {
  const names = (field: string, search: string) =>
    both(`query($s: String) { ${field}(filter: { search: $s }, first: 100) { nodes { name } } }`, { s: search });

  it.each([
    ["'; drop table unions; --", []],
    ['%', ['50%工会']],
    ['_', ['a_b工会']],
    ['a_b', ['a_b工会']],
    ['\\', ['反\\斜杠工会']],
    ['\\%', []],
    ["O'Brien", ["O'Brien工会"]],
    ["' or '1'='1", []],
    ['🎭', ['🎭剧社工会']],
    ['\ud800', []],
    ['\u202e工会', []],
  ])('a search for %j matches the text itself', async (search, expected) => {
    const { http, ws } = await names('unions', search);
    expect(http.errors, http.text).toBeUndefined();
    expect(http.data.unions.nodes.map((n: any) => n.name).sort()).toEqual(expected);
    expect(ws.data).toEqual(http.data);
  });

  it.each([
    ['unions', 'a\u0000b'],
    ['sites', '\u0000'],
    ['activities', "'\u0000; drop table unions; --"],
  ])('refuses a NUL byte in a search of %s with BAD_USER_INPUT, not a database error', async (field, search) => {
    const { http, ws } = await both(`query($s: String) { ${field}(filter: { search: $s }) { totalCount } }`, {
      s: search,
    });
    expectRefused(http, 'BAD_USER_INPUT');
    expect(http.errors![0].message).toMatch(/NUL/);
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it('refuses a NUL byte written into the query text', async () => {
    const { http, ws } = await both(`{ unions(filter: { search: "a\\u0000b" }) { totalCount } }`);
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it.each([
    [
      'a union name',
      `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
      () => ({ i: { name: '工会\u0000', level: 'TOWN', parentId: county } }),
    ],
    [
      'a union region',
      `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
      () => ({ i: { name: '工会', region: '\u0000', level: 'TOWN', parentId: county } }),
    ],
    [
      'site facilities',
      `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`,
      () => ({ i: { name: '书屋', kind: 'READING_ROOM', unionId: county, facilities: ['a\u0000'] } }),
    ],
  ])('refuses a NUL byte in %s with BAD_USER_INPUT, writing nothing', async (_what, query, variables) => {
    const { http, ws } = await both(query, variables());
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });

  it.each([
    ['SQL after a union id', globalId('Union', '1; drop table unions; --')],
    ['a tautology', globalId('Union', '1 or 1=1')],
    ['a cast', globalId('Union', '1)::int; drop table unions; --')],
    ['a NUL', globalId('Union', '1\u0000')],
    ['plain SQL', "'; drop table unions; --"],
    ['a type with SQL', globalId("Union' or '1'='1", 1)],
    ['a negative id', globalId('Union', -1)],
    ['an exponent', globalId('Union', '1e3')],
  ])('refuses %s in an id with BAD_USER_INPUT', async (_what, id) => {
    for (const [query, variables] of [
      [`query($id: ID!) { union(id: $id) { id } }`, { id }],
      [`query($id: ID!) { node(id: $id) { id } }`, { id }],
      [`query($id: ID!) { nodes(ids: [$id]) { id } }`, { id }],
      [`query($id: ID!) { sites(underUnion: $id) { totalCount } }`, { id }],
      [`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id }],
      [
        `mutation($id: ID!) { createUnion(input: { name: "注入", level: TOWN, parentId: $id }) { union { id } } }`,
        { id },
      ],
    ] as const) {
      const { http, ws } = await both(query, variables);
      expectRefused(http, 'BAD_USER_INPUT');
      expectRefused(ws, 'BAD_USER_INPUT');
    }
  });

  it.each([
    ['a string for an Int', `query($n: Int) { unions(first: $n) { totalCount } }`, { n: '100; drop table unions' }],
    ['an Int past 32 bits', `query($n: Int) { unions(first: $n) { totalCount } }`, { n: 2 ** 31 }],
    ['a fraction for an Int', `query($n: Int) { unions(first: $n) { totalCount } }`, { n: 1.5 }],
    ['an object for an ID', `query($id: ID!) { union(id: $id) { id } }`, { id: { $gt: '' } }],
    ['a list for a String', `query($s: String) { unions(filter: { search: $s }) { totalCount } }`, { s: ["'", '--'] }],
    [
      'a lower-case enum',
      `query($l: [UnionLevel!]) { unions(filter: { levels: $l }) { totalCount } }`,
      { l: ['city'] },
    ],
    [
      'SQL as an enum',
      `query($l: [UnionLevel!]) { unions(filter: { levels: $l }) { totalCount } }`,
      { l: ["CITY') or ('1'='1"] },
    ],
    ['null for a required id', `query($id: ID!) { union(id: $id) { id } }`, { id: null }],
    ['a missing required variable', `query($id: ID!) { union(id: $id) { id } }`, {}],
    [
      'an impossible date',
      `query($d: DateTime) { activities(filter: { startsFrom: $d }) { totalCount } }`,
      { d: '2026-13-45T25:61:00Z' },
    ],
    [
      'SQL as a date',
      `query($d: DateTime) { activities(filter: { startsFrom: $d }) { totalCount } }`,
      { d: "2026-01-01'; drop table activities; --" },
    ],
    [
      'an unknown input field',
      `query($f: UnionFilter) { unions(filter: $f) { totalCount } }`,
      { f: { search: 'x', '1=1; --': true } },
    ],
    [
      'a prototype key',
      `query($f: UnionFilter) { unions(filter: $f) { totalCount } }`,
      JSON.parse('{"f": {"__proto__": {"search": "x"}, "constructor": 1}}'),
    ],
    ['a string for a Boolean', `query($b: Boolean) { unions(filter: { hasSites: $b }) { totalCount } }`, { b: 'true' }],
  ])('refuses %s in variables with BAD_USER_INPUT', async (_what, query, variables) => {
    const { http, ws } = await both(query, variables as Record<string, unknown>);
    expectRefused(http, 'BAD_USER_INPUT');
    expectRefused(ws, 'BAD_USER_INPUT');
  });
});

describe('tokens that are forged, expired or malformed', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = () => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: 'intruder',
      name: '入侵者',
      union: 0,
      role: 'ADMIN',
      iss: 'unionhub',
      aud: 'unionhub',
      jti: 'forged-1',
      iat: now,
      exp: now + 3600,
    };
  };
  const hs256 = (
    payload: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
    secret = TEST_JWT_SECRET,
  ) => new SignJWT(payload).setProtectedHeader(header as never).sign(new TextEncoder().encode(secret));

  const cases: [string, () => Promise<string>][] = [
    [
      'signed with another key',
      async () =>
        `Bearer ${await tokenFor({ unionId: 0, role: 'ADMIN' }, { secret: 'another-key-another-key-another-key-0123' })}`,
    ],
    ['expired', async () => `Bearer ${await tokenFor({ unionId: 0, role: 'ADMIN' }, { validForSeconds: -60 })}`],
    ['unsigned (alg none)', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['alg none with a signature', async () => `Bearer ${b64({ alg: 'none' })}.${b64(claims())}.${b64('x')}`],
    [
      'RS256 in the header, HMAC-signed with the key',
      async () => {
        const [, payload, signature] = (await hs256(claims())).split('.');
        return `Bearer ${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`;
      },
    ],
    ['HS512', async () => `Bearer ${await hs256(claims(), { alg: 'HS512' }, TEST_JWT_SECRET)}`],
    [
      'a tampered payload (STAFF made ADMIN)',
      async () => {
        const [header, , signature] = (await tokenFor({ unionId: 5, role: 'STAFF' })).split('.');
        return `Bearer ${header}.${b64({ ...claims(), union: 5, role: 'ADMIN' })}.${signature}`;
      },
    ],
    ['a wrong issuer', async () => `Bearer ${await hs256({ ...claims(), iss: 'elsewhere' })}`],
    ['a wrong audience', async () => `Bearer ${await hs256({ ...claims(), aud: 'elsewhere' })}`],
    ['an unknown role', async () => `Bearer ${await hs256({ ...claims(), role: 'ROOT' })}`],
    ['no union', async () => `Bearer ${await hs256({ ...claims(), union: undefined })}`],
    ['a union that is SQL', async () => `Bearer ${await hs256({ ...claims(), union: '0 or 1=1' })}`],
    ['issued far in the past', async () => `Bearer ${await hs256({ ...claims(), iat: 1_000_000_000 })}`],
    ['no Bearer scheme', async () => tokenFor({ unionId: 0, role: 'ADMIN' })],
    ['another scheme', async () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['Bearer and nothing', async () => 'Bearer'],
    ['garbage', async () => 'Bearer !!!###$$$'],
    ['three dots', async () => 'Bearer ...'],
    ['segments that are not JSON', async () => 'Bearer abc.def.ghi'],
    ['two tokens', async () => `Bearer ${server.adminToken} Bearer ${server.adminToken}`],
    ['10 KB', async () => `Bearer ${'a'.repeat(10 * 1024)}`],
    ['10 KB of dots and letters', async () => `Bearer ${'ab.'.repeat(3500)}`],
  ];

  it.each(cases)('refuses a token %s over HTTP with 401 UNAUTHENTICATED', async (_what, authorization) => {
    const value = await authorization();
    for (const query of [
      `{ viewer { name role } }`,
      `mutation { createUnion(input: { name: "入侵", level: CITY }) { union { id } } }`,
    ]) {
      const res = await server.gql(query, {}, { token: null, headers: { authorization: value } });
      expect(res.status).toBe(401);
      expectRefused({ ...res, text: JSON.stringify(res) }, 'UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
  });

  it.each(cases)(
    'closes a WebSocket whose connection_init carries a token %s with 4403',
    async (_what, authorization) => {
      const outcome = await wsInit(server.wsUrl, { authorization: await authorization() });
      expect(outcome).toMatchObject({ code: 4403, reason: expect.stringMatching(/^Forbidden: /) });
    },
  );

  it.each([
    ['a number', 12345],
    ['an object', { token: 'x' }],
    ['a list', ['Bearer x']],
  ])('closes a WebSocket whose authorization is %s with 4403', async (_what, authorization) => {
    expect(await wsInit(server.wsUrl, { authorization })).toMatchObject({ code: 4403 });
  });

  it('still signs in with a good token, over HTTP and WebSocket', async () => {
    const token = await tokenFor({ unionId: 7, role: 'STAFF' });
    const res = await server.gql(`{ viewer { role unionId } }`, {}, { token });
    expect(res.data).toEqual({ viewer: { role: 'STAFF', unionId: globalId('Union', 7) } });
    const ws = await overWs(server.wsUrl, `{ viewer { role unionId } }`, undefined, token);
    expect(ws.data).toEqual(res.data);
  });
});

describe('afterwards', () => {
  it('nothing was logged as an internal error and the database is unchanged', async () => {
    expect(server.loggedErrors.map((e) => String(e.error))).toEqual([]);
    expect(await databaseChecksum(server)).toEqual(before);
    expect(await server.sql(`select count(*)::int as n from unions`)).toEqual([{ n: 8 }]);
  });
});
