import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createUnion } from './helpers/fixtures.js';
import { startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * No N+1 in the clubs' fields: a list of clubs with every field that reads more rows
 * (union, home site, members, meetings, honours and their corrections, the meetings'
 * organisers) costs one statement per field however many clubs, members, meetings and
 * honours it holds, on the resolver path without the response cache.
 */

let server: TestServer;
let county: string;
const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);

async function ok(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await server.gql(query, variables, token ? { token } : {});
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const LIST = `query($u: ID!) {
  union(id: $u) {
    clubs(first: 100) {
      totalCount
      nodes {
        id name memberCount placesLeft
        union { name }
        homeSite { name }
        members(first: 100) { totalCount nodes { displayName phone union { name } club { name } } }
        meetings(first: 100) { totalCount nodes { title organiser { name } club { name } } }
        honours(includeWithdrawn: true) { title corrections { reason } club { name } }
      }
    }
  }
}`;

/** Adds `n` clubs, each with members, meetings and a corrected honour. */
async function addClubs(n: number, start: number): Promise<void> {
  for (let i = start; i < start + n; i++) {
    const town = await createUnion(server, `镇${i}总工会`, 'TOWN', county);
    const site = (
      await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId: town, name: `职工之家${i}`, kind: 'WORKERS_HOME' },
      })
    ).createSite.site.id;
    const club = (
      await ok(`mutation($i: CreateClubInput!) { createClub(input: $i) { club { id } } }`, {
        i: { unionId: town, name: `舞蹈队${i}`, kind: 'ARTS', homeSiteId: site, memberLimit: 50 },
      })
    ).createClub.club.id;
    for (let m = 0; m < 3; m++) {
      const token = await workerTokenFor({
        unionId: dbId(town),
        name: `队员${i}-${m}`,
        phone: `137${String(i * 10 + m).padStart(8, '0')}`,
      });
      await ok(`mutation($c: ID!) { joinClub(clubId: $c) { member { id } } }`, { c: club }, token);
    }
    for (let m = 0; m < 2; m++)
      await createActivity(server, { title: `排练${i}-${m}`, organiserId: town, clubId: club });
    const honour = (
      await ok(`mutation($i: RecordClubHonourInput!) { recordClubHonour(input: $i) { honour { id } } }`, {
        i: { clubId: club, level: 'CITY', title: `汇演奖${i}`, year: 2025 },
      })
    ).recordClubHonour.honour.id;
    await ok(`mutation($i: CorrectClubHonourInput!) { correctClubHonour(input: $i) { honour { id } } }`, {
      i: { id: honour, level: 'PROVINCIAL', reason: '级别录错' },
    });
  }
}

async function statements(token: string): Promise<{ statements: number; clubs: number; members: number }> {
  const before = server.app.db.statementCount();
  const data = await ok(LIST, { u: county }, token);
  const count = server.app.db.statementCount() - before;
  const clubs = data.union.clubs.nodes;
  return {
    statements: count,
    clubs: clubs.length,
    members: clubs.reduce((n: number, c: any) => n + c.members.nodes.length, 0),
  };
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', config: { responseCacheMb: 0, compiledReads: false } });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  county = await createUnion(server, '南湖区总工会', 'COUNTY', city);
}, 60_000);
afterAll(() => server?.stop());

describe('no N+1: a list of clubs with every field', () => {
  it('costs the same statements for 2 clubs and for 8, one per field', async () => {
    const staff = await tokenFor({ unionId: dbId(county) });
    await addClubs(2, 0);
    const small = await statements(staff);
    await addClubs(6, 2);
    const large = await statements(staff);
    expect([small.clubs, large.clubs]).toEqual([2, 8]);
    expect(large.members).toBe(24);
    expect(large.statements).toBe(small.statements);
    // The union; its clubs; then one batch per loader: unions by id (the clubs', the
    // members' and the organisers' together), sites, members, meetings, honours,
    // corrections, and clubs by id (the `club` of members, meetings and honours).
    expect(small.statements).toBe(9);
  });
});
