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
