import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

/**
 * Union.series (issue 13) on the demo, checked against the raw rows bucketed here, in the
 * test, on Shanghai's calendar (a fixed UTC+8): a different route to the same answer.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.stop());

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;

/** The start (UTC ms) of the Shanghai calendar bucket holding instant `t`. */
function bucketOf(interval: string, t: number): number {
  const local = new Date(t + SHANGHAI);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  if (interval === 'MONTH') return Date.UTC(y, m, 1) - SHANGHAI;
  if (interval === 'QUARTER') return Date.UTC(y, m - (m % 3), 1) - SHANGHAI;
  const midnight = Date.UTC(y, m, local.getUTCDate());
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return midnight - sinceMonday * DAY - SHANGHAI;
}

function nextBucket(interval: string, start: number): number {
  if (interval === 'WEEK') return start + 7 * DAY;
  const local = new Date(start + SHANGHAI);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + (interval === 'MONTH' ? 1 : 3), 1) - SHANGHAI;
}

interface Row {
  t: number;
  path: string;
  [column: string]: any;
}

/** The raw rows of every metric, with when they happened and the path of the union they count under. */
async function rawRows(): Promise<Record<string, Row[]>> {
  const epoch = (column: string) => `(extract(epoch from ${column}) * 1000)::float8 as t`;
  return {
    activities: await server.sql(
      `select ${epoch('a.starts_at')}, u.path::text, a.status::text, a.capacity, a.sign_up_count, a.attendance_count
       from activities a join unions u on u.id = a.organiser_id`,
    ),
    signUps: await server.sql(
      `select ${epoch('x.created_at')}, u.path::text, x.status::text from sign_ups x
       join activities a on a.id = x.activity_id join unions u on u.id = a.organiser_id`,
    ),
    orders: await server.sql(
      `select ${epoch('o.created_at')}, u.path::text from orders o join unions u on u.id = o.ordering_union_id`,
    ),
    claims: await server.sql(
      `select ${epoch('c.paid_at')}, u.path::text, c.approved_fen::float8 as fen
       from subsidy_claims c join unions u on u.id = c.union_id where c.status = 'PAID'`,
    ),
    sites: await server.sql(
      `select ${epoch('s.created_at')}, u.path::text from sites s join unions u on u.id = s.union_id`,
    ),
  };
}

/** The series as the test computes it: each metric's rows of the subtree, folded per bucket. */
function expectedSeries(
  raw: Record<string, Row[]>,
  unionId: number,
  metric: string,
  interval: string,
  from: number,
  to: number,
) {
  const starts: number[] = [];
  for (let b = bucketOf(interval, from); b < to; b = nextBucket(interval, b)) starts.push(b);
  const inSubtree = (row: Row) => row.path.split('.').includes(String(unionId));
  const fold = (rows: Row[], value: (rows: Row[]) => number) =>
    starts.map((start) => value(rows.filter((r) => inSubtree(r) && bucketOf(interval, r.t) === start)));
  const held = raw.activities.filter((a) => a.status !== 'CANCELLED');
  const values = {
    ACTIVITIES_HELD: () =>
      fold(
        raw.activities.filter((a) => ['RUNNING', 'FINISHED'].includes(a.status)),
        (rs) => rs.length,
      ),
    SIGN_UPS: () =>
      fold(
        raw.signUps.filter((s) => s.status === 'SIGNED_UP'),
        (rs) => rs.length,
      ),
    ATTENDANCE: () => fold(held, (rs) => rs.reduce((n, a) => n + a.attendance_count, 0)),
    FILL_RATE: () =>
      fold(
        held.filter((a) => a.capacity > 0),
        (rs) => (rs.length ? rs.reduce((n, a) => n + a.sign_up_count, 0) / rs.reduce((n, a) => n + a.capacity, 0) : 0),
      ),
    ORDERS: () => fold(raw.orders, (rs) => rs.length),
    NEW_SITES: () => fold(raw.sites, (rs) => rs.length),
    SUBSIDY_SPEND: () => fold(raw.claims, (rs) => rs.reduce((n, c) => n + c.fen, 0)),
  }[metric]!();
  return starts.map((start, i) => ({ startsAt: start, endsAt: nextBucket(interval, start), value: values[i] }));
}

const SERIES = `query($id: ID!, $metric: SeriesMetric!, $interval: SeriesInterval!, $from: DateTime!, $to: DateTime!) {
  union(id: $id) { series(metric: $metric, interval: $interval, from: $from, to: $to) { startsAt endsAt value } }
}`;

async function series(unionId: number, metric: string, interval: string, from: number, to: number) {
  const res = await server.gql(SERIES, {
    id: gid('Union', unionId),
    metric,
    interval,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  });
  expect(res.errors).toBeUndefined();
  return (res.data.union.series as { startsAt: string; endsAt: string; value: number }[]).map((p) => ({
    startsAt: Date.parse(p.startsAt),
    endsAt: Date.parse(p.endsAt),
    value: p.value,
  }));
}

const METRICS = ['ACTIVITIES_HELD', 'SIGN_UPS', 'ATTENDANCE', 'FILL_RATE', 'ORDERS', 'NEW_SITES', 'SUBSIDY_SPEND'];

describe('series against the raw rows of the demo', () => {
  let raw: Record<string, Row[]>;
  let city: number;
  let county: number;
  beforeAll(async () => {
    raw = await rawRows();
    [{ id: city }] = await server.sql<{ id: number }>(`select id from unions where level = 'CITY'`);
    [{ id: county }] = await server.sql<{ id: number }>(`select id from unions where name = '平湖市总工会'`);
  });

  it.each(METRICS)('%s by month, quarter and week, for the city and a county', async (metric) => {
    const now = Date.now();
    const cases: [string, number, number][] = [
      ['MONTH', now - 400 * DAY, now + 60 * DAY],
      ['QUARTER', now - 400 * DAY, now + 100 * DAY],
      ['WEEK', now - 120 * DAY, now + 30 * DAY],
    ];
    let nonZero = 0;
    for (const union of [city, county]) {
      for (const [interval, from, to] of cases) {
        const got = await series(union, metric, interval, from, to);
        const want = expectedSeries(raw, union, metric, interval, from, to);
        expect(got.map((p) => [p.startsAt, p.endsAt])).toEqual(want.map((p) => [p.startsAt, p.endsAt]));
        got.forEach((point, i) => expect(point.value, `${interval} ${i}`).toBeCloseTo(want[i].value, 9));
        nonZero += got.filter((p) => p.value > 0).length;
      }
    }
    // The demo gives every metric something to count.
    expect(nonZero).toBeGreaterThan(0);
  });
});

describe('buckets on the Shanghai calendar', () => {
  let town: number;
  beforeAll(async () => {
    // A new town with three activities around the end of March, Shanghai time.
    const [county] = await server.sql<{ id: number }>(`select id from unions where name = '嘉善县总工会'`);
    const created = await server.gql(
      `mutation($input: CreateUnionInput!) { createUnion(input: $input) { union { id } } }`,
      { input: { name: '测试边界镇工会', level: 'TOWN', parentId: gid('Union', county.id) } },
    );
    expect(created.errors).toBeUndefined();
    town = Number(Buffer.from(created.data.createUnion.union.id, 'base64').toString().split(':')[1]);
    await server.sql(
      `insert into activities (kind, title, organiser_id, starts_at, ends_at, status, capacity, sign_up_count, attendance_count)
       values ('LECTURE', '三月最后一课', $1, '2026-03-31T15:59:59Z', '2026-03-31T17:00:00Z', 'FINISHED', 10, 5, 5),
              ('LECTURE', '四月第一课', $1, '2026-03-31T16:30:00Z', '2026-03-31T18:00:00Z', 'FINISHED', 20, 20, 7),
              ('LECTURE', '取消的课', $1, '2026-04-02T02:00:00Z', '2026-04-02T03:00:00Z', 'CANCELLED', 20, 0, 0)`,
      [town],
    );
  });

  it('puts 2026-03-31T16:30Z in April and 15:59:59Z in March', async () => {
    const from = Date.parse('2026-01-31T16:00:00Z'); // 1 February, Shanghai
    const to = Date.parse('2026-05-31T16:00:00Z'); // 1 June, Shanghai
    const held = await series(town, 'ACTIVITIES_HELD', 'MONTH', from, to);
    expect(held.map((p) => new Date(p.startsAt).toISOString())).toEqual([
      '2026-01-31T16:00:00.000Z',
      '2026-02-28T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2026-04-30T16:00:00.000Z',
    ]);
    // Empty buckets are there, as zero.
    expect(held.map((p) => p.value)).toEqual([0, 1, 1, 0]);
    expect((await series(town, 'ATTENDANCE', 'MONTH', from, to)).map((p) => p.value)).toEqual([0, 5, 7, 0]);
    expect((await series(town, 'FILL_RATE', 'MONTH', from, to)).map((p) => p.value)).toEqual([0, 0.5, 1, 0]);
    // The same rows by quarter: both in Q1 and Q2 apart.
    const quarters = await series(town, 'ACTIVITIES_HELD', 'QUARTER', from, to);
    expect(quarters.map((p) => [new Date(p.startsAt).toISOString(), p.value])).toEqual([
      ['2025-12-31T16:00:00.000Z', 1],
      ['2026-03-31T16:00:00.000Z', 1],
    ]);
  });

  it('starts weeks on Monday, Shanghai time', async () => {
    // Tuesday 31 March 2026 is in the week of Monday 30 March; 1 April 00:30 too.
    const weeks = await series(
      town,
      'ACTIVITIES_HELD',
      'WEEK',
      Date.parse('2026-03-20T00:00:00Z'),
      Date.parse('2026-04-10T00:00:00Z'),
    );
    expect(weeks.map((p) => [new Date(p.startsAt).toISOString(), p.value])).toEqual([
      ['2026-03-15T16:00:00.000Z', 0],
      ['2026-03-22T16:00:00.000Z', 0],
      ['2026-03-29T16:00:00.000Z', 2],
      ['2026-04-05T16:00:00.000Z', 0],
    ]);
  });

  it('answers a subtree with nothing in it with zeros in every bucket', async () => {
    const points = await series(
      town,
      'ORDERS',
      'MONTH',
      Date.parse('2025-12-31T16:00:00Z'),
      Date.parse('2026-12-31T16:00:00Z'),
    );
    expect(points).toHaveLength(12);
    expect(points.every((p) => p.value === 0)).toBe(true);
  });
});

describe('bounds the caller can fix', () => {
  it.each([
    ['from after to', 'MONTH', '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', 'from'],
    ['from equal to to', 'MONTH', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z', 'from'],
    ['ten years of weeks', 'WEEK', '2016-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'to'],
  ])('refuses %s', async (_, interval, from, to, field) => {
    const res = await server.gql(SERIES, { id: gid('Union', 1), metric: 'ORDERS', interval, from, to });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
  });

  it('answers a century of quarters up to the bound', async () => {
    const res = await server.gql(SERIES, {
      id: gid('Union', 1),
      metric: 'NEW_SITES',
      interval: 'QUARTER',
      from: '1926-01-01T00:00:00Z',
      to: '2025-12-31T16:00:00Z',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.union.series).toHaveLength(400);
  });
});

describe('the response cache never answers a stale series', () => {
  it('counts a site opened after the first answer', async () => {
    const [town] = await server.sql<{ id: number }>(`select id from unions where level = 'TOWN' order by id limit 1`);
    const now = Date.now();
    const ask = () => series(town.id, 'NEW_SITES', 'MONTH', now - 40 * DAY, now + DAY);
    const before = await ask();
    expect(await ask()).toEqual(before);
    const created = await server.gql(
      `mutation($input: CreateSiteInput!) { createSite(input: $input) { site { id } } }`,
      {
        input: { unionId: gid('Union', town.id), name: '新开的职工之家', kind: 'WORKERS_HOME' },
      },
    );
    expect(created.errors).toBeUndefined();
    const after = await ask();
    // The bucket of today in Shanghai holds it.
    const today = (points: typeof before) =>
      points.find((p) => p.startsAt <= Date.now() && Date.now() < p.endsAt)!.value;
    expect(today(after)).toBe(today(before) + 1);
  });
});
