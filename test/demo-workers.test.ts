import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../src/db/seeders/generate.js';
import { startTestServer, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * Issue 12, point 6 (the workers' half): the demo holds workers who signed themselves up
 * (their subject kept), waitlists on full courses, cancelled sign-ups and check-ins per
 * session, and its counters agree with its rows, as the hub's own writes keep them.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.stop());

describe('the demo workers', () => {
  it('made sign-ups of every kind with their own tokens, and checked in', async () => {
    const [counts] = await server.sql<Record<string, number>>(
      `select count(distinct worker_id)::int as workers,
         count(*) filter (where status = 'SIGNED_UP')::int as signed,
         count(*) filter (where status = 'WAITLISTED')::int as waiting,
         count(*) filter (where status = 'CANCELLED')::int as cancelled,
         (select count(*)::int from check_ins) as check_ins,
         (select count(*)::int from check_ins where session_id is not null) as session_check_ins
       from sign_ups where worker_id is not null`,
    );
    expect(counts!.workers).toBeGreaterThan(200);
    expect(counts!.signed).toBeGreaterThan(300);
    expect(counts!.waiting).toBeGreaterThan(0);
    expect(counts!.cancelled).toBeGreaterThan(0);
    expect(counts!.session_check_ins).toBeGreaterThan(100);
    expect(counts!.check_ins).toBeGreaterThan(counts!.session_check_ins!);
    // Each worker is one person: one name, one phone, one union, a grassroots one.
    const mixed = await server.sql(
      `select s.worker_id from sign_ups s join unions u on u.id = s.union_id where s.worker_id is not null
       group by 1 having count(distinct (s.worker_name, s.phone, s.union_id)) > 1 or bool_or(u.level <> 'GRASSROOTS')`,
    );
    expect(mixed).toEqual([]);
  });

  it('keep the counters true: places, waitlist and attendance agree with the rows, nobody over capacity', async () => {
    const wrong = await server.sql(
      `select a.id, a.sign_up_count, a.waitlist_count, a.attendance_count, a.capacity
       from activities a left join lateral (
         select count(*) filter (where s.status = 'SIGNED_UP') as signed,
                count(*) filter (where s.status = 'WAITLISTED') as waiting,
                count(*) filter (where s.attended) as attended
         from sign_ups s where s.activity_id = a.id) n on true
       where a.sign_up_count <> n.signed or a.waitlist_count <> n.waiting or a.attendance_count <> n.attended
          or a.sign_up_count > coalesce(a.capacity, a.sign_up_count)
          or (a.waitlist_count > 0 and a.sign_up_count is distinct from a.capacity)`,
    );
    expect(wrong).toEqual([]);
  });

  it('checked in only with a place, within the window of a session, never more sessions than the course holds', async () => {
    const wrong = await server.sql(
      `select c.id from check_ins c
       join sign_ups s on s.id = c.sign_up_id
       join activities a on a.id = s.activity_id
       left join activity_sessions se on se.id = c.session_id
       where s.status <> 'SIGNED_UP' or not s.attended
          or (se.id is null) <> not exists (select 1 from activity_sessions x where x.activity_id = a.id)
          or (se.id is not null and se.activity_id <> a.id)
          or c.checked_in_at not between coalesce(se.starts_at, a.starts_at) - interval '30 minutes'
                                     and coalesce(se.ends_at, a.ends_at)
          or c.checked_in_at > now()`,
    );
    expect(wrong).toEqual([]);
    const over = await server.sql(
      `select s.id from sign_ups s
       where (select count(*) from check_ins c where c.sign_up_id = s.id)
           > greatest(1, (select count(*) from activity_sessions x where x.activity_id = s.activity_id))
          or s.attended <> exists (select 1 from check_ins c where c.sign_up_id = s.id) and s.worker_id is not null`,
    );
    expect(over).toEqual([]);
  });

  it('have, at any hour, a drop-in yoga class with room starting within check-in’s half hour', async () => {
    const [next] = await server.sql<{ title: string }>(
      `select title from activities where status = 'OPEN' and kind = 'COURSE' and title like '%瑜伽%'
         and starts_at between now() + interval '1 minute' and now() + interval '30 minutes'
         and sign_up_count < capacity`,
    );
    expect(next?.title).toMatch(/^10分运动·工间瑜伽拉伸/);
  });

  it('see their own bookings, sessions attended of total, with their token', async () => {
    const [keen] = await server.sql<{ worker_id: string; worker_name: string; phone: string; union_id: number }>(
      `select s.worker_id, s.worker_name, s.phone, s.union_id from sign_ups s
       join check_ins c on c.sign_up_id = s.id and c.session_id is not null
       group by 1, 2, 3, 4 order by count(*) desc, 1 limit 1`,
    );
    const token = await workerTokenFor({
      workerId: keen!.worker_id,
      name: keen!.worker_name,
      phone: keen!.phone,
      unionId: keen!.union_id,
    });
    const res = await server.gql(
      `{ viewer { signUps(first: 50) { totalCount nodes { workerName status sessionsAttended sessionCount } } } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.viewer.signUps.nodes as {
      workerName: string;
      sessionsAttended: number;
      sessionCount: number;
    }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.workerName === keen!.worker_name && n.sessionsAttended <= n.sessionCount)).toBe(true);
    expect(nodes.some((n) => n.sessionCount > 1 && n.sessionsAttended > 0)).toBe(true);
  });

  it('are generated alike every time', () => {
    const a = generateDataset(0.25).workers;
    const b = generateDataset(0.25).workers;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.signUps.length).toBeGreaterThan(0);
  });
});
