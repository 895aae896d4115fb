import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnion } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import { startTestServer, tokenFor, workerTokenFor, type TestServer } from './helpers/server.js';

/**
 * The allowed side of the club mutations over graphql-ws (test/hostile-access.test.ts has
 * the refusals): staff of the club's union's subtree and an ADMIN make every staff change,
 * a worker of the subtree joins and leaves, each answered as over HTTP.
 */

let server: TestServer;
let county: string, town: string;
let staff: string;
const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  county = await createUnion(server, '海宁市总工会', 'COUNTY', city);
  town = await createUnion(server, '硖石街道总工会', 'TOWN', county);
  staff = await tokenFor({ unionId: dbId(county), name: '海宁干部' });
}, 60_000);
afterAll(() => server?.stop());

async function ws(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const answer = await overWs(server.wsUrl, query, variables, token);
  expect(answer.errors, answer.text).toBeUndefined();
  return answer.data;
}

describe('club mutations over WebSocket, by those allowed', () => {
  it.each([
    ['staff of the subtree', () => staff],
    ['an ADMIN', () => server.adminToken],
  ])('%s: create, update, approve, decline, record and correct; a worker joins and leaves', async (who, token) => {
    const club = (
      await ws(
        `mutation($i: CreateClubInput!) { createClub(input: $i) { club { id requiresApproval } } }`,
        { i: { unionId: town, name: `硖石职工合唱团（${who}）`, kind: 'ARTS', requiresApproval: true } },
        token(),
      )
    ).createClub.club;
    expect(club.requiresApproval).toBe(true);
    expect(
      (
        await ws(
          `mutation($i: UpdateClubInput!) { updateClub(input: $i) { club { memberLimit } } }`,
          { i: { id: club.id, memberLimit: 10 } },
          token(),
        )
      ).updateClub.club,
    ).toEqual({ memberLimit: 10 });
    const JOIN = `mutation($c: ID!) { joinClub(clubId: $c) { member { id status } } }`;
    const workers = await Promise.all(
      [1, 2].map((n) =>
        workerTokenFor({
          unionId: dbId(town),
          name: `职工${n}`,
          phone: `13600${String(who.length).padStart(2, '0')}${n}000`,
          workerId: `${who}-${n}`,
        }),
      ),
    );
    const members: string[] = [];
    for (const worker of workers) members.push((await ws(JOIN, { c: club.id }, worker)).joinClub.member.id);
    expect(
      (await ws(`mutation($id: ID!) { approveClubMember(id: $id) { member { status } } }`, { id: members[0] }, token()))
        .approveClubMember.member,
    ).toEqual({ status: 'ACTIVE' });
    expect(
      (
        await ws(
          `mutation($i: DeclineClubMemberInput!) { declineClubMember(input: $i) { member { status declineReason } } }`,
          { i: { memberId: members[1], reason: '名额已满' } },
          token(),
        )
      ).declineClubMember.member,
    ).toEqual({ status: 'DECLINED', declineReason: '名额已满' });
    expect(
      (
        await ws(
          `mutation($c: ID!) { leaveClub(clubId: $c) { member { status } club { memberCount } } }`,
          { c: club.id },
          workers[0]!,
        )
      ).leaveClub,
    ).toEqual({ member: { status: 'LEFT' }, club: { memberCount: 0 } });
    const honour = (
      await ws(
        `mutation($i: RecordClubHonourInput!) { recordClubHonour(input: $i) { honour { id level } } }`,
        { i: { clubId: club.id, level: 'COUNTY', title: '海宁市职工合唱比赛一等奖', year: 2025 } },
        token(),
      )
    ).recordClubHonour.honour;
    expect(
      (
        await ws(
          `mutation($i: CorrectClubHonourInput!) { correctClubHonour(input: $i) { honour { level corrections { previousLevel reason } } } }`,
          { i: { id: honour.id, level: 'CITY', reason: '由嘉兴市总工会颁发' } },
          token(),
        )
      ).correctClubHonour.honour,
    ).toEqual({ level: 'CITY', corrections: [{ previousLevel: 'COUNTY', reason: '由嘉兴市总工会颁发' }] });
  });
});
