import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnion } from './helpers/fixtures.js';
import { errorCode, startTestServer, tokenFor, type GraphQLResponse, type TestServer } from './helpers/server.js';

/**
 * Issue 10, point 6: what a write refers to lies in the writer's subtree, as the organiser
 * does: an activity's site and programme, a competition entry's union, a match's site.
 * And an activity of a programme lies within the programme's days.
 *
 * The tree: city → county A → town A1 → village A1v, and county B. Staff of county A
 * write; county B's site and programme are out of their reach, village A1v's site is not.
 */

/**
 * The year of every date here: the next one, so every activity is still to come (a new
 * one is PLANNED or OPEN, which the clock allows only before its start).
 */
const Y = new Date().getUTCFullYear() + 1;

let server: TestServer;
let countyA: string, townA1: string, villageA1v: string, countyB: string;
let villageSite: string, siteB: string, may: string, openProgramme: string, programmeB: string;
let staffA: string;

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const asType = (type: string, globalId: string) => Buffer.from(`${type}:${dbId(globalId)}`).toString('base64');

const CREATE_ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id site { name } programme { name } } } }`;
const UPDATE_ACTIVITY = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id title startsAt endsAt site { name } programme { name } } } }`;
const CREATE_SITE = `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`;
const CREATE_PROGRAMME = `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { programme { id } } }`;
const UPDATE_PROGRAMME = `mutation($i: UpdateProgrammeInput!) { updateProgramme(input: $i) { programme { startsOn endsOn } } }`;
const REGISTER = `mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id union { name } } } }`;
const SCHEDULE = `mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id site { name } } } }`;

/** As county A's staff (or as `token`); throws on any error. */
async function ok<T = any>(query: string, variables: Record<string, unknown>, token = staffA): Promise<T> {
  const res = await server.gql(query, variables, { token });
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** As county A's staff. */
const asStaffA = (query: string, variables: Record<string, unknown>) => server.gql(query, variables, { token: staffA });

/** The first error's code, field and message. */
function refusal(res: GraphQLResponse) {
  const [error] = res.errors ?? [];
  return { code: errorCode(res), field: error?.extensions?.field, message: error?.message };
}

/** An activity of county A in May (or as given), created by its staff. */
async function activity(input: Record<string, unknown> = {}): Promise<string> {
  const data = await ok(CREATE_ACTIVITY, {
    i: { kind: 'LECTURE', title: '讲座', organiserId: countyA, startsAt: `${Y}-05-10T19:00:00+08:00`, ...input },
  });
  return data.createActivity.activity.id;
}

async function count(table: string): Promise<number> {
  const [{ n }] = await server.sql(`select count(*)::int as n from ${table}`);
  return n;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  countyA = await createUnion(server, '平湖市总工会', 'COUNTY', city);
  townA1 = await createUnion(server, '当湖街道总工会', 'TOWN', countyA);
  villageA1v = await createUnion(server, '新埭村工会', 'VILLAGE', townA1);
  countyB = await createUnion(server, '海盐县总工会', 'COUNTY', city);
  const admin = async (query: string, variables: Record<string, unknown>) => {
    const res = await server.gql(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  villageSite = (await admin(CREATE_SITE, { i: { unionId: villageA1v, name: '新埭村职工书屋', kind: 'READING_ROOM' } }))
    .createSite.site.id;
  siteB = (await admin(CREATE_SITE, { i: { unionId: countyB, name: '海盐县职工文化宫', kind: 'CULTURAL_PALACE' } }))
    .createSite.site.id;
  may = (
    await admin(CREATE_PROGRAMME, {
      i: { unionId: countyA, name: '红五月职工文化月', startsOn: `${Y}-05-01`, endsOn: `${Y}-05-31` },
    })
  ).createProgramme.programme.id;
  openProgramme = (await admin(CREATE_PROGRAMME, { i: { unionId: countyA, name: '职工读书行动' } })).createProgramme
    .programme.id;
  programmeB = (await admin(CREATE_PROGRAMME, { i: { unionId: countyB, name: '海盐县职工文化节' } })).createProgramme
    .programme.id;
  staffA = await tokenFor({ unionId: dbId(countyA), role: 'STAFF', name: '平湖干部' });
});
afterAll(() => server?.stop());

describe("an activity's site and programme", () => {
  it("refuses another county's site, on create and on update, naming it", async () => {
    const before = await count('activities');
    const created = await asStaffA(CREATE_ACTIVITY, {
      i: {
        kind: 'LECTURE',
        title: '越界讲座',
        organiserId: countyA,
        siteId: siteB,
        startsAt: `${Y}-05-10T19:00:00+08:00`,
      },
    });
    expect(refusal(created)).toEqual({
      code: 'FORBIDDEN',
      field: undefined,
      message: "The site 海盐县职工文化宫 is outside your union's subtree: 海盐县总工会 is not under your union",
    });
    expect(await count('activities')).toBe(before);

    const id = await activity();
    const updated = await asStaffA(UPDATE_ACTIVITY, { i: { id, siteId: siteB } });
    expect(refusal(updated)).toMatchObject({ code: 'FORBIDDEN', message: /^The site 海盐县职工文化宫 is outside/ });
    expect(await server.sql(`select site_id from activities where id = $1`, [dbId(id)])).toEqual([{ site_id: null }]);

    // So county B may still delete its site: nothing of county A holds it.
    const siteB2 = (
      await server.gql(CREATE_SITE, { i: { unionId: countyB, name: '海盐县职工书屋', kind: 'READING_ROOM' } })
    ).data.createSite.site.id;
    expect(
      refusal(
        await asStaffA(CREATE_ACTIVITY, {
          i: {
            kind: 'LECTURE',
            title: 'x',
            organiserId: countyA,
            siteId: siteB2,
            startsAt: `${Y}-07-01T19:00:00+08:00`,
          },
        }),
      ).code,
    ).toBe('FORBIDDEN');
    const staffB = await tokenFor({ unionId: dbId(countyB), role: 'STAFF' });
    const deleted = await server.gql(
      `mutation($id: ID!) { deleteSite(id: $id) { deletedId } }`,
      { id: siteB2 },
      { token: staffB },
    );
    expect(deleted.data?.deleteSite).toEqual({ deletedId: siteB2 });
  });

  it('takes a site below the staff member’s union: a village’s site is inside the county’s subtree', async () => {
    const created = await ok(CREATE_ACTIVITY, {
      i: {
        kind: 'READING',
        title: '读书会',
        organiserId: countyA,
        siteId: villageSite,
        startsAt: `${Y}-07-01T19:00:00+08:00`,
      },
    });
    expect(created.createActivity.activity.site).toEqual({ name: '新埭村职工书屋' });
  });

  it('leaves alone what an ADMIN placed elsewhere when the staff edit the rest, and lets them clear it', async () => {
    const placed = (
      await server.gql(CREATE_ACTIVITY, {
        i: {
          kind: 'PERFORMANCE',
          title: '联合演出',
          organiserId: countyA,
          siteId: siteB,
          programmeId: programmeB,
          startsAt: `${Y}-08-01T19:00:00+08:00`,
        },
      })
    ).data.createActivity.activity.id;
    const edited = await ok(UPDATE_ACTIVITY, {
      i: { id: placed, title: '两地联合演出', siteId: siteB, programmeId: programmeB },
    });
    expect(edited.updateActivity.activity).toMatchObject({
      title: '两地联合演出',
      site: { name: '海盐县职工文化宫' },
      programme: { name: '海盐县职工文化节' },
    });
    const cleared = await ok(UPDATE_ACTIVITY, { i: { id: placed, siteId: null, programmeId: null } });
    expect(cleared.updateActivity.activity).toMatchObject({ site: null, programme: null });
  });

  it("refuses another county's programme, on create and on update, naming it", async () => {
    const before = await count('activities');
    const created = await asStaffA(CREATE_ACTIVITY, {
      i: {
        kind: 'LECTURE',
        title: '越界讲座',
        organiserId: countyA,
        programmeId: programmeB,
        startsAt: `${Y}-05-10T19:00:00+08:00`,
      },
    });
    expect(refusal(created)).toEqual({
      code: 'FORBIDDEN',
      field: undefined,
      message: "The programme 海盐县职工文化节 is outside your union's subtree: 海盐县总工会 is not under your union",
    });
    expect(await count('activities')).toBe(before);
    const id = await activity();
    expect(refusal(await asStaffA(UPDATE_ACTIVITY, { i: { id, programmeId: programmeB } }))).toMatchObject({
      code: 'FORBIDDEN',
      message: /^The programme 海盐县职工文化节 is outside/,
    });
  });
});

describe("a programme's days", () => {
  it('take activities that start and end within them, as days in Asia/Shanghai', async () => {
    // 07:00 on 1 May in Jiaxing is still 30 April in UTC; midnight after the last day closes it.
    const first = await ok(CREATE_ACTIVITY, {
      i: {
        kind: 'LECTURE',
        title: '开幕讲座',
        organiserId: countyA,
        programmeId: may,
        startsAt: `${Y}-05-01T07:00:00+08:00`,
      },
    });
    expect(first.createActivity.activity.programme).toEqual({ name: '红五月职工文化月' });
    await activity({
      title: '闭幕晚会',
      programmeId: may,
      startsAt: `${Y}-05-31T19:00:00+08:00`,
      endsAt: `${Y}-06-01T00:00:00+08:00`,
    });
    // A programme without days takes any time.
    await activity({ title: '读书分享', programmeId: openProgramme, startsAt: `${Y + 1}-01-10T19:00:00+08:00` });
  });

  it('refuse a create whose start or end lies outside, naming the time', async () => {
    const before = await count('activities');
    const attempt = async (startsAt: string, endsAt?: string) =>
      refusal(
        await asStaffA(CREATE_ACTIVITY, {
          i: { kind: 'LECTURE', title: '场外讲座', organiserId: countyA, programmeId: may, startsAt, endsAt },
        }),
      );
    expect(await attempt(`${Y}-04-30T23:30:00+08:00`)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'startsAt',
      message: `startsAt lies outside the programme 红五月职工文化月 (${Y}-05-01 – ${Y}-05-31, days in Asia/Shanghai): an activity of a programme starts and ends within its days`,
    });
    // 07:00 on 1 June in Jiaxing, still 31 May in UTC.
    expect(await attempt(`${Y}-06-01T07:00:00+08:00`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    expect(await attempt(`${Y}-05-31T19:00:00+08:00`, `${Y}-06-01T10:00:00+08:00`)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'endsAt',
      message: /^endsAt lies outside the programme 红五月职工文化月/,
    });
    expect(await count('activities')).toBe(before);
  });

  it('refuse an update that moves the times out, or puts the activity into a programme it does not fit', async () => {
    const inMay = await activity({ title: '五月讲座', programmeId: may });
    expect(
      refusal(await asStaffA(UPDATE_ACTIVITY, { i: { id: inMay, startsAt: `${Y}-06-02T19:00:00+08:00` } })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'startsAt',
    });
    expect(
      refusal(await asStaffA(UPDATE_ACTIVITY, { i: { id: inMay, endsAt: `${Y}-06-05T21:00:00+08:00` } })),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'endsAt',
    });
    const july = await activity({ title: '七月讲座', startsAt: `${Y}-07-01T19:00:00+08:00` });
    expect(refusal(await asStaffA(UPDATE_ACTIVITY, { i: { id: july, programmeId: may } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'programmeId',
      message: /^startsAt lies outside the programme 红五月职工文化月/,
    });
    // Moving it into the days with the programme, in one request, is fine.
    const moved = await ok(UPDATE_ACTIVITY, {
      i: { id: july, programmeId: may, startsAt: `${Y}-05-20T19:00:00+08:00` },
    });
    expect(moved.updateActivity.activity.programme).toEqual({ name: '红五月职工文化月' });
  });

  it('refuse to shrink so that activities fall outside, saying how many; widening and renaming are fine', async () => {
    const programme = (
      await ok(CREATE_PROGRAMME, {
        i: { unionId: countyA, name: '金秋读书月', startsOn: `${Y}-10-01`, endsOn: `${Y}-10-31` },
      })
    ).createProgramme.programme.id;
    await activity({ programmeId: programme, startsAt: `${Y}-10-01T07:00:00+08:00` });
    await activity({ programmeId: programme, startsAt: `${Y}-10-20T19:00:00+08:00` });
    await activity({
      programmeId: programme,
      startsAt: `${Y}-10-30T19:00:00+08:00`,
      endsAt: `${Y}-11-01T00:00:00+08:00`,
    });

    expect(refusal(await asStaffA(UPDATE_PROGRAMME, { i: { id: programme, endsOn: `${Y}-10-15` } }))).toEqual({
      code: 'CONFLICT',
      field: undefined,
      message: `2 activities of the programme would lie outside ${Y}-10-01 – ${Y}-10-15 (days in Asia/Shanghai); take them out of the programme or change their times first`,
    });
    expect(refusal(await asStaffA(UPDATE_PROGRAMME, { i: { id: programme, startsOn: `${Y}-10-02` } }))).toMatchObject({
      code: 'CONFLICT',
      message: new RegExp(`^1 activity of the programme would lie outside ${Y}-10-02 – ${Y}-10-31`),
    });
    expect(refusal(await asStaffA(UPDATE_PROGRAMME, { i: { id: programme, endsOn: `${Y}-10-30` } }))).toMatchObject({
      code: 'CONFLICT',
      message: /^1 activity/,
    });
    const [row] = await server.sql(`select starts_on::text, ends_on::text from programmes where id = $1`, [
      dbId(programme),
    ]);
    expect(row).toEqual({ starts_on: `${Y}-10-01`, ends_on: `${Y}-10-31` });

    const widened = await ok(UPDATE_PROGRAMME, { i: { id: programme, startsOn: `${Y}-09-01`, endsOn: `${Y}-11-30` } });
    expect(widened.updateProgramme.programme).toEqual({ startsOn: `${Y}-09-01`, endsOn: `${Y}-11-30` });
    const opened = await ok(UPDATE_PROGRAMME, { i: { id: programme, startsOn: null, endsOn: null, name: '读书月' } });
    expect(opened.updateProgramme.programme).toEqual({ startsOn: null, endsOn: null });
  });
});

describe('references of competitions', () => {
  async function competition(title: string): Promise<string> {
    const id = await activity({ kind: 'COMPETITION', title, startsAt: `${Y}-09-01T09:00:00+08:00` });
    return asType('Competition', id);
  }

  it("refuse an entry from another county's union, naming the entry", async () => {
    const id = await competition('平湖市职工拔河赛');
    const before = await count('competition_entries');
    const res = await asStaffA(REGISTER, {
      i: {
        competitionId: id,
        entries: [
          { name: '当湖队', unionId: townA1 },
          { name: '海盐队', unionId: countyB },
        ],
      },
    });
    expect(refusal(res)).toEqual({
      code: 'FORBIDDEN',
      field: undefined,
      message: `The union of entry "海盐队" is outside your union's subtree: 海盐县总工会 is not under your union`,
    });
    expect(await count('competition_entries')).toBe(before);
    const registered = await ok(REGISTER, {
      i: { competitionId: id, entries: [{ name: '新埭队', unionId: villageA1v }] },
    });
    expect(registered.registerEntries.entries[0].union).toEqual({ name: '新埭村工会' });
  });

  it("refuse a match at another county's site, naming the site", async () => {
    const id = await competition('平湖市职工篮球赛');
    const [home, away] = (
      await ok(REGISTER, {
        i: {
          competitionId: id,
          entries: [
            { name: '甲队', unionId: countyA },
            { name: '乙队', unionId: townA1 },
          ],
        },
      })
    ).registerEntries.entries.map((e: any) => e.id);
    const match = (siteId: string) => ({
      i: {
        competitionId: id,
        matches: [
          { round: '决赛', homeEntryId: home, awayEntryId: away, startsAt: `${Y}-09-02T19:00:00+08:00`, siteId },
        ],
      },
    });
    expect(refusal(await asStaffA(SCHEDULE, match(siteB)))).toEqual({
      code: 'FORBIDDEN',
      field: undefined,
      message: "The site 海盐县职工文化宫 is outside your union's subtree: 海盐县总工会 is not under your union",
    });
    expect(await count('matches')).toBe(0);
    const scheduled = await ok(SCHEDULE, match(villageSite));
    expect(scheduled.scheduleMatches.matches[0].site).toEqual({ name: '新埭村职工书屋' });
  });
});

describe('references that were already checked', () => {
  it("refuse a site handed to, a union moved under, and a programme or union created in another county's subtree", async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [
        `mutation($i: UpdateSiteInput!) { updateSite(input: $i) { site { id } } }`,
        { i: { id: villageSite, unionId: countyB } },
      ],
      [
        `mutation($i: MoveUnionInput!) { moveUnion(input: $i) { union { id } } }`,
        { i: { id: villageA1v, newParentId: countyB } },
      ],
      [CREATE_PROGRAMME, { i: { unionId: countyB, name: '越界计划' } }],
      [CREATE_SITE, { i: { unionId: countyB, name: '越界书屋', kind: 'READING_ROOM' } }],
      [
        `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
        { i: { name: '越界村', level: 'VILLAGE', parentId: countyB } },
      ],
    ];
    for (const [query, variables] of attempts)
      expect(errorCode(await asStaffA(query, variables)), query).toBe('FORBIDDEN');
  });
});

describe("a sign-up's worker union", () => {
  const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { workerName union { name } } } }`;

  it("must lie in the writer's subtree: it shows the sign-up to that union's staff", async () => {
    const open = await activity({ title: '公开课', status: 'OPEN' });
    const before = await count('sign_ups');
    const res = await asStaffA(SIGN_UP, {
      i: { activityId: open, workerName: '海盐职工', phone: '13900000001', unionId: countyB },
    });
    expect(refusal(res)).toEqual({
      code: 'FORBIDDEN',
      field: undefined,
      message: "The worker's union is outside your union's subtree: 海盐县总工会 is not under your union",
    });
    expect(await count('sign_ups')).toBe(before);

    // The organiser's staff record them without a union, or that union's staff with it.
    const plain = await ok(SIGN_UP, { i: { activityId: open, workerName: '海盐职工', phone: '13900000001' } });
    expect(plain.signUp.signUp).toEqual({ workerName: '海盐职工', union: null });
    const staffB = await tokenFor({ unionId: dbId(countyB), role: 'STAFF' });
    const own = await ok(
      SIGN_UP,
      { i: { activityId: open, workerName: '海盐职工二', phone: '13900000002', unionId: countyB } },
      staffB,
    );
    expect(own.signUp.signUp).toEqual({ workerName: '海盐职工二', union: { name: '海盐县总工会' } });
    const ownVillage = await ok(SIGN_UP, {
      i: { activityId: open, workerName: '新埭职工', phone: '13900000003', unionId: villageA1v },
    });
    expect(ownVillage.signUp.signUp.union).toEqual({ name: '新埭村工会' });
  });
});
