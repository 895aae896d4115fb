import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overWs } from './helpers/hostile.js';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

/**
 * Issue 10, point 9: what is stored can be trusted. Names are clean and unique among
 * their siblings, empty text is null, places are real, dates are plausible, and null
 * clears exactly what the schema says it clears.
 */

let server: TestServer;
let city: string, county: string, town: string;

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.gql(query, variables);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const CREATE_UNION = `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id name region memberCount level } } }`;
const UPDATE_UNION = `mutation($i: UpdateUnionInput!) { updateUnion(input: $i) { union { id name region memberCount level } } }`;
const MOVE_UNION = `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`;
const CREATE_SITE = `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id name address openingHours facilities honours areaSqm rating location { latitude longitude } } } }`;
const UPDATE_SITE = `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id name address openingHours facilities honours areaSqm rating location { latitude longitude } } } }`;
const CREATE_ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id title description startsAt endsAt capacity site { id } programme { id } } } }`;
const UPDATE_ACTIVITY = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id title description startsAt endsAt capacity site { id } programme { id } } } }`;
const CREATE_PROGRAMME = `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id name description startsOn endsOn } } }`;
const UPDATE_PROGRAMME = `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { id name description startsOn endsOn } } }`;
const REGISTER = `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id name members } } }`;
const SCHEDULE = `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id round } } }`;
const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id workerName } } }`;

async function union(name: string, level: string, parentId?: string): Promise<string> {
  return (await ok(CREATE_UNION, { i: { name, level, parentId } })).createUnion.union.id;
}

async function site(input: Record<string, unknown>): Promise<any> {
  return (await ok(CREATE_SITE, { i: { unionId: town, kind: 'READING_ROOM', ...input } })).createSite.site;
}

function activityInput(input: Record<string, unknown> = {}) {
  return { kind: 'COURSE', title: '课程', organiserId: county, startsAt: '2026-12-01T09:00:00+08:00', ...input };
}

/** The first error's code and field. */
function refusal(res: { errors?: any[] }) {
  const [error] = res.errors ?? [];
  return { code: error?.extensions?.code, field: error?.extensions?.field };
}

const ZW = '\u200B'; // zero-width space
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
const WJ = '\u2060'; // word joiner
const BOM = '\uFEFF';

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  city = await union('嘉兴市总工会', 'CITY');
  county = await union('嘉善县总工会', 'COUNTY', city);
  town = await union('魏塘街道总工会', 'TOWN', county);
});
afterAll(() => server?.stop());

describe('names', () => {
  it('are stored trimmed of whitespace and invisible characters', async () => {
    const created = (
      await ok(CREATE_UNION, { i: { name: `${ZW} ${BOM}西塘镇工会${WJ} ${ZWJ}`, level: 'TOWN', parentId: county } })
    ).createUnion.union;
    expect(created.name).toBe('西塘镇工会');
    const siteName = (await site({ name: `\t${ZWNJ}魏塘职工${ZW}书屋 \n` })).name;
    expect(siteName).toBe('魏塘职工书屋');
    const [row] = await server.sql(`select name from unions where id = $1`, [dbId(created.id)]);
    expect(row.name).toBe('西塘镇工会');
  });

  it.each([
    ['a union', CREATE_UNION, () => ({ name: `${ZW}${WJ}`, level: 'VILLAGE', parentId: town }), 'name'],
    ['a site', CREATE_SITE, () => ({ unionId: town, name: ` ${BOM} `, kind: 'READING_ROOM' }), 'name'],
    ['an activity', CREATE_ACTIVITY, () => activityInput({ title: `${ZWJ}${ZWNJ}` }), 'title'],
    ['a programme', CREATE_PROGRAMME, () => ({ unionId: county, name: `${ZW}` }), 'name'],
  ])('of %s are refused when nothing is left after trimming', async (_what, mutation, input, field) => {
    const res = await server.gql(mutation, { i: input() });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0].message).toBe(`${field} must not be empty`);
  });

  it('of list items (entries, match rounds) and workers are refused when invisible only, with the path', async () => {
    const competition = (
      await ok(CREATE_ACTIVITY, { i: activityInput({ kind: 'COMPETITION', title: '隐形字符赛', status: 'OPEN' }) })
    ).createActivity.activity.id;
    const competitionId = Buffer.from(`Competition:${dbId(competition)}`).toString('base64');
    const entry = await server.gql(REGISTER, {
      i: {
        competitionId,
        entries: [
          { name: '甲队', unionId: town },
          { name: `${WJ}`, unionId: town },
        ],
      },
    });
    expect(refusal(entry)).toEqual({ code: 'BAD_USER_INPUT', field: 'entries.1.name' });
    const [home, away] = (
      await ok(REGISTER, {
        i: {
          competitionId,
          entries: [
            { name: ` 乙队${ZW}`, unionId: town, members: ['张三', '', `${ZW} `, ' 李四 '] },
            { name: '丙队', unionId: town },
          ],
        },
      })
    ).registerEntries.entries;
    expect(home).toMatchObject({ name: '乙队', members: ['张三', '李四'] });
    const round = await server.gql(SCHEDULE, {
      i: {
        competitionId,
        matches: [
          { round: `${ZW}`, homeEntryId: home.id, awayEntryId: away.id, startsAt: '2026-12-02T19:00:00+08:00' },
        ],
      },
    });
    expect(refusal(round)).toEqual({ code: 'BAD_USER_INPUT', field: 'matches.0.round' });
    const activity = (await ok(CREATE_ACTIVITY, { i: activityInput({ title: '报名', status: 'OPEN' }) })).createActivity
      .activity.id;
    const worker = await server.gql(SIGN_UP, {
      i: { activityId: activity, workerName: `${BOM}${ZW}`, phone: '13800000000' },
    });
    expect(refusal(worker)).toEqual({ code: 'BAD_USER_INPUT', field: 'workerName' });
  });

  it('are refused on update too, over HTTP and WebSocket alike', async () => {
    const variables = { i: { id: town, name: `${ZW}${ZWJ}` } };
    const http = await server.gql(UPDATE_UNION, variables);
    expect(refusal(http)).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    const ws = await overWs(server.wsUrl, UPDATE_UNION, variables, server.adminToken);
    expect(refusal(ws)).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    const [row] = await server.sql(`select name from unions where id = $1`, [dbId(town)]);
    expect(row.name).toBe('魏塘街道总工会');
  });
});

describe('optional text', () => {
  it('is stored as null when empty after trimming', async () => {
    const created = (
      await ok(CREATE_UNION, { i: { name: '罗星街道总工会', level: 'TOWN', parentId: county, region: ` ${ZW}` } })
    ).createUnion.union;
    expect(created.region).toBeNull();
    const s = await site({ name: '空地址书屋', address: '', openingHours: `  ${BOM}` });
    expect(s).toMatchObject({ address: null, openingHours: null });
    const [row] = await server.sql(`select address, opening_hours from sites where id = $1`, [dbId(s.id)]);
    expect(row).toEqual({ address: null, opening_hours: null });
    const updated = (await ok(UPDATE_SITE, { i: { id: s.id, address: ' ', openingHours: '周一至周日 9:00–17:00 ' } }))
      .updateSite.site;
    expect(updated).toMatchObject({ address: null, openingHours: '周一至周日 9:00–17:00' });
    const a = (await ok(CREATE_ACTIVITY, { i: activityInput({ title: '无描述', description: '   ' }) })).createActivity
      .activity;
    expect(a.description).toBeNull();
    expect(
      (await ok(UPDATE_ACTIVITY, { i: { id: a.id, description: '' } })).updateActivity.activity.description,
    ).toBeNull();
    const p = (await ok(CREATE_PROGRAMME, { i: { unionId: county, name: '空描述计划', description: '' } }))
      .createProgramme.programme;
    expect(p.description).toBeNull();
  });

  it('drops empty list items (facilities, honours)', async () => {
    const s = await site({ name: '列表书屋', facilities: ['', ' WiFi ', `${ZW}`, '阅览座位'], honours: ['  '] });
    expect(s).toMatchObject({ facilities: ['WiFi', '阅览座位'], honours: [] });
    const updated = (await ok(UPDATE_SITE, { i: { id: s.id, facilities: [' ', '自习区'] } })).updateSite.site;
    expect(updated.facilities).toEqual(['自习区']);
  });
});

describe('duplicate sibling names', () => {
  it('are refused for unions under one parent with CONFLICT naming the existing union', async () => {
    const existing = await union('大云镇工会', 'TOWN', county);
    for (const name of ['大云镇工会', ' 大云镇工会', `大云镇${ZW}工会`]) {
      const res = await server.gql(CREATE_UNION, { i: { name, level: 'TOWN', parentId: county } });
      expect(errorCode(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toContain('大云镇工会');
      expect(res.errors![0].message).toContain(existing);
    }
    // Case and runs of spaces do not make a new name.
    await union('Wanda Plaza 楼宇联合工会', 'GRASSROOTS', town);
    const cased = await server.gql(CREATE_UNION, {
      i: { name: 'wanda  PLAZA 楼宇联合工会', level: 'GRASSROOTS', parentId: town },
    });
    expect(errorCode(cased)).toBe('CONFLICT');
    // The same name under another parent is another union.
    const elsewhere = await union('大云镇工会', 'TOWN', await union('平湖市总工会', 'COUNTY', city));
    expect(elsewhere).not.toBe(existing);
    expect(await server.sql(`select count(*)::int as n from unions where name = '大云镇工会'`)).toEqual([{ n: 2 }]);
  });

  it('are refused when a rename or a move would make one', async () => {
    const a = await union('陶庄镇工会', 'TOWN', county);
    await union('干窑镇工会', 'TOWN', county);
    const rename = await server.gql(UPDATE_UNION, { i: { id: a, name: '干窑镇工会' } });
    expect(errorCode(rename)).toBe('CONFLICT');
    expect(rename.errors![0].message).toContain('干窑镇工会');
    // Renaming to its own name (or another case of it) is no duplicate.
    expect((await ok(UPDATE_UNION, { i: { id: a, name: '陶庄镇工会 ' } })).updateUnion.union.name).toBe('陶庄镇工会');

    const other = await union('海宁市总工会', 'COUNTY', city);
    const twin = await union('陶庄镇工会', 'TOWN', other);
    const move = await server.gql(MOVE_UNION, { i: { id: twin, newParentId: county } });
    expect(errorCode(move)).toBe('CONFLICT');
    expect(move.errors![0].message).toContain(a);
  });

  it('are refused for sites of one union, on create, rename and hand-over', async () => {
    const first = await site({ name: '姚庄职工书屋' });
    const again = await server.gql(CREATE_SITE, { i: { unionId: town, name: '姚庄职工书屋 ', kind: 'WORKERS_HOME' } });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors![0].message).toContain('姚庄职工书屋');
    expect(again.errors![0].message).toContain(first.id);
    const second = await site({ name: '姚庄职工之家' });
    expect(errorCode(await server.gql(UPDATE_SITE, { i: { id: second.id, name: '姚庄职工书屋' } }))).toBe('CONFLICT');
    const atCounty = (await ok(CREATE_SITE, { i: { unionId: county, name: '姚庄职工书屋', kind: 'READING_ROOM' } }))
      .createSite.site;
    expect(errorCode(await server.gql(UPDATE_SITE, { i: { id: atCounty.id, unionId: town } }))).toBe('CONFLICT');
    expect(await server.sql(`select count(*)::int as n from sites where name = '姚庄职工书屋'`)).toEqual([{ n: 2 }]);
  });

  it('are refused by the database too, whatever writes them', async () => {
    await site({ name: '天凝职工书屋' });
    await expect(
      server.sql(`insert into sites (name, kind, union_id) values ('天凝职工书屋', 'READING_ROOM', $1)`, [dbId(town)]),
    ).rejects.toThrow(/unique/);
    await expect(
      server.sql(`insert into unions (name, level, parent_id, path) values (' 魏塘街道总工会', 'TOWN', $1, '0')`, [
        dbId(county),
      ]),
    ).rejects.toThrow(/unique/);
  });
});

describe('locations', () => {
  it.each([
    ['(0, 0)', { latitude: 0, longitude: 0 }],
    ['Paris', { latitude: 48.8566, longitude: 2.3522 }],
    ['the Pacific east of Japan', { latitude: 30.7, longitude: 150 }],
    ['swapped coordinates of Jiaxing', { latitude: 120.75, longitude: 30.75 }],
  ])('refuses %s with BAD_USER_INPUT', async (_what, location) => {
    const res = await server.gql(CREATE_SITE, {
      i: { unionId: town, name: `坐标${location.latitude}`, kind: 'OUTDOOR_STATION', location },
    });
    expect(refusal(res).code).toBe('BAD_USER_INPUT');
    expect(refusal(res).field).toMatch(/^location/);
  });

  it('accepts a point abroad with outsideChina: true, but never (0, 0)', async () => {
    const abroad = await site({
      name: '驻外职工之家',
      location: { latitude: 41.3, longitude: 69.24, outsideChina: true },
    });
    expect(abroad.location).toEqual({ latitude: 41.3, longitude: 69.24 });
    const island = await server.gql(CREATE_SITE, {
      i: {
        unionId: town,
        name: '零点',
        kind: 'OUTDOOR_STATION',
        location: { latitude: 0, longitude: 0, outsideChina: true },
      },
    });
    expect(refusal(island)).toEqual({ code: 'BAD_USER_INPUT', field: 'location' });
    const moved = await server.gql(UPDATE_SITE, {
      i: { id: abroad.id, location: { latitude: 48.85, longitude: 2.35 } },
    });
    expect(refusal(moved)).toEqual({ code: 'BAD_USER_INPUT', field: 'location' });
    const inJiaxing = (
      await ok(UPDATE_SITE, { i: { id: abroad.id, location: { latitude: 30.84, longitude: 120.93 } } })
    ).updateSite.site;
    expect(inJiaxing.location).toEqual({ latitude: 30.84, longitude: 120.93 });
  });
});

describe('null clears where the schema says so', () => {
  it('refuses null for union fields that cannot be cleared, and clears region', async () => {
    const id = (
      await ok(CREATE_UNION, {
        i: { name: '惠民街道总工会', level: 'TOWN', parentId: county, region: '嘉善县', memberCount: 120 },
      })
    ).createUnion.union.id;
    for (const field of ['memberCount', 'level', 'name']) {
      const res = await server.gql(UPDATE_UNION, { i: { id, [field]: null } });
      expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const [row] = await server.sql(`select member_count, level from unions where id = $1`, [dbId(id)]);
    expect(row).toEqual({ member_count: 120, level: 'TOWN' });
    expect((await ok(UPDATE_UNION, { i: { id, region: null } })).updateUnion.union.region).toBeNull();
  });

  it('clears every optional field of a site, an activity and a programme', async () => {
    const s = await site({
      name: '可清空书屋',
      address: '魏塘街道1号',
      openingHours: '全天',
      areaSqm: 120,
      rating: 'CITY',
      facilities: ['WiFi'],
      honours: ['示范点'],
      location: { latitude: 30.83, longitude: 120.92 },
    });
    const cleared = (
      await ok(UPDATE_SITE, {
        i: {
          id: s.id,
          address: null,
          openingHours: null,
          areaSqm: null,
          rating: null,
          facilities: null,
          honours: null,
          location: null,
        },
      })
    ).updateSite.site;
    expect(cleared).toMatchObject({
      address: null,
      openingHours: null,
      areaSqm: null,
      rating: null,
      facilities: [],
      honours: [],
      location: null,
    });

    const p = (
      await ok(CREATE_PROGRAMME, {
        i: { unionId: county, name: '可清空计划', description: '说明', startsOn: '2026-11-01', endsOn: '2026-12-31' },
      })
    ).createProgramme.programme;
    const a = (
      await ok(CREATE_ACTIVITY, {
        i: activityInput({
          title: '可清空活动',
          description: '说明',
          siteId: s.id,
          programmeId: p.id,
          endsAt: '2026-12-01T11:00:00+08:00',
          capacity: 30,
        }),
      })
    ).createActivity.activity;
    expect(
      (
        await ok(UPDATE_ACTIVITY, {
          i: { id: a.id, description: null, siteId: null, programmeId: null, endsAt: null, capacity: null },
        })
      ).updateActivity.activity,
    ).toMatchObject({ description: null, site: null, programme: null, endsAt: null, capacity: null });
    expect(
      (await ok(UPDATE_PROGRAMME, { i: { id: p.id, description: null, startsOn: null, endsOn: null } })).updateProgramme
        .programme,
    ).toMatchObject({ description: null, startsOn: null, endsOn: null });
    for (const field of ['title', 'kind', 'startsAt', 'status']) {
      expect(refusal(await server.gql(UPDATE_ACTIVITY, { i: { id: a.id, [field]: null } }))).toEqual({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
  });
});

describe('dates', () => {
  it.each([
    [
      'an activity starting in 1999',
      CREATE_ACTIVITY,
      () => activityInput({ startsAt: '1999-12-31T09:00:00+08:00' }),
      'startsAt',
    ],
    [
      'an activity ending in 2099',
      CREATE_ACTIVITY,
      () => activityInput({ endsAt: '2099-01-01T09:00:00+08:00' }),
      'endsAt',
    ],
    [
      'a programme starting in 1999',
      CREATE_PROGRAMME,
      () => ({ unionId: county, name: '旧计划', startsOn: '1999-05-01' }),
      'startsOn',
    ],
    [
      'a programme ending in 2100',
      CREATE_PROGRAMME,
      () => ({ unionId: county, name: '远计划', endsOn: '2100-05-01' }),
      'endsOn',
    ],
  ])('refuses %s', async (_what, mutation, input, field) => {
    const res = await server.gql(mutation, { i: input() });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a match dated 1999 and an activity moved 20 years ahead', async () => {
    const competition = (
      await ok(CREATE_ACTIVITY, { i: activityInput({ kind: 'COMPETITION', title: '日期赛', status: 'OPEN' }) })
    ).createActivity.activity.id;
    const competitionId = Buffer.from(`Competition:${dbId(competition)}`).toString('base64');
    const [home, away] = (
      await ok(REGISTER, {
        i: {
          competitionId,
          entries: [
            { name: '一队', unionId: town },
            { name: '二队', unionId: town },
          ],
        },
      })
    ).registerEntries.entries;
    const res = await server.gql(SCHEDULE, {
      i: {
        competitionId,
        matches: [
          { round: '第1轮', homeEntryId: home.id, awayEntryId: away.id, startsAt: '2026-12-02T19:00:00+08:00' },
          { round: '第2轮', homeEntryId: away.id, awayEntryId: home.id, startsAt: '1999-12-02T19:00:00+08:00' },
        ],
      },
    });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', field: 'matches.1.startsAt' });
    expect(await server.sql(`select count(*)::int as n from matches`)).toEqual([{ n: 0 }]);
    const far = new Date(Date.now() + 20 * 365 * 24 * 3600 * 1000).toISOString();
    const moved = await server.gql(UPDATE_ACTIVITY, { i: { id: competition, startsAt: far } });
    expect(refusal(moved)).toEqual({ code: 'BAD_USER_INPUT', field: 'startsAt' });
  });
});
