import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AcceptOrderMutation,
  ApproveClubMemberMutation,
  ClubRequestsQuery,
  ClubsNearQuery,
  JoinClubMutation,
  MyClubsQuery,
  NanhuTeamsQuery,
  ApproveSubsidyClaimMutation,
  ClaimSubsidyMutation,
  CountySubsidiesQuery,
  CheckInCodeQuery,
  CheckInMutation,
  CountyOverviewQuery,
  LiveScoreboardQuery,
  MyBookingsQuery,
  NanhuCirclesQuery,
  PinghuCoverageQuery,
  PinghuTrendsQuery,
  RecordScoreMutation,
  EverythingUnderPinghuQuery,
  OpenCoursesQuery,
  PlaceOrderMutation,
  RateOrderMutation,
  SignMeUpMutation,
  SignUpMutation,
  SitesNearQuery,
  TownByNameQuery,
  VillageMenuQuery,
  YogaNearQuery,
} from './generated/operations.js';
import {
  errorCode,
  startTestServer,
  subscribersReady,
  tokenFor,
  workerTokenFor,
  type TestServer,
} from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const doc = async (name: string) =>
  (await readFile(new URL(`./documents/readme/${name}.graphql`, import.meta.url), 'utf8')).trimEnd();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.stop());

async function example<T>(name: string, variables?: Record<string, unknown>) {
  const text = await doc(name);
  expect(readme, `README shows ${name}.graphql as written`).toContain(text);
  const res = await server.gql<T>(text, variables);
  return res;
}

describe('the README examples, on the demo data', () => {
  it('CountyOverview answers the seven county unions with subtree totals', async () => {
    const res = await example<CountyOverviewQuery>('county-overview');
    expect(res.errors).toBeUndefined();
    const { unions } = res.data!;
    expect(unions.totalCount).toBe(7);
    expect(unions.nodes.map((u) => u.name).sort()).toEqual(
      [
        '南湖区总工会',
        '秀洲区总工会',
        '嘉善县总工会',
        '海盐县总工会',
        '海宁市总工会',
        '平湖市总工会',
        '桐乡市总工会',
      ].sort(),
    );
    for (const county of unions.nodes) {
      expect(county.stats.unionCount).toBeGreaterThan(50);
      expect(county.stats.siteCount).toBeGreaterThan(100);
    }
    const sites = await server.sql(
      `select count(*)::int as n from sites s join unions u on u.id = s.union_id where u.level <> 'CITY' and nlevel(u.path) > 1`,
    );
    expect(unions.nodes.reduce((n, c) => n + c.stats.siteCount, 0)).toBe(sites[0].n);
  });

  it('TownByName answers 大桥镇工会 with its breadcrumb and villages', async () => {
    const res = await example<TownByNameQuery>('town-by-name');
    expect(res.errors).toBeUndefined();
    const [town] = res.data!.unions.nodes;
    expect(town).toMatchObject({
      name: '大桥镇工会',
      level: 'TOWN',
      ancestors: [{ name: '嘉兴市总工会' }, { name: '南湖区总工会' }],
    });
    expect(town.children.nodes).toHaveLength(5);
    expect(town.children.totalCount).toBeGreaterThanOrEqual(5);
  });

  it("EverythingUnderPinghu answers one county's whole subtree for this month", async () => {
    // This month in Asia/Shanghai: the demo is moved to the day it was seeded.
    const today = new Date(Date.now() + 8 * 3_600_000);
    const month = (offset: number) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1) - 8 * 3_600_000).toISOString();
    const [from, to] = [month(0), month(1)];
    const res = await example<EverythingUnderPinghuQuery>('everything-under-pinghu', { from, to });
    expect(res.errors).toBeUndefined();
    const [pinghu] = res.data!.unions.nodes;
    expect(pinghu.name).toBe('平湖市总工会');
    expect(pinghu.stats.sitesByKind.reduce((n, k) => n + k.count, 0)).toBe(pinghu.stats.siteCount);
    expect(pinghu.stats.activitiesByStatus.reduce((n, k) => n + k.count, 0)).toBe(pinghu.stats.activityCount);
    expect(pinghu.thisMonth.totalCount).toBe(pinghu.stats.activityCount);
    expect(pinghu.readingRooms.totalCount).toBeGreaterThan(0);
    for (const room of pinghu.readingRooms.nodes) expect(['NATIONAL', 'PROVINCIAL']).toContain(room.rating);
    expect(pinghu.stats.activityCount).toBeGreaterThan(0);
    for (const activity of pinghu.thisMonth.nodes) {
      expect(activity.startsAt >= from && activity.startsAt < to).toBe(true);
    }
  });

  it('SitesNear answers the sites within 1 km of central Pinghu, nearest first', async () => {
    const res = await example<SitesNearQuery>('sites-near');
    expect(res.errors).toBeUndefined();
    const { sites } = res.data!;
    expect(sites.nodes.length).toBeGreaterThan(0);
    const metres = (n: (typeof sites.nodes)[number]) => {
      const { latitude, longitude } = n.location!;
      const rad = Math.PI / 180;
      const a =
        Math.sin(((latitude - 30.6761) * rad) / 2) ** 2 +
        Math.cos(30.6761 * rad) * Math.cos(latitude * rad) * Math.sin(((longitude - 121.0153) * rad) / 2) ** 2;
      return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
    };
    const distances = sites.nodes.map(metres);
    expect(distances).toEqual([...distances].sort((x, y) => x - y));
    expect(Math.max(...distances)).toBeLessThanOrEqual(1000);
  });

  it('OpenCourses pages through open courses; SignUp takes a place and refuses the same phone twice', async () => {
    const first = await example<OpenCoursesQuery>('open-courses');
    expect(first.errors).toBeUndefined();
    const page = first.data!.activities;
    expect(page.edges).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await example<OpenCoursesQuery>('open-courses', { after: page.pageInfo.endCursor });
    const seen = new Set(page.edges.map((e) => e.node.id));
    for (const edge of next.data!.activities.edges) expect(seen.has(edge.node.id)).toBe(false);

    // One with room that does not start while the test runs (sign-up closes at the start).
    const course = [...page.edges, ...next.data!.activities.edges]
      .map((e) => e.node)
      .find((n) => (n.placesLeft == null || n.placesLeft >= 2) && Date.parse(n.startsAt) > Date.now() + 10 * 60_000)!;
    const signed = await example<SignUpMutation>('sign-up', { activityId: course.id });
    expect(signed.errors).toBeUndefined();
    expect(signed.data!.signUp.signUp.status).toBe('SIGNED_UP');
    expect(signed.data!.signUp.activity.placesLeft).toBe(course.placesLeft == null ? null : course.placesLeft - 1);
    const again = await example<SignUpMutation>('sign-up', { activityId: course.id });
    expect(errorCode(again)).toBe('CONFLICT');

    const text = await doc('activity-changed');
    expect(readme).toContain(text);
    const live = subscribe(server.wsUrl, text, { id: course.id });
    await subscribersReady(server);
    await server.gql(
      `mutation($id: ID!) { signUp(input: { activityId: $id, workerName: "李娜", phone: "13800000001" }) { signUp { id } } }`,
      { id: course.id },
    );
    const [event] = await live.waitFor(1);
    expect(event.data.activityChanged.signUpCount).toBe(signed.data!.signUp.activity.signUpCount + 1);
    await live.close();
  });

  it('LiveScoreboard, CompetitionUpdated and RecordScore: a scoreboard screen on the demo league, resumed with `after`', async () => {
    const board = await example<LiveScoreboardQuery>('live-scoreboard');
    expect(board.errors).toBeUndefined();
    const [league] = board.data!.activities.nodes;
    expect(league.title).toContain('气排球');
    const competition = league.competition!;
    const [live] = competition.matches.nodes;
    expect(competition.matches.nodes).toHaveLength(1);
    expect(competition.standings.length).toBeGreaterThanOrEqual(16);

    const text = await doc('competition-updated');
    expect(readme).toContain(text);
    const after = board.data!.latestEventCursor;
    const screen = subscribe(server.wsUrl, text, { competitionId: competition.id, after });
    await subscribersReady(server);
    const scored = await example<RecordScoreMutation>('record-score', {
      matchId: live.id,
      home: live.homeScore! + 1,
      away: live.awayScore!,
      version: live.version,
    });
    expect(scored.errors).toBeUndefined();
    const stale = await example<RecordScoreMutation>('record-score', {
      matchId: live.id,
      home: live.homeScore! + 2,
      away: live.awayScore!,
      version: live.version,
    });
    expect(errorCode(stale)).toBe('CONFLICT');
    const [event] = await screen.waitFor(1);
    expect(event.data.competitionUpdated).toMatchObject({
      type: 'SCORE_CHANGED',
      homeScore: live.homeScore! + 1,
      awayScore: live.awayScore,
      matchStatus: 'LIVE',
    });
    await screen.close();

    // A screen that was off resumes from the same cursor and gets exactly that event.
    const resumed = subscribe(server.wsUrl, text, { competitionId: competition.id, after });
    const [again] = await resumed.waitFor(1);
    expect(again.data.competitionUpdated.cursor).toBe(event.data.competitionUpdated.cursor);
    await resumed.close();
  });

  it('the ordering walk-through: a village orders a lecture from its county, the county schedules it, it is delivered and rated', async () => {
    // As a client would know them: a village with a site, under a county whose menu has a
    // lecture for this month.
    const month = new Date(Date.now() + 8 * 3_600_000).getUTCMonth() + 1;
    const [pick] = await server.sql<{ village: number; county: number; county_name: string }>(
      `select v.id as village, c.id as county, c.name as county_name
       from unions v join unions c on c.id = subpath(v.path, 1, 1)::text::int
       where v.level = 'VILLAGE' and exists (select 1 from sites s where s.union_id = v.id)
         and exists (select 1 from menu_items m where m.union_id = c.id and m.kind = 'LECTURE' and $1 = any(m.months))
       order by v.id limit 1`,
      [month],
    );
    const id = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString('base64');
    const village = id('Union', pick!.village);
    const villageStaff = await tokenFor({ unionId: pick!.village, name: '村工会干部' });
    const countyStaff = await tokenFor({ unionId: pick!.county, name: '县工会干部' });
    const as = async <T>(name: string, token: string, variables: Record<string, unknown>) => {
      const text = await doc(name);
      expect(readme, `README shows ${name}.graphql as written`).toContain(text);
      const res = await server.gql<T>(text, variables, { token });
      expect(res.errors).toBeUndefined();
      return res.data!;
    };

    const feedText = await doc('order-feed');
    expect(readme).toContain(feedText);
    const feed = subscribe(server.wsUrl, feedText, { unionId: id('Union', pick!.county) });
    await subscribersReady(server);

    const menu = (await as<VillageMenuQuery>('village-menu', villageStaff, { village, month })).union!;
    const lecture = menu.menu.nodes.find((item) => item.offeredBy.name === pick!.county_name)!;
    expect(lecture).toBeDefined();
    const site = menu.sites.nodes[0]!;
    const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);

    const placed = (
      await as<PlaceOrderMutation>('place-order', villageStaff, {
        itemId: lecture.id,
        village,
        siteId: site.id,
        days: [day],
      })
    ).placeOrder.order;
    expect(placed).toMatchObject({ status: 'REQUESTED', offeringUnion: { name: pick!.county_name } });

    const startsAt = new Date(Date.now() + 20 * 60_000).toISOString();
    const accepted = (await as<AcceptOrderMutation>('accept-order', countyStaff, { orderId: placed.id, startsAt }))
      .acceptOrder;
    expect(accepted.order.status).toBe('ACCEPTED');
    expect(accepted.activity).toMatchObject({
      title: lecture.title,
      status: 'OPEN',
      capacity: lecture.places,
      organiser: { name: pick!.county_name },
      site: { name: site.name },
    });
    expect(Date.parse(accepted.activity!.endsAt!) - Date.parse(startsAt)).toBe(lecture.durationMinutes * 60_000);

    // The lecture is held: the county's staff start it and, once it is over, finish it.
    for (const step of [
      { status: 'RUNNING', startsAt: new Date(Date.now() - 60_000).toISOString() },
      { status: 'FINISHED' },
    ]) {
      const res = await server.gql(
        `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { status } } }`,
        { i: { id: accepted.activity!.id, ...step } },
        { token: countyStaff },
      );
      expect(res.errors).toBeUndefined();
    }

    const rated = (await as<RateOrderMutation>('rate-order', villageStaff, { orderId: placed.id })).rateOrder.order;
    expect(rated).toMatchObject({ status: 'RATED', rating: 5, item: { deliveryCount: lecture.deliveryCount + 1 } });
    const [{ mean }] = await server.sql<{ mean: number }>(
      `select avg(rating)::float8 as mean from orders where item_id = $1`,
      [Number(Buffer.from(lecture.id, 'base64').toString().split(':')[1])],
    );
    expect(rated.item.averageRating).toBeCloseTo(mean, 9);

    const events = await feed.waitFor(4);
    expect(events.map((e) => e.data.orderFeed.type)).toEqual(['REQUESTED', 'ACCEPTED', 'DELIVERED', 'RATED']);
    expect(new Set(events.map((e) => e.data.orderFeed.orderingUnionId))).toEqual(new Set([village]));
    await feed.close();
  });

  it('the subsidies walk-through: a county budget and totals, a claim, an approval for less', async () => {
    const id = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString('base64');
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    // A finished activity of a town with attendance and no claim yet, and its county.
    const [pick] = await server.sql<{ activity: number; town: number; county: number; county_name: string }>(
      `select a.id as activity, t.id as town, c.id as county, c.name as county_name
       from activities a join unions t on t.id = a.organiser_id join unions c on c.id = t.parent_id
       where a.status = 'FINISHED' and t.level = 'TOWN' and a.attendance_count >= 5
         and extract(year from a.starts_at at time zone 'Asia/Shanghai') = $1
         and not exists (select 1 from subsidy_claims x where x.activity_id = a.id)
       order by a.id limit 1`,
      [year],
    );
    expect(pick).toBeDefined();
    const county = id('Union', pick!.county);
    const as = async <T>(name: string, token: string, variables: Record<string, unknown>) => {
      const text = await doc(name);
      expect(readme, `README shows ${name}.graphql as written`).toContain(text);
      const res = await server.gql<T>(text, variables, { token });
      expect(res.errors, name).toBeUndefined();
      return res.data!;
    };
    const countyStaff = await tokenFor({ unionId: pick!.county, name: '县工会干部' });
    const townStaff = await tokenFor({ unionId: pick!.town, name: '镇工会干部' });
    const period = { from: `${year}-01-01T00:00:00+08:00`, to: `${year + 1}-01-01T00:00:00+08:00` };

    const before = (await as<CountySubsidiesQuery>('county-subsidies', countyStaff, { county, year, ...period }))
      .union!;
    expect(before.name).toBe(pick!.county_name);
    const [budget] = before.subsidyBudgets;
    expect(budget).toMatchObject({ year, totalFen: 23_250_000, unionCapFen: 1_500_000 });
    expect(budget!.rules.map((r) => r.kind)).toEqual(['COMPETITION', 'PERFORMANCE', 'EXHIBITION', null]);
    expect(budget!.approvedFen).toBeLessThanOrEqual(budget!.totalFen);
    expect(budget!.leftFen).toBe(budget!.totalFen - budget!.approvedFen);
    // Zhangye-like: hundreds of activities leveraged in the county's subtree this year.
    expect(before.subsidies.activitiesLeveraged).toBeGreaterThan(100);
    expect(before.subsidies.spendPerAttendeeFen).toBe(
      Math.floor(before.subsidies.approvedFen / before.subsidies.attendees),
    );
    expect(before.subsidyClaims.nodes.every((c) => c.status === 'CLAIMED')).toBe(true);

    const claim = (
      await as<ClaimSubsidyMutation>('claim-subsidy', townStaff, { activityId: id('Activity', pick!.activity) })
    ).claimSubsidy.claim;
    expect(claim).toMatchObject({ status: 'CLAIMED', budget: { union: { name: pick!.county_name }, year } });
    expect(claim.claimedFen).toBeGreaterThan(0);
    expect(claim.history).toEqual([{ status: 'CLAIMED', claimedFen: claim.claimedFen }]);

    const amountFen = Math.floor((claim.claimedFen * 4) / 5);
    const approved = (
      await as<ApproveSubsidyClaimMutation>('approve-subsidy-claim', countyStaff, { claimId: claim.id, amountFen })
    ).approveSubsidyClaim.claim;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      approvedFen: amountFen,
      reason: '照片未显示活动现场，按八成核定',
    });
    expect(approved.history.map((h) => h.status)).toEqual(['CLAIMED', 'APPROVED']);

    const after = (await as<CountySubsidiesQuery>('county-subsidies', countyStaff, { county, year, ...period })).union!;
    expect(after.subsidies.approvedFen - before.subsidies.approvedFen).toBe(amountFen);
    expect(after.subsidies.activitiesLeveraged - before.subsidies.activitiesLeveraged).toBe(1);
    expect(after.subsidyBudgets[0]!.leftFen).toBe(budget!.leftFen - amountFen);
  });

  it('the ledger export runs as the README shows it', async () => {
    const line = /"http:\/\/localhost:4000(\/exports\/ledger\.csv\?[^"]+)"/.exec(readme);
    expect(line).not.toBeNull();
    const url = new URL(line![1]!, server.url);
    const res = await fetch(url, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1, text.indexOf('\n'))).toContain('申报编号 Claim ID');
    // Claims of the union's subtree in that year: the demo has some.
    expect(text.trimEnd().split('\n').length).toBeGreaterThan(1);
  });

  it('the worker walk-through: find an open yoga course near a point, sign up, see it in bookings, check in', async () => {
    const as = async <T>(name: string, variables: Record<string, unknown>, token: string) => {
      const text = await doc(name);
      expect(readme, `README shows ${name}.graphql as written`).toContain(text);
      const res = await server.gql<T>(text, variables, { token });
      expect(res.errors, name).toBeUndefined();
      return res.data!;
    };
    // A worker of a Pinghu grassroots union, as the portal's identity provider names them.
    const [union] = await server.sql<{ id: number }>(
      `select u.id from unions u join unions c on u.path <@ c.path
       where c.name = '平湖市总工会' and u.level = 'GRASSROOTS' order by u.id limit 1`,
    );
    const worker = await workerTokenFor({
      unionId: union!.id,
      name: '沈小燕',
      phone: '13957300001',
      workerId: 'wx-shen',
    });
    // Where the worker stands: by a site that holds an open yoga course with room starting
    // within check-in's half hour (the demo's 24-hour station has one at any hour; a client
    // knows its own position).
    const [here] = await server.sql<{ latitude: number; longitude: number }>(
      `select s.latitude, s.longitude from activities a join sites s on s.id = a.site_id
       where a.status = 'OPEN' and a.kind = 'COURSE' and a.title like '%瑜伽%' and s.latitude is not null
         and a.audience = 'ANYONE' and a.starts_at between now() + interval '1 minute' and now() + interval '30 minutes'
         and (a.capacity is null or a.sign_up_count < a.capacity)
       order by a.starts_at limit 1`,
    );
    expect(here).toBeDefined();
    const found = await as<YogaNearQuery>('yoga-near', here!, worker);
    const courses = found.sites.nodes.flatMap((site) => site.activities.nodes.map((course) => ({ site, course })));
    const pick = courses.find(
      ({ course }) =>
        course.audience === 'ANYONE' &&
        (course.placesLeft == null || course.placesLeft > 0) &&
        Date.parse(course.startsAt) > Date.now() + 60_000 &&
        Date.parse(course.startsAt) <= Date.now() + 30 * 60_000,
    );
    expect(pick, JSON.stringify(courses.slice(0, 3))).toBeDefined();
    expect(pick!.course.title).toMatch(/瑜伽/);
    const signed = await as<SignMeUpMutation>('sign-me-up', { activityId: pick!.course.id }, worker);
    expect(signed.signMeUp.signUp.workerName).toBe('沈小燕');
    expect(signed.signMeUp.signUp.status).toBe('SIGNED_UP');
    const bookings = await as<MyBookingsQuery>('my-bookings', {}, worker);
    expect(bookings.viewer!.name).toBe('沈小燕');
    const booked = bookings.viewer!.signUps!.nodes.find((n) => n.id === signed.signMeUp.signUp.id);
    expect(booked?.activity).toMatchObject({ title: pick!.course.title, site: { name: pick!.site.name } });
    // It starts within half an hour: check-in is open, at the site's screen.
    const screen = await as<CheckInCodeQuery>('check-in-code', { siteId: pick!.site.id }, server.adminToken);
    expect(screen.checkInCode.rotatesEverySeconds).toBe(30);
    const checked = await as<CheckInMutation>('check-in', { code: screen.checkInCode.code }, worker);
    expect(checked.checkIn.signUp).toEqual({ attended: true, sessionsAttended: 1, sessionCount: 1 });
    expect(checked.checkIn.activity.title).toBe(pick!.course.title);
  });
});

describe('Planning: the clubs walk-through, on the demo data', () => {
  it("a county's teams; a worker finds a club near them, joins it, is admitted and sees it among their clubs", async () => {
    const as = async <T>(name: string, variables: Record<string, unknown>, token?: string) => {
      const text = await doc(name);
      expect(readme, `README shows ${name}.graphql as written`).toContain(text);
      const res = await server.gql<T>(text, variables, token ? { token } : {});
      expect(res.errors, name).toBeUndefined();
      return res.data!;
    };
    const gid = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString('base64');
    const [nanhu] = await server.sql<{ id: number }>(`select id from unions where name = '南湖区总工会'`);
    const teams = (await as<NanhuTeamsQuery>('nanhu-teams', { nanhu: gid('Union', nanhu!.id) })).union!.clubs;
    expect(teams.totalCount).toBe(40);
    const stl = teams.nodes.find((c) => c.name === 'STL卫星之光群艺社')!;
    expect(stl.honours.map((h) => h.level)).toContain('NATIONAL');
    expect(teams.nodes.flatMap((c) => c.honours).filter((h) => h.level === 'NATIONAL')).toHaveLength(13);

    // A recruiting club that requires approval and has room, at a site with a location; the
    // worker stands there (a client knows its own position) and belongs to its union.
    const [pick] = await server.sql<{ club: number; union: number; latitude: number; longitude: number }>(
      `select c.id as club, c.union_id as union, s.latitude, s.longitude
       from clubs c join sites s on s.id = c.home_site_id
       where c.recruiting and c.requires_approval and s.latitude is not null
         and (c.member_limit is null or c.member_count < c.member_limit)
       order by c.id limit 1`,
    );
    const near = await as<ClubsNearQuery>('clubs-near', { latitude: pick!.latitude, longitude: pick!.longitude });
    const club = near.clubs.nodes.find((c) => c.id === gid('Club', pick!.club));
    expect(club, JSON.stringify(near.clubs.nodes.map((c) => c.name))).toBeDefined();
    expect(club!.requiresApproval).toBe(true);
    expect(club!.meetings.nodes.map((m) => m.status)).toEqual(['FINISHED', 'FINISHED', 'OPEN']);

    const worker = await workerTokenFor({
      unionId: pick!.union,
      name: '陆佳怡',
      phone: '13957300002',
      workerId: 'wx-lu',
    });
    const joined = (await as<JoinClubMutation>('join-club', { clubId: club!.id }, worker)).joinClub;
    expect(joined.member).toMatchObject({ status: 'PENDING', displayName: '陆佳怡' });

    const staff = await tokenFor({ unionId: pick!.union, name: '俱乐部所在工会干部' });
    const requests = (await as<ClubRequestsQuery>('club-requests', { clubId: club!.id }, staff)).club!;
    expect(requests.members.nodes).toContainEqual(
      expect.objectContaining({ id: joined.member.id, displayName: '陆佳怡', phone: '13957300002' }),
    );
    const approved = (await as<ApproveClubMemberMutation>('approve-club-member', { memberId: joined.member.id }, staff))
      .approveClubMember;
    expect(approved).toEqual({
      member: { status: 'ACTIVE' },
      club: {
        memberCount: joined.club.memberCount + 1,
        placesLeft: joined.club.placesLeft === null ? null : joined.club.placesLeft - 1,
      },
    });

    const mine = (await as<MyClubsQuery>('my-clubs', {}, worker)).viewer!.clubs!.nodes;
    expect(mine.map((m) => m.club.name)).toEqual([joined.club.name]);
    expect(mine[0]!.club.meetings.nodes.length).toBe(3);
  });
});

describe('the README examples of Planning, on the demo data', () => {
  it('PinghuCoverage answers the ten-minute circle town by town and where the next site goes', async () => {
    const res = await example<PinghuCoverageQuery>('pinghu-coverage');
    expect(res.errors).toBeUndefined();
    const [pinghu] = res.data!.unions.nodes;
    expect(pinghu.name).toBe('平湖市总工会');
    const { coverage } = pinghu;
    expect(coverage.placeCount).toBeGreaterThan(0);
    expect(coverage.coveredCount).toBeGreaterThan(0);
    expect(coverage.coveredCount).toBeLessThan(coverage.placeCount);
    expect(coverage.ratio).toBeCloseTo(coverage.coveredCount / coverage.placeCount, 12);
    // The towns add up to the county.
    expect(coverage.areas.reduce((n, a) => n + a.placeCount, 0)).toBe(coverage.placeCount);
    expect(coverage.areas.reduce((n, a) => n + a.coveredCount, 0)).toBe(coverage.coveredCount);
    const { places } = coverage;
    expect(places.totalCount).toBe(coverage.placeCount - coverage.coveredCount);
    expect(places.totalCount).toBeGreaterThan(0);
    expect(places.nodes).toHaveLength(Math.min(5, places.totalCount));
    for (const place of places.nodes) expect(place.distanceMeters).toBeGreaterThan(800);
    const members = places.nodes.map((p) => p.union.memberCount);
    expect(members).toEqual([...members].sort((a, b) => b - a));
  });

  it("NanhuCircles lists Nanhu's service circles with their hubs and sites", async () => {
    const res = await example<NanhuCirclesQuery>('nanhu-circles');
    expect(res.errors).toBeUndefined();
    const [nanhu] = res.data!.unions.nodes;
    expect(nanhu.name).toBe('南湖区总工会');
    expect(nanhu.serviceCircles.totalCount).toBeGreaterThan(20);
    for (const circle of nanhu.serviceCircles.nodes) {
      expect(circle.name).toBe(`${circle.hub.name}服务圈`);
      expect(circle.sites.length).toBeGreaterThan(0);
    }
  });

  it('PinghuTrends answers a year of months and its quarters, empty ones as zero', async () => {
    // The twelve months before this one, in Asia/Shanghai (the demo is moved to the day it was seeded).
    const today = new Date(Date.now() + 8 * 3_600_000);
    const month = (offset: number) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1) - 8 * 3_600_000).toISOString();
    const res = await example<PinghuTrendsQuery>('pinghu-trends', { from: month(-11), to: month(1) });
    expect(res.errors).toBeUndefined();
    const [pinghu] = res.data!.unions.nodes;
    expect(pinghu.held.map((p) => p.startsAt)).toEqual(Array.from({ length: 12 }, (_, i) => month(i - 11)));
    expect(pinghu.held.reduce((n, p) => n + p.value, 0)).toBeGreaterThan(0);
    for (const point of pinghu.fillRate) expect(point.value).toBeGreaterThanOrEqual(0);
    expect(pinghu.fillRate.some((p) => p.value > 0 && p.value <= 1)).toBe(true);
    expect(pinghu.signUps.length).toBeGreaterThanOrEqual(4);
    expect(pinghu.signUps.length).toBeLessThanOrEqual(5);
  });
});
