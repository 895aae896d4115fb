import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * The demo's clubs (issue 13, point 6): Nanhu's 40 outstanding teams with the articles'
 * honours since 2024 (13 national, 19 provincial), the port's dance group and its street
 * dance 《我们》, clubs in every county; members of the club's union's subtree within the
 * limits; meetings as activities that agree with the clock.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
}, 180_000);
afterAll(() => server?.stop());

describe('the demo clubs', () => {
  it('Nanhu has 40 teams led by STL卫星之光群艺社, with 13 national and 19 provincial honours since 2024', async () => {
    const [nanhu] = await server.sql<{ id: number }>(`select id from unions where name = '南湖区总工会'`);
    const id = Buffer.from(`Union:${nanhu!.id}`).toString('base64');
    const res = await server.gql(
      `query($id: ID!) { union(id: $id) { clubs(first: 100) { totalCount nodes { name honours { level year } } } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const clubs = res.data.union.clubs;
    expect(clubs.totalCount).toBe(40);
    expect(clubs.nodes.map((c: { name: string }) => c.name)).toContain('STL卫星之光群艺社');
    const honours = clubs.nodes.flatMap((c: { honours: { level: string; year: number }[] }) => c.honours);
    expect(honours.filter((h: { level: string }) => h.level === 'NATIONAL')).toHaveLength(13);
    expect(honours.filter((h: { level: string }) => h.level === 'PROVINCIAL')).toHaveLength(19);
    expect(honours.every((h: { year: number }) => h.year >= 2024)).toBe(true);
  });

  it('has the port company’s dance group with 《我们》, and clubs in every county', async () => {
    const [port] = await server.sql<{ title: string }>(
      `select h.title from club_honours h join clubs c on c.id = h.club_id where c.name = '浙江海港嘉兴港务有限公司工会舞蹈瑜伽小组'`,
    );
    expect(port!.title).toContain('《我们》');
    const counties = await server.sql<{ name: string; clubs: number }>(
      `select c.name, (select count(*)::int from clubs k join unions u on u.id = k.union_id where u.path <@ c.path) as clubs
       from unions c where c.level = 'COUNTY'`,
    );
    expect(counties.length).toBe(7);
    for (const county of counties) expect(county.clubs, county.name).toBeGreaterThanOrEqual(3);
  });

  it('keeps its rules: counts, limits, members of the subtree, one open membership per worker, meetings by the clock', async () => {
    expect(
      await server.sql(`select c.name from clubs c
        where c.member_count <> (select count(*) from club_members m where m.club_id = c.id and m.status = 'ACTIVE')
           or (c.member_limit is not null and c.member_count > c.member_limit)
           or (not c.requires_approval and exists (select 1 from club_members m where m.club_id = c.id and m.status in ('PENDING', 'DECLINED')))`),
    ).toEqual([]);
    expect(
      await server.sql(`select m.id from club_members m join clubs c on c.id = m.club_id
        join unions cu on cu.id = c.union_id join unions mu on mu.id = m.union_id where not mu.path <@ cu.path`),
    ).toEqual([]);
    const [meetings] = await server.sql<{ total: number; wrong: number; clubs: number }>(
      `select count(*)::int as total, count(distinct club_id)::int as clubs,
         count(*) filter (where (status = 'FINISHED') <> (ends_at <= now()) or (status = 'OPEN') <> (starts_at > now()))::int as wrong
       from activities where club_id is not null`,
    );
    const [{ clubs }] = await server.sql<{ clubs: number }>(`select count(*)::int as clubs from clubs`);
    expect(meetings).toEqual({ total: clubs * 3, clubs, wrong: 0 });
  });
});
