// The measured questions, written once for each server so that both answer the same
// content in the same order (children and sites by name then id, activities by start
// then id). Ours takes Relay ids, the peer row ids.

/** Relay global id of the hub: base64 of "Type:databaseId" (src/common/relay.ts). */
export const gid = (type, id) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

/** Finds the rows the scenarios ask about, by SQL on the seeded database. */
export async function resolveTargets(client) {
  const one = async (text, params = []) => {
    const { rows } = await client.query(text, params);
    if (!rows[0]) throw new Error(`bench: no row for ${text}`);
    return rows[0];
  };
  const city = await one(`select id from unions where level = 'CITY' order by id limit 1`);
  const county = await one(
    `select id, name from unions where level = 'COUNTY' and name like '平湖%' order by id limit 1`,
  );
  const town = await one(`select id from unions where level = 'TOWN' and parent_id = $1 order by name, id limit 1`, [
    county.id,
  ]);
  const village = await one(
    `select id from unions where level = 'VILLAGE' and parent_id = $1 order by name, id limit 1`,
    [town.id],
  );
  const site = await one(
    `select s.id from sites s join unions u on u.id = s.union_id where u.path <@ (select path from unions where id = $1)
     order by (select count(*) from activities a where a.site_id = s.id) desc, s.id limit 1`,
    [county.id],
  );
  const counts = await one(
    `select (select count(*) from unions)::int unions, (select count(*) from sites)::int sites, (select count(*) from activities)::int activities`,
  );
  return {
    city: city.id,
    county: county.id,
    countyName: county.name,
    town: town.id,
    village: village.id,
    site: site.id,
    counts,
  };
}

const DASHBOARD_OURS = `query CountyDashboard($id: ID!) {
  union(id: $id) {
    name level
    children(first: 15) { totalCount nodes { name level
      children(first: 20) { totalCount nodes { name level
        sites(first: 10) { totalCount nodes { name kind rating
          activities(first: 3) { totalCount nodes { title startsAt status } } } } } } } }
  }
}`;
const DASHBOARD_PEER = `query CountyDashboard($id: Int!) {
  union(rowId: $id) {
    name level
    children: childUnions(first: 15, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level
      children: childUnions(first: 20, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level
        sites(first: 10, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name kind rating
          activities(first: 3, orderBy: [STARTS_AT_ASC, ROW_ID_ASC]) { totalCount nodes { title startsAt status } } } } } } } }
  }
}`;

const UNION_OURS = `query UnionById($id: ID!) { union(id: $id) { id name level memberCount region parent { name } } }`;
const UNION_PEER = `query UnionById($id: Int!) { union(rowId: $id) { id name level memberCount region parent { name } } }`;

const COUNTIES_OURS = `query Counties($id: ID!) { union(id: $id) { name children(first: 100) { totalCount nodes { name level memberCount
  sites(first: 5) { totalCount nodes { name kind } } } } } }`;
const COUNTIES_PEER = `query Counties($id: Int!) { union(rowId: $id) { name children: childUnions(first: 100, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level memberCount
  sites(first: 5, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name kind } } } } } }`;

const SITE_OURS = `query SiteActivities($id: ID!) { site(id: $id) { name address union { name }
  activities(first: 20) { totalCount nodes { title kind startsAt status capacity signUpCount } } } }`;
const SITE_PEER = `query SiteActivities($id: Int!) { site(rowId: $id) { name address union { name }
  activities(first: 20, orderBy: [STARTS_AT_ASC, ROW_ID_ASC]) { totalCount nodes { title kind startsAt status capacity signUpCount } } } }`;

const TOWN_OURS = `query TownVillages($id: ID!) { union(id: $id) { name parent { name } children(first: 50) { totalCount nodes { name level memberCount } } } }`;
const TOWN_PEER = `query TownVillages($id: Int!) { union(rowId: $id) { name parent { name } children: childUnions(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level memberCount } } } }`;

/** The whole union tree under the city: counties → towns → villages, each with its counts. */
const CITY_OURS = `query CityDashboard($id: ID!) {
  union(id: $id) {
    name level memberCount
    children(first: 100) { totalCount nodes { name level memberCount
      children(first: 100) { totalCount nodes { name level memberCount
        children(first: 100) { totalCount nodes { name level memberCount } } } } } }
  }
}`;
const CITY_PEER = `query CityDashboard($id: Int!) {
  union(rowId: $id) {
    name level memberCount
    children: childUnions(first: 100, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level memberCount
      children: childUnions(first: 100, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level memberCount
        children: childUnions(first: 100, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { name level memberCount } } } } } }
  }
}`;

const op = (query, variables) => ({ query, variables });

/**
 * The ten-minute circle over the whole city (issue 13: under 300 ms on the demo): counts,
 * the ratio per county and the first page of "where the next site goes". The hub's own
 * question (a KNN probe per village in PostgreSQL): PostGraphile has no equivalent.
 */
export const CITY_COVERAGE = `query CityCoverage($id: ID!) {
  union(id: $id) {
    coverage(radiusMeters: 800) {
      placeCount coveredCount ratio uncoveredMemberCount
      areas(level: COUNTY) { union { name } placeCount coveredCount ratio }
      places(covered: false, first: 20) {
        nodes { union { name memberCount } nearestSite { name } distanceMeters }
      }
    }
  }
}`;

/** Per scenario: a list of GraphQL requests (rotated by autocannon) for `ours` and `peer`. */
export function scenarios(t) {
  return [
    {
      name: 'county dashboard',
      ours: [op(DASHBOARD_OURS, { id: gid('Union', t.county) })],
      peer: [op(DASHBOARD_PEER, { id: t.county })],
    },
    {
      name: 'union by id',
      ours: [op(UNION_OURS, { id: gid('Union', t.village) })],
      peer: [op(UNION_PEER, { id: t.village })],
    },
    {
      name: 'city dashboard',
      // The whole tree: measured on the uncached path only (a hit is the same one statement as any other).
      cache: ['off'],
      ours: [op(CITY_OURS, { id: gid('Union', t.city) })],
      peer: [op(CITY_PEER, { id: t.city })],
    },
    {
      name: 'mixed dashboard',
      ours: [
        op(COUNTIES_OURS, { id: gid('Union', t.city) }),
        op(SITE_OURS, { id: gid('Site', t.site) }),
        op(TOWN_OURS, { id: gid('Union', t.town) }),
        op(UNION_OURS, { id: gid('Union', t.village) }),
      ],
      peer: [
        op(COUNTIES_PEER, { id: t.city }),
        op(SITE_PEER, { id: t.site }),
        op(TOWN_PEER, { id: t.town }),
        op(UNION_PEER, { id: t.village }),
      ],
    },
    {
      name: 'city coverage',
      // A hit is one statement like any other: the uncached path is the figure.
      cache: ['off'],
      // Answered by the resolvers: the compiled read path does not cover coverage.
      resolversOnly: true,
      ours: [op(CITY_COVERAGE, { id: gid('Union', t.city) })],
      peer: null,
    },
  ];
}

/** The county dashboard's question, for the "dashboard under writes" run (the hub only). */
export const countyDashboard = (t) => op(DASHBOARD_OURS, { id: gid('Union', t.county) });

export const SIGN_UP = `mutation SignUp($activityId: ID!, $phone: String!) {
  signUp(input: { activityId: $activityId, workerName: "压测职工", phone: $phone }) { signUp { id } activity { signUpCount } }
}`;

/**
 * Activities that take sign-ups (OPEN, starting more than an hour from now, with places
 * left; the demo is seeded around today) for the writes of "dashboard under writes":
 * `inside` under the dashboard's county, `elsewhere` under another county (南湖 when it
 * exists). Most places left first, at most 200 each, as Relay ids.
 */
export async function signUpTargets(client, t) {
  const open = async (unionId) => {
    const { rows } = await client.query(
      `select a.id from activities a join unions o on o.id = a.organiser_id
       where o.path <@ (select path from unions where id = $1)
         and a.status = 'OPEN' and a.starts_at > now() + interval '1 hour'
         and (a.capacity is null or a.sign_up_count < a.capacity)
       order by coalesce(a.capacity - a.sign_up_count, 1000000) desc, a.id limit 200`,
      [unionId],
    );
    return rows.map((r) => gid('Activity', r.id));
  };
  const { rows } = await client.query(
    `select id, name from unions where level = 'COUNTY' and id <> $1 order by (name like '南湖%') desc, id limit 1`,
    [t.county],
  );
  if (!rows[0]) throw new Error('bench: no second county for the writes elsewhere');
  const [inside, elsewhere] = [await open(t.county), await open(rows[0].id)];
  if (!inside.length || !elsewhere.length)
    throw new Error(
      `bench: no open activity with places left (inside: ${inside.length}, elsewhere: ${elsewhere.length})`,
    );
  return { inside, elsewhere, elsewhereName: rows[0].name };
}

/** The scoreboard a screen starts from and the subscription it holds (README, "Try it on the demo"). */
export const LIVE_SCOREBOARD = `query LiveScoreboard {
  activities(filter: { kinds: [COMPETITION], statuses: [RUNNING], search: "嘉兴市职工气排球联赛" }) {
    nodes { competition { id matches(status: [LIVE]) { nodes { id version homeScore awayScore } } } }
  }
}`;
export const COMPETITION_UPDATED = `subscription CompetitionUpdated($competitionId: ID!) {
  competitionUpdated(competitionId: $competitionId) {
    cursor type homeScore awayScore matchStatus
    match { round homeEntry { name } awayEntry { name } }
    standings { rank points entry { name } }
  }
}`;
export const RECORD_SCORE = `mutation RecordScore($matchId: ID!, $home: Int!, $away: Int!, $version: Int) {
  recordScore(input: { matchId: $matchId, homeScore: $home, awayScore: $away, expectedVersion: $version }) {
    match { homeScore awayScore version }
  }
}`;
/** What the cold-start probe asks until it gets a 200. */
export const COLD_PROBE = {
  ours: (t) => op(UNION_OURS, { id: gid('Union', t.village) }),
  peer: (t) => op(UNION_PEER, { id: t.village }),
};

/**
 * Ledger exports (GET /exports/ledger.csv): time to the first byte of the city's ledgers,
 * and to the last, with the harness's ADMIN token; no peer has them. `runs` downloads
 * each, one after another; the median and the worst of each.
 */
export const LEDGERS = ['activities', 'attendance', 'orders', 'claims'];

export async function ledgerTtfb(graphqlUrl, headers, t, runs = 5) {
  const results = [];
  for (const kind of LEDGERS) {
    const url = new URL('/exports/ledger.csv', graphqlUrl);
    url.searchParams.set('unionId', gid('Union', t.city));
    url.searchParams.set('kind', kind);
    const firsts = [];
    const totals = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      if (response.status !== 200) throw new Error(`bench: ledger ${kind} answered ${response.status}`);
      const reader = response.body.getReader();
      let first = null;
      bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        first ??= performance.now() - started;
        bytes += value.length;
      }
      firsts.push(first);
      totals.push(performance.now() - started);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    results.push({
      kind,
      bytes,
      firstByteP50Ms: Math.round(median(firsts)),
      firstByteMaxMs: Math.round(Math.max(...firsts)),
      lastByteP50Ms: Math.round(median(totals)),
    });
  }
  return results;
}
