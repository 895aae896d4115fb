import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import { errorCode, startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * Clubs and teams (issue 13, point 1) over HTTP: founding and changing a club, workers
 * joining and leaving with their own tokens, approval, the member limit under concurrent
 * joins on two instances, meetings as activities, honours with their corrections, the
 * lists by subtree and near a point, and who sees the members.
 *
 * The tree: city → county 平湖 → town 当湖 → village 东湖村; city → county 海盐.
 */

let a: TestServer;
let b: TestServer;
let city: string, pinghu: string, danghu: string, village: string, haiyan: string;
let site: string, farSite: string;
let staffPinghu: string, staffDanghu: string, staffHaiyan: string;

const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);

async function ok(server: TestServer, query: string, variables?: Record<string, unknown>, token?: string | null) {
  const res = await server.gql(query, variables, token === undefined ? {} : { token });
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const CREATE = `mutation($i: CreateClubInput!) { createClub(input: $i) {
  club { id name kind leader recruiting memberLimit requiresApproval memberCount placesLeft union { id } homeSite { id } }
} }`;
const JOIN = `mutation($c: ID!) { joinClub(clubId: $c) {
  member { id displayName phone status union { id } } club { memberCount placesLeft }
} }`;
const LEAVE = `mutation($c: ID!) { leaveClub(clubId: $c) { member { id status } club { memberCount } } }`;
const APPROVE = `mutation($id: ID!) { approveClubMember(id: $id) { member { id status } club { memberCount } } }`;

let workerSeq = 0;
/** A worker of `union` with a fresh subject and phone. */
async function worker(union: string, name = '职工'): Promise<string> {
  workerSeq += 1;
  const phone = `139${String(workerSeq).padStart(8, '0')}`;
  return workerTokenFor({ unionId: dbId(union), name: `${name}${workerSeq}`, phone, workerId: `club-w-${workerSeq}` });
}

async function createClub(input: Record<string, unknown>, token = staffPinghu): Promise<any> {
  return (await ok(a, CREATE, { i: { unionId: pinghu, kind: 'ARTS', ...input } }, token)).createClub.club;
}

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  city = await createUnion(a, '嘉兴市总工会', 'CITY');
  pinghu = await createUnion(a, '平湖市总工会', 'COUNTY', city);
  danghu = await createUnion(a, '当湖街道总工会', 'TOWN', pinghu);
  village = await createUnion(a, '东湖村工会', 'VILLAGE', danghu);
  haiyan = await createUnion(a, '海盐县总工会', 'COUNTY', city);
  const createSite = async (unionId: string, name: string, latitude: number, longitude: number) =>
    (
      await ok(a, `mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId, name, kind: 'WORKERS_HOME', location: { latitude, longitude } },
      })
    ).createSite.site.id as string;
  site = await createSite(danghu, '当湖职工之家', 30.6995, 121.0153);
  farSite = await createSite(haiyan, '海盐职工之家', 30.5253, 120.9462);
  staffPinghu = await tokenFor({ unionId: dbId(pinghu), name: '平湖干部' });
  staffDanghu = await tokenFor({ unionId: dbId(danghu), name: '当湖干部' });
  staffHaiyan = await tokenFor({ unionId: dbId(haiyan), name: '海盐干部' });
}, 60_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('founding and changing a club', () => {
  it('staff of the subtree found a club with its details; its name is unique in its union', async () => {
    const club = await createClub({
      name: '平湖市职工舞蹈团',
      leader: '沈丽',
      homeSiteId: site,
      memberLimit: 30,
      requiresApproval: true,
    });
    expect(club).toEqual({
      id: expect.any(String),
      name: '平湖市职工舞蹈团',
      kind: 'ARTS',
      leader: '沈丽',
      recruiting: true,
      memberLimit: 30,
      requiresApproval: true,
      memberCount: 0,
      placesLeft: 30,
      union: { id: pinghu },
      homeSite: { id: site },
    });
    const again = await a.gql(
      CREATE,
      { i: { unionId: pinghu, kind: 'SPORTS', name: ' 平湖市职工舞蹈团 ' } },
      { token: staffPinghu },
    );
    expect(errorCode(again)).toBe('CONFLICT');
  });

  it('refuses what the caller can fix, a site or union out of reach, and unknown ids', async () => {
    const blank = await a.gql(CREATE, { i: { unionId: pinghu, kind: 'ARTS', name: '  ' } }, { token: staffPinghu });
    expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors![0]!.extensions!.field).toBe('name');
    const limit = await a.gql(
      CREATE,
      { i: { unionId: pinghu, kind: 'ARTS', name: '零人团', memberLimit: 0 } },
      { token: staffPinghu },
    );
    expect(errorCode(limit)).toBe('BAD_USER_INPUT');
    const foreignSite = await a.gql(
      CREATE,
      { i: { unionId: pinghu, kind: 'ARTS', name: '越界团', homeSiteId: farSite } },
      { token: staffPinghu },
    );
    expect(errorCode(foreignSite)).toBe('FORBIDDEN');
    const above = await a.gql(CREATE, { i: { unionId: pinghu, kind: 'ARTS', name: '越级团' } }, { token: staffDanghu });
    expect(errorCode(above)).toBe('FORBIDDEN');
    const unknown = await a.gql(
      CREATE,
      { i: { unionId: Buffer.from('Union:99999').toString('base64'), kind: 'ARTS', name: '无' } },
      { token: staffPinghu },
    );
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(
      await a.sql(`select count(*)::int as n from clubs where name in ('零人团', '越界团', '越级团', '无')`),
    ).toEqual([{ n: 0 }]);
  });

  it('updateClub changes details; a limit below the members is CONFLICT; null clears optional fields only', async () => {
    const club = await createClub(
      { unionId: danghu, name: '当湖读书会', kind: 'READING', leader: '陆明' },
      staffDanghu,
    );
    for (const token of [await worker(danghu), await worker(village)]) await ok(a, JOIN, { c: club.id }, token);
    const UPDATE = `mutation($i: UpdateClubInput!) { updateClub(input: $i) { club { name leader recruiting memberLimit homeSite { id } } } }`;
    const updated = await ok(
      a,
      UPDATE,
      { i: { id: club.id, leader: null, recruiting: false, memberLimit: 5, homeSiteId: site } },
      staffDanghu,
    );
    expect(updated.updateClub.club).toEqual({
      name: '当湖读书会',
      leader: null,
      recruiting: false,
      memberLimit: 5,
      homeSite: { id: site },
    });
    expect(errorCode(await a.gql(UPDATE, { i: { id: club.id, name: 'x' } }, { token: staffHaiyan }))).toBe('FORBIDDEN');
    const below = await a.gql(UPDATE, { i: { id: club.id, memberLimit: 1 } }, { token: staffPinghu });
    expect(errorCode(below)).toBe('CONFLICT');
    const cleared = await a.gql(UPDATE, { i: { id: club.id, name: null } }, { token: staffPinghu });
    expect(errorCode(cleared)).toBe('BAD_USER_INPUT');
    expect(cleared.errors![0]!.extensions!.field).toBe('name');
    const notRecruiting = await a.gql(JOIN, { c: club.id }, { token: await worker(danghu) });
    expect(errorCode(notRecruiting)).toBe('CONFLICT');
  });
});

describe('joining and leaving', () => {
  it('a worker joins with their token: name, phone and union from it; leaving keeps the row as history', async () => {
    const club = await createClub({ name: '平湖市职工合唱团', memberLimit: 2 });
    const token = await workerTokenFor({
      unionId: dbId(village),
      name: '钱芳',
      phone: '13900000001',
      workerId: 'qian',
    });
    const joined = (await ok(a, JOIN, { c: club.id }, token)).joinClub;
    expect(joined).toEqual({
      member: {
        id: expect.any(String),
        displayName: '钱芳',
        phone: '13900000001',
        status: 'ACTIVE',
        union: { id: village },
      },
      club: { memberCount: 1, placesLeft: 1 },
    });
    expect(errorCode(await a.gql(JOIN, { c: club.id }, { token }))).toBe('CONFLICT');
    const mine = `{ viewer { clubs { totalCount nodes { id status club { name } } } } }`;
    expect((await ok(a, mine, {}, token)).viewer.clubs).toEqual({
      totalCount: 1,
      nodes: [{ id: joined.member.id, status: 'ACTIVE', club: { name: '平湖市职工合唱团' } }],
    });
    expect((await ok(a, mine, {}, staffPinghu)).viewer.clubs).toBeNull();
    const left = (await ok(a, LEAVE, { c: club.id }, token)).leaveClub;
    expect(left).toEqual({ member: { id: joined.member.id, status: 'LEFT' }, club: { memberCount: 0 } });
    expect(errorCode(await a.gql(LEAVE, { c: club.id }, { token }))).toBe('CONFLICT');
    // Joining again is a new membership; the old one stays LEFT.
    const again = (await ok(a, JOIN, { c: club.id }, token)).joinClub;
    expect(again.member.id).not.toBe(joined.member.id);
    const history = (await ok(a, `{ viewer { clubs { nodes { status } } } }`, {}, token)).viewer.clubs.nodes;
    expect(history).toEqual([{ status: 'LEFT' }, { status: 'ACTIVE' }]);
  });

  it("refuses a worker outside the club's union's subtree, staff tokens and nobody", async () => {
    const club = await createClub({ name: '平湖市职工篮球队', kind: 'SPORTS' });
    expect(errorCode(await a.gql(JOIN, { c: club.id }, { token: await worker(haiyan) }))).toBe('FORBIDDEN');
    expect(errorCode(await a.gql(JOIN, { c: club.id }, { token: staffPinghu }))).toBe('FORBIDDEN');
    expect(errorCode(await a.gql(JOIN, { c: club.id }, { token: null }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await a.gql(JOIN, { c: 'bm90LWFuLWlk' }, { token: await worker(danghu) }))).toBe('BAD_USER_INPUT');
    expect(
      errorCode(
        await a.gql(JOIN, { c: Buffer.from('Club:99999').toString('base64') }, { token: await worker(danghu) }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('a full club refuses with CAPACITY_FULL; a member leaving frees the place', async () => {
    const club = await createClub({ name: '平湖市职工乒乓球队', kind: 'SPORTS', memberLimit: 1 });
    const first = await worker(danghu);
    await ok(a, JOIN, { c: club.id }, first);
    const second = await worker(danghu);
    const full = await a.gql(JOIN, { c: club.id }, { token: second });
    expect(errorCode(full)).toBe('CAPACITY_FULL');
    expect(full.errors![0]!.extensions!.clubId).toBe(club.id);
    await ok(a, LEAVE, { c: club.id }, first);
    expect((await ok(a, JOIN, { c: club.id }, second)).joinClub.club).toEqual({ memberCount: 1, placesLeft: 0 });
  });
});

describe('approval', () => {
  it('a club that requires approval makes requests PENDING; staff approve or decline them, within the limit', async () => {
    const club = await createClub({ name: '平湖市职工书画社', requiresApproval: true, memberLimit: 1 });
    const [w1, w2, w3] = [await worker(danghu), await worker(danghu), await worker(village)];
    const p1 = (await ok(a, JOIN, { c: club.id }, w1)).joinClub;
    expect(p1.member.status).toBe('PENDING');
    expect(p1.club.memberCount).toBe(0);
    const p2 = (await ok(a, JOIN, { c: club.id }, w2)).joinClub.member;
    const p3 = (await ok(a, JOIN, { c: club.id }, w3)).joinClub.member;
    // Staff of another subtree, a worker, nobody: refused.
    expect(errorCode(await a.gql(APPROVE, { id: p1.member.id }, { token: staffHaiyan }))).toBe('FORBIDDEN');
    expect(errorCode(await a.gql(APPROVE, { id: p1.member.id }, { token: w1 }))).toBe('FORBIDDEN');
    expect((await ok(a, APPROVE, { id: p1.member.id }, staffPinghu)).approveClubMember).toEqual({
      member: { id: p1.member.id, status: 'ACTIVE' },
      club: { memberCount: 1 },
    });
    expect(errorCode(await a.gql(APPROVE, { id: p1.member.id }, { token: staffPinghu }))).toBe('CONFLICT');
    expect(errorCode(await a.gql(APPROVE, { id: p2.id }, { token: staffPinghu }))).toBe('CAPACITY_FULL');
    const DECLINE = `mutation($i: DeclineClubMemberInput!) { declineClubMember(input: $i) { member { status declineReason } } }`;
    expect(
      (await ok(a, DECLINE, { i: { memberId: p2.id, reason: '本期名额已满' } }, staffPinghu)).declineClubMember,
    ).toEqual({
      member: { status: 'DECLINED', declineReason: '本期名额已满' },
    });
    // The worker sees the reason in their own memberships.
    expect((await ok(a, `{ viewer { clubs { nodes { status declineReason } } } }`, {}, w2)).viewer.clubs.nodes).toEqual(
      [{ status: 'DECLINED', declineReason: '本期名额已满' }],
    );
    // A pending worker withdraws their request.
    expect((await ok(a, LEAVE, { c: club.id }, w3)).leaveClub.member).toEqual({ id: p3.id, status: 'LEFT' });
    expect(errorCode(await a.gql(APPROVE, { id: p3.id }, { token: staffPinghu }))).toBe('CONFLICT');
  });
});

describe('the member limit under concurrency', () => {
  it('60 workers joining at once over two instances fill exactly the 25 places', async () => {
    const club = await createClub({ name: '平湖市职工气排球队', kind: 'SPORTS', memberLimit: 25 });
    const tokens = await Promise.all(Array.from({ length: 60 }, (_, i) => worker(i % 2 ? danghu : village)));
    const answers = await Promise.all(tokens.map((token, i) => (i % 2 ? a : b).gql(JOIN, { c: club.id }, { token })));
    const codes = answers.map((res) => (res.errors ? errorCode(res) : 'joined'));
    expect(codes.filter((c) => c === 'joined')).toHaveLength(25);
    expect(codes.filter((c) => c === 'CAPACITY_FULL')).toHaveLength(35);
    const [row] = await a.sql<{ member_count: number; active: number }>(
      `select c.member_count, (select count(*)::int from club_members m where m.club_id = c.id and m.status = 'ACTIVE') as active
       from clubs c where c.name = '平湖市职工气排球队'`,
    );
    expect(row).toEqual({ member_count: 25, active: 25 });
    // Half of them leave and others join at once: the count stays true and within the limit.
    const joined = tokens.filter((_, i) => codes[i] === 'joined');
    const waiting = tokens.filter((_, i) => codes[i] !== 'joined');
    const churn = await Promise.all([
      ...joined.slice(0, 12).map((token, i) => (i % 2 ? a : b).gql(LEAVE, { c: club.id }, { token })),
      ...waiting.map((token, i) => (i % 2 ? b : a).gql(JOIN, { c: club.id }, { token })),
    ]);
    expect(churn.filter((res) => res.errors && errorCode(res) !== 'CAPACITY_FULL')).toEqual([]);
    const [after] = await a.sql<{ member_count: number; active: number }>(
      `select c.member_count, (select count(*)::int from club_members m where m.club_id = c.id and m.status = 'ACTIVE') as active
       from clubs c where c.name = '平湖市职工气排球队'`,
    );
    expect(after!.member_count).toBe(after!.active);
    expect(after!.active).toBeLessThanOrEqual(25);
    expect(after!.active).toBeGreaterThanOrEqual(13);
  });

  it('concurrent approvals over two instances never pass the limit', async () => {
    const club = await createClub({ name: '平湖市职工摄影社', requiresApproval: true, memberLimit: 3 });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => worker(danghu)));
    const pending: string[] = [];
    for (const token of tokens) pending.push((await ok(a, JOIN, { c: club.id }, token)).joinClub.member.id);
    const answers = await Promise.all(
      pending.map((id, i) => (i % 2 ? a : b).gql(APPROVE, { id }, { token: staffPinghu })),
    );
    expect(answers.filter((res) => !res.errors)).toHaveLength(3);
    expect(answers.filter((res) => res.errors).map(errorCode)).toEqual(Array(7).fill('CAPACITY_FULL'));
  });
});

describe('meetings, honours and the lists', () => {
  it("meetings are activities created with the club's id; the activity's rules apply", async () => {
    const club = await createClub({ name: '平湖市职工街舞队', homeSiteId: site });
    const meeting = await createActivity(a, {
      title: '街舞队周训',
      organiserId: pinghu,
      siteId: site,
      clubId: club.id,
    });
    const later = await createActivity(a, {
      title: '街舞队月度汇演',
      organiserId: pinghu,
      clubId: club.id,
      startsAt: fromNow(2 * DAY),
      endsAt: fromNow(2 * DAY + 60 * MINUTE),
    });
    const res = await ok(
      a,
      `query($id: ID!, $m: ID!) {
        club(id: $id) { meetings(first: 1) { totalCount nodes { id title } pageInfo { endCursor hasNextPage } } }
        activity(id: $m) { club { name } }
      }`,
      { id: club.id, m: meeting },
    );
    expect(res.club.meetings).toMatchObject({ totalCount: 2, nodes: [{ id: meeting, title: '街舞队周训' }] });
    expect(res.activity.club).toEqual({ name: '平湖市职工街舞队' });
    const next = await ok(
      a,
      `query($id: ID!, $after: String) { club(id: $id) { meetings(after: $after) { nodes { id } } } }`,
      {
        id: club.id,
        after: res.club.meetings.pageInfo.endCursor,
      },
    );
    expect(next.club.meetings.nodes).toEqual([{ id: later }]);
    // Staff of another subtree cannot name the club; an unknown one is NOT_FOUND.
    const CREATE_ACTIVITY = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`;
    const foreign = await a.gql(
      CREATE_ACTIVITY,
      { i: { kind: 'COURSE', title: '越界', organiserId: haiyan, startsAt: fromNow(DAY), clubId: club.id } },
      { token: staffHaiyan },
    );
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    const unknown = await a.gql(CREATE_ACTIVITY, {
      i: {
        kind: 'COURSE',
        title: '无',
        organiserId: pinghu,
        startsAt: fromNow(DAY),
        clubId: Buffer.from('Club:99999').toString('base64'),
      },
    });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });

  it('honours are recorded, corrected with a reason and withdrawn, never deleted', async () => {
    const club = await createClub({ name: '嘉兴港区职工舞蹈队' });
    const RECORD = `mutation($i: RecordClubHonourInput!) { recordClubHonour(input: $i) { honour { id level title year awardedBy withdrawn } } }`;
    const honour = (
      await ok(
        a,
        RECORD,
        { i: { clubId: club.id, level: 'PROVINCIAL', title: '街舞《我们》获浙江省职工文艺汇演金奖', year: 2024 } },
        staffPinghu,
      )
    ).recordClubHonour.honour;
    const CORRECT = `mutation($i: CorrectClubHonourInput!) { correctClubHonour(input: $i) {
      honour { level year withdrawn corrections { previousLevel previousTitle previousYear previousWithdrawn reason correctedAt } }
    } }`;
    const corrected = (
      await ok(
        a,
        CORRECT,
        { i: { id: honour.id, level: 'NATIONAL', year: 2025, reason: '获奖文件为全国总工会' } },
        staffPinghu,
      )
    ).correctClubHonour.honour;
    expect(corrected).toMatchObject({
      level: 'NATIONAL',
      year: 2025,
      withdrawn: false,
      corrections: [
        { previousLevel: 'PROVINCIAL', previousYear: 2024, previousWithdrawn: false, reason: '获奖文件为全国总工会' },
      ],
    });
    expect(
      errorCode(await a.gql(CORRECT, { i: { id: honour.id, year: 2025, reason: '同上' } }, { token: staffPinghu })),
    ).toBe('CONFLICT');
    expect(
      errorCode(await a.gql(CORRECT, { i: { id: honour.id, year: 2025, reason: ' ' } }, { token: staffPinghu })),
    ).toBe('BAD_USER_INPUT');
    expect(
      errorCode(
        await a.gql(CORRECT, { i: { id: honour.id, withdrawn: true, reason: '越界' } }, { token: staffHaiyan }),
      ),
    ).toBe('FORBIDDEN');
    await ok(a, CORRECT, { i: { id: honour.id, withdrawn: true, reason: '重复录入' } }, staffPinghu);
    const HONOURS = `query($id: ID!) { club(id: $id) { honours { id } all: honours(includeWithdrawn: true) { id withdrawn corrections { reason } } } }`;
    expect((await ok(a, HONOURS, { id: club.id })).club).toEqual({
      honours: [],
      all: [
        { id: honour.id, withdrawn: true, corrections: [{ reason: '获奖文件为全国总工会' }, { reason: '重复录入' }] },
      ],
    });
  });

  it('Union.clubs lists the subtree by name, with kind and recruiting; clubs(near:) finds them by home site', async () => {
    const village1 = await createClub(
      { unionId: village, name: '东湖村农民书屋读书会', kind: 'READING', homeSiteId: site },
      staffDanghu,
    );
    const LIST = `query($u: ID!, $kind: ClubKind, $r: Boolean) { union(id: $u) { clubs(kind: $kind, recruiting: $r, first: 100) { totalCount nodes { name } } } }`;
    const all = (await ok(a, LIST, { u: pinghu })).union.clubs;
    const names = all.nodes.map((n: { name: string }) => n.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('东湖村农民书屋读书会');
    expect(all.totalCount).toBe(names.length);
    // Town 当湖's subtree holds its own clubs and the village's, not the county's.
    expect((await ok(a, LIST, { u: danghu })).union.clubs.nodes.map((n: { name: string }) => n.name).sort()).toEqual(
      ['东湖村农民书屋读书会', '当湖读书会'].sort(),
    );
    expect((await ok(a, LIST, { u: danghu, kind: 'READING', r: true })).union.clubs.nodes).toEqual([
      { name: '东湖村农民书屋读书会' },
    ]);
    const NEAR = `query($lat: Float!, $lng: Float!, $r: Float!) {
      clubs(near: { latitude: $lat, longitude: $lng, radiusMeters: $r }, kind: READING, recruiting: true, first: 10) { nodes { id homeSite { id } } }
    }`;
    const near = (await ok(a, NEAR, { lat: 30.6995, lng: 121.016, r: 1000 })).clubs.nodes;
    expect(near).toEqual([{ id: village1.id, homeSite: { id: site } }]);
    expect((await ok(a, NEAR, { lat: 30.5253, lng: 120.9462, r: 1000 })).clubs.nodes).toEqual([]);
    const tooFar = await a.gql(NEAR, { lat: 30.6995, lng: 121.016, r: 60_000 });
    expect(errorCode(tooFar)).toBe('BAD_USER_INPUT');
  });
});

describe('who sees the members', () => {
  it('staff of the subtree and ADMIN see everything; a member sees fellow ACTIVE members by name; others nothing', async () => {
    const club = await createClub(
      { unionId: danghu, name: '当湖太极拳队', kind: 'SPORTS', requiresApproval: true },
      staffDanghu,
    );
    const zhou = await workerTokenFor({ unionId: dbId(danghu), name: '周军', phone: '13900000101', workerId: 'zhou' });
    const wu = await workerTokenFor({ unionId: dbId(village), name: '吴红', phone: '13900000102', workerId: 'wu' });
    const zheng = await workerTokenFor({
      unionId: dbId(village),
      name: '郑波',
      phone: '13900000103',
      workerId: 'zheng',
    });
    const outsider = await workerTokenFor({
      unionId: dbId(danghu),
      name: '王平',
      phone: '13900000104',
      workerId: 'wang',
    });
    const ids: string[] = [];
    for (const token of [zhou, wu, zheng]) ids.push((await ok(a, JOIN, { c: club.id }, token)).joinClub.member.id);
    await ok(a, APPROVE, { id: ids[0] }, staffDanghu);
    await ok(a, APPROVE, { id: ids[1] }, staffDanghu);
    const MEMBERS = `query($id: ID!) { club(id: $id) { memberCount members { totalCount nodes { id displayName phone status union { id } } } } }`;
    const whole = [
      { id: ids[0], displayName: '周军', phone: '13900000101', status: 'ACTIVE', union: { id: danghu } },
      { id: ids[1], displayName: '吴红', phone: '13900000102', status: 'ACTIVE', union: { id: village } },
      { id: ids[2], displayName: '郑波', phone: '13900000103', status: 'PENDING', union: { id: village } },
    ];
    const expectations: [string, string | null, unknown[]][] = [
      ['staff of the club union', staffDanghu, whole],
      ['staff above it', staffPinghu, whole],
      ['ADMIN', a.adminToken, whole],
      ['staff elsewhere', staffHaiyan, []],
      ['anonymous', null, []],
      ['a worker who is not a member', outsider, []],
      // 周军 sees himself whole and 吴红 by name; not 郑波's pending request.
      ['an ACTIVE member', zhou, [whole[0], { ...whole[1], phone: null, union: null }]],
      // 郑波 waits: he sees his own request and nobody else.
      ['a PENDING member', zheng, [whole[2]]],
    ];
    for (const [who, token, nodes] of expectations) {
      for (const round of [1, 2]) {
        const res = await a.gql(MEMBERS, { id: club.id }, { token });
        expect(res.errors, who).toBeUndefined();
        expect(res.data.club, `${who}, round ${round}`).toEqual({
          memberCount: 2,
          members: { totalCount: nodes.length, nodes },
        });
      }
      const ws = await overWs(a.wsUrl, MEMBERS, { id: club.id }, token ?? undefined);
      expect(ws.data.club, `${who} over WebSocket`).toEqual({
        memberCount: 2,
        members: { totalCount: nodes.length, nodes },
      });
      // By id, the same rule: null where the list leaves it out.
      const byId = await a.gql(
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ClubMember { id phone } } }`,
        { ids },
        { token },
      );
      const seen = new Map((nodes as { id: string; phone: string | null }[]).map((n) => [n.id, n]));
      expect(byId.data.nodes, who).toEqual(ids.map((id) => (seen.has(id) ? { id, phone: seen.get(id)!.phone } : null)));
    }
  });
});
