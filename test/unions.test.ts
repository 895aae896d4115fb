import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
});
afterAll(() => server?.stop());

const CREATE = `mutation($input: CreateUnionInput!) { createUnion(input: $input) { union { id name level depth parent { id } } } }`;

async function create(name: string, level: string, parentId?: string): Promise<string> {
  const res = await server.gql(CREATE, { input: { name, level, parentId } });
  expect(res.errors).toBeUndefined();
  return res.data.createUnion.union.id;
}

describe('the union tree', () => {
  let city: string, county: string, town: string, village: string, firm: string, otherCounty: string;

  beforeAll(async () => {
    city = await create('嘉兴市总工会', 'CITY');
    county = await create('平湖市总工会', 'COUNTY', city);
    otherCounty = await create('海盐县总工会', 'COUNTY', city);
    town = await create('当湖街道工会', 'TOWN', county);
    village = await create('虹霓社区工会', 'VILLAGE', town);
    firm = await create('中润光学工会', 'GRASSROOTS', village);
  });

  it('answers ancestors, children and descendants at any depth', async () => {
    const res = await server.gql(
      `query($id: ID!, $city: ID!) {
        firm: union(id: $id) { name depth ancestors { name level } }
        city: union(id: $city) {
          children { totalCount nodes { name } }
          descendants { totalCount nodes { name } }
          villages: descendants(level: VILLAGE) { totalCount nodes { name } }
        }
      }`,
      { id: firm, city },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.firm.depth).toBe(5);
    expect(res.data.firm.ancestors.map((a: any) => a.name)).toEqual([
      '嘉兴市总工会',
      '平湖市总工会',
      '当湖街道工会',
      '虹霓社区工会',
    ]);
    expect(res.data.city.children.totalCount).toBe(2);
    expect(res.data.city.descendants.totalCount).toBe(5);
    expect(res.data.city.villages.nodes.map((u: any) => u.name)).toEqual(['虹霓社区工会']);
  });

  it('stores and finds names holding SQL-looking text verbatim', async () => {
    const odd = "O'Brien? 100% _x_ \\ '); drop table unions; --";
    const id = await create(odd, 'GRASSROOTS', town);
    const res = await server.gql(`query($s: String!) { unions(filter: { search: $s }) { nodes { id name } } }`, {
      s: '? 100% _x_',
    });
    expect(res.data.unions.nodes).toEqual([{ id, name: odd }]);
    const none = await server.gql(`{ unions(filter: { search: "%" }) { totalCount } }`);
    expect(none.data.unions.totalCount).toBe(1);
    await server.gql(`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id });
  });

  it('finds unions by Chinese name', async () => {
    const res = await server.gql(`{ unions(filter: { search: "平湖" }) { totalCount nodes { name } } }`);
    expect(res.data.unions.nodes.map((u: any) => u.name)).toEqual(['平湖市总工会']);
  });

  it('resolves any object with node(id)', async () => {
    const res = await server.gql(`query($id: ID!) { node(id: $id) { id __typename ... on Union { name } } }`, {
      id: town,
    });
    expect(res.data.node).toEqual({ id: town, __typename: 'Union', name: '当湖街道工会' });
  });

  it('refuses a parent of the wrong level', async () => {
    const res = await server.gql(CREATE, { input: { name: '错层', level: 'COUNTY', parentId: village } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('A VILLAGE union cannot hold a COUNTY union');
  });

  it('refuses empty and over-long names without writing anything', async () => {
    const before = await server.sql('select count(*)::int as n from unions');
    for (const name of ['   ', 'x'.repeat(101)]) {
      const res = await server.gql(CREATE, { input: { name, level: 'TOWN', parentId: county } });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.status).not.toBe(500);
    }
    expect(await server.sql('select count(*)::int as n from unions')).toEqual(before);
  });

  it('moves a subtree and keeps every path right', async () => {
    const move = await server.gql(
      `mutation($input: MoveUnionInput!) { moveUnion(input: $input) { union { name parent { name } ancestors { name } } } }`,
      { input: { id: town, newParentId: otherCounty } },
    );
    expect(move.errors).toBeUndefined();
    expect(move.data.moveUnion.union.parent.name).toBe('海盐县总工会');
    const rows = await server.sql(`select u.name from unions u
      left join unions p on p.id = u.parent_id
      where u.path <> coalesce(p.path || u.id::text, u.id::text::ltree)`);
    expect(rows).toEqual([]);
    const firmNow = await server.gql(`query($id: ID!) { union(id: $id) { ancestors { name } } }`, { id: firm });
    expect(firmNow.data.union.ancestors.map((a: any) => a.name)).toEqual([
      '嘉兴市总工会',
      '海盐县总工会',
      '当湖街道工会',
      '虹霓社区工会',
    ]);
  });

  it('refuses a move that would make a cycle', async () => {
    const res = await server.gql(`mutation($input: MoveUnionInput!) { moveUnion(input: $input) { union { id } } }`, {
      input: { id: town, newParentId: village },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/cannot move under itself/);
  });

  it('answers unknown and malformed ids clearly', async () => {
    const unknown = Buffer.from('Union:999999').toString('base64');
    const missing = await server.gql(`query($id: ID!) { union(id: $id) { id } }`, { id: unknown });
    expect(missing.data.union).toBeNull();
    const malformed = await server.gql(`{ union(id: "not-an-id") { id } }`);
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
    const wrongType = await server.gql(`query($id: ID!) { site(id: $id) { id } }`, { id: town });
    expect(errorCode(wrongType)).toBe('BAD_USER_INPUT');
    const moveMissing = await server.gql(
      `mutation($input: MoveUnionInput!) { moveUnion(input: $input) { union { id } } }`,
      {
        input: { id: unknown, newParentId: city },
      },
    );
    expect(errorCode(moveMissing)).toBe('NOT_FOUND');
  });

  it('changes a level only where parent and children allow it', async () => {
    const update = (input: Record<string, unknown>) =>
      server.gql(`mutation($input: UpdateUnionInput!) { updateUnion(input: $input) { union { level } } }`, { input });
    const tooHigh = await update({ id: village, level: 'COUNTY' });
    expect(tooHigh.errors![0]).toMatchObject({
      message: 'A TOWN union cannot hold a COUNTY union',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const tooLow = await update({ id: town, level: 'VILLAGE' });
    expect(tooLow.errors![0]).toMatchObject({
      message: 'A VILLAGE union cannot hold its VILLAGE children; move them first',
      extensions: { code: 'CONFLICT' },
    });
    const ok = await server.gql(
      `mutation($input: UpdateUnionInput!) { updateUnion(input: $input) { union { name memberCount } } }`,
      {
        input: { id: village, name: ' 虹霓村工会 ', memberCount: 320 },
      },
    );
    expect(ok.data.updateUnion.union).toEqual({ name: '虹霓村工会', memberCount: 320 });
  });

  it('deletes only a union with nothing under it', async () => {
    const held = await server.gql(`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id: village });
    expect(errorCode(held)).toBe('CONFLICT');
    const leaf = await create('临时工会', 'GRASSROOTS', town);
    const res = await server.gql(`mutation($id: ID!) { deleteUnion(id: $id) { deletedId } }`, { id: leaf });
    expect(res.data.deleteUnion.deletedId).toBe(leaf);
    const gone = await server.gql(`query($id: ID!) { union(id: $id) { id } }`, { id: leaf });
    expect(gone.data.union).toBeNull();
  });

  it('pages with cursors and counts the whole list', async () => {
    const first = await server.gql(
      `query($id: ID!) { union(id: $id) { descendants(first: 2) {
      totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } } }`,
      { id: city },
    );
    const page1 = first.data.union.descendants;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const next = await server.gql(
      `query($id: ID!, $after: String) { union(id: $id) { descendants(first: 10, after: $after) {
      edges { node { name } } pageInfo { hasNextPage hasPreviousPage } } } }`,
      { id: city, after: page1.pageInfo.endCursor },
    );
    const page2 = next.data.union.descendants;
    expect(page2.edges).toHaveLength(page1.totalCount - 2);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    const tooBig = await server.gql(`{ unions(first: 100000) { totalCount } }`);
    expect(errorCode(tooBig)).toBe('BAD_USER_INPUT');
  });
});
