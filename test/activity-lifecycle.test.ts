import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, DAY, fromNow, HOUR, MINUTE, signUp } from './helpers/fixtures.js';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

/**
 * Issue 10, point 3: an activity's status never contradicts the clock. Sign-ups close at
 * the start, and writes that contradict the time are refused.
 */

const UPDATE = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status startsAt endsAt title } } }`;
const CREATE = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id status } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dbId = (globalId: string): number => Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);

let server: TestServer;
let county: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  county = await createUnion(server, '海盐县总工会', 'COUNTY');
});
afterAll(() => server?.stop());

const update = (i: Record<string, unknown>) => server.gql(UPDATE, { i });

describe('sign-ups close at the start', () => {
  it('refuses a sign-up once the start has passed, even before the sweep moved the activity', async () => {
    const id = await createActivity(server, { title: '插花课', organiserId: county, startsAt: fromNow(1500) });
    expect((await signUp(server, id, '13900000001')).errors).toBeUndefined();
    await sleep(1600);
    const late = await signUp(server, id, '13900000002');
    expect(errorCode(late)).toBe('CONFLICT');
    expect(late.errors![0].message).toMatch(/^Sign-up closed when the activity started at /);
    const [row] = await server.sql(`select status, sign_up_count from activities where id = $1`, [dbId(id)]);
    expect(row).toEqual({ status: 'OPEN', sign_up_count: 1 });
  });

  it('refuses a sign-up for a course that ended weeks ago but is still marked OPEN', async () => {
    const id = await createActivity(server, { title: '茶艺课', organiserId: county });
    // A row as the demo held them before these rules: OPEN, over three weeks ago.
    await server.sql(
      `update activities set starts_at = now() - interval '22 days', ends_at = now() - interval '21 days' where id = $1`,
      [dbId(id)],
    );
    const res = await signUp(server, id, '13900000003');
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/started/);
  });

  it('refuses a sign-up for an activity that is not OPEN, with CONFLICT naming its status', async () => {
    const id = await createActivity(server, { title: '讲座', organiserId: county, status: 'PLANNED' });
    const res = await signUp(server, id, '13900000004');
    expect(errorCode(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toBe('Sign-up is not open: the activity is PLANNED');
  });
});

describe('statuses agree with the clock', () => {
  it('refuses a new OPEN or PLANNED activity that has already begun (CONFLICT), and times out of order (BAD_USER_INPUT)', async () => {
    const create = (i: Record<string, unknown>) =>
      server.gql(CREATE, { i: { kind: 'COURSE', title: '穿越课', organiserId: county, ...i } });
    const ancient = await create({ status: 'OPEN', startsAt: '1900-01-01T00:00:00Z' });
    expect(errorCode(ancient)).toBe('CONFLICT');
    expect(ancient.errors![0].message).toMatch(/1900-01-01T00:00:00.000Z cannot be OPEN/);
    expect(errorCode(await create({ startsAt: fromNow(-HOUR), endsAt: fromNow(HOUR) }))).toBe('CONFLICT');
    const backwards = await create({ startsAt: fromNow(DAY), endsAt: fromNow(HOUR) });
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0].extensions!.field).toBe('endsAt');
    expect(await server.sql(`select id from activities where title = '穿越课'`)).toEqual([]);
    expect((await create({ status: 'OPEN', startsAt: fromNow(MINUTE) })).data.createActivity.activity.status).toBe(
      'OPEN',
    );
  });

  it('lets staff start at most 30 minutes early and never after the end; FINISHED only from the start on', async () => {
    const soon = await createActivity(server, { title: '合唱排练', organiserId: county, startsAt: fromNow(2 * HOUR) });
    const early = await update({ id: soon, status: 'RUNNING' });
    expect(errorCode(early)).toBe('CONFLICT');
    expect(early.errors![0].message).toMatch(/at most 30 minutes before its start/);

    const doors = await createActivity(server, {
      title: '书法课',
      organiserId: county,
      startsAt: fromNow(25 * MINUTE),
    });
    expect((await update({ id: doors, status: 'RUNNING' })).data.updateActivity.activity.status).toBe('RUNNING');
    const finished = await update({ id: doors, status: 'FINISHED' });
    expect(errorCode(finished)).toBe('CONFLICT');
    expect(finished.errors![0].message).toMatch(/cannot be FINISHED before its start/);
    const over = await update({ id: doors, endsAt: fromNow(-MINUTE), startsAt: fromNow(-HOUR) });
    expect(errorCode(over)).toBe('CONFLICT');
    expect(over.errors![0].message).toMatch(/cannot be RUNNING: it is FINISHED/);
    // Said together with the end: it ran from an hour ago until a minute ago.
    const done = await update({ id: doors, status: 'FINISHED', endsAt: fromNow(-MINUTE), startsAt: fromNow(-HOUR) });
    expect(done.errors).toBeUndefined();
    expect(done.data.updateActivity.activity.status).toBe('FINISHED');
  });

  it('refuses to move an OPEN activity’s start into the past; a title change alone is never held against the clock', async () => {
    const id = await createActivity(server, { title: '电工培训', organiserId: county, startsAt: fromNow(1200) });
    const past = await update({ id, startsAt: fromNow(-HOUR) });
    expect(errorCode(past)).toBe('CONFLICT');
    expect(past.errors![0].message).toMatch(/cannot be OPEN now: it has begun/);
    await sleep(1300);
    // It started a moment ago and the sweep has not run yet: renaming it still works.
    const renamed = await update({ id, title: '电工安全培训' });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updateActivity.activity).toMatchObject({ status: 'OPEN', title: '电工安全培训' });
  });
});
