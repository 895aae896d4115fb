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

const op = (query, variables) => ({ query, variables });

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
  ];
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
