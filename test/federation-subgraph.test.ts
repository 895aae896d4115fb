import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphSdl } from '../src/federation/subgraph.js';
import { createSchema } from '../src/schema.js';
import { globalId } from './helpers/hostile.js';
import { errorCode, startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Union { id name level }
    ... on Activity { id title }
    ... on Site { id name }
    ... on SignUp { id workerName phone attended }
  }
}`;

const SIGN_UP_NODES = `query ($ids: [ID!]!) {
  nodes(ids: $ids) { __typename ... on SignUp { id workerName phone attended } }
}`;

describe('supergraph/unionhub.graphql', () => {
  it('matches the subgraph SDL the code builds (run `npm run schema` after changing it)', async () => {
    const committed = await readFile(new URL('../supergraph/unionhub.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(subgraphSdl(await createSchema()));
  });
});

describe('the hub as a subgraph (POST /subgraph)', () => {
  let server: TestServer;
  let subgraphUrl: string;
  const subgraphWs = () => server.wsUrl.replace(/\/graphql$/, '/subgraph');
  const ask = async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const response = await fetch(subgraphUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await response.json()) as { data?: any; errors?: any[] }), status: response.status };
  };

  beforeAll(async () => {
    // The resolver path's statements are counted; the plain endpoint's cache and compiled path stay on.
    server = await startTestServer({ data: 'demo' });
    subgraphUrl = server.url.replace(/\/graphql$/, '/subgraph');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers _service with the checked-in SDL, links Federation 2 and keys the entities by id', async () => {
    const res = await ask('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data._service.sdl;
    expect(sdl).toBe(await readFile(new URL('../supergraph/unionhub.graphql', import.meta.url), 'utf8'));
    expect(sdl).toMatch(/^extend schema @link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.3"/);
    for (const type of ['Union', 'Site', 'Activity', 'Competition', 'SignUp', 'Programme', 'Club']) {
      expect(sdl).toMatch(new RegExp(`type ${type} implements Node @key\\(fields: "id"\\)`));
    }
    // The subgraph's own plumbing is not part of what it publishes.
    expect(sdl).not.toMatch(/_entities|_service|_Any/);
  });

  it('leaves the plain endpoint without federation fields', async () => {
    const res = await server.gql('{ _service { sdl } }');
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    const entities = await server.gql(ENTITIES, { representations: [] });
    expect(errorCode(entities)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await readFile(new URL('../schema.graphql', import.meta.url), 'utf8')).not.toMatch(/@key|_entities|_Any/);
  });

  it('resolves entities in order with one statement per entity type, whatever their number', async () => {
    const unions = await server.sql(`select id, name from unions order by id limit 20`);
    const activities = await server.sql(`select id, title from activities order by id limit 20`);
    const sites = await server.sql(`select id, name from sites order by id limit 20`);
    const representationsOf = (n: number) =>
      [
        ...unions.slice(0, n).map((u) => ({ __typename: 'Union', id: globalId('Union', u.id) })),
        ...activities.slice(0, n).map((a) => ({ __typename: 'Activity', id: globalId('Activity', a.id) })),
        ...sites.slice(0, n).map((s) => ({ __typename: 'Site', id: globalId('Site', s.id) })),
      ].sort((a, b) => a.id.localeCompare(b.id));
    const statementsFor = async (representations: { __typename: string; id: string }[]) => {
      const before = server.app.db.statementCount();
      const res = await ask(ENTITIES, { representations }, server.adminToken);
      const statements = server.app.db.statementCount() - before;
      expect(res.errors).toBeUndefined();
      expect(res.data._entities.map((e: any) => [e.__typename, e.id])).toEqual(
        representations.map((r) => [r.__typename, r.id]),
      );
      return { statements, entities: res.data._entities };
    };
    const few = await statementsFor(representationsOf(2));
    const many = await statementsFor(representationsOf(20));
    expect(many.entities).toHaveLength(60);
    expect(many.statements).toBe(few.statements);
    // Union, Activity and Site: one batch each (sign-in and audit read nothing for an ADMIN query).
    expect(many.statements).toBe(3);
    const byId = new Map(many.entities.map((e: any) => [e.id, e]));
    expect(byId.get(globalId('Union', unions[3].id))).toMatchObject({ name: unions[3].name });
    expect(byId.get(globalId('Activity', activities[5].id))).toMatchObject({ title: activities[5].title });
  });

  it('answers null for unknown ids and BAD_USER_INPUT, with the field, for malformed representations', async () => {
    const res = await ask(
      ENTITIES,
      {
        representations: [
          { __typename: 'Union', id: globalId('Union', 999999) },
          { __typename: 'Site', id: globalId('Union', 1) },
          { __typename: 'Union', id: 'not-an-id' },
          { id: globalId('Union', 1) },
        ],
      },
      server.adminToken,
    );
    expect(res.status).toBe(200);
    expect(res.data._entities).toEqual([null, null, null, null]);
    expect(res.errors!.map((e) => [e.extensions.code, e.extensions.field])).toEqual([
      ['BAD_USER_INPUT', 'representations.1'],
      ['BAD_USER_INPUT', 'representations.2'],
      ['BAD_USER_INPUT', 'representations.3'],
    ]);
    expect(JSON.stringify(res.errors)).not.toMatch(/select |relation "|syntax error/i);
  });

  it('hides sign-ups from _entities exactly as node does, for every viewer', async () => {
    // Sign-ups of activities organised under two different counties, and their workers.
    const [countyA, countyB] = await server.sql(
      `select id, path from unions where level = 'COUNTY' order by id limit 2`,
    );
    const rows = await server.sql(
      `(select s.id, s.worker_id from sign_ups s join activities a on a.id = s.activity_id join unions o on o.id = a.organiser_id
          where o.path <@ $1 order by s.id limit 3)
       union all
       (select s.id, s.worker_id from sign_ups s join activities a on a.id = s.activity_id join unions o on o.id = a.organiser_id
          where o.path <@ $2 order by s.id limit 3)`,
      [countyA.path, countyB.path],
    );
    expect(rows).toHaveLength(6);
    const ids = rows.map((r) => globalId('SignUp', r.id));
    const [worker] = await server.sql(`select worker_id, phone, union_id from sign_ups where id = $1`, [rows[0].id]);
    const viewers: Record<string, string | null> = {
      anonymous: null,
      'STAFF of another subtree': await tokenFor({ unionId: countyB.id }),
      'STAFF in scope': await tokenFor({ unionId: countyA.id }),
      ADMIN: server.adminToken,
      WORKER: worker.worker_id
        ? await workerTokenFor({
            workerId: worker.worker_id,
            phone: worker.phone,
            unionId: worker.union_id ?? countyA.id,
          })
        : null,
    };
    const seen: Record<string, number> = {};
    const representations = ids.map((id) => ({ __typename: 'SignUp', id }));
    for (const [role, token] of Object.entries(viewers)) {
      const viaNode = await server.gql(SIGN_UP_NODES, { ids }, { token });
      const viaEntities = await ask(ENTITIES, { representations }, token);
      expect(viaEntities.errors, role).toBeUndefined();
      expect(viaEntities.data._entities, role).toEqual(viaNode.data.nodes);
      seen[role] = viaEntities.data._entities.filter(Boolean).length;
      // The same over graphql-ws on /subgraph, the token in connection_init.
      const socket = subscribe(subgraphWs(), ENTITIES, { representations }, token);
      const [overWs] = await socket.waitFor(1);
      await socket.close();
      expect(overWs.errors, `${role} over graphql-ws`).toBeUndefined();
      expect(overWs.data._entities, `${role} over graphql-ws`).toEqual(viaNode.data.nodes);
    }
    expect(seen.anonymous).toBe(0);
    expect(seen['STAFF in scope']).toBeGreaterThanOrEqual(3);
    expect(seen['STAFF in scope']).toBeLessThan(6);
    expect(seen.ADMIN).toBe(6);
  });

  it('refuses mutations at /subgraph as /graphql does: anonymous, WORKER and STAFF outside the subtree', async () => {
    const [countyA, countyB] = await server.sql(`select id from unions where level = 'COUNTY' order by id limit 2`);
    const rename = `mutation ($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id name } } }`;
    const input = { i: { id: globalId('Union', countyA.id), name: '改名' } };
    const refusals: [string | null, string][] = [
      [null, 'UNAUTHENTICATED'],
      [await workerTokenFor({ unionId: countyA.id }), 'FORBIDDEN'],
      [await tokenFor({ unionId: countyB.id }), 'FORBIDDEN'],
    ];
    for (const [token, code] of refusals) {
      const res = await ask(rename, input, token);
      expect(errorCode(res as any), code).toBe(code);
      const plain = await server.gql(rename, input, { token });
      expect(errorCode(plain), code).toBe(code);
    }
    const [{ name }] = await server.sql(`select name from unions where id = $1`, [countyA.id]);
    expect(name).not.toBe('改名');
  });

  it('holds the plain endpoint limits: subscriptions over HTTP are refused, over graphql-ws served', async () => {
    const res = await ask(`subscription { activityFeed(unionId: "${globalId('Union', 1)}") { type } }`);
    expect(errorCode(res)).toBe('BAD_REQUEST');
    expect(res.errors![0].message).toMatch(/\/subgraph/);
    const socket = subscribe(subgraphWs(), '{ _service { sdl } }');
    const [first] = await socket.waitFor(1);
    expect(first.data._service.sdl).toMatch(/@key/);
    await socket.close();
  });
});
