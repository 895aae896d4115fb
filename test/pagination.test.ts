import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers/server.js';

/**
 * Keyset cursors (issue 10, point 7), over HTTP for every connection of the schema:
 * paging yields each item once and in order, a row inserted before the cursor or a seen
 * row deleted between two fetches neither repeats nor skips an item, and a cursor from
 * another list, a malformed one or a tampered one is BAD_USER_INPUT on `after`.
 */

let server: TestServer;
const ids: Record<string, string> = {};

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);

async function ok(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** Creates a union, site, activity or programme and returns its global id. */
async function create(type: 'Union' | 'Site' | 'Activity' | 'Programme', i: Record<string, unknown>): Promise<string> {
  const data = await ok(
    `mutation($i: Create${type}Input!) { m: create${type}(input: $i) { x: ${type.toLowerCase()} { id } } }`,
    { i },
  );
  return data.m.x.id;
}

const union = (name: string, level: string, parentId?: string) => create('Union', { name, level, parentId });
const site = (unionId: string, name: string, extra: Record<string, unknown> = {}) =>
  create('Site', { unionId, name, kind: 'READING_ROOM', ...extra });
/**
 * Activities are OPEN only before their start, so this file's starts are days ahead: `at(day,
 * hour)` is that hour (+08:00) of the day `day` days after a midnight at least two days away.
 */
const AHEAD = (Math.floor(Date.now() / 86_400_000) + 2) * 86_400_000;
const at = (day: number, hour: number) => new Date(AHEAD + day * 86_400_000 + (hour - 8) * 3_600_000).toISOString();
/** Before every other activity of the file, and still to come. */
const SOONEST = at(-1, 8);
const activity = (input: Record<string, unknown>) =>
  create('Activity', {
    kind: 'COURSE',
    title: '培训班',
    organiserId: ids.nanhu,
    startsAt: at(61, 9),
    status: 'OPEN',
    ...input,
  });
const programme = (unionId: string, name: string, startsOn: string | null) =>
  create('Programme', { unionId, name, startsOn });
const competitionOf = (activityId: string) => Buffer.from(`Competition:${dbId(activityId)}`).toString('base64');
const remove = (mutation: string, id: string) =>
  ok(`mutation($id: ID!) { ${mutation}(id: $id) { deletedId } }`, { id });

async function signUp(activityId: string, phone: string): Promise<string> {
  const data = await ok(`mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`, {
    i: { activityId, workerName: '职工', phone },
  });
  return data.signUp.signUp.id;
}

async function entries(competitionId: string, names: string[]): Promise<string[]> {
  const data = await ok(`mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`, {
    i: { competitionId, entries: names.map((name) => ({ name, unionId: ids.nanhu })) },
  });
  return data.registerEntries.entries.map((e: any) => e.id);
}

async function matches(competitionId: string, list: [string, string, string, string][]): Promise<string[]> {
  const data = await ok(`mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`, {
    i: {
      competitionId,
      matches: list.map(([homeEntryId, awayEntryId, round, startsAt]) => ({
        homeEntryId,
        awayEntryId,
        round,
        startsAt,
      })),
    },
  });
  return data.scheduleMatches.matches.map((m: any) => m.id);
}

/** A point in 南湖 the near-me lists are centred on; test sites lie due north of it. */
const POINT = { latitude: 30.75, longitude: 120.75 };
const north = (metres: number) => ({ latitude: POINT.latitude + metres / 111_195, longitude: POINT.longitude });

beforeAll(async () => {
  // Some rows are inserted and deleted with SQL (sign-ups, entries and matches have no
  // delete mutation), which the response cache would not see.
  server = await startTestServer({ data: 'empty', config: { responseCacheMb: 0 } });
  ids.city = await union('嘉兴市总工会', 'CITY');
  ids.nanhu = await union('南湖区总工会', 'COUNTY', ids.city);
  ids.pinghu = await union('平湖市总工会', 'COUNTY', ids.city);
  await union('秀洲区总工会', 'COUNTY', ids.city);
  // The same name under two parents: lists by name must break the tie by id.
  for (const name of ['新丰镇工会', '大桥镇工会', '凤桥镇工会', '余新镇工会', '七星街道工会'])
    ids[name] = await union(name, 'TOWN', ids.nanhu);
  for (const name of ['新丰镇工会', '当湖街道总工会', '钟埭街道工会']) await union(name, 'TOWN', ids.pinghu);
  for (const name of ['江南村', '亭桥村', '新民村']) await union(name, 'VILLAGE', ids['大桥镇工会']);

  // Sites: repeated names, and a line due north of POINT with two at the very same spot.
  const nanhuSites: string[] = [];
  const spots = [300, 100, 500, 100, 700, 200, 900];
  for (const [i, metres] of spots.entries()) {
    const owner = [ids.nanhu, ids['大桥镇工会'], ids['新丰镇工会']][i % 3];
    nanhuSites.push(await site(owner, i % 2 ? '职工书屋' : `职工之家${i}`, { location: north(metres) }));
  }
  ids.site = nanhuSites[0];
  ids.otherSite = nanhuSites[1];
  await site(ids.pinghu, '平湖职工书屋', { location: north(5000) });
  await site(ids.pinghu, '平湖职工之家');

  // Programmes: undated ones last, ties on the day.
  const days = ['2026-03-01', null, '2026-01-01', null, '2026-03-01'];
  for (const [i, day] of days.entries()) {
    const id = await programme(ids.nanhu, `计划${i}`, day);
    if (i === 0) ids.programme = id;
  }
  ids.otherProgramme = await programme(ids.pinghu, '平湖计划', '2026-02-01');
  await programme(ids.pinghu, '平湖计划二', null);

  // Activities: ties on the start, spread over organisers, sites and programmes.
  const starts = [at(61, 9), at(31, 9), at(61, 9), at(45, 14), at(61, 9), at(31, 9), at(0, 9), at(61, 9), at(45, 14)];
  for (const [i, start] of starts.entries()) {
    const id = await activity({
      title: `培训班${i}`,
      startsAt: start,
      organiserId: i % 2 ? ids.nanhu : ids['大桥镇工会'],
      siteId: i < 6 ? ids.site : ids.otherSite,
      programmeId: i < 5 ? ids.programme : ids.otherProgramme,
    });
    if (i === 0) ids.activity = id;
    if (i === 1) ids.otherActivity = id;
  }
  for (let i = 0; i < 3; i++) await activity({ title: `平湖讲座${i}`, kind: 'LECTURE', organiserId: ids.pinghu });

  // Sign-ups: several at one instant, so created_at ties are broken by id.
  for (let i = 0; i < 7; i++) await signUp(ids.activity, `1380000000${i}`);
  for (let i = 0; i < 2; i++) await signUp(ids.otherActivity, `1390000000${i}`);
  await server.sql(
    `update sign_ups set created_at = '2026-11-01T10:00:00.123456+08'
     where id in (select id from sign_ups where activity_id = $1 order by id limit 4)`,
    [dbId(ids.activity)],
  );

  // Competitions: entries registered together (one transaction: one created_at), matches with tied starts.
  ids.competition = competitionOf(await activity({ kind: 'COMPETITION', title: '气排球联赛' }));
  ids.otherCompetition = competitionOf(await activity({ kind: 'COMPETITION', title: '歌手大赛' }));
  const teams = await entries(ids.competition, ['甲队', '乙队', '丙队', '丁队', '戊队', '己队']);
  const others = await entries(ids.otherCompetition, ['一号', '二号', '三号']);
  await matches(ids.competition, [
    [teams[0], teams[1], '第1轮', '2026-12-02T09:00:00+08:00'],
    [teams[2], teams[3], '第1轮', '2026-12-02T09:00:00+08:00'],
    [teams[4], teams[5], '第1轮', '2026-12-01T09:00:00+08:00'],
    [teams[0], teams[2], '第2轮', '2026-12-03T09:00:00+08:00'],
    [teams[1], teams[3], '第2轮', '2026-12-03T09:00:00+08:00'],
    [teams[4], teams[0], '第2轮', '2026-12-03T09:00:00+08:00'],
  ]);
  await matches(ids.otherCompetition, [
    [others[0], others[1], '决赛', '2026-12-05T09:00:00+08:00'],
    [others[1], others[2], '决赛', '2026-12-05T09:00:00+08:00'],
  ]);
}, 120_000);
afterAll(() => server?.stop());

const PAGE = `totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

/** A connection field with the arguments that shape it; `$first` and `$after` are added. */
interface ListRef {
  query: string;
  variables: Record<string, unknown>;
}

/** `parent` (a root field taking `$id`) and its connection field, or a root connection field. */
function list(parent: string | null, field: string, args = '', variables: Record<string, unknown> = {}): ListRef {
  const call = `list: ${field}(first: $first, after: $after${args ? `, ${args}` : ''}) { ${PAGE} }`;
  const declared = Object.keys(variables)
    .filter((name) => name !== 'id')
    .map((name) => `, $${name}: ${typeof variables[name] === 'boolean' ? 'Boolean' : 'ID'}`)
    .join('');
  return {
    query: parent
      ? `query($id: ID!, $first: Int, $after: String${declared}) { node: ${parent}(id: $id) { ${call} } }`
      : `query($first: Int, $after: String${declared}) { ${call} }`,
    variables,
  };
}

async function fetchPage(ref: ListRef, first: number, after: string | null = null): Promise<GraphQLResponse> {
  return server.gql(ref.query, { ...ref.variables, first, after });
}

async function page(ref: ListRef, first: number, after: string | null = null): Promise<any> {
  const res = await fetchPage(ref, first, after);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.node ? res.data.node.list : res.data.list;
}

const idsOf = (p: any): number[] => p.edges.map((e: any) => dbId(e.node.id));

/** Every item, fetched `first` at a time from `after`, with page-by-page checks. */
async function rest(ref: ListRef, first: number, after: string | null): Promise<number[]> {
  const seen: number[] = [];
  for (let pages = 0; ; pages++) {
    expect(pages).toBeLessThan(100);
    const p = await page(ref, first, after);
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
    expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
    seen.push(...idsOf(p));
    if (!p.pageInfo.hasNextPage) return seen;
    expect(p.edges).toHaveLength(first);
    after = p.pageInfo.endCursor;
  }
}

interface Case {
  ref: ListRef;
  /** The whole list's row ids, in its documented order, read with SQL of the test's own. */
  expected: () => Promise<number[]>;
  /** Inserts a row that sorts first in the list; returns how to delete it again. */
  insertFirst: () => Promise<() => Promise<unknown>>;
  /** Lists whose cursors this one must refuse. */
  foreign: [why: string, ref: ListRef][];
}

const sqlIds = async (text: string, params: unknown[] = []) =>
  (await server.sql<{ id: number }>(text, params)).map((r) => r.id);

const deleteRow = (table: string, id: number) => () => server.sql(`delete from ${table} where id = $1`, [id]);

/** Inserted rows that sort first: a name before every Chinese name, a day before every other. */
const FIRST_NAME = '0 新建';
const EARLY = '2020-01-01T08:00:00+08:00';

const CASES: Record<string, () => Case> = {
  'Query.unions': () => ({
    ref: list(null, 'unions'),
    expected: () => sqlIds('select id from unions order by nlevel(path), name, id'),
    insertFirst: async () => {
      const id = await union(`${FIRST_NAME}市总工会`, 'CITY');
      return () => remove('deleteUnion', id);
    },
    foreign: [
      ['another filter', list(null, 'unions', 'filter: { levels: [TOWN, VILLAGE] }')],
      ['another field', list('union', 'descendants', '', { id: ids.city })],
    ],
  }),
  'Union.children': () => ({
    ref: list('union', 'children', '', { id: ids.nanhu }),
    expected: () => sqlIds('select id from unions where parent_id = $1 order by name, id', [dbId(ids.nanhu)]),
    insertFirst: async () => {
      const id = await union(`${FIRST_NAME}镇工会`, 'TOWN', ids.nanhu);
      return () => remove('deleteUnion', id);
    },
    foreign: [
      ['another parent', list('union', 'children', '', { id: ids.pinghu })],
      ['another filter', list('union', 'children', 'filter: { search: "镇" }', { id: ids.nanhu })],
      ['another field', list('union', 'descendants', '', { id: ids.nanhu })],
    ],
  }),
  'Union.descendants': () => ({
    ref: list('union', 'descendants', '', { id: ids.city }),
    expected: () =>
      sqlIds(
        `select u.id from unions u, unions r where r.id = $1 and u.path <@ r.path and u.id <> r.id
         order by nlevel(u.path), u.name, u.id`,
        [dbId(ids.city)],
      ),
    insertFirst: async () => {
      const id = await union(`${FIRST_NAME}区总工会`, 'COUNTY', ids.city);
      return () => remove('deleteUnion', id);
    },
    foreign: [
      ['another parent', list('union', 'descendants', '', { id: ids.nanhu })],
      ['another level', list('union', 'descendants', 'level: TOWN', { id: ids.city })],
      ['another field', list('union', 'children', '', { id: ids.city })],
    ],
  }),
  'Union.sites': () => ({
    ref: list('union', 'sites', 'includeDescendants: true', { id: ids.nanhu }),
    expected: () =>
      sqlIds(
        `select s.id from sites s join unions u on u.id = s.union_id, unions r
         where r.id = $1 and u.path <@ r.path order by s.name, s.id`,
        [dbId(ids.nanhu)],
      ),
    insertFirst: async () => {
      const id = await site(ids['大桥镇工会'], `${FIRST_NAME}书屋`);
      return () => remove('deleteSite', id);
    },
    foreign: [
      ['another parent', list('union', 'sites', 'includeDescendants: true', { id: ids.city })],
      ['includeDescendants off', list('union', 'sites', '', { id: ids.nanhu })],
      [
        'another filter',
        list('union', 'sites', 'includeDescendants: true, filter: { search: "书屋" }', { id: ids.nanhu }),
      ],
      ['another field', list(null, 'sites', 'underUnion: $u', { u: ids.nanhu })],
    ],
  }),
  'Query.sites': () => ({
    ref: list(null, 'sites'),
    expected: () => sqlIds('select id from sites order by name, id'),
    insertFirst: async () => {
      const id = await site(ids.pinghu, `${FIRST_NAME}之家`);
      return () => remove('deleteSite', id);
    },
    foreign: [
      ['another filter', list(null, 'sites', 'underUnion: $u', { u: ids.nanhu })],
      ['another field', list('union', 'sites', 'includeDescendants: true', { id: ids.city })],
    ],
  }),
  'Query.sites near a point': () => ({
    ref: list(
      null,
      'sites',
      `filter: { near: { latitude: ${POINT.latitude}, longitude: ${POINT.longitude}, radiusMeters: 1000 } }`,
    ),
    // Due north of the point, distance grows with latitude; equal spots tie, broken by id.
    expected: () =>
      sqlIds(
        `select id from sites where longitude = $2 and latitude between $1 and $1 + 1000 / 111195.0
         order by latitude - $1, id`,
        [POINT.latitude, POINT.longitude],
      ),
    insertFirst: async () => {
      const id = await site(ids.nanhu, '就在这里的驿站', { location: POINT, kind: 'OUTDOOR_STATION' });
      return () => remove('deleteSite', id);
    },
    foreign: [
      [
        'another point',
        list(null, 'sites', `filter: { near: { latitude: ${POINT.latitude}, longitude: ${POINT.longitude + 0.001} } }`),
      ],
      [
        'another radius',
        list(
          null,
          'sites',
          `filter: { near: { latitude: ${POINT.latitude}, longitude: ${POINT.longitude}, radiusMeters: 2000 } }`,
        ),
      ],
      ['no point', list(null, 'sites')],
    ],
  }),
  'Union.activities': () => ({
    ref: list('union', 'activities', 'includeDescendants: true', { id: ids.nanhu }),
    expected: () =>
      sqlIds(
        `select a.id from activities a join unions u on u.id = a.organiser_id, unions r
         where r.id = $1 and u.path <@ r.path order by a.starts_at, a.id`,
        [dbId(ids.nanhu)],
      ),
    insertFirst: async () => {
      const id = await activity({ startsAt: SOONEST });
      return () => remove('deleteActivity', id);
    },
    foreign: [
      ['another parent', list('union', 'activities', 'includeDescendants: true', { id: ids.city })],
      [
        'another order',
        list('union', 'activities', 'includeDescendants: true, orderBy: STARTS_AT_DESC', { id: ids.nanhu }),
      ],
      [
        'another filter',
        list('union', 'activities', 'includeDescendants: true, filter: { kinds: [COURSE] }', { id: ids.nanhu }),
      ],
      ['another field', list(null, 'activities', 'underUnion: $u', { u: ids.nanhu })],
    ],
  }),
  'Query.activities, latest first': () => ({
    ref: list(null, 'activities', 'orderBy: STARTS_AT_DESC'),
    expected: () => sqlIds('select id from activities order by starts_at desc, id desc'),
    insertFirst: async () => {
      const id = await activity({ startsAt: at(3650, 8) });
      return () => remove('deleteActivity', id);
    },
    foreign: [
      ['the other order', list(null, 'activities')],
      ['another filter', list(null, 'activities', 'orderBy: STARTS_AT_DESC, filter: { statuses: [OPEN] }')],
      ['another field', list('site', 'activities', 'orderBy: STARTS_AT_DESC', { id: ids.site })],
    ],
  }),
  'Site.activities': () => ({
    ref: list('site', 'activities', '', { id: ids.site }),
    expected: () => sqlIds('select id from activities where site_id = $1 order by starts_at, id', [dbId(ids.site)]),
    insertFirst: async () => {
      const id = await activity({ startsAt: SOONEST, siteId: ids.site });
      return () => remove('deleteActivity', id);
    },
    foreign: [
      ['another parent', list('site', 'activities', '', { id: ids.otherSite })],
      ['another filter', list('site', 'activities', 'filter: { search: "培训" }', { id: ids.site })],
      ['another field', list('programme', 'activities', '', { id: ids.programme })],
    ],
  }),
  'Programme.activities': () => ({
    ref: list('programme', 'activities', '', { id: ids.programme }),
    expected: () =>
      sqlIds('select id from activities where programme_id = $1 order by starts_at, id', [dbId(ids.programme)]),
    insertFirst: async () => {
      // Before all the programme's activities, within its days (from 1 March), still to come.
      const id = await activity({ startsAt: SOONEST, programmeId: ids.programme });
      return () => remove('deleteActivity', id);
    },
    foreign: [
      ['another parent', list('programme', 'activities', '', { id: ids.otherProgramme })],
      [
        'another filter',
        list('programme', 'activities', 'filter: { startsFrom: "2026-01-01T00:00:00Z" }', { id: ids.programme }),
      ],
      ['another field', list('union', 'activities', '', { id: ids.nanhu })],
    ],
  }),
  'Union.programmes': () => ({
    ref: list('union', 'programmes', '', { id: ids.nanhu }),
    expected: () =>
      sqlIds('select id from programmes where union_id = $1 order by starts_on nulls last, id', [dbId(ids.nanhu)]),
    insertFirst: async () => {
      const id = await programme(ids.nanhu, '早年计划', '2000-01-01');
      return () => remove('deleteProgramme', id);
    },
    foreign: [
      ['another parent', list('union', 'programmes', '', { id: ids.pinghu })],
      ['another field', list('union', 'children', '', { id: ids.nanhu })],
    ],
  }),
  'Activity.signUps': () => ({
    ref: list('activity', 'signUps', '', { id: ids.activity }),
    expected: () =>
      sqlIds('select id from sign_ups where activity_id = $1 order by created_at, id', [dbId(ids.activity)]),
    insertFirst: async () => {
      const id = dbId(await signUp(ids.activity, '13700000000'));
      await server.sql(`update sign_ups set created_at = $2 where id = $1`, [id, EARLY]);
      return deleteRow('sign_ups', id);
    },
    foreign: [
      ['another parent', list('activity', 'signUps', '', { id: ids.otherActivity })],
      ['another field', list('union', 'activities', '', { id: ids.nanhu })],
    ],
  }),
  'Competition.entries': () => ({
    ref: list('competition', 'entries', '', { id: ids.competition }),
    expected: () =>
      sqlIds('select id from competition_entries where competition_id = $1 order by created_at, id', [
        dbId(ids.competition),
      ]),
    insertFirst: async () => {
      const [entry] = await entries(ids.competition, ['后来队']);
      await server.sql(`update competition_entries set created_at = $2 where id = $1`, [dbId(entry), EARLY]);
      return deleteRow('competition_entries', dbId(entry));
    },
    foreign: [
      ['another parent', list('competition', 'entries', '', { id: ids.otherCompetition })],
      ['another field', list('competition', 'matches', '', { id: ids.competition })],
    ],
  }),
  'Competition.matches': () => ({
    ref: list('competition', 'matches', '', { id: ids.competition }),
    expected: () =>
      sqlIds('select id from matches where competition_id = $1 order by starts_at, id', [dbId(ids.competition)]),
    insertFirst: async () => {
      const teams = await page(list('competition', 'entries', '', { id: ids.competition }), 2);
      const [home, away] = teams.edges.map((e: any) => e.node.id);
      const [match] = await matches(ids.competition, [[home, away, '热身赛', EARLY]]);
      return deleteRow('matches', dbId(match));
    },
    foreign: [
      ['another parent', list('competition', 'matches', '', { id: ids.otherCompetition })],
      ['another status', list('competition', 'matches', 'status: [SCHEDULED]', { id: ids.competition })],
      ['another round', list('competition', 'matches', 'round: "第1轮"', { id: ids.competition })],
      ['another field', list('competition', 'entries', '', { id: ids.competition })],
    ],
  }),
};

/** The refusal of a bad `after`: BAD_USER_INPUT on the field, a 200 with a message, never a 500. */
function expectRefused(res: GraphQLResponse, message?: RegExp): void {
  expect(res.status).toBe(200);
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  if (message) expect(res.errors![0].message).toMatch(message);
}

const decode = (cursor: string): unknown[] => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
const encode = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

/** A wrong value for a key of the type the cursor shows there. */
function wrongTyped(value: unknown): unknown {
  if (typeof value === 'number') return 'near';
  if (/^\d{4}-\d{2}-\d{2}T/.test(String(value))) return '2026-02-30T10:00:00.000000Z';
  if (/^\d{4}-\d{2}-\d{2}$|^infinity$/.test(String(value))) return '2026-13-01';
  return 42;
}

describe.each(Object.keys(CASES))('%s', (name) => {
  it('pages through the whole list, each item once and in order', async () => {
    const { ref, expected } = CASES[name]();
    const all = await expected();
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const first of [1, 2, 3]) expect(await rest(ref, first, null)).toEqual(all);
    expect((await page(ref, 2)).totalCount).toBe(all.length);
  });

  it('neither repeats nor skips an item when a row is inserted before the cursor or a seen one deleted', async () => {
    const { ref, expected, insertFirst } = CASES[name]();
    // Inserted before the cursor between two fetches: the next pages go on where the first stopped.
    const before = await expected();
    const first = await page(ref, 3);
    expect(idsOf(first)).toEqual(before.slice(0, 3));
    const undo = await insertFirst();
    const next = await page(ref, 3, first.pageInfo.endCursor);
    expect(next.totalCount).toBe(before.length + 1);
    expect([...idsOf(first), ...(await rest(ref, 3, first.pageInfo.endCursor))]).toEqual(before);
    expect(idsOf(next)).toEqual(before.slice(3, 6));

    // A seen row deleted between two fetches: nothing after it is skipped.
    const withNew = await expected();
    const seen = await page(ref, 3);
    expect(idsOf(seen)).toEqual(withNew.slice(0, 3));
    await undo();
    expect([...idsOf(seen), ...(await rest(ref, 3, seen.pageInfo.endCursor))]).toEqual(withNew);
  });

  it('refuses a cursor of another list: another parent, field, filter or order', async () => {
    const { ref, foreign } = CASES[name]();
    expect(foreign.length).toBeGreaterThan(0);
    for (const [why, other] of foreign) {
      const cursor = (await page(other, 1)).pageInfo.endCursor;
      expect(cursor, why).not.toBeNull();
      expectRefused(await fetchPage(ref, 2, cursor), /another list/);
    }
  });

  it('refuses garbage and tampered cursors', async () => {
    const { ref } = CASES[name]();
    const cursor: string = (await page(ref, 2)).pageInfo.endCursor;
    const [version, digest, ...values] = decode(cursor);
    expect(version).toBe('v1');
    const bad: [string, string][] = [
      ['garbage', 'not a cursor!'],
      ['empty', ''],
      ['an offset cursor of the old kind', Buffer.from('o:1').toString('base64')],
      ['bad base64', `${cursor.slice(0, -2)}%%`],
      ['a truncated cursor', cursor.slice(0, -3)],
      ['JSON of another shape', encode([{ v: 1 }])],
      ['another version', encode(['v2', digest, ...values])],
      ['no version', encode([digest, ...values])],
      ['one key value short', encode([version, digest, ...values.slice(0, -1)])],
      ['one key value too many', encode([version, digest, ...values, 1])],
      ['an id that is a string', encode([version, digest, ...values.slice(0, -1), String(values.at(-1))])],
      ['an id that is not an integer', encode([version, digest, ...values.slice(0, -1), 1.5])],
      ['an id past the int range', encode([version, digest, ...values.slice(0, -1), 2 ** 31])],
      ['a sort key of the wrong type', encode([version, digest, wrongTyped(values[0]), ...values.slice(1)])],
      ['a null sort key', encode([version, digest, null, ...values.slice(1)])],
      ['another digest', encode([version, 'AAAAAAAAAAAAAAAA', ...values])],
    ];
    for (const [why, after] of bad) {
      const res = await fetchPage(ref, 2, after);
      expect(res.errors?.[0]?.extensions?.code, why).toBe('BAD_USER_INPUT');
      expectRefused(res);
    }
  });
});

describe('keyset cursors', () => {
  it('carry the sort key values and the row id of their item, under the version v1', async () => {
    const p = await page(list('union', 'children', '', { id: ids.nanhu }), 2);
    const [version, digest, name, id] = decode(p.edges[1].cursor);
    const [row] = await server.sql('select name from unions where id = $1', [id]);
    expect({ version, digestLength: String(digest).length, name, id }).toEqual({
      version: 'v1',
      digestLength: 16,
      name: row.name,
      id: dbId(p.edges[1].node.id),
    });
  });

  it('do not depend on how the arguments are spelled: defaults, field order, variables', async () => {
    const plain = list('union', 'activities', 'includeDescendants: true, filter: { kinds: [COURSE], search: "培训" }', {
      id: ids.nanhu,
    });
    const cursor = (await page(plain, 2)).pageInfo.endCursor;
    const spelled = list(
      'union',
      'activities',
      'orderBy: STARTS_AT_ASC, filter: { search: "培训", kinds: COURSE }, includeDescendants: $all',
      { id: ids.nanhu, all: true },
    );
    expect(idsOf(await page(spelled, 2, cursor))).toEqual(idsOf(await page(plain, 2, cursor)));
  });

  it('a structurally valid cursor with other key values names another position of the same list', async () => {
    const ref = list('union', 'children', '', { id: ids.nanhu });
    const all = await rest(ref, 20, null);
    const cursor = (await page(ref, 1)).pageInfo.endCursor;
    const [version, digest] = decode(cursor);
    const [last] = await server.sql('select name, id from unions where id = $1', [all[2]]);
    const moved = await page(ref, 20, encode([version, digest, last.name, last.id]));
    expect(idsOf(moved)).toEqual(all.slice(3));
  });

  it('bind a cursor to its parent in a batch: the right parent pages, the other is refused', async () => {
    const cursor = (await page(list('union', 'children', '', { id: ids.nanhu }), 2)).pageInfo.endCursor;
    const before = server.app.db.statementCount();
    const res = await server.gql(
      `query($a: ID!, $b: ID!, $after: String) {
        a: union(id: $a) { children(first: 2, after: $after) { nodes { name } } }
        b: union(id: $b) { children(first: 2, after: $after) { nodes { name } } }
      }`,
      { a: ids.nanhu, b: ids.pinghu, after: cursor },
    );
    expect(res.data.a.children.nodes).toHaveLength(2);
    expect(res.data.b).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      path: ['b', 'children'],
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
    // Both unions in one statement, the one page in another.
    expect(server.app.db.statementCount() - before).toBe(2);
  });

  it('cost the same statements with a cursor as without', async () => {
    const ref = list('union', 'children', '', { id: ids.nanhu });
    const count = async (after: string | null) => {
      const before = server.app.db.statementCount();
      await page(ref, 2, after);
      return server.app.db.statementCount() - before;
    };
    const cursor = (await page(ref, 2)).pageInfo.endCursor;
    expect(await count(cursor)).toBe(await count(null));
  });
});
