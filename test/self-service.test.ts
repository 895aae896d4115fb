import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, DAY, fromNow, HOUR, MINUTE } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import { errorCode, startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * Workers serve themselves (issue 12, point 2): they sign themselves up with what their
 * token says, see their own bookings and cancel them before the deadline; activities
 * carry a sign-up window, an audience, a contact and a cover image.
 */

let server: TestServer;
let city: string, pinghu: string, danghu: string, haiyan: string, site: string;
let zhang: string, li: string, outsider: string;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

const SIGN_ME_UP = `mutation($a: ID!) { signMeUp(activityId: $a) {
  signUp { id workerName phone status union { name } } activity { signUpCount placesLeft } } }`;
const CANCEL_MINE = `mutation($id: ID!) { cancelMySignUp(id: $id) { signUp { id status } activity { signUpCount } } }`;
const MY_BOOKINGS = `query($status: SignUpStatus, $from: DateTime, $first: Int, $after: String) {
  viewer { signUps(status: $status, from: $from, first: $first, after: $after) {
    totalCount
    edges { cursor node { id status activity { title startsAt site { name } } } }
    pageInfo { hasNextPage endCursor }
  } } }`;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  city = await createUnion(server, '嘉兴市总工会', 'CITY');
  pinghu = await createUnion(server, '平湖市总工会', 'COUNTY', city);
  danghu = await createUnion(server, '当湖街道总工会', 'TOWN', pinghu);
  haiyan = await createUnion(server, '海盐县总工会', 'COUNTY', city);
  const res = await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
    i: { unionId: pinghu, name: '平湖市工人文化宫', kind: 'CULTURAL_PALACE' },
  });
  site = res.data.createSite.site.id;
  zhang = await workerTokenFor({ unionId: dbId(danghu), name: '张三', phone: '13800000001', workerId: 'zhang' });
  li = await workerTokenFor({ unionId: dbId(danghu), name: '李四', phone: '13800000002', workerId: 'li' });
  outsider = await workerTokenFor({ unionId: dbId(haiyan), name: '王五', phone: '13800000003', workerId: 'wang' });
});
afterAll(() => server?.stop());

describe('what an activity tells a worker', () => {
  it('a sign-up window, a cancellation deadline, an audience, a contact and a cover image', async () => {
    const id = await createActivity(server, {
      endsAt: null,
      title: '瑜伽课',
      organiserId: pinghu,
      siteId: site,
      description: '每周一次，共8次',
      startsAt: fromNow(2 * DAY),
      signUpOpensAt: fromNow(-HOUR),
      signUpClosesAt: fromNow(DAY),
      cancellationDeadline: fromNow(DAY + HOUR),
      audience: 'MEMBERS',
      contact: '王老师 0573-85012345',
      coverImageUrl: 'https://img.example.cn/yoga.jpg',
    });
    const res = await server.gql(
      `query($id: ID!) { activity(id: $id) { description audience contact coverImageUrl signUpOpensAt signUpClosesAt cancellationDeadline } }`,
      { id },
      { token: null },
    );
    expect(res.data.activity).toMatchObject({
      description: '每周一次，共8次',
      audience: 'MEMBERS',
      contact: '王老师 0573-85012345',
      coverImageUrl: 'https://img.example.cn/yoga.jpg',
    });
  });

  it.each([
    ['coverImageUrl', { coverImageUrl: 'javascript:alert(1)' }],
    ['coverImageUrl', { coverImageUrl: 'ftp://img.example.cn/a.jpg' }],
    ['contact', { contact: '电'.repeat(201) }],
    ['signUpOpensAt', { signUpOpensAt: fromNow(3 * DAY) }],
    ['signUpClosesAt', { signUpClosesAt: fromNow(3 * DAY) }],
    ['signUpClosesAt', { signUpOpensAt: fromNow(HOUR), signUpClosesAt: fromNow(-HOUR) }],
    ['cancellationDeadline', { cancellationDeadline: fromNow(3 * DAY) }],
    ['signUpOpensAt', { signUpOpensAt: '1999-01-01T00:00:00Z' }],
  ])('refuses a bad %s with BAD_USER_INPUT naming it, writing nothing', async (field, input) => {
    const [{ n: before }] = await server.sql('select count(*)::int as n from activities');
    const res = await server.gql(
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      { i: { kind: 'COURSE', title: '课', organiserId: pinghu, startsAt: fromNow(2 * DAY), ...input } },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(await server.sql('select count(*)::int as n from activities')).toEqual([{ n: before }]);
  });

  it('an update that moves the start before the window blames the start', async () => {
    const id = await createActivity(server, {
      endsAt: null,
      organiserId: pinghu,
      startsAt: fromNow(2 * DAY),
      signUpClosesAt: fromNow(DAY),
    });
    const res = await server.gql(
      `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
      { i: { id, startsAt: fromNow(HOUR) } },
    );
    expect([errorCode(res), res.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'startsAt']);
  });
});

describe('signMeUp', () => {
  it('signs the worker up as their token names them, over HTTP and graphql-ws', async () => {
    const id = await createActivity(server, {
      endsAt: null,
      title: '八段锦',
      organiserId: pinghu,
      siteId: site,
      capacity: 10,
    });
    const res = await server.gql(SIGN_ME_UP, { a: id }, { token: zhang });
    expect(res.errors).toBeUndefined();
    expect(res.data.signMeUp).toEqual({
      signUp: {
        id: expect.any(String),
        workerName: '张三',
        phone: '13800000001',
        status: 'SIGNED_UP',
        union: { name: '当湖街道总工会' },
      },
      activity: { signUpCount: 1, placesLeft: 9 },
    });
    const ws = await overWs(server.wsUrl, SIGN_ME_UP, { a: id }, li);
    expect(ws.errors).toBeUndefined();
    expect(ws.data.signMeUp.signUp).toMatchObject({ workerName: '李四', phone: '13800000002' });
    // The organiser's staff see both, as every sign-up of their activity.
    const staff = await tokenFor({ unionId: dbId(pinghu) });
    const seen = await server.gql(
      `query($id: ID!) { activity(id: $id) { signUps { nodes { workerName } } } }`,
      { id },
      { token: staff },
    );
    expect(seen.data.activity.signUps.nodes).toEqual([{ workerName: '张三' }, { workerName: '李四' }]);
  });

  it('takes no name or phone from the request: the schema has no such argument', async () => {
    const id = await createActivity(server, { endsAt: null, organiserId: pinghu });
    const res = await server.gql(
      `mutation($a: ID!) { signMeUp(activityId: $a, phone: "13999999999") { signUp { id } } }`,
      { a: id },
      { token: zhang },
    );
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses: twice (CONFLICT), outside the window (CONFLICT), outside the audience (FORBIDDEN), full (CAPACITY_FULL)', async () => {
    const open = await createActivity(server, { endsAt: null, organiserId: pinghu, capacity: 1 });
    expect((await server.gql(SIGN_ME_UP, { a: open }, { token: zhang })).errors).toBeUndefined();
    const again = await server.gql(SIGN_ME_UP, { a: open }, { token: zhang });
    expect([errorCode(again), again.errors![0].message]).toEqual(['CONFLICT', expect.stringMatching(/already/)]);
    const full = await server.gql(SIGN_ME_UP, { a: open }, { token: li });
    expect(errorCode(full)).toBe('CAPACITY_FULL');

    const later = await createActivity(server, {
      endsAt: null,
      organiserId: pinghu,
      startsAt: fromNow(2 * DAY),
      signUpOpensAt: fromNow(DAY),
    });
    const early = await server.gql(SIGN_ME_UP, { a: later }, { token: zhang });
    expect([errorCode(early), early.errors![0].message]).toEqual(['CONFLICT', expect.stringMatching(/opens at/)]);
    const closed = await createActivity(server, {
      endsAt: null,
      organiserId: pinghu,
      startsAt: fromNow(2 * DAY),
      signUpOpensAt: fromNow(-2 * HOUR),
      signUpClosesAt: fromNow(-HOUR),
    });
    const late = await server.gql(SIGN_ME_UP, { a: closed }, { token: zhang });
    expect([errorCode(late), late.errors![0].message]).toEqual(['CONFLICT', expect.stringMatching(/closed at/)]);

    const members = await createActivity(server, { endsAt: null, organiserId: pinghu, audience: 'MEMBERS' });
    const foreign = await server.gql(SIGN_ME_UP, { a: members }, { token: outsider });
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    expect((await server.gql(SIGN_ME_UP, { a: members }, { token: zhang })).errors).toBeUndefined();
    const anyone = await createActivity(server, { endsAt: null, organiserId: pinghu });
    expect((await server.gql(SIGN_ME_UP, { a: anyone }, { token: outsider })).errors).toBeUndefined();
    const [{ n }] = await server.sql(
      `select count(*)::int as n from sign_ups s join activities a on a.id = s.activity_id where a.id = any($1)`,
      [[later, closed, members].map(dbId)],
    );
    expect(n).toBe(1);
  });

  it('is for workers: staff get FORBIDDEN, nobody UNAUTHENTICATED', async () => {
    const id = await createActivity(server, { endsAt: null, organiserId: pinghu });
    expect(errorCode(await server.gql(SIGN_ME_UP, { a: id }))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(SIGN_ME_UP, { a: id }, { token: null }))).toBe('UNAUTHENTICATED');
  });
});

describe("a worker's bookings and cancellations", () => {
  let mine: { course: string; lecture: string; signUps: string[] };

  beforeAll(async () => {
    const worker = await workerTokenFor({
      unionId: dbId(danghu),
      name: '赵六',
      phone: '13800000006',
      workerId: 'zhao',
    });
    const course = await createActivity(server, {
      endsAt: null,
      title: '插花课',
      organiserId: pinghu,
      siteId: site,
      startsAt: fromNow(3 * DAY),
      cancellationDeadline: fromNow(2 * DAY),
    });
    const lecture = await createActivity(server, {
      endsAt: null,
      title: '法律讲座',
      organiserId: pinghu,
      startsAt: fromNow(HOUR),
      cancellationDeadline: fromNow(-MINUTE),
    });
    const signUps: string[] = [];
    for (const a of [course, lecture]) {
      const res = await server.gql(SIGN_ME_UP, { a }, { token: worker });
      signUps.push(res.data.signMeUp.signUp.id);
    }
    mine = { course, lecture, signUps };
    zhao = worker;
  });
  let zhao: string;

  it('viewer.signUps lists what they booked, where and when, soonest first, with keyset cursors', async () => {
    const first = await server.gql(MY_BOOKINGS, { first: 1 }, { token: zhao });
    expect(first.errors).toBeUndefined();
    const page = first.data.viewer.signUps;
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((e: any) => e.node.activity.title)).toEqual(['法律讲座']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await server.gql(MY_BOOKINGS, { first: 1, after: page.pageInfo.endCursor }, { token: zhao });
    expect(next.data.viewer.signUps.edges.map((e: any) => e.node.activity)).toEqual([
      { title: '插花课', startsAt: expect.any(String), site: { name: '平湖市工人文化宫' } },
    ]);
    expect(next.data.viewer.signUps.pageInfo.hasNextPage).toBe(false);
    const from = await server.gql(MY_BOOKINGS, { from: fromNow(2 * HOUR) }, { token: zhao });
    expect(from.data.viewer.signUps.edges.map((e: any) => e.node.activity.title)).toEqual(['插花课']);
    // Others see none of them; staff have no bookings of their own.
    const other = await server.gql(MY_BOOKINGS, {}, { token: li });
    expect(other.data.viewer.signUps.edges.map((e: any) => e.node.id)).not.toContain(mine.signUps[0]);
    expect((await server.gql(MY_BOOKINGS, {})).data.viewer.signUps).toBeNull();
    const node = `query($id: ID!) { node(id: $id) { ... on SignUp { workerName } } }`;
    expect((await server.gql(node, { id: mine.signUps[0] }, { token: li })).data.node).toBeNull();
    expect((await server.gql(node, { id: mine.signUps[0] }, { token: zhao })).data.node).toEqual({
      workerName: '赵六',
    });
  });

  it("cancelMySignUp: never another's, never after the deadline; their own before it", async () => {
    // Another's sign-up is not there for them: NOT_FOUND, as for an unknown id.
    const theirs = await server.gql(CANCEL_MINE, { id: mine.signUps[0] }, { token: li });
    expect(errorCode(theirs)).toBe('NOT_FOUND');
    const late = await server.gql(CANCEL_MINE, { id: mine.signUps[1] }, { token: zhao });
    expect([errorCode(late), late.errors![0].message]).toEqual([
      'CONFLICT',
      expect.stringMatching(/Cancellation closed/),
    ]);
    const ok = await server.gql(CANCEL_MINE, { id: mine.signUps[0] }, { token: zhao });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.cancelMySignUp).toEqual({
      signUp: { id: mine.signUps[0], status: 'CANCELLED' },
      activity: { signUpCount: 0 },
    });
    const twice = await server.gql(CANCEL_MINE, { id: mine.signUps[0] }, { token: zhao });
    expect(errorCode(twice)).toBe('CONFLICT');
    const cancelled = await server.gql(MY_BOOKINGS, { status: 'CANCELLED' }, { token: zhao });
    expect(cancelled.data.viewer.signUps.edges.map((e: any) => e.node.id)).toEqual([mine.signUps[0]]);
    // The audit trail keeps the worker's subject, never their name or phone.
    const entries = await server.sql(`select * from audit_entries where staff_role = 'WORKER'`);
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toMatch(/赵六|13800000006/);
  });
});

describe('a staff sign-up refused for a phone that holds a place', () => {
  it('names the sign-up that holds it only to staff who may read it', async () => {
    const id = await createActivity(server, {
      organiserId: pinghu,
      siteId: site,
      startsAt: fromNow(2 * DAY),
      endsAt: null,
    });
    const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`;
    // Pinghu's staff sign a Haiyan worker up: danghu's staff may not read that sign-up.
    const pinghuStaff = await tokenFor({ unionId: dbId(pinghu) });
    const held = await server.gql(
      SIGN_UP,
      { i: { activityId: id, workerName: '钱七', phone: '13800000077', unionId: haiyan } },
      { token: server.adminToken },
    );
    expect(held.errors).toBeUndefined();
    const heldId = held.data.signUp.signUp.id as string;
    const again = { i: { activityId: id, workerName: '钱七', phone: '13800000077', unionId: danghu } };
    const danghuStaff = await tokenFor({ unionId: dbId(danghu) });
    const outsider = await server.gql(SIGN_UP, again, { token: danghuStaff });
    expect(errorCode(outsider)).toBe('CONFLICT');
    expect(JSON.stringify(outsider.errors)).not.toContain(heldId);
    expect(JSON.stringify(outsider.errors)).not.toContain('钱七');
    const ws = await overWs(server.wsUrl, SIGN_UP, again, danghuStaff);
    expect(ws.errors?.[0]?.message).toBe(outsider.errors![0].message);
    const organiser = await server.gql(SIGN_UP, again, { token: pinghuStaff });
    expect(errorCode(organiser)).toBe('CONFLICT');
    expect(organiser.errors![0].message).toContain(heldId);
  });
});
