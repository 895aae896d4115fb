import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let county: string, town: string, site: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const mk = async (name: string, level: string, parentId?: string) =>
    (
      await server.gql(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
        i: { name, level, parentId },
      })
    ).data.createUnion.union.id;
  const city = await mk('嘉兴市总工会', 'CITY');
  county = await mk('南湖区总工会', 'COUNTY', city);
  town = await mk('大桥镇工会', 'TOWN', county);
  const created = await server.gql(
    `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id name kind location { latitude longitude } union { name } facilities } } }`,
    {
      i: {
        unionId: town,
        name: '大桥镇职工书屋',
        kind: 'READING_ROOM',
        location: { latitude: 30.75, longitude: 120.8 },
        facilities: ['WiFi', '阅读角'],
        rating: 'PROVINCIAL',
      },
    },
  );
  expect(created.errors).toBeUndefined();
  site = created.data.createSite.site.id;
});
afterAll(() => server?.stop());

const CREATE_ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) {
  activity { id title status capacity signUpCount placesLeft organiser { name } site { name } } } }`;

async function activity(input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(CREATE_ACTIVITY, {
    i: {
      kind: 'COURSE',
      title: '电商直播培训班',
      organiserId: town,
      siteId: site,
      startsAt: fromNow(20 * MINUTE),
      endsAt: fromNow(DAY),
      ...input,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data.createActivity.activity.id;
}

/** The day `days` from today (Asia/Shanghai), as YYYY-MM-DD. */
const day = (days: number): string => fromNow(days * DAY + 8 * 3_600_000).slice(0, 10);

const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id workerName phone status } activity { signUpCount placesLeft } } }`;

describe('sites', () => {
  it('refuses invalid coordinates and keeps nothing', async () => {
    const res = await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: town, name: '坏坐标', kind: 'OUTDOOR_STATION', location: { latitude: 95, longitude: 120 } },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/latitude/);
    expect(await server.sql(`select * from sites where name = '坏坐标'`)).toEqual([]);
  });

  it("lists a subtree's sites from a county with includeDescendants", async () => {
    const res = await server.gql(
      `query($id: ID!) { union(id: $id) {
      own: sites { totalCount }
      all: sites(includeDescendants: true, filter: { kinds: [READING_ROOM] }) { totalCount nodes { name rating } } } }`,
      { id: county },
    );
    expect(res.data.union.own.totalCount).toBe(0);
    expect(res.data.union.all).toEqual({ totalCount: 1, nodes: [{ name: '大桥镇职工书屋', rating: 'PROVINCIAL' }] });
  });
});

describe('activities and sign-ups', () => {
  it('never signs up beyond capacity, even all at once', async () => {
    const id = await activity({ status: 'OPEN', capacity: 5 });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.gql(SIGN_UP, {
          i: { activityId: id, workerName: `职工${i}`, phone: `139000000${String(i).padStart(2, '0')}` },
        }),
      ),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(5);
    expect(results.filter((r) => errorCode(r) === 'CAPACITY_FULL')).toHaveLength(7);
    const [row] =
      await server.sql(`select sign_up_count, (select count(*)::int from sign_ups where activity_id = a.id and status = 'SIGNED_UP') as n
      from activities a where title = '电商直播培训班' and capacity = 5`);
    expect(row).toEqual({ sign_up_count: 5, n: 5 });
  });

  it('refuses a duplicate sign-up, and frees the place on cancel', async () => {
    const id = await activity({ status: 'OPEN', capacity: 2, title: '读书分享会' });
    const first = await server.gql(SIGN_UP, { i: { activityId: id, workerName: '张三', phone: '13812345678' } });
    expect(first.data.signUp.activity).toEqual({ signUpCount: 1, placesLeft: 1 });
    const again = await server.gql(SIGN_UP, { i: { activityId: id, workerName: '张三', phone: '138-1234-5678' } });
    expect(errorCode(again)).toBe('CONFLICT');
    const cancel = await server.gql(
      `mutation($id: ID!) { cancelSignUp(id: $id) { signUp { status } activity { signUpCount } } }`,
      {
        id: first.data.signUp.signUp.id,
      },
    );
    expect(cancel.data.cancelSignUp).toEqual({ signUp: { status: 'CANCELLED' }, activity: { signUpCount: 0 } });
    const back = await server.gql(SIGN_UP, { i: { activityId: id, workerName: '张三', phone: '13812345678' } });
    expect(back.errors).toBeUndefined();
  });

  it('records attendance once the activity runs', async () => {
    const id = await activity({ status: 'OPEN', title: '气排球联赛', kind: 'COMPETITION' });
    const s = await server.gql(SIGN_UP, { i: { activityId: id, workerName: '李四', phone: '13700000001' } });
    const signUpId = s.data.signUp.signUp.id;
    const early = await server.gql(
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { activity { attendanceCount } } }`,
      {
        i: { signUpId },
      },
    );
    expect(errorCode(early)).toBe('CONFLICT');
    await server.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status } } }`, {
      i: { id, status: 'RUNNING' },
    });
    const ok = await server.gql(
      `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { attended } activity { attendanceCount } } }`,
      {
        i: { signUpId },
      },
    );
    expect(ok.data.recordAttendance).toEqual({ signUp: { attended: true }, activity: { attendanceCount: 1 } });
  });

  it('refuses capacity below current sign-ups, bad status changes and bad times', async () => {
    const id = await activity({ status: 'OPEN', capacity: 3, title: '职工书法展', kind: 'EXHIBITION' });
    await server.gql(SIGN_UP, { i: { activityId: id, workerName: '王五', phone: '13600000001' } });
    await server.gql(SIGN_UP, { i: { activityId: id, workerName: '赵六', phone: '13600000002' } });
    const update = (i: Record<string, unknown>) =>
      server.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { capacity status } } }`, {
        i: { id, ...i },
      });
    const low = await update({ capacity: 1 });
    expect(errorCode(low)).toBe('CONFLICT');
    expect(low.errors![0].message).toBe('capacity cannot go below the 2 current sign-ups');
    expect(errorCode(await update({ status: 'PLANNED' }))).toBe('CONFLICT');
    expect(errorCode(await update({ endsAt: '2020-01-01T00:00:00Z' }))).toBe('BAD_USER_INPUT');
    expect((await update({ capacity: 2 })).data.updateActivity.activity).toEqual({ capacity: 2, status: 'OPEN' });
    const [row] = await server.sql(`select capacity from activities where title = '职工书法展'`);
    expect(row.capacity).toBe(2);
  });

  it('groups activities in a programme and filters by kind, status and time', async () => {
    const p = await server.gql(
      `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id name } } }`,
      {
        i: { unionId: county, name: '"红五月"职工文化月', startsOn: day(10), endsOn: day(40) },
      },
    );
    const programmeId = p.data.createProgramme.programme.id;
    await activity({
      title: '红五月歌咏比赛',
      kind: 'PERFORMANCE',
      programmeId,
      startsAt: fromNow(15 * DAY),
      endsAt: fromNow(15 * DAY + 2 * 3_600_000),
    });
    const res = await server.gql(
      `query($id: ID!, $p: ID!, $from: DateTime!, $to: DateTime!, $yearFrom: DateTime!, $yearTo: DateTime!) {
      programme(id: $p) { activities { totalCount nodes { title } } }
      union(id: $id) { activities(includeDescendants: true, filter: { kinds: [PERFORMANCE], startsFrom: $from, startsBefore: $to }) { totalCount }
        stats(from: $yearFrom, to: $yearTo) { siteCount activityCount signUpCount attendanceCount
          activitiesByKind { kind count } } } }`,
      {
        id: county,
        p: programmeId,
        from: fromNow(10 * DAY),
        to: fromNow(40 * DAY),
        yearFrom: fromNow(-DAY),
        yearTo: fromNow(365 * DAY),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.programme.activities).toEqual({ totalCount: 1, nodes: [{ title: '红五月歌咏比赛' }] });
    expect(res.data.union.activities.totalCount).toBe(1);
    expect(res.data.union.stats.siteCount).toBe(1);
    expect(res.data.union.stats.activityCount).toBe(5);
    expect(res.data.union.stats.attendanceCount).toBe(1);
    const badDay = await server.gql(
      `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`,
      {
        i: { unionId: county, name: '坏日期', startsOn: '2026-02-30' },
      },
    );
    expect(errorCode(badDay)).toBe('BAD_USER_INPUT');
  });

  it('refuses bad phone numbers and malformed times', async () => {
    const id = await activity({ status: 'OPEN', title: '宣讲' });
    const bad = await server.gql(SIGN_UP, { i: { activityId: id, workerName: '钱七', phone: '12345' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const malformedDate = await server.gql(CREATE_ACTIVITY, {
      i: { kind: 'COURSE', title: 'x', organiserId: town, startsAt: 'yesterday' },
    });
    expect(errorCode(malformedDate)).toBe('BAD_USER_INPUT');
    expect(malformedDate.status).toBe(400);
  });
});

describe('updating and deleting', () => {
  it('updates a site, hands it to another union and clears optional fields', async () => {
    const res = await server.gql(
      `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { name address location { latitude } union { name } openingHours honours } } }`,
      {
        i: {
          id: site,
          unionId: county,
          address: null,
          location: null,
          openingHours: '周一至周日 08:30–21:00',
          honours: ['全国职工书屋示范点'],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateSite.site).toEqual({
      name: '大桥镇职工书屋',
      address: null,
      location: null,
      union: { name: '南湖区总工会' },
      openingHours: '周一至周日 08:30–21:00',
      honours: ['全国职工书屋示范点'],
    });
    const cleared = await server.gql(`mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id } } }`, {
      i: { id: site, name: null },
    });
    expect(errorCode(cleared)).toBe('BAD_USER_INPUT');
  });

  it('refuses to delete a site that hosts activities, and deletes it once they are gone', async () => {
    const held = await server.gql(`mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`, { id: site });
    expect(errorCode(held)).toBe('CONFLICT');
    // Activities with sign-ups are history: they are cancelled, never deleted, and keep their site.
    const ids = (
      await server.gql(`query($id: ID!) { site(id: $id) { activities(first: 100) { nodes { id signUpCount } } } }`, {
        id: site,
      })
    ).data.site.activities.nodes;
    const withSignUps = ids.find((a: { signUpCount: number }) => a.signUpCount > 0);
    const kept = await server.gql(`mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`, {
      id: withSignUps.id,
    });
    expect(errorCode(kept)).toBe('CONFLICT');

    const hall = (
      await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: town, name: '大桥镇职工之家', kind: 'WORKERS_HOME' },
      })
    ).data.createSite.site.id;
    const mistake = await activity({ title: '误录的讲座', kind: 'LECTURE', siteId: hall });
    expect(errorCode(await server.gql(`mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`, { id: hall }))).toBe(
      'CONFLICT',
    );
    const res = await server.gql(`mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`, { id: mistake });
    expect(res.data.deleteActivity.deletedId).toBe(mistake);
    const gone = await server.gql(`mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`, { id: hall });
    expect(gone.data.deleteSite.deletedId).toBe(hall);
    const again = await server.gql(`mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`, { id: hall });
    expect(errorCode(again)).toBe('NOT_FOUND');
  });

  it('deletes a programme and keeps its activities', async () => {
    const p = await server.gql(
      `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`,
      {
        i: { unionId: town, name: '金秋读书月' },
      },
    );
    const programmeId = p.data.createProgramme.programme.id;
    const renamed = await server.gql(
      `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { name startsOn endsOn } } }`,
      {
        i: { id: programmeId, name: '金秋职工读书月', startsOn: day(10), endsOn: day(70) },
      },
    );
    expect(renamed.data.updateProgramme.programme).toEqual({
      name: '金秋职工读书月',
      startsOn: day(10),
      endsOn: day(70),
    });
    const backwards = await server.gql(
      `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { name } } }`,
      {
        i: { id: programmeId, endsOn: day(5) },
      },
    );
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    const activityId = (
      await server.gql(CREATE_ACTIVITY.replace('organiser { name }', 'organiser { name } programme { name }'), {
        i: {
          kind: 'READING',
          title: '读书分享会',
          organiserId: town,
          programmeId,
          startsAt: fromNow(20 * DAY),
        },
      })
    ).data.createActivity.activity.id;
    await server.gql(`mutation($id: ID!) { deleteProgramme(id: $id) { deletedId } }`, { id: programmeId });
    const kept = await server.gql(
      `query($id: ID!) { node(id: $id) { ... on Activity { title programme { name } } } }`,
      { id: activityId },
    );
    expect(kept.data.node).toEqual({ title: '读书分享会', programme: null });
  });
});

describe('sites near a point', () => {
  it('finds the sites within a radius, nearest first, and refuses a radius too large', async () => {
    const mk = (name: string, latitude: number, longitude: number) =>
      server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: town, name, kind: 'OUTDOOR_STATION', location: { latitude, longitude } },
      });
    await mk('驿站·近', 30.7501, 120.8001); // ~15 m from the point
    await mk('驿站·中', 30.754, 120.8); // ~445 m
    await mk('驿站·远', 30.77, 120.8); // ~2.2 km
    const near = (radiusMeters?: number) =>
      server.gql(
        `query($near: NearInput!) { sites(filter: { near: $near, kinds: [OUTDOOR_STATION] }) { totalCount nodes { name } } }`,
        {
          near: { latitude: 30.75, longitude: 120.8, ...(radiusMeters ? { radiusMeters } : {}) },
        },
      );
    expect((await near()).data.sites).toEqual({ totalCount: 2, nodes: [{ name: '驿站·近' }, { name: '驿站·中' }] });
    expect((await near(3000)).data.sites.nodes.map((n: any) => n.name)).toEqual(['驿站·近', '驿站·中', '驿站·远']);
    expect(errorCode(await near(60_000))).toBe('BAD_USER_INPUT');
  });
});

describe('service-circle coverage and ordering', () => {
  it('finds the villages without a site, and counts them in stats', async () => {
    const village = async (name: string) =>
      (
        await server.gql(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
          i: { name, level: 'VILLAGE', parentId: town },
        })
      ).data.createUnion.union.id;
    const covered = await village('永红村工会');
    await village('联丰村工会');
    const firm = (
      await server.gql(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
        i: { name: '丰泽企业工会', level: 'GRASSROOTS', parentId: covered },
      })
    ).data.createUnion.union.id;
    // A site run by an enterprise inside the village covers the village too.
    await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
      i: { unionId: firm, name: '丰泽职工之家', kind: 'WORKERS_HOME' },
    });
    const res = await server.gql(
      `query($id: ID!) { union(id: $id) {
      stats { villagesWithoutSite }
      without: descendants(level: VILLAGE, filter: { hasSites: false }) { nodes { name } }
      with: descendants(level: VILLAGE, filter: { hasSites: true }) { nodes { name } } } }`,
      { id: county },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.union).toEqual({
      stats: { villagesWithoutSite: 1 },
      without: { nodes: [{ name: '联丰村工会' }] },
      with: { nodes: [{ name: '永红村工会' }] },
    });
  });

  it('lists activities latest first on request', async () => {
    for (const days of [3, 1, 2])
      await activity({
        title: `${days}天后宣讲`,
        kind: 'LECTURE',
        siteId: null,
        startsAt: fromNow(days * DAY),
        endsAt: null,
      });
    const list = async (orderBy: string) =>
      (
        await server.gql(
          `query($id: ID!) { union(id: $id) { activities(includeDescendants: true, orderBy: ${orderBy}, first: 100) { nodes { startsAt } } } }`,
          { id: county },
        )
      ).data.union.activities.nodes.map((n: any) => n.startsAt);
    const ascending = await list('STARTS_AT_ASC');
    expect(ascending.length).toBeGreaterThan(1);
    expect(ascending).toEqual([...ascending].sort());
    expect(await list('STARTS_AT_DESC')).toEqual([...ascending].reverse());
  });
});
