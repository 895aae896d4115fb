import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalsStatement } from '../src/coverage/coverage.loaders.js';
import { errorCode, startTestServer, tokenFor, type GraphQLResponse, type TestServer } from './helpers/server.js';

/**
 * Union.coverage (issue 13, the ten-minute circle) on the demo: every answer checked
 * against a brute-force computation in the test over the raw rows, every village against
 * every site with the haversine formula.
 */
let server: TestServer;
let cityId: string;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  const [city] = await server.sql<{ id: number }>(`select id from unions where level = 'CITY'`);
  cityId = gid('Union', city.id);
});
afterAll(() => server?.stop());

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

const R = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;
function haversine(a: Point, b: Point): number {
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

interface Point {
  latitude: number;
  longitude: number;
}
interface Village extends Point {
  id: number;
  path: string;
  member_count: number;
}
interface SiteRow extends Point {
  id: number;
  kind: string;
}
interface Nearest {
  id: number;
  members: number;
  site: number | null;
  distance: number | null;
}

/** Brute force: each located village of the subtree against every site of the kinds. */
async function bruteForce(rootId: number, kinds: string[] | null): Promise<Nearest[]> {
  const villages = await server.sql<Village>(
    `select v.id, v.path::text, v.member_count, v.latitude, v.longitude from unions v, unions r
     where r.id = $1 and v.path <@ r.path and v.level = 'VILLAGE' and v.latitude is not null`,
    [rootId],
  );
  const sites = (
    await server.sql<SiteRow>(`select id, kind::text, latitude, longitude from sites where latitude is not null`)
  ).filter((s) => !kinds || kinds.includes(s.kind));
  return villages.map((v) => {
    let best: { site: number; distance: number } | null = null;
    for (const s of sites) {
      const d = haversine(v, s);
      if (!best || d < best.distance) best = { site: s.id, distance: d };
    }
    return { id: v.id, members: v.member_count, site: best?.site ?? null, distance: best?.distance ?? null };
  });
}

const PLACES = `query($id: ID!, $radius: Int!, $kinds: [SiteKind!], $covered: Boolean, $after: String) {
  union(id: $id) {
    coverage(radiusMeters: $radius, kinds: $kinds) {
      radiusMeters placeCount coveredCount ratio uncoveredMemberCount unlocatedCount
      places(covered: $covered, first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { union { id memberCount } nearestSite { id kind } distanceMeters covered }
      }
    }
  }
}`;

interface PlaceNode {
  union: { id: string; memberCount: number };
  nearestSite: { id: string; kind: string } | null;
  distanceMeters: number | null;
  covered: boolean;
}

async function allPlaces(id: string, radius: number, kinds: string[] | null, covered: boolean | null) {
  const nodes: PlaceNode[] = [];
  let after: string | null = null;
  let first: any;
  for (;;) {
    const res: GraphQLResponse = await server.gql(PLACES, { id, radius, kinds, covered, after });
    expect(res.errors).toBeUndefined();
    first ??= res.data.union.coverage;
    const page: { nodes: PlaceNode[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
      res.data.union.coverage.places;
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { coverage: first, nodes };
}

/** Compares the hub's places with the brute force's; a site tie (same distance) may pick either. */
function expectSame(nodes: PlaceNode[], expected: Nearest[], radius: number) {
  const byId = new Map(expected.map((n) => [gid('Union', n.id), n]));
  expect(nodes).toHaveLength(expected.length);
  for (const node of nodes) {
    const want = byId.get(node.union.id)!;
    expect(want, node.union.id).toBeDefined();
    if (want.distance === null) {
      expect(node.nearestSite).toBeNull();
      continue;
    }
    expect(node.distanceMeters).toBeCloseTo(want.distance, 3);
    if (node.nearestSite!.id !== gid('Site', want.site!)) {
      // Only a tie may pick another site.
      expect(Math.abs(node.distanceMeters! - want.distance)).toBeLessThan(1e-3);
    }
    expect(node.covered).toBe(want.distance <= radius);
  }
}

describe('coverage against a brute-force computation over the whole demo', () => {
  it('finds every village and community of the city its nearest site and the distance', async () => {
    const [city] = await server.sql<{ id: number }>(`select id from unions where level = 'CITY'`);
    const expected = await bruteForce(city.id, null);
    expect(expected.length).toBeGreaterThan(500);
    const { coverage, nodes } = await allPlaces(cityId, 800, null, null);
    expectSame(nodes, expected, 800);
    const covered = expected.filter((n) => n.distance !== null && n.distance <= 800);
    expect(coverage.placeCount).toBe(expected.length);
    expect(coverage.coveredCount).toBe(covered.length);
    expect(coverage.ratio).toBeCloseTo(covered.length / expected.length, 12);
    // Some villages are covered and some are not: the demo is a real test of the radius.
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.length).toBeLessThan(expected.length);
    expect(coverage.uncoveredMemberCount).toBe(
      expected.filter((n) => !covered.includes(n)).reduce((sum, n) => sum + n.members, 0),
    );
    // Most members first, then by id: the list "where the next site goes" reads from the top.
    const members = nodes.map((n) => n.union.memberCount);
    expect(members).toEqual([...members].sort((a, b) => b - a));
  });

  it('counts only the kinds asked for, and lists the uncovered ones by members', async () => {
    const [county] = await server.sql<{ id: number }>(`select id from unions where name = '南湖区总工会'`);
    const kinds = ['READING_ROOM', 'WORKERS_HOME'];
    const expected = await bruteForce(county.id, kinds);
    const uncovered = expected.filter((n) => n.distance === null || n.distance > 1200);
    const { coverage, nodes } = await allPlaces(gid('Union', county.id), 1200, kinds, false);
    expect(coverage.placeCount).toBe(expected.length);
    expect(coverage.coveredCount).toBe(expected.length - uncovered.length);
    expectSame(nodes, uncovered, 1200);
    for (const node of nodes) expect(kinds).toContain(node.nearestSite!.kind);
    expect(nodes.map((n) => n.union.memberCount)).toEqual(uncovered.map((n) => n.members).sort((a, b) => b - a));
  });

  it('gives the coverage ratio per level, every county and every town of the city', async () => {
    const [city] = await server.sql<{ id: number }>(`select id from unions where level = 'CITY'`);
    const expected = await bruteForce(city.id, null);
    const paths = new Map(
      (await server.sql<{ id: number; path: string }>(`select id, path::text from unions where level = 'VILLAGE'`)).map(
        (u) => [u.id, u.path],
      ),
    );
    for (const level of ['COUNTY', 'TOWN']) {
      const res = await server.gql(
        `query($id: ID!, $level: UnionLevel!) { union(id: $id) { coverage {
          areas(level: $level) { union { id level } placeCount coveredCount ratio uncoveredMemberCount }
        } } }`,
        { id: cityId, level },
      );
      expect(res.errors).toBeUndefined();
      const areas = res.data.union.coverage.areas;
      const [{ n }] = await server.sql<{ n: number }>(`select count(*)::int as n from unions where level = $1`, [
        level,
      ]);
      expect(areas).toHaveLength(n);
      for (const area of areas) {
        expect(area.union.level).toBe(level);
        const id = Buffer.from(area.union.id, 'base64').toString().split(':')[1];
        const inside = expected.filter((p) => paths.get(p.id)!.split('.').includes(id));
        const covered = inside.filter((p) => p.distance !== null && p.distance <= 800);
        expect(area.placeCount).toBe(inside.length);
        expect(area.coveredCount).toBe(covered.length);
        expect(area.uncoveredMemberCount).toBe(
          inside.filter((p) => !covered.includes(p)).reduce((sum, p) => sum + p.members, 0),
        );
      }
      // Least covered first.
      const ratios = areas.map((a: any) => a.ratio ?? 2);
      expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
    }
  });

  it('finds the nearest sites through the GiST index, not by a scan', async () => {
    const [city] = await server.sql<{ id: number }>(`select id from unions where level = 'CITY'`);
    const statement = totalsStatement({ radiusMeters: 800, kinds: null }, [city.id]);
    let n = 0;
    const text = statement.text.replace(/\?/g, () => `$${++n}`);
    const [row] = await server.sql(`explain (format json) ${text}`, statement.params);
    const plan = JSON.stringify(row['QUERY PLAN']);
    // One KNN probe of the index per place, ordered by the distance on the unit sphere.
    expect(plan).toMatch(/"Index Name":"sites_position_index"/);
    expect(plan).toMatch(/"Order By":"\(cube\(/);
    expect(plan).not.toMatch(
      /"Relation Name":"sites"[^}]*"Node Type":"Seq Scan"|"Node Type":"Seq Scan","[^}]*"Relation Name":"sites"/,
    );
  });
});

describe('coverage of a list of unions', () => {
  it('costs the same statements for two counties as for seven, each answer its own', async () => {
    const Q = `query($first: Int!) { unions(filter: { levels: [COUNTY] }, first: $first) { nodes { id
      coverage(radiusMeters: 1000) { placeCount coveredCount areas(level: TOWN) { placeCount coveredCount } } } } }`;
    const count = async (first: number) => {
      const before = server.app.db.statementCount();
      const res = await server.gql(Q, { first });
      expect(res.errors).toBeUndefined();
      return { statements: server.app.db.statementCount() - before, nodes: res.data.unions.nodes };
    };
    const two = await count(2);
    const seven = await count(7);
    expect(seven.nodes).toHaveLength(7);
    expect(seven.statements).toBe(two.statements);
    for (const county of seven.nodes) {
      const alone = await server.gql(
        `query($id: ID!) { union(id: $id) { coverage(radiusMeters: 1000) { placeCount coveredCount } } }`,
        { id: county.id },
      );
      expect(alone.data.union.coverage).toEqual({
        placeCount: county.coverage.placeCount,
        coveredCount: county.coverage.coveredCount,
      });
      const towns = county.coverage.areas;
      expect(towns.reduce((n: number, a: any) => n + a.placeCount, 0)).toBe(county.coverage.placeCount);
      expect(towns.reduce((n: number, a: any) => n + a.coveredCount, 0)).toBe(county.coverage.coveredCount);
    }
  });
});

describe('arguments the caller can fix', () => {
  it.each([
    ['radiusMeters: 0', 'radiusMeters'],
    ['radiusMeters: 50001', 'radiusMeters'],
    ['kinds: []', 'kinds'],
  ])('refuses %s', async (args, field) => {
    const res = await server.gql(`query($id: ID!) { union(id: $id) { coverage(${args}) { placeCount } } }`, {
      id: cityId,
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
  });

  it('refuses areas at a level that holds no villages', async () => {
    const res = await server.gql(
      `query($id: ID!) { union(id: $id) { coverage { areas(level: GRASSROOTS) { placeCount } } } }`,
      { id: cityId },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('level');
  });

  it('refuses a cursor of another list', async () => {
    const first = await server.gql(PLACES, { id: cityId, radius: 800, covered: false });
    const cursor = first.data.union.coverage.places.pageInfo.endCursor;
    const res = await server.gql(PLACES, { id: cityId, radius: 900, covered: false, after: cursor });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('after');
  });
});

describe('service circles', () => {
  it('groups the sites into circles around hubs, each site in one circle at most', async () => {
    const [nanhu] = await server.sql<{ id: number }>(`select id from unions where name = '南湖区总工会'`);
    const res = await server.gql(
      `query($id: ID!) { union(id: $id) { serviceCircles(first: 100) { totalCount nodes { id name hub { id } union { name } sites { id } } } } }`,
      { id: gid('Union', nanhu.id) },
    );
    expect(res.errors).toBeUndefined();
    const { totalCount, nodes } = res.data.union.serviceCircles;
    const [{ sites }] = await server.sql<{ sites: number }>(
      `select count(*)::int as sites from sites s join unions u on u.id = s.union_id, unions r
       where r.id = $1 and u.path <@ r.path`,
      [nanhu.id],
    );
    // About ten places a circle, as Nanhu's 1,200 places in 122 circles.
    expect(totalCount).toBe(Math.round(sites / 10));
    const seen = new Set<string>();
    for (const circle of nodes) {
      for (const site of [circle.hub, ...circle.sites]) {
        expect(seen.has(site.id)).toBe(false);
        seen.add(site.id);
      }
    }
    const again = await server.gql(`query($id: ID!) { node(id: $id) { ... on ServiceCircle { name } } }`, {
      id: nodes[0].id,
    });
    expect(again.data.node.name).toBe(nodes[0].name);
  });
});

describe('a union’s location', () => {
  let town: string;
  let village: string;
  beforeAll(async () => {
    const [row] = await server.sql<{ id: number }>(`select id from unions where level = 'TOWN' order by id limit 1`);
    town = gid('Union', row.id);
  });

  it('is set on create, changed and cleared on update', async () => {
    const created = await server.gql(
      `mutation($input: CreateUnionInput!) { createUnion(input: $input) { union { id location { latitude longitude } } } }`,
      {
        input: {
          name: '测试新村工会',
          level: 'VILLAGE',
          parentId: town,
          location: { latitude: 30.75, longitude: 120.76 },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    village = created.data.createUnion.union.id;
    expect(created.data.createUnion.union.location).toEqual({ latitude: 30.75, longitude: 120.76 });
    const UPDATE = `mutation($input: UpdateUnionInput!) { updateUnion(input: $input) { union { location { latitude longitude } } } }`;
    const moved = await server.gql(UPDATE, {
      input: { id: village, location: { latitude: 30.7501, longitude: 120.7602 } },
    });
    expect(moved.data.updateUnion.union.location).toEqual({ latitude: 30.7501, longitude: 120.7602 });
    const kept = await server.gql(UPDATE, { input: { id: village, memberCount: 120 } });
    expect(kept.data.updateUnion.union.location).toEqual({ latitude: 30.7501, longitude: 120.7602 });
    const cleared = await server.gql(UPDATE, { input: { id: village, location: null } });
    expect(cleared.data.updateUnion.union.location).toBeNull();
  });

  it.each([
    [{ latitude: 91, longitude: 120 }, 'location.latitude'],
    [{ latitude: 30, longitude: 181 }, 'location.longitude'],
    [{ latitude: 0, longitude: 0 }, 'location'],
    [{ latitude: 48.85, longitude: 2.35 }, 'location'],
  ])('refuses %j', async (location, field) => {
    const res = await server.gql(
      `mutation($input: UpdateUnionInput!) { updateUnion(input: $input) { union { id } } }`,
      { input: { id: village, location } },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
  });

  it('staff outside the union’s subtree may not set it', async () => {
    const [other] = await server.sql<{ id: number }>(
      `select o.id from unions o, unions t where t.id = $1 and o.level = 'TOWN' and o.id <> t.id order by o.id limit 1`,
      [Number(Buffer.from(town, 'base64').toString().split(':')[1])],
    );
    const res = await server.gql(
      `mutation($input: UpdateUnionInput!) { updateUnion(input: $input) { union { id } } }`,
      { input: { id: village, location: { latitude: 30.75, longitude: 120.76 } } },
      { token: await tokenFor({ unionId: other.id }) },
    );
    expect(errorCode(res)).toBe('FORBIDDEN');
  });
});

describe('coverage as the network changes (the response cache never answers stale)', () => {
  it('covers a village once a site opens next to it, and uncovers it when the village moves away', async () => {
    const [county] = await server.sql<{ id: number }>(`select id from unions where name = '海盐县总工会'`);
    const countyId = gid('Union', county.id);
    const Q = `query($id: ID!) { union(id: $id) { coverage { coveredCount
      places(covered: false, first: 1) { nodes { union { id location { latitude longitude } } distanceMeters } } } } }`;
    const before = await server.gql(Q, { id: countyId });
    expect(before.errors).toBeUndefined();
    const target = before.data.union.coverage.places.nodes[0];
    expect(target.distanceMeters).toBeGreaterThan(800);
    // Asked twice: the second answer may come from the cache.
    expect((await server.gql(Q, { id: countyId })).data).toEqual(before.data);

    const { latitude, longitude } = target.union.location;
    const site = await server.gql(`mutation($input: CreateSiteInput!) { createSite(input: $input) { site { id } } }`, {
      input: {
        unionId: target.union.id,
        name: '新开职工书屋',
        kind: 'READING_ROOM',
        location: { latitude: latitude + 0.001, longitude },
      },
    });
    expect(site.errors).toBeUndefined();
    const after = await server.gql(Q, { id: countyId });
    expect(after.data.union.coverage.coveredCount).toBe(before.data.union.coverage.coveredCount + 1);
    expect(after.data.union.coverage.places.nodes[0].union.id).not.toBe(target.union.id);

    // The village's centre moves 17 km south, into Hangzhou Bay: it is uncovered again.
    const moved = await server.gql(
      `mutation($input: UpdateUnionInput!) { updateUnion(input: $input) { union { id } } }`,
      { input: { id: target.union.id, location: { latitude: latitude - 0.15, longitude } } },
    );
    expect(moved.errors).toBeUndefined();
    const again = await server.gql(Q, { id: countyId });
    expect(again.data.union.coverage.coveredCount).toBe(before.data.union.coverage.coveredCount);
  });
});
