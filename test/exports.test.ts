import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, updateStatus } from './helpers/fixtures.js';
import { startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * Ledger exports (issue 13, point 5): staff download their subtree's ledger (台账) as CSV
 * over HTTP with the GraphQL bearer token — activities with attendance, the sign-ups
 * behind it, orders and subsidy claims — UTF-8 with a BOM, streamed from a cursor: the
 * first chunk arrives while the statement is still running. Refusals are JSON answers
 * with the GraphQL error codes. On the Jiaxing demo.
 */

let server: TestServer;
let cityId: number, countyId: number, otherCountyId: number, townId: number;
let staffCounty: string, staffTown: string, staffOther: string, worker: string;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** A minimal RFC 4180 reader: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

function ledgerUrl(params: Record<string, string | number>): string {
  const url = new URL('/exports/ledger.csv', server.url);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  return url.toString();
}

async function download(params: Record<string, string | number>, token: string | null = server.adminToken) {
  const res = await fetch(ledgerUrl(params), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  [{ id: cityId }] = await server.sql(`select id from unions where level = 'CITY' order by id limit 1`);
  const counties = await server.sql<{ id: number }>(
    `select u.id from unions u where u.level = 'COUNTY' and
       exists (select 1 from subsidy_claims c join unions v on v.id = c.union_id where v.path <@ u.path)
     order by u.id`,
  );
  countyId = counties[0]!.id;
  [{ id: otherCountyId }] = await server.sql(
    `select id from unions where level = 'COUNTY' and id <> $1 order by id limit 1`,
    [countyId],
  );
  [{ id: townId }] = await server.sql(
    `select t.id from unions t where t.level = 'TOWN' and t.parent_id = $1 and
       exists (select 1 from activities a join unions o on o.id = a.organiser_id where o.path <@ t.path and a.sign_up_count > 0)
     order by t.id limit 1`,
    [countyId],
  );
  staffCounty = await tokenFor({ unionId: countyId });
  staffTown = await tokenFor({ unionId: townId });
  staffOther = await tokenFor({ unionId: otherCountyId });
  worker = await workerTokenFor({ unionId: townId });
});
afterAll(() => server?.stop());

describe('refusals are JSON with the GraphQL codes, and send no CSV', () => {
  const refusals: [string, () => string | null, Record<string, () => string>, number, string][] = [
    ['anonymous', () => null, { unionId: () => gid('Union', countyId) }, 401, 'UNAUTHENTICATED'],
    ['a forged token', () => 'not-a-token', { unionId: () => gid('Union', countyId) }, 401, 'UNAUTHENTICATED'],
    ["a worker's token", () => worker, { unionId: () => gid('Union', townId) }, 403, 'FORBIDDEN'],
    ['staff of another county', () => staffOther, { unionId: () => gid('Union', countyId) }, 403, 'FORBIDDEN'],
    [
      'staff of a town, for the county above it',
      () => staffTown,
      { unionId: () => gid('Union', countyId) },
      403,
      'FORBIDDEN',
    ],
    ['an unknown union', () => staffCounty, { unionId: () => gid('Union', 999_999) }, 404, 'NOT_FOUND'],
    ['a site id for a union', () => staffCounty, { unionId: () => gid('Site', 1) }, 400, 'BAD_USER_INPUT'],
    ['no union', () => staffCounty, {}, 400, 'BAD_USER_INPUT'],
    [
      'an unknown kind',
      () => staffCounty,
      { unionId: () => gid('Union', countyId), kind: () => 'payroll' },
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a bad day',
      () => staffCounty,
      { unionId: () => gid('Union', countyId), from: () => '2026-13-01' },
      400,
      'BAD_USER_INPUT',
    ],
  ];
  it.each(refusals)('%s', async (_what, token, params, status, code) => {
    const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v()]));
    const { res, text } = await download(values, token());
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text);
    expect(body.errors[0].extensions.code).toBe(code);
    expect(text).not.toMatch(/select|relation|syntax/i);
  });
});

describe('the ledgers', () => {
  it('activities with attendance: UTF-8 with a BOM, bilingual headers, every activity of the subtree once', async () => {
    const { res, bytes, text } = await download({ unionId: gid('Union', countyId), kind: 'activities' }, staffCounty);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      '活动编号 Activity ID',
      '活动名称 Title',
      '类别 Kind',
      '状态 Status',
      '开始时间 Starts',
      '结束时间 Ends',
      '主办工会 Organiser',
      '阵地 Site',
      '名额 Capacity',
      '报名人数 Sign-ups',
      '参与人数 Attendance',
    ]);
    const expected = await server.sql<{ id: number; title: string; attendance: number }>(
      `select a.id, a.title, a.attendance_count as attendance from activities a join unions o on o.id = a.organiser_id
       where o.path <@ (select path from unions where id = $1) order by a.starts_at, a.id`,
      [countyId],
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(rows.map((r) => [Number(r[0]), r[1], Number(r[10])])).toEqual(
      expected.map((e) => [e.id, e.title, e.attendance]),
    );
  });

  it('a period narrows it: a day is its midnight in Asia/Shanghai', async () => {
    const [{ day }] = await server.sql(
      `select to_char(min(a.starts_at) at time zone 'Asia/Shanghai' + interval '30 days', 'YYYY-MM-DD') as day from activities a`,
    );
    const { text } = await download({ unionId: gid('Union', cityId), kind: 'activities', to: day }, server.adminToken);
    const [{ n }] = await server.sql(
      `select count(*)::int as n from activities where starts_at < ($1 || 'T00:00:00+08:00')::timestamptz`,
      [day],
    );
    expect(parseCsv(text.slice(1)).length - 1).toBe(n);
  });

  it("attendance: workers' names and phones, only of the sign-ups the viewer may see", async () => {
    const { text } = await download({ unionId: gid('Union', townId), kind: 'attendance' }, staffTown);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toContain('职工姓名 Worker');
    // Every sign-up of an activity organised in the town's subtree: all of them visible to its staff.
    const expected = await server.sql<{ phone: string }>(
      `select x.phone from sign_ups x join activities a on a.id = x.activity_id join unions o on o.id = a.organiser_id
       where o.path <@ (select path from unions where id = $1) order by a.starts_at, a.id, x.created_at, x.id`,
      [townId],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r[5])).toEqual(expected.map((e) => e.phone));
  });

  it('orders and claims: every one of the subtree, money in fen and in yuan by integer arithmetic', async () => {
    const orders = parseCsv(
      (await download({ unionId: gid('Union', countyId), kind: 'orders' }, staffCounty)).text.slice(1),
    );
    const [{ n: orderCount }] = await server.sql(
      `select count(*)::int as n from orders o join unions u on u.id = o.ordering_union_id where u.path <@ (select path from unions where id = $1)`,
      [countyId],
    );
    expect(orders.length - 1).toBe(orderCount);
    const [header, ...claims] = parseCsv(
      (await download({ unionId: gid('Union', countyId), kind: 'claims' }, staffCounty)).text.slice(1),
    );
    const expected = await server.sql<{ id: number; claimed: string; approved: string | null }>(
      `select c.id, c.claimed_fen::text as claimed, c.approved_fen::text as approved from subsidy_claims c join unions u on u.id = c.union_id
       where u.path <@ (select path from unions where id = $1) order by c.created_at, c.id`,
      [countyId],
    );
    expect(expected.length).toBeGreaterThan(0);
    const col = (name: string) => header!.indexOf(name);
    expect(
      claims.map((r) => [
        Number(r[0]),
        r[col('申报金额(分) Claimed fen')],
        r[col('核定金额(分) Approved fen')] || null,
      ]),
    ).toEqual(expected.map((e) => [e.id, e.claimed, e.approved]));
    for (const r of claims) {
      const fen = Number(r[col('申报金额(分) Claimed fen')]);
      expect(r[col('申报金额(元) Claimed yuan')]).toBe(
        `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
      );
    }
  });

  it('a title a spreadsheet would run as a formula is kept as text', async () => {
    const [{ id: villageId }] = await server.sql(`select id from unions where level = 'VILLAGE' order by id limit 1`);
    const activity = await createActivity(server, {
      organiserId: gid('Union', villageId),
      title: '=HYPERLINK("http://x","点我")',
    });
    await updateStatus(server, activity, 'CANCELLED');
    const { text } = await download({ unionId: gid('Union', villageId), kind: 'activities' });
    const titles = parseCsv(text.slice(1)).map((r) => r[1]);
    expect(titles).toContain(`'=HYPERLINK("http://x","点我")`);
  });
});

describe('streaming', () => {
  it("the city's attendance ledger arrives in chunks while its statement still runs", async () => {
    const url = new URL(ledgerUrl({ unionId: gid('Union', cityId), kind: 'attendance' }));
    const [{ total }] = await server.sql(
      `select count(*)::int as total from sign_ups x join activities a on a.id = x.activity_id
       join unions o on o.id = a.organiser_id where o.path <@ (select path from unions where id = $1)`,
      [cityId],
    );
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(url, { headers: { authorization: `Bearer ${server.adminToken}` } }, resolve).on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    // The first chunk, then nothing more is read for now (paused in the same tick: no chunk is lost).
    const chunks: Buffer[] = [];
    const first = await new Promise<Buffer>((resolve) =>
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (chunks.length === 1) {
          res.pause();
          resolve(chunk);
        }
      }),
    );
    expect([...first.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // The export's statement is still running (a cursor part-way): it has not produced the whole result.
    const running = await server.sql(
      `select state, query from pg_stat_activity where application_name = 'unionhub-ledger' and query like '%ledger export%'`,
    );
    expect(running.map((r) => r.state)).toEqual(['active']);
    // Then the rest, all of it.
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    expect(chunks.length).toBeGreaterThan(1);
    const rows = parseCsv(Buffer.concat(chunks).toString('utf8').slice(1));
    expect(rows.length - 1).toBe(total);
    // And the cursor is closed once it is all sent.
    const after = await server.sql(
      `select state from pg_stat_activity where application_name = 'unionhub-ledger' and state = 'active'`,
    );
    expect(after).toEqual([]);
  });
});

describe('afterwards', () => {
  it('nothing was logged as an internal error', () => {
    expect(server.loggedErrors.map((e) => String(e.error))).toEqual([]);
  });
});
