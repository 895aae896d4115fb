import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInCodeFor } from '../src/activities/check-in.code.js';
import { createActivity, createUnion, DAY, fromNow, HOUR, MINUTE } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import { errorCode, startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * Check-in (issue 12, point 4): a site's screen shows a signed code that rotates every 30
 * seconds; a worker checks in with it for their sign-up of what is held there now; a
 * course of several sessions counts each one.
 */

let server: TestServer;
let pinghu: string, haiyan: string, site: string, otherSite: string;
let staff: string, staffHaiyan: string;
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
const CODE = `query($s: ID!) { checkInCode(siteId: $s) { code validUntil rotatesEverySeconds } }`;
const CHECK_IN = `mutation($c: String!) { checkIn(code: $c) {
  signUp { attended sessionsAttended sessionCount } activity { attendanceCount } } }`;
const SIGN_ME_UP = `mutation($a: ID!) { signMeUp(activityId: $a) { signUp { id } } }`;
let n = 0;
const newWorker = (unionId: string) =>
  workerTokenFor({ unionId: dbId(unionId), phone: `137${String(++n).padStart(8, '0')}`, workerId: `c${n}` });
const code = async (siteId: string) => (await server.gql(CODE, { s: siteId }, { token: staff })).data.checkInCode.code;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  pinghu = await createUnion(server, '平湖市总工会', 'COUNTY', city);
  haiyan = await createUnion(server, '海盐县总工会', 'COUNTY', city);
  const newSite = async (name: string) =>
    (
      await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: pinghu, name, kind: 'CULTURAL_PALACE' },
      })
    ).data.createSite.site.id as string;
  site = await newSite('平湖市工人文化宫');
  otherSite = await newSite('平湖市职工书屋');
  staff = await tokenFor({ unionId: dbId(pinghu) });
  staffHaiyan = await tokenFor({ unionId: dbId(haiyan) });
});
afterAll(() => server?.stop());

describe("the site's code", () => {
  it("is shown to the site's staff, rotating every 30 s, never cached; refused to others", async () => {
    const res = await server.gql(CODE, { s: site }, { token: staff });
    expect(res.errors).toBeUndefined();
    expect(res.data.checkInCode).toMatchObject({
      code: expect.stringMatching(/^\d+\.\d+\.[\w-]{16}$/),
      rotatesEverySeconds: 30,
    });
    const left = Date.parse(res.data.checkInCode.validUntil) - Date.now();
    expect(left).toBeGreaterThan(29_000);
    expect(left).toBeLessThanOrEqual(60_000);
    expect(errorCode(await server.gql(CODE, { s: site }, { token: null }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.gql(CODE, { s: site }, { token: staffHaiyan }))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(CODE, { s: site }, { token: await newWorker(pinghu) }))).toBe('FORBIDDEN');
    const ws = await overWs(server.wsUrl, CODE, { s: site }, staff);
    expect(ws.data.checkInCode.code).toMatch(/^\d+\./);
  });
});

describe('checkIn', () => {
  it("records the worker's attendance for what is held at the site now, once, over HTTP and graphql-ws", async () => {
    const course = await createActivity(server, { title: '八段锦', organiserId: pinghu, siteId: site });
    const [w1, w2] = [await newWorker(pinghu), await newWorker(haiyan)];
    for (const token of [w1, w2]) await server.gql(SIGN_ME_UP, { a: course }, { token });
    const mine = subscribe(server.wsUrl, `subscription { mySignUpChanged { type } }`, {}, w1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await code(site);
    const res = await server.gql(CHECK_IN, { c: now }, { token: w1 });
    expect(res.errors).toBeUndefined();
    expect(res.data.checkIn).toEqual({
      signUp: { attended: true, sessionsAttended: 1, sessionCount: 1 },
      activity: { attendanceCount: 1 },
    });
    expect(await mine.waitFor(1)).toEqual([{ data: { mySignUpChanged: { type: 'CHECKED_IN' } } }]);
    await mine.close();
    // The same code again: already done.
    const again = await server.gql(CHECK_IN, { c: now }, { token: w1 });
    expect([errorCode(again), again.errors![0].message]).toEqual(['CONFLICT', expect.stringMatching(/already/)]);
    const ws = await overWs(server.wsUrl, CHECK_IN, { c: now }, w2);
    expect(ws.errors).toBeUndefined();
    expect(ws.data.checkIn.activity).toEqual({ attendanceCount: 2 });
  });

  it('refuses a malformed, forged or expired code with BAD_USER_INPUT, writing nothing', async () => {
    const course = await createActivity(server, { organiserId: pinghu, siteId: site });
    const worker = await newWorker(pinghu);
    await server.gql(SIGN_ME_UP, { a: course }, { token: worker });
    const valid = await code(site);
    const forged = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    const otherSiteSigned = valid.replace(/^\d+/, String(dbId(otherSite)));
    const expired = checkInCodeFor(
      { jwtSecret: 'test-secret-for-unionhub-tests-only-0123456789' },
      dbId(site),
      Date.now() - 61_000,
    ).code;
    for (const [bad, message] of [
      ['hello', /not a check-in code/],
      [forged, /not a check-in code/],
      [otherSiteSigned, /not a check-in code/],
      [expired, /expired/],
    ] as const) {
      const res = await server.gql(CHECK_IN, { c: bad }, { token: worker });
      expect([errorCode(res), res.errors![0].extensions!.field], bad).toEqual(['BAD_USER_INPUT', 'code']);
      expect(res.errors![0].message).toMatch(message);
    }
    expect(
      await server.sql(
        `select count(*)::int as n from check_ins c join sign_ups s on s.id = c.sign_up_id where s.activity_id = $1`,
        [dbId(course)],
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses a worker without a place there, or outside the window, with CONFLICT; staff with FORBIDDEN', async () => {
    const stranger = await newWorker(pinghu);
    const none = await server.gql(CHECK_IN, { c: await code(site) }, { token: stranger });
    expect([errorCode(none), none.errors![0].message]).toEqual(['CONFLICT', expect.stringMatching(/no place/)]);
    const later = await createActivity(server, {
      organiserId: pinghu,
      siteId: otherSite,
      startsAt: fromNow(2 * HOUR),
      endsAt: fromNow(3 * HOUR),
    });
    await server.gql(SIGN_ME_UP, { a: later }, { token: stranger });
    const early = await server.gql(CHECK_IN, { c: await code(otherSite) }, { token: stranger });
    expect([errorCode(early), early.errors![0].message]).toEqual(['CONFLICT', expect.stringMatching(/not now/)]);
    expect(errorCode(await server.gql(CHECK_IN, { c: await code(site) }, { token: staff }))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(CHECK_IN, { c: await code(site) }, { token: null }))).toBe('UNAUTHENTICATED');
  });

  it('counts each session of a course held over several: sessions attended of total', async () => {
    const start = Date.now() + 20 * MINUTE;
    const at = (ms: number) => new Date(start + ms).toISOString();
    const sessions = [
      { startsAt: at(0), endsAt: at(MINUTE) },
      { startsAt: at(2 * MINUTE), endsAt: at(HOUR) },
      ...Array.from({ length: 6 }, (_, i) => ({
        startsAt: at((i + 1) * 7 * DAY),
        endsAt: at((i + 1) * 7 * DAY + HOUR),
      })),
    ];
    const course = await createActivity(server, {
      title: '瑜伽课（8次）',
      organiserId: pinghu,
      siteId: otherSite,
      startsAt: at(0),
      endsAt: at(50 * DAY),
      sessions,
    });
    const worker = await newWorker(pinghu);
    await server.gql(SIGN_ME_UP, { a: course }, { token: worker });
    // Two sessions open to check-in at once (the second starts two minutes after the first).
    const first = await server.gql(CHECK_IN, { c: await code(otherSite) }, { token: worker });
    expect(first.data.checkIn.signUp).toEqual({ attended: true, sessionsAttended: 1, sessionCount: 8 });
    const second = await server.gql(CHECK_IN, { c: await code(otherSite) }, { token: worker });
    expect(second.data.checkIn).toEqual({
      signUp: { attended: true, sessionsAttended: 2, sessionCount: 8 },
      activity: { attendanceCount: 1 },
    });
    const third = await server.gql(CHECK_IN, { c: await code(otherSite) }, { token: worker });
    expect(errorCode(third)).toBe('CONFLICT');
    // Sessions are fixed once anyone checked in; bad ones are BAD_USER_INPUT naming the session.
    const fixed = await server.gql(
      `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`,
      { i: { id: course, sessions: sessions.slice(0, 2) } },
    );
    expect(errorCode(fixed)).toBe('CONFLICT');
    const bad = await server.gql(
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`,
      {
        i: {
          kind: 'COURSE',
          title: '课',
          organiserId: pinghu,
          startsAt: at(0),
          endsAt: at(DAY),
          sessions: [sessions[0], { startsAt: at(30 * SECOND), endsAt: at(HOUR) }],
        },
      },
    );
    expect([errorCode(bad), bad.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'sessions.1.startsAt']);
    const listed = await server.gql(`query($id: ID!) { activity(id: $id) { sessions { startsAt endsAt } } }`, {
      id: course,
    });
    expect(listed.data.activity.sessions).toHaveLength(8);
  });
});

const SECOND = 1000;

describe('staff attendance and sessions: one truth', () => {
  /** The activity's attendance count beside the rows it counts: attended sign-ups, live check-ins. */
  const attendanceCounts = async (activityId: string) =>
    (
      await server.sql(
        `select a.attendance_count,
           (select count(*)::int from sign_ups s where s.activity_id = a.id and s.attended) as attended,
           (select count(*)::int from check_ins c join sign_ups s on s.id = c.sign_up_id
            where s.activity_id = a.id and c.voided_at is null) as live
         from activities a where a.id = $1`,
        [dbId(activityId)],
      )
    )[0];
  const RECORD = `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) {
    signUp { attended sessionsAttended sessionCount } activity { attendanceCount } } }`;
  const CORRECT = `mutation($i: CorrectAttendanceInput!) { correctAttendance(input: $i) {
    signUp { attended sessionsAttended sessionCount attendanceCorrectionReason } activity { attendanceCount } } }`;
  const UPDATE = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id status } } }`;
  const SIGN_ME_UP_ID = `mutation($a: ID!) { signMeUp(activityId: $a) { signUp { id } } }`;

  it('staff record and correct per session, as check-ins; what was taken back stays, voided', async () => {
    const start = Date.now() + 20 * MINUTE;
    const at = (ms: number) => new Date(start + ms).toISOString();
    const sessions = [0, 7, 14].map((d) => ({ startsAt: at(d * DAY), endsAt: at(d * DAY + HOUR) }));
    const site3 = (
      await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: pinghu, name: '平湖市职工健身房', kind: 'SPORTS_ROOM' },
      })
    ).data.createSite.site.id as string;
    const course = await createActivity(server, {
      title: '健身操（3次）',
      organiserId: pinghu,
      siteId: site3,
      startsAt: at(0),
      endsAt: at(15 * DAY),
      sessions,
    });
    const [w1, w2] = [await newWorker(pinghu), await newWorker(pinghu)];
    const s1 = (await server.gql(SIGN_ME_UP_ID, { a: course }, { token: w1 })).data.signMeUp.signUp.id;
    const s2 = (await server.gql(SIGN_ME_UP_ID, { a: course }, { token: w2 })).data.signMeUp.signUp.id;
    expect(
      (await server.gql(UPDATE, { i: { id: course, status: 'RUNNING' } }, { token: staff })).errors,
    ).toBeUndefined();

    // Staff mark the first worker at the session under way: a check-in, so their own scan finds it done.
    const marked = await server.gql(RECORD, { i: { signUpId: s1 } }, { token: staff });
    expect(marked.data.recordAttendance).toEqual({
      signUp: { attended: true, sessionsAttended: 1, sessionCount: 3 },
      activity: { attendanceCount: 1 },
    });
    expect(errorCode(await server.gql(CHECK_IN, { c: await code(site3) }, { token: w1 }))).toBe('CONFLICT');
    // The second scans in; staff take it back (over graphql-ws): voided, not deleted.
    expect((await server.gql(CHECK_IN, { c: await code(site3) }, { token: w2 })).errors).toBeUndefined();
    const undone = await overWs(server.wsUrl, RECORD, { i: { signUpId: s2, attended: false } }, staff);
    expect(undone.data.recordAttendance).toEqual({
      signUp: { attended: false, sessionsAttended: 0, sessionCount: 3 },
      activity: { attendanceCount: 1 },
    });
    expect(
      await server.sql(
        `select recorded_by, voided_at is not null as voided from check_ins where sign_up_id = any($1) order by id`,
        [[dbId(s1), dbId(s2)]],
      ),
    ).toEqual([
      { recorded_by: 'STAFF', voided: false },
      { recorded_by: 'WORKER', voided: true },
    ]);
    // A session not begun, a time that is no session.
    const ahead = await server.gql(
      RECORD,
      { i: { signUpId: s1, sessionStartsAt: sessions[1]!.startsAt } },
      { token: staff },
    );
    expect(errorCode(ahead)).toBe('CONFLICT');
    const none = await server.gql(RECORD, { i: { signUpId: s1, sessionStartsAt: at(HOUR) } }, { token: staff });
    expect([errorCode(none), none.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'sessionStartsAt']);

    // New times may not leave what happened outside the course, nor strand its sessions.
    const later = await server.gql(UPDATE, { i: { id: course, endsAt: at(30 * MINUTE) } }, { token: staff });
    expect([errorCode(later), later.errors![0].message]).toEqual([
      'CONFLICT',
      expect.stringMatching(/recorded attendance/),
    ]);
    const shorter = await server.gql(UPDATE, { i: { id: course, endsAt: at(10 * DAY) } }, { token: staff });
    expect([errorCode(shorter), shorter.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'sessions']);
    expect(
      (await server.gql(UPDATE, { i: { id: course, endsAt: at(20 * DAY) } }, { token: staff })).errors,
    ).toBeUndefined();

    // Over: corrections name the session and keep the reason; nothing to correct is CONFLICT.
    expect(
      (
        await server.gql(
          UPDATE,
          { i: { id: course, status: 'FINISHED', startsAt: fromNow(-MINUTE) } },
          { token: staff },
        )
      ).errors,
    ).toBeUndefined();
    const unnamed = await server.gql(
      CORRECT,
      { i: { signUpId: s2, attended: true, reason: '签到表补录' } },
      { token: staff },
    );
    expect([errorCode(unnamed), unnamed.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'sessionStartsAt']);
    const fixed = await server.gql(
      CORRECT,
      { i: { signUpId: s2, attended: true, reason: '签到表补录', sessionStartsAt: sessions[0]!.startsAt } },
      { token: staff },
    );
    expect(fixed.data.correctAttendance).toEqual({
      signUp: { attended: true, sessionsAttended: 1, sessionCount: 3, attendanceCorrectionReason: '签到表补录' },
      activity: { attendanceCount: 2 },
    });
    const twice = await server.gql(
      CORRECT,
      { i: { signUpId: s2, attended: true, reason: '再补', sessionStartsAt: sessions[0]!.startsAt } },
      { token: staff },
    );
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(await attendanceCounts(course)).toEqual({ attendance_count: 2, attended: 2, live: 2 });
  });

  it('a worker who leaves a course keeps the sessions they attended, whoever cancels', async () => {
    const start = Date.now() + 20 * MINUTE;
    const at = (ms: number) => new Date(start + ms).toISOString();
    const site = (
      await server.gql(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: pinghu, name: '平湖市职工瑜伽室', kind: 'SPORTS_ROOM' },
      })
    ).data.createSite.site.id as string;
    const course = await createActivity(server, {
      title: '瑜伽（3次）',
      organiserId: pinghu,
      siteId: site,
      startsAt: at(0),
      endsAt: at(15 * DAY),
      sessions: [0, 7, 14].map((d) => ({ startsAt: at(d * DAY), endsAt: at(d * DAY + HOUR) })),
    });
    const [w1, w2] = [await newWorker(pinghu), await newWorker(pinghu)];
    const s1 = (await server.gql(SIGN_ME_UP_ID, { a: course }, { token: w1 })).data.signMeUp.signUp.id;
    const s2 = (await server.gql(SIGN_ME_UP_ID, { a: course }, { token: w2 })).data.signMeUp.signUp.id;
    await server.gql(UPDATE, { i: { id: course, status: 'RUNNING' } }, { token: staff });
    for (const id of [s1, s2]) {
      expect((await server.gql(RECORD, { i: { signUpId: id } }, { token: staff })).errors).toBeUndefined();
    }
    const READ = `query($id: ID!) { node(id: $id) { ... on SignUp { status attended sessionsAttended } } }`;
    // Staff cancel the first after the session: the place is given back, the visit stays.
    const byStaff = await server.gql(
      `mutation($id: ID!) { cancelSignUp(id: $id) { signUp { status attended sessionsAttended } activity { signUpCount attendanceCount } } }`,
      { id: s1 },
      { token: staff },
    );
    expect(byStaff.data.cancelSignUp).toEqual({
      signUp: { status: 'CANCELLED', attended: true, sessionsAttended: 1 },
      activity: { signUpCount: 1, attendanceCount: 2 },
    });
    // The second leaves by themselves: the same.
    const bySelf = await server.gql(
      `mutation($id: ID!) { cancelMySignUp(id: $id) { signUp { status } activity { signUpCount attendanceCount } } }`,
      { id: s2 },
      { token: w2 },
    );
    expect(bySelf.data.cancelMySignUp).toEqual({
      signUp: { status: 'CANCELLED' },
      activity: { signUpCount: 0, attendanceCount: 2 },
    });
    expect((await server.gql(READ, { id: s2 }, { token: staff })).data.node).toEqual({
      status: 'CANCELLED',
      attended: true,
      sessionsAttended: 1,
    });
    expect(await attendanceCounts(course)).toEqual({ attendance_count: 2, attended: 2, live: 2 });
  });

  it('an activity held once: staff marking counts as its one session, and names none', async () => {
    const once = await createActivity(server, { organiserId: pinghu, siteId: otherSite });
    const worker = await newWorker(pinghu);
    const id = (await server.gql(SIGN_ME_UP_ID, { a: once }, { token: worker })).data.signMeUp.signUp.id;
    await server.gql(UPDATE, { i: { id: once, status: 'RUNNING' } }, { token: staff });
    const named = await server.gql(
      RECORD,
      { i: { signUpId: id, sessionStartsAt: fromNow(20 * MINUTE) } },
      { token: staff },
    );
    expect([errorCode(named), named.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'sessionStartsAt']);
    const res = await server.gql(RECORD, { i: { signUpId: id } }, { token: staff });
    expect(res.data.recordAttendance.signUp).toEqual({ attended: true, sessionsAttended: 1, sessionCount: 1 });
  });
});
