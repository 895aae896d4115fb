import type { TestServer } from './server.js';

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** The demo's screens: the live volleyball league, the singer contest, the city, a site with activities today. */
export async function demoScreens(server: Pick<TestServer, 'sql'>) {
  const [league] = await server.sql(
    `select c.activity_id as id, m.id as match from competitions c join activities a on a.id = c.activity_id
       join matches m on m.competition_id = c.activity_id and m.status = 'LIVE'
      where c.format = 'MATCHES' and a.status = 'RUNNING' order by c.activity_id, m.id limit 1`,
  );
  const [contest] = await server.sql(
    `select c.activity_id as id from competitions c join activities a on a.id = c.activity_id
      where c.format = 'JUDGED' and a.status = 'RUNNING' order by c.activity_id limit 1`,
  );
  const [city] = await server.sql(`select id from unions where parent_id is null order by id limit 1`);
  const [site] = await server.sql(
    `select s.id, s.union_id from sites s join activities a on a.site_id = s.id
      where (a.starts_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date
      group by s.id order by count(*) desc, s.id limit 1`,
  );
  return {
    league: gid('Competition', league.id),
    liveMatch: gid('Match', league.match),
    contest: gid('Competition', contest.id),
    city: gid('Union', city.id),
    site: gid('Site', site.id),
    siteUnionId: Number(site.union_id),
  };
}
