import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, fromNow, MINUTE, signUp } from './helpers/fixtures.js';
import { errorCode, startTestServer, subscribersReady, tokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * Issue 10, point 4: history is kept. An activity that is over takes only a note and
 * attendance corrections with a reason; its kind stays once it holds records; one that
 * holds records is cancelled, never deleted, and cancelling tells every subscription.
 */

let a: TestServer, b: TestServer;
let county: string, town: string;

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  const city = await createUnion(a, '嘉兴市总工会', 'CITY');
  county = await createUnion(a, '嘉善县总工会', 'COUNTY', city);
  town = await createUnion(a, '西塘镇工会', 'TOWN', county);
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
const asType = (type: string, globalId: string) => Buffer.from(`${type}:${dbId(globalId)}`).toString('base64');

async function ok(query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await a.gql(query, variables);
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const UPDATE = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) {
  activity { kind title status startsAt endsAt capacity note signUpCount attendanceCount site { name } } } }`;
const update = (i: Record<string, unknown>) => a.gql(UPDATE, { i });
const DELETE = `mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`;
const RECORD = `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { signUp { attended } activity { attendanceCount } } }`;
const CORRECT = `mutation($i: CorrectAttendanceInput!) { correctAttendance(input: $i) {
  signUp { attended attendanceCorrectionReason } activity { attendanceCount } } }`;

/** Signs `n` workers up; answers their sign-up ids. */
async function signUps(activityId: string, n: number, first = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = first; i < first + n; i++) {
    const res = await a.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { signUp { id } } }`, {
      i: { activityId, workerName: `职工${i}`, phone: `1380000${String(i).padStart(4, '0')}` },
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    ids.push(res.data.signUp.signUp.id);
  }
  return ids;
}

const start = (id: string) => ok(UPDATE, { i: { id, status: 'RUNNING' } });
/** Over: it ran from a minute ago until now. */
const finish = (id: string) => ok(UPDATE, { i: { id, status: 'FINISHED', startsAt: fromNow(-MINUTE) } });

/** A FINISHED course with two sign-ups, one attended. */
async function finishedCourse(title: string) {
  const id = await createActivity(a, { title, organiserId: town, capacity: 20 });
  const [came, stayed] = await signUps(id, 2, dbId(id) * 10);
  await start(id);
  await ok(RECORD, { i: { signUpId: came } });
  await finish(id);
  return { id, came: came!, stayed: stayed! };
}

/** A RUNNING match competition with two entries and a finished match. */
async function competitionWithResults(title: string) {
  const activityId = await createActivity(a, { kind: 'COMPETITION', title, organiserId: county });
  await start(activityId);
  const competitionId = asType('Competition', activityId);
  const entries = (
    await ok(`mutation($i: RegisterEntriesInput!) { registerEntries(input: $i) { entries { id } } }`, {
      i: { competitionId, entries: ['西塘队', '姚庄队'].map((name) => ({ name, unionId: town })) },
    })
  ).registerEntries.entries.map((e: { id: string }) => e.id);
  const [match] = (
    await ok(`mutation($i: ScheduleMatchesInput!) { scheduleMatches(input: $i) { matches { id } } }`, {
      i: {
        competitionId,
        matches: [{ round: '决赛', homeEntryId: entries[0], awayEntryId: entries[1], startsAt: fromNow(0) }],
      },
    })
  ).scheduleMatches.matches;
  await ok(`mutation($id: ID!) { startMatch(id: $id) { match { id } } }`, { id: match.id });
  await ok(`mutation($i: FinishMatchInput!) { finishMatch(input: $i) { match { id } } }`, {
    i: { matchId: match.id, homeScore: 3, awayScore: 1 },
  });
  return { activityId, competitionId, matchId: match.id as string };
}

describe('an activity that is over takes only a note', () => {
  it('refuses a FINISHED activity a new kind, start, capacity, title, site or status, naming its state; a note is kept', async () => {
    const { id } = await finishedCourse('剪纸培训班');
    const [before] = await a.sql(`select * from activities where id = $1`, [dbId(id)]);
    const site = (
      await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: town, name: '西塘职工书屋', kind: 'READING_ROOM' },
      })
    ).createSite.site.id;
    for (const [field, value] of [
      ['kind', 'LECTURE'],
      ['startsAt', fromNow(-60 * MINUTE)],
      ['endsAt', fromNow(0)],
      ['capacity', 50],
      ['title', '剪纸培训班（改）'],
      ['siteId', site],
      ['description', '改写历史'],
      ['status', 'CANCELLED'],
    ] as const) {
      const res = await update({ id, [field]: value });
      expect(errorCode(res), field).toBe('CONFLICT');
      expect(res.errors![0].message).toBe(
        `The activity is FINISHED: its ${field} can no longer change. Only its note can (attendance: correctAttendance, with a reason)`,
      );
    }
    const noted = await update({ id, note: '  3月起改为每周六上课  ' });
    expect(noted.errors).toBeUndefined();
    expect(noted.data.updateActivity.activity).toMatchObject({ status: 'FINISHED', note: '3月起改为每周六上课' });
    const [after] = await a.sql(`select * from activities where id = $1`, [dbId(id)]);
    expect({ ...after, note: null, updated_at: null }).toEqual({ ...before, note: null, updated_at: null });
  });

  it('refuses a CANCELLED activity anything but a note, too', async () => {
    const id = await createActivity(a, { title: '书法展', kind: 'EXHIBITION', organiserId: town });
    await ok(UPDATE, { i: { id, status: 'CANCELLED', note: '展厅维修' } });
    const res = await update({ id, title: '书法展（恢复）', status: 'OPEN' });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(
      /^The activity is CANCELLED: its (title, status|status, title) can no longer change/,
    );
    expect((await update({ id, note: '展厅维修，延期至明年' })).data.updateActivity.activity).toMatchObject({
      status: 'CANCELLED',
      title: '书法展',
      note: '展厅维修，延期至明年',
    });
  });
});

describe('the kind stays once an activity holds records', () => {
  it('refuses to turn a competition with matches into a course; Match.competition keeps answering', async () => {
    const { activityId, matchId } = await competitionWithResults('西塘镇职工篮球赛');
    const res = await update({ id: activityId, kind: 'COURSE' });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toBe(
      'The activity holds 2 competition entries, 1 match: its kind cannot change from COMPETITION to COURSE',
    );
    const read = await a.gql(`query($id: ID!) { node(id: $id) { ... on Match { competition { format } } } }`, {
      id: matchId,
    });
    expect(read).toMatchObject({ data: { node: { competition: { format: 'MATCHES' } } } });
    expect(read.errors).toBeUndefined();
  });

  it('refuses a kind change under sign-ups or competition rules, and allows it on an activity without records', async () => {
    const course = await createActivity(a, { title: '太极拳班', organiserId: town });
    await signUp(a, course, '13900000001');
    const held = await update({ id: course, kind: 'LECTURE' });
    expect(errorCode(held)).toBe('CONFLICT');
    expect(held.errors![0].message).toMatch(/^The activity holds 1 active sign-up: its kind cannot change/);

    const contest = await createActivity(a, { kind: 'COMPETITION', title: '歌手赛', organiserId: town });
    await ok(`mutation($i: SetCompetitionRulesInput!) { setCompetitionRules(input: $i) { competition { id } } }`, {
      i: { competitionId: asType('Competition', contest), format: 'JUDGED' },
    });
    expect((await update({ id: contest, kind: 'PERFORMANCE' })).errors![0].message).toMatch(
      /^The activity holds competition rules: its kind cannot change/,
    );

    const empty = await createActivity(a, { title: '讲座', organiserId: town });
    expect((await update({ id: empty, kind: 'LECTURE' })).data.updateActivity.activity.kind).toBe('LECTURE');
  });
});

describe('an activity that holds records is never deleted', () => {
  it('refuses to delete a RUNNING competition with results, a FINISHED course with attendance, an OPEN course with sign-ups', async () => {
    const { activityId: league, competitionId } = await competitionWithResults('嘉善县职工排球赛');
    const { id: course } = await finishedCourse('茶艺课');
    const open = await createActivity(a, { title: '瑜伽课', organiserId: town });
    await signUps(open, 5, 500);
    const screen = subscribe(b.wsUrl, `subscription($id: ID!) { competitionUpdated(competitionId: $id) { type } }`, {
      id: competitionId,
    });
    await subscribersReady(b);
    const before = await a.sql(`select count(*)::int as n from events`);

    const refused = async (id: string, holds: string) => {
      const res = await a.gql(DELETE, { id });
      expect(errorCode(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toBe(
        `The activity holds ${holds}: it cannot be deleted. Cancel it instead (status CANCELLED)`,
      );
    };
    await refused(league, '2 competition entries, 1 match');
    await refused(course, '2 active sign-ups, 1 recorded attendance');
    await refused(open, '5 active sign-ups');
    expect(
      await a.sql(`select count(*)::int as n from activities where id = any($1)`, [[league, course, open].map(dbId)]),
    ).toEqual([{ n: 3 }]);
    expect(await a.sql(`select count(*)::int as n from events`)).toEqual(before);
    expect(screen.results).toEqual([]);
    await screen.close();
  });

  it('deletes an activity entered by mistake; a competition without entries ends its subscriptions with DELETED', async () => {
    const mistake = await createActivity(a, { kind: 'COMPETITION', title: '重复录入的比赛', organiserId: town });
    const screen = subscribe(
      b.wsUrl,
      `subscription($id: ID!) { competitionUpdated(competitionId: $id) { type competition { id } } }`,
      {
        id: asType('Competition', mistake),
      },
    );
    await subscribersReady(b);
    expect((await a.gql(DELETE, { id: mistake })).data.deleteActivity.deletedId).toBe(mistake);
    expect(await screen.waitFor(1)).toEqual([{ data: { competitionUpdated: { type: 'DELETED', competition: null } } }]);
    await screen.done;
    await subscribersReady(b, 0);
    await screen.close();
  });
});

describe('cancelling ends an activity and tells every subscription', () => {
  const CHANGED = `subscription($id: ID!) { activityChanged(id: $id) { type status signUpCount activity { note } } }`;
  const FEED = `subscription($unionId: ID!) { activityFeed(unionId: $unionId) { type title status } }`;
  const UPDATED = `subscription($id: ID!, $after: String) { competitionUpdated(competitionId: $id, after: $after) { cursor type reason } }`;

  it('cancels the active sign-ups of a course with the course, on every instance', async () => {
    const id = await createActivity(a, { title: '插花课', organiserId: town, capacity: 10 });
    const [gaveBack] = await signUps(id, 5, 700);
    await a.gql(`mutation($id: ID!) { cancelSignUp(id: $id) { signUp { id } } }`, { id: gaveBack });
    const changed = subscribe(a.wsUrl, CHANGED, { id });
    const feed = subscribe(b.wsUrl, FEED, { unionId: county });
    await Promise.all([subscribersReady(a), subscribersReady(b)]);

    const res = await update({ id, status: 'CANCELLED', note: '老师生病' });
    expect(res.data.updateActivity.activity).toMatchObject({ status: 'CANCELLED', signUpCount: 0, note: '老师生病' });
    expect(
      await a.sql(`select status, count(*)::int as n from sign_ups where activity_id = $1 group by status`, [dbId(id)]),
    ).toEqual([{ status: 'CANCELLED', n: 5 }]);
    expect((await changed.waitFor(2)).map((r) => r.data.activityChanged)).toEqual([
      { type: 'CANCELLED', status: 'CANCELLED', signUpCount: 0, activity: { note: '老师生病' } },
      { type: 'SIGN_UPS_CHANGED', status: 'CANCELLED', signUpCount: 0, activity: { note: '老师生病' } },
    ]);
    expect((await feed.waitFor(1)).map((r) => r.data.activityFeed)).toEqual([
      { type: 'CANCELLED', title: '插花课', status: 'CANCELLED' },
    ]);
    await Promise.all([changed.close(), feed.close()]);
  });

  it('ends competitionUpdated on every instance with a last CANCELLED event; later subscriptions complete at once', async () => {
    const { activityId, competitionId } = await competitionWithResults('嘉善县职工乒乓球赛');
    const onA = subscribe(a.wsUrl, UPDATED, { id: competitionId });
    const onB = subscribe(b.wsUrl, UPDATED, { id: competitionId });
    const changed = subscribe(b.wsUrl, CHANGED, { id: activityId });
    await Promise.all([subscribersReady(a), subscribersReady(b, 2)]);
    const [{ cursor: before }] = await a.sql(`select max(cursor)::text as cursor from events`);

    await ok(UPDATE, { i: { id: activityId, status: 'CANCELLED', note: '场馆停电' } });
    for (const screen of [onA, onB]) {
      expect((await screen.waitFor(1)).map((r) => r.data.competitionUpdated)).toMatchObject([
        { type: 'CANCELLED', reason: '场馆停电' },
      ]);
      await screen.done; // completed by the server
      await screen.close();
    }
    expect((await changed.waitFor(1))[0].data.activityChanged).toMatchObject({ type: 'CANCELLED' });
    await changed.close();
    await Promise.all([subscribersReady(a, 0), subscribersReady(b, 0)]);

    // Subscribing to a cancelled competition: nothing more can come.
    const late = subscribe(a.wsUrl, UPDATED, { id: competitionId });
    await late.done;
    expect(late.results).toEqual([]);
    await late.close();
    // Resuming from before the cancellation: the last event, then the end.
    const resumed = subscribe(b.wsUrl, UPDATED, { id: competitionId, after: before });
    await resumed.done;
    expect(resumed.results.map((r) => r.data.competitionUpdated)).toMatchObject([
      { type: 'CANCELLED', reason: '场馆停电' },
    ]);
    await resumed.close();
    expect(errorCode(await a.gql(DELETE, { id: activityId }))).toBe('CONFLICT');
  });
});

describe('attendance of an activity that is over is corrected with a reason', () => {
  it('refuses recordAttendance on a FINISHED course; correctAttendance changes it, keeps the reason and tells subscribers', async () => {
    const { id, came, stayed } = await finishedCourse('烘焙课');
    const late = await a.gql(RECORD, { i: { signUpId: stayed } });
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.errors![0].message).toBe(
      'The activity is FINISHED: its attendance is history; correct it with correctAttendance and a reason',
    );
    const blank = await a.gql(CORRECT, { i: { signUpId: stayed, attended: true, reason: '  ' } });
    expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    expect(errorCode(await a.gql(CORRECT, { i: { signUpId: came, attended: true, reason: '重复' } }))).toBe('CONFLICT');

    const changed = subscribe(b.wsUrl, `subscription($id: ID!) { activityChanged(id: $id) { type attendanceCount } }`, {
      id,
    });
    await subscribersReady(b);
    const res = await a.gql(CORRECT, { i: { signUpId: stayed, attended: true, reason: '签到表补录' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.correctAttendance).toEqual({
      signUp: { attended: true, attendanceCorrectionReason: '签到表补录' },
      activity: { attendanceCount: 2 },
    });
    const [row] = await a.sql(
      `select attendance_corrected_at > now() - interval '1 minute' as just_now from sign_ups where id = $1`,
      [dbId(stayed)],
    );
    expect(row).toEqual({ just_now: true });
    // The event says the count, never the reason: it may say things about the worker.
    expect((await changed.waitFor(1))[0].data.activityChanged).toEqual({
      type: 'ATTENDANCE_CHANGED',
      attendanceCount: 2,
    });
    await changed.close();
    const [event] = await a.sql(
      `select payload from events where topic = 'activity' and subject_id = $1 order by cursor desc limit 1`,
      [dbId(id)],
    );
    expect(JSON.stringify(event.payload)).not.toContain('签到表补录');

    // Whoever sees the sign-up sees the reason; anyone else sees no sign-up at all.
    const READ = `query($id: ID!) { node(id: $id) { ... on SignUp { attended attendanceCorrectionReason } } }`;
    expect((await a.gql(READ, { id: stayed }, { token: null })).data.node).toBeNull();
    const townStaff = await tokenFor({ unionId: dbId(town) });
    expect((await a.gql(READ, { id: stayed }, { token: townStaff })).data.node).toEqual({
      attended: true,
      attendanceCorrectionReason: '签到表补录',
    });
  });

  it('corrects attendance of a CANCELLED activity that had begun, never of one called off before its start or still running', async () => {
    const running = await createActivity(a, { title: '游泳课', organiserId: town });
    const [swimmer] = await signUps(running, 1, 900);
    await start(running);
    const early = await a.gql(CORRECT, { i: { signUpId: swimmer, attended: true, reason: '补录' } });
    expect(errorCode(early)).toBe('CONFLICT');
    expect(early.errors![0].message).toMatch(/while it runs, recordAttendance/);
    await ok(RECORD, { i: { signUpId: swimmer } });
    // Called off half way: the sign-up is cancelled, the attendance stays as history.
    await ok(UPDATE, { i: { id: running, status: 'CANCELLED', startsAt: fromNow(-MINUTE), note: '泳池关闭' } });
    const [row] = await a.sql(`select status, attended from sign_ups where id = $1`, [dbId(swimmer!)]);
    expect(row).toEqual({ status: 'CANCELLED', attended: true });
    const fixed = await a.gql(CORRECT, { i: { signUpId: swimmer, attended: false, reason: '记错了人' } });
    expect(fixed.data.correctAttendance).toMatchObject({
      signUp: { attended: false },
      activity: { attendanceCount: 0 },
    });

    const never = await createActivity(a, { title: '陶艺课', organiserId: town });
    const [potter] = await signUps(never, 1, 950);
    await ok(UPDATE, { i: { id: never, status: 'CANCELLED' } });
    const res = await a.gql(CORRECT, { i: { signUpId: potter, attended: true, reason: '补录' } });
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toBe('The activity was called off before its start: nobody attended');
    expect(a.loggedErrors).toEqual([]);
  });
});
