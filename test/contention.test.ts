import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion, DAY, fromNow } from './helpers/fixtures.js';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

let a: TestServer, b: TestServer;
let county: string;

beforeAll(async () => {
  a = await startTestServer({ data: 'empty' });
  b = await startTestServer({ sameDatabaseAs: a });
  county = await createUnion(a, '嘉善县总工会', 'COUNTY');
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { activity { signUpCount placesLeft } } }`;

describe('contention', () => {
  it('200 concurrent sign-ups on two instances for 20 places: exactly 20 succeed, the rest get CAPACITY_FULL', async () => {
    const activityId = await createActivity(a, { title: '职工健康体检', organiserId: county, capacity: 20 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? a : b).gql(SIGN_UP, {
          i: { activityId, workerName: `职工${i}`, phone: `139${String(10_000_000 + i).slice(-8)}` },
        }),
      ),
    );
    const codes = results.map((r) => errorCode(r) ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
    expect(codes.filter((c) => c === 'CAPACITY_FULL')).toHaveLength(180);
    const [row] = await a.sql(
      `select sign_up_count, (select count(*)::int from sign_ups where activity_id = a.id) as rows from activities a where title = '职工健康体检'`,
    );
    expect(row).toEqual({ sign_up_count: 20, rows: 20 });
  }, 60_000);

  it('refuses the same worker twice, even when both requests race', async () => {
    const activityId = await createActivity(a, { title: '篮球培训', organiserId: county, capacity: 50 });
    const input = { i: { activityId, workerName: '王强', phone: '13700000000' } };
    const [first, second] = await Promise.all([a.gql(SIGN_UP, input), b.gql(SIGN_UP, input)]);
    expect([errorCode(first) ?? 'OK', errorCode(second) ?? 'OK'].sort()).toEqual(['CONFLICT', 'OK']);
  });
});

describe('Idempotency-Key', () => {
  const CREATE = `mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id title } } }`;
  // One instant for the whole file: a retry must send the very same request.
  const startsAt = fromNow(5 * DAY);
  const input = (title: string) => ({
    i: { kind: 'LECTURE', title, organiserId: county, startsAt },
  });
  const count = async (title: string) =>
    (await a.sql(`select count(*)::int as n from activities where title = $1`, [title]))[0].n;

  it('applies a retried mutation once and answers the retry with the first answer', async () => {
    const headers = { 'idempotency-key': 'lecture-2026-12-05' };
    const first = await a.gql(CREATE, input('劳模宣讲'), { headers });
    const retry = await b.gql(CREATE, input('劳模宣讲'), { headers });
    expect(first.errors).toBeUndefined();
    expect(retry).toEqual(first);
    expect(await count('劳模宣讲')).toBe(1);
  });

  it('applies concurrent retries once', async () => {
    const headers = { 'idempotency-key': 'burst-1' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).gql(CREATE, input('安全生产讲座'), { headers })),
    );
    expect(await count('安全生产讲座')).toBe(1);
    for (const answer of answers) expect(answer.errors === undefined || errorCode(answer) === 'CONFLICT').toBe(true);
  });

  it('refuses the key for a different request, and runs again when nothing was applied', async () => {
    const headers = { 'idempotency-key': 'reused' };
    expect((await a.gql(CREATE, input('工匠故事会'), { headers })).errors).toBeUndefined();
    const other = await a.gql(CREATE, input('别的讲座'), { headers });
    expect([other.status, errorCode(other)]).toEqual([422, 'CONFLICT']);

    const failing = { 'idempotency-key': 'first-fails' };
    const bad = await a.gql(CREATE, { i: { ...input('').i, title: ' ' } }, { headers: failing });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const keys = await a.sql(`select count(*)::int as n from idempotency_keys where key = 'first-fails'`);
    expect(keys[0].n).toBe(0);
  });

  it('refuses a malformed key', async () => {
    const res = await a.gql(CREATE, input('x'), { headers: { 'idempotency-key': 'a b' } });
    expect([res.status, errorCode(res)]).toEqual([400, 'BAD_USER_INPUT']);
  });
});
