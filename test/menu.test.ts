import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnion, DAY, fromNow, MINUTE } from './helpers/fixtures.js';
import { overWs } from './helpers/hostile.js';
import { errorCode, startTestServer, subscribersReady, tokenFor, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/ws.js';

/**
 * The menu and its orders (issue 12, points 5 and 7): a county publishes items, a village
 * below it orders one for its own site, the county accepts and schedules it (an activity
 * at the village's site), the activity finishes (by hand or by the status sweep) and the
 * order is DELIVERED, the village rates it. Every refusal has its code and writes nothing.
 *
 * The tree: city → county A → town A1 → village V1; city → county B.
 */

let server: TestServer;
let city: string, countyA: string, townA1: string, villageV1: string, countyB: string;
let siteV1: string, siteA1: string, siteB: string;
let staffA: string, staffV1: string, staffA1: string, staffB: string;
const dbId = (id: string): number => Number(Buffer.from(id, 'base64').toString('utf8').split(':')[1]);
const ALL_SEASONS = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER'];
/** This month and the next in Asia/Shanghai. */
const local = new Date(Date.now() + 8 * 3_600_000);
const thisMonth = local.getUTCMonth() + 1;
const day = (ms: number) => new Date(Date.now() + 8 * 3_600_000 + ms).toISOString().slice(0, 10);
/** The first day of next month, YYYY-MM-DD. */
const firstOfNextMonth = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1))
  .toISOString()
  .slice(0, 10);

async function ok(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<any> {
  const res = await server.gql(query, variables, token === undefined ? {} : { token });
  if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const ITEM_FIELDS = `id title kind provider months seasons durationMinutes places quotaPerSeason withdrawnAt offeredBy { id }`;
const CREATE_ITEM = `mutation($i: CreateMenuItemInput!) { createMenuItem(input: $i) { item { ${ITEM_FIELDS} } } }`;
const PLACE = `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id status wishedDates expectedAttendees
  item { id } offeringUnion { id } orderingUnion { id } site { id } activity { id } } activity { id } } }`;
const ACCEPT = `mutation($i: AcceptOrderInput!) { acceptOrder(input: $i) { order { id status }
  activity { id kind title status startsAt endsAt capacity organiser { id } site { id } } } }`;
const RATE = `mutation($i: RateOrderInput!) { rateOrder(input: $i) { order { id status rating ratingComment ratedAt } } }`;
const UPDATE_ACTIVITY = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id status } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status declineReason cancelReason rating activity { id status } } }`;

async function createItem(input: Record<string, unknown>, token = staffA): Promise<string> {
  return (
    await ok(
      CREATE_ITEM,
      {
        i: {
          unionId: countyA,
          title: '八段锦养生课',
          kind: 'COURSE',
          provider: '平湖市武术协会',
          seasons: ALL_SEASONS,
          durationMinutes: 90,
          places: 40,
          ...input,
        },
      },
      token,
    )
  ).createMenuItem.item.id;
}

async function placeOrder(itemId: string, input: Record<string, unknown> = {}, token = staffV1): Promise<string> {
  return (
    await ok(
      PLACE,
      {
        i: {
          itemId,
          orderingUnionId: villageV1,
          siteId: siteV1,
          wishedDates: [day(2 * DAY)],
          expectedAttendees: 30,
          ...input,
        },
      },
      token,
    )
  ).placeOrder.order.id;
}

const counts = async () =>
  (
    await server.sql<{ items: number; orders: number; activities: number; audits: number; events: number }>(
      `select (select count(*)::int from menu_items) as items, (select count(*)::int from orders) as orders,
        (select count(*)::int from activities) as activities, (select count(*)::int from audit_entries) as audits,
        (select count(*)::int from events) as events`,
    )
  )[0];

/** The refusal, over HTTP and over graphql-ws alike, with nothing written. */
async function refused(
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
  code: string,
  field?: string,
) {
  const before = await counts();
  const http = await server.gql(query, variables, { token });
  expect(errorCode(http), JSON.stringify(http.errors)).toBe(code);
  if (field) expect(http.errors![0]!.extensions!.field).toBe(field);
  const ws = await overWs(server.wsUrl, query, variables, token ?? undefined);
  expect(ws.errors?.[0]?.extensions?.code).toBe(code);
  expect(await counts()).toEqual(before);
  return http.errors![0]!;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  city = await createUnion(server, '嘉兴市总工会', 'CITY');
  countyA = await createUnion(server, '平湖市总工会', 'COUNTY', city);
  townA1 = await createUnion(server, '当湖街道总工会', 'TOWN', countyA);
  villageV1 = await createUnion(server, '东湖村工会', 'VILLAGE', townA1);
  countyB = await createUnion(server, '海盐县总工会', 'COUNTY', city);
  const site = async (unionId: string, name: string) =>
    (
      await ok(`mutation($i: CreateSiteInput!) { createSite(input: $i) { site { id } } }`, {
        i: { unionId, name, kind: 'WORKERS_HOME' },
      })
    ).createSite.site.id as string;
  siteV1 = await site(villageV1, '东湖村职工之家');
  siteA1 = await site(townA1, '当湖街道职工之家');
  siteB = await site(countyB, '海盐县职工之家');
  staffA = await tokenFor({ unionId: dbId(countyA), name: '平湖干部' });
  staffA1 = await tokenFor({ unionId: dbId(townA1), name: '当湖干部' });
  staffV1 = await tokenFor({ unionId: dbId(villageV1), name: '东湖村干部' });
  staffB = await tokenFor({ unionId: dbId(countyB), name: '海盐干部' });
});
afterAll(() => server?.stop());

describe('the menu', () => {
  it("a county's staff publish items; the months are those of the seasons named", async () => {
    const res = await ok(
      CREATE_ITEM,
      {
        i: {
          unionId: countyA,
          title: ' 瑜伽课 ',
          kind: 'COURSE',
          provider: '平湖市瑜伽协会',
          seasons: ['SPRING'],
          months: [9],
          durationMinutes: 60,
          places: 25,
          quotaPerSeason: 4,
        },
      },
      staffA,
    );
    expect(res.createMenuItem.item).toMatchObject({
      title: '瑜伽课',
      kind: 'COURSE',
      months: [3, 4, 5, 9],
      seasons: ['SPRING'],
      durationMinutes: 60,
      places: 25,
      quotaPerSeason: 4,
      withdrawnAt: null,
      offeredBy: { id: countyA },
    });
  });

  it("refuses staff outside the offering union's subtree and bad input, writing nothing", async () => {
    const input = {
      unionId: countyA,
      title: '短视频制作',
      kind: 'COURSE',
      provider: '讲师团',
      seasons: ['AUTUMN'],
      durationMinutes: 120,
      places: 30,
    };
    await refused(CREATE_ITEM, { i: input }, staffB, 'FORBIDDEN');
    await refused(CREATE_ITEM, { i: input }, staffV1, 'FORBIDDEN');
    await refused(CREATE_ITEM, { i: input }, null, 'UNAUTHENTICATED');
    await refused(CREATE_ITEM, { i: { ...input, seasons: [], months: [] } }, staffA, 'BAD_USER_INPUT', 'months');
    await refused(CREATE_ITEM, { i: { ...input, months: [13] } }, staffA, 'BAD_USER_INPUT', 'months.0');
    await refused(CREATE_ITEM, { i: { ...input, durationMinutes: 0 } }, staffA, 'BAD_USER_INPUT');
    await refused(CREATE_ITEM, { i: { ...input, places: -1 } }, staffA, 'BAD_USER_INPUT');
    await refused(CREATE_ITEM, { i: { ...input, title: '  ' } }, staffA, 'BAD_USER_INPUT');
  });

  it("a union's menu: its own items and those offered above it, never a neighbour's; withdrawn ones only on request", async () => {
    const cityItem = await createItem(
      { unionId: city, title: '法律知识讲座', kind: 'LECTURE', provider: '市律师团' },
      server.adminToken,
    );
    const countyItem = await createItem({ title: '茶艺体验课', provider: '平湖茶艺社' });
    const neighbour = await createItem({ unionId: countyB, title: '街舞课', provider: '海盐街舞社' }, staffB);
    const withdrawn = await createItem({ title: '电商直播课', provider: '电商学院' });
    const w = await ok(
      `mutation($i: WithdrawMenuItemInput!) { withdrawMenuItem(input: $i) { item { withdrawnAt withdrawalReason } } }`,
      { i: { id: withdrawn, reason: '讲师调离' } },
      staffA,
    );
    expect(w.withdrawMenuItem.item.withdrawalReason).toBe('讲师调离');
    await refused(
      `mutation($i: WithdrawMenuItemInput!) { withdrawMenuItem(input: $i) { item { id } } }`,
      { i: { id: withdrawn } },
      staffA,
      'CONFLICT',
    );
    const MENU = `query($id: ID!, $fromAbove: Boolean, $filter: MenuFilter) {
      union(id: $id) { menu(fromAbove: $fromAbove, filter: $filter, first: 100) { totalCount nodes { id title } } } }`;
    const menu = async (id: string, variables: Record<string, unknown> = {}) =>
      ((await ok(MENU, { id, ...variables })).union.menu.nodes as { id: string }[]).map((n) => n.id);
    const v1 = await menu(villageV1);
    expect(v1).toContain(cityItem);
    expect(v1).toContain(countyItem);
    expect(v1).not.toContain(neighbour);
    expect(v1).not.toContain(withdrawn);
    expect(await menu(villageV1, { filter: { includeWithdrawn: true } })).toContain(withdrawn);
    const own = await menu(countyA, { fromAbove: false });
    expect(own).toContain(countyItem);
    expect(own).not.toContain(cityItem);
    expect(await menu(countyB)).toEqual(expect.arrayContaining([cityItem, neighbour]));
    expect(await menu(countyB)).not.toContain(countyItem);
    const lectures = await menu(villageV1, { filter: { kinds: ['LECTURE'] } });
    expect(lectures).toEqual([cityItem]);
    // In order of title, as the database orders text.
    const [{ titles }] = await server.sql<{ titles: string[] }>(
      `select array_agg(m.title order by m.title, m.id) as titles from menu_items m join unions u on u.id = m.union_id
       where u.id in ($1, $2) and m.withdrawn_at is null`,
      [dbId(city), dbId(countyA)],
    );
    const all = (await ok(MENU, { id: villageV1 })).union.menu.nodes.map((n: { title: string }) => n.title);
    expect(all).toEqual(titles);
  });

  it('updates an item; a withdrawn one is history (CONFLICT)', async () => {
    const item = await createItem({ title: '剪纸课', provider: '非遗传承人' });
    const res = await ok(
      `mutation($i: UpdateMenuItemInput!) { updateMenuItem(input: $i) { item { title places months quotaPerSeason } } }`,
      { i: { id: item, places: 20, seasons: ['WINTER'], quotaPerSeason: 3 } },
      staffA,
    );
    expect(res.updateMenuItem.item).toEqual({ title: '剪纸课', places: 20, months: [1, 2, 12], quotaPerSeason: 3 });
    const UPDATE = `mutation($i: UpdateMenuItemInput!) { updateMenuItem(input: $i) { item { id } } }`;
    await refused(UPDATE, { i: { id: item, title: null } }, staffA, 'BAD_USER_INPUT', 'title');
    await refused(UPDATE, { i: { id: item, places: 10 } }, staffA1, 'FORBIDDEN');
    await ok(`mutation($i: WithdrawMenuItemInput!) { withdrawMenuItem(input: $i) { item { id } } }`, {
      i: { id: item },
    });
    await refused(UPDATE, { i: { id: item, places: 10 } }, staffA, 'CONFLICT');
  });
});

describe('an order, from request to rating', () => {
  it('a village orders, the county accepts and schedules it, it is delivered and rated', async () => {
    const item = await createItem({ title: '劳动法讲座', kind: 'LECTURE', provider: '平湖市律师协会', places: 60 });
    const placed = await ok(
      PLACE,
      {
        i: {
          itemId: item,
          orderingUnionId: villageV1,
          siteId: siteV1,
          wishedDates: [day(3 * DAY), day(2 * DAY), day(2 * DAY)],
          expectedAttendees: 45,
          note: ' 晚班前 ',
        },
      },
      staffV1,
    );
    const order = placed.placeOrder.order;
    expect(order).toMatchObject({
      status: 'REQUESTED',
      wishedDates: [day(2 * DAY), day(3 * DAY)],
      expectedAttendees: 45,
      item: { id: item },
      offeringUnion: { id: countyA },
      orderingUnion: { id: villageV1 },
      site: { id: siteV1 },
      activity: null,
    });

    // The village cannot accept its own order; the county can, once.
    const startsAt = fromNow(2 * DAY);
    await refused(ACCEPT, { i: { orderId: order.id, startsAt } }, staffV1, 'FORBIDDEN');
    await refused(ACCEPT, { i: { orderId: order.id, startsAt } }, staffB, 'FORBIDDEN');
    await refused(ACCEPT, { i: { orderId: order.id, startsAt: fromNow(-DAY) } }, staffA, 'CONFLICT');
    await refused(
      ACCEPT,
      { i: { orderId: order.id, startsAt, status: 'RUNNING' } },
      staffA,
      'BAD_USER_INPUT',
      'status',
    );
    const accepted = (await ok(ACCEPT, { i: { orderId: order.id, startsAt } }, staffA)).acceptOrder;
    expect(accepted.order.status).toBe('ACCEPTED');
    expect(accepted.activity).toMatchObject({
      kind: 'LECTURE',
      title: '劳动法讲座',
      status: 'OPEN',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(Date.parse(startsAt) + 90 * MINUTE).toISOString(),
      capacity: 60,
      organiser: { id: countyA },
      site: { id: siteV1 },
    });
    await refused(ACCEPT, { i: { orderId: order.id, startsAt } }, staffA, 'CONFLICT');
    // Not delivered yet: no rating.
    await refused(RATE, { i: { orderId: order.id, rating: 5 } }, staffV1, 'CONFLICT');

    // The activity runs and finishes: the order is DELIVERED with it.
    const activity = accepted.activity.id;
    await ok(UPDATE_ACTIVITY, { i: { id: activity, status: 'RUNNING', startsAt: fromNow(-MINUTE) } }, staffA);
    expect((await ok(ORDER, { id: order.id })).order.status).toBe('ACCEPTED');
    await ok(UPDATE_ACTIVITY, { i: { id: activity, status: 'FINISHED' } }, staffA);
    expect((await ok(ORDER, { id: order.id })).order).toMatchObject({
      status: 'DELIVERED',
      activity: { id: activity, status: 'FINISHED' },
    });

    await refused(RATE, { i: { orderId: order.id, rating: 6 } }, staffV1, 'BAD_USER_INPUT');
    await refused(RATE, { i: { orderId: order.id, rating: 0 } }, staffV1, 'BAD_USER_INPUT');
    await refused(RATE, { i: { orderId: order.id, rating: 5 } }, staffB, 'FORBIDDEN');
    const rated = (await ok(RATE, { i: { orderId: order.id, rating: 5, comment: '讲得实用' } }, staffV1)).rateOrder;
    expect(rated.order).toMatchObject({ status: 'RATED', rating: 5, ratingComment: '讲得实用' });
    expect(rated.order.ratedAt).toBeTruthy();
    await refused(RATE, { i: { orderId: order.id, rating: 4 } }, staffV1, 'CONFLICT');

    const figures = await ok(
      `query($id: ID!) { menuItem(id: $id) { orderCount deliveryCount ratingCount averageRating
        orders(first: 5) { totalCount nodes { id status } } } }`,
      { id: item },
    );
    expect(figures.menuItem).toEqual({
      orderCount: 1,
      deliveryCount: 1,
      ratingCount: 1,
      averageRating: 5,
      orders: { totalCount: 1, nodes: [{ id: order.id, status: 'RATED' }] },
    });
  });

  it('refuses orders staff may not place, or that the menu does not allow, writing nothing', async () => {
    const item = await createItem({ title: 'AI技能培训', provider: '平湖职校', places: 30 });
    const onlyThisMonth = await createItem({
      title: '健康体检',
      kind: 'OUTREACH_SERVICE',
      provider: '市一医院',
      months: [thisMonth],
      seasons: [],
    });
    const neighbour = await createItem({ unionId: countyB, title: '书法课', provider: '海盐书协' }, staffB);
    const valid = {
      itemId: item,
      orderingUnionId: villageV1,
      siteId: siteV1,
      wishedDates: [day(2 * DAY)],
      expectedAttendees: 20,
    };
    // Access: staff order for their own subtree only.
    await refused(PLACE, { i: valid }, staffB, 'FORBIDDEN');
    await refused(PLACE, { i: { ...valid, orderingUnionId: townA1, siteId: siteA1 } }, staffV1, 'FORBIDDEN');
    await refused(PLACE, { i: valid }, null, 'UNAUTHENTICATED');
    // The menu: offered from above, to a site of the orderer's own.
    await refused(PLACE, { i: { ...valid, itemId: neighbour } }, staffV1, 'BAD_USER_INPUT', 'itemId');
    await refused(
      PLACE,
      { i: { ...valid, orderingUnionId: countyA, siteId: siteA1 } },
      staffA,
      'BAD_USER_INPUT',
      'itemId',
    );
    await refused(PLACE, { i: { ...valid, siteId: siteA1 } }, staffV1, 'BAD_USER_INPUT', 'siteId');
    await refused(PLACE, { i: { ...valid, siteId: siteB } }, staffV1, 'BAD_USER_INPUT', 'siteId');
    await refused(PLACE, { i: { ...valid, wishedDates: [] } }, staffV1, 'BAD_USER_INPUT', 'wishedDates');
    await refused(
      PLACE,
      { i: { ...valid, wishedDates: [day(DAY), day(-2 * DAY)] } },
      staffV1,
      'BAD_USER_INPUT',
      'wishedDates.1',
    );
    await refused(PLACE, { i: { ...valid, wishedDates: ['2026-02-30'] } }, staffV1, 'BAD_USER_INPUT', 'wishedDates.0');
    await refused(
      PLACE,
      { i: { ...valid, itemId: onlyThisMonth, wishedDates: [firstOfNextMonth] } },
      staffV1,
      'BAD_USER_INPUT',
      'wishedDates.0',
    );
    await refused(PLACE, { i: { ...valid, expectedAttendees: 31 } }, staffV1, 'BAD_USER_INPUT', 'expectedAttendees');
    await refused(PLACE, { i: { ...valid, itemId: 'bm9wZQ==' } }, staffV1, 'BAD_USER_INPUT', 'itemId');
    // Staff of the town above order for the village below it.
    const byTown = await placeOrder(item, {}, staffA1);
    expect((await ok(ORDER, { id: byTown })).order.status).toBe('REQUESTED');
    // A withdrawn item takes no new orders.
    await ok(`mutation($i: WithdrawMenuItemInput!) { withdrawMenuItem(input: $i) { item { id } } }`, {
      i: { id: item },
    });
    await refused(PLACE, { i: valid }, staffV1, 'CONFLICT');
    // Scheduling outside the item's months.
    const other = await placeOrder(onlyThisMonth, { expectedAttendees: 10, wishedDates: [day(0)] });
    await refused(
      ACCEPT,
      { i: { orderId: other, startsAt: new Date(`${firstOfNextMonth}T10:00:00+08:00`).toISOString() } },
      staffA,
      'BAD_USER_INPUT',
      'startsAt',
    );
  });

  it('declines with a reason; cancels a request, or an accepted order with its activity', async () => {
    const item = await createItem({ title: '街舞课', provider: '平湖街舞社' });
    const DECLINE = `mutation($i: DeclineOrderInput!) { declineOrder(input: $i) { order { id status declineReason } } }`;
    const CANCEL = `mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { order { id status cancelReason } activity { id status } } }`;
    const declined = await placeOrder(item);
    await refused(DECLINE, { i: { orderId: declined, reason: '' } }, staffA, 'BAD_USER_INPUT');
    await refused(DECLINE, { i: { orderId: declined, reason: '名额已满' } }, staffV1, 'FORBIDDEN');
    expect(
      (await ok(DECLINE, { i: { orderId: declined, reason: '本季名额已满' } }, staffA)).declineOrder.order,
    ).toEqual({
      id: declined,
      status: 'DECLINED',
      declineReason: '本季名额已满',
    });
    await refused(CANCEL, { i: { orderId: declined } }, staffV1, 'CONFLICT');

    const requested = await placeOrder(item);
    await refused(CANCEL, { i: { orderId: requested } }, staffB, 'FORBIDDEN');
    expect((await ok(CANCEL, { i: { orderId: requested, reason: '村里另有安排' } }, staffV1)).cancelOrder).toEqual({
      order: { id: requested, status: 'CANCELLED', cancelReason: '村里另有安排' },
      activity: null,
    });
    await refused(ACCEPT, { i: { orderId: requested, startsAt: fromNow(DAY) } }, staffA, 'CONFLICT');

    const accepted = await placeOrder(item);
    const activity = (await ok(ACCEPT, { i: { orderId: accepted, startsAt: fromNow(DAY) } }, staffA)).acceptOrder
      .activity.id;
    expect((await ok(CANCEL, { i: { orderId: accepted } }, staffA)).cancelOrder).toEqual({
      order: { id: accepted, status: 'CANCELLED', cancelReason: null },
      activity: { id: activity, status: 'CANCELLED' },
    });

    // Cancelling the activity cancels the order it delivers.
    const another = await placeOrder(item);
    const second = (await ok(ACCEPT, { i: { orderId: another, startsAt: fromNow(DAY) } }, staffA)).acceptOrder.activity
      .id;
    await ok(UPDATE_ACTIVITY, { i: { id: second, status: 'CANCELLED' } }, staffA);
    expect((await ok(ORDER, { id: another })).order).toMatchObject({
      status: 'CANCELLED',
      activity: { status: 'CANCELLED' },
    });
    // And the activity that delivered an order is history: it is not deleted.
    await refused(`mutation($id: ID!) { deleteActivity(id: $id) { deletedId } }`, { id: second }, staffA, 'CONFLICT');
  });
});

describe('lists and figures', () => {
  it("pages a union's orders and the orders it received with keyset cursors, newest first", async () => {
    const item = await createItem({ title: '合唱指导', kind: 'PERFORMANCE', provider: '平湖合唱团' });
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await placeOrder(item, { expectedAttendees: 10 + i }));
    const LISTS = `query($v: ID!, $a: ID!, $after: String) {
      village: union(id: $v) { orders(first: 3, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
      county: union(id: $a) { receivedOrders(first: 100, filter: { statuses: [REQUESTED] }) { nodes { id orderingUnion { id } } } }
      town: union(id: $a) { orders(includeDescendants: true, first: 100) { totalCount } }
    }`;
    const first = await ok(LISTS, { v: villageV1, a: countyA });
    const [{ n }] = await server.sql<{ n: number }>(
      'select count(*)::int as n from orders where ordering_union_id = $1',
      [dbId(villageV1)],
    );
    expect(first.village.orders.totalCount).toBe(n);
    expect(first.village.orders.edges.map((e: any) => e.node.id)).toEqual(mine.slice(-3).reverse());
    const next = await ok(LISTS, { v: villageV1, a: countyA, after: first.village.orders.pageInfo.endCursor });
    expect(next.village.orders.edges.map((e: any) => e.node.id).slice(0, 2)).toEqual(mine.slice(0, 2).reverse());
    const received = first.county.receivedOrders.nodes.map((o: any) => o.id);
    for (const id of mine) expect(received).toContain(id);
    expect(first.town.orders.totalCount).toBe(n);
    const bad = await server.gql(`query($v: ID!) { union(id: $v) { orders(after: "garbage") { totalCount } } }`, {
      v: villageV1,
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('Union.stats counts the orders of the subtree by status, with the mean rating', async () => {
    const STATS = `query($id: ID!) { union(id: $id) { stats { ordersByStatus { status count } orderRatingCount meanOrderRating } } }`;
    const rows = await server.sql<{ status: string; n: number }>(
      `select status::text, count(*)::int as n from orders group by status order by status`,
    );
    const [{ mean, rated }] = await server.sql<{ mean: number; rated: number }>(
      `select avg(rating)::float8 as mean, count(rating)::int as rated from orders`,
    );
    const stats = (await ok(STATS, { id: city })).union.stats;
    const byStatus = Object.fromEntries(stats.ordersByStatus.map((s: any) => [s.status, s.count]));
    expect(byStatus).toEqual(Object.fromEntries(rows.map((r) => [r.status, r.n])));
    expect(stats.orderRatingCount).toBe(rated);
    expect(stats.meanOrderRating).toBeCloseTo(mean, 9);
    // County B placed nothing.
    expect((await ok(STATS, { id: countyB })).union.stats).toEqual({
      ordersByStatus: [],
      orderRatingCount: 0,
      meanOrderRating: null,
    });
  });
});

describe('the quota and the sweep, over two instances', () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startTestServer({ sameDatabaseAs: server });
  });
  afterAll(() => second?.stop());

  it('never accepts more than the quota of a season, however many accepts race', async () => {
    const item = await createItem({ title: '电商培训', provider: '平湖电商协会', quotaPerSeason: 2 });
    const orders = [];
    for (let i = 0; i < 8; i++) orders.push(await placeOrder(item));
    const startsAt = fromNow(DAY);
    const answers = await Promise.all(
      orders.map((orderId, i) =>
        (i % 2 ? second : server).gql(ACCEPT, { i: { orderId, startsAt } }, { token: staffA }),
      ),
    );
    const codes = answers.map((a) => errorCode(a) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK', 'OK']);
    const [{ n, activities }] = await server.sql<{ n: number; activities: number }>(
      `select count(*)::int as n, count(activity_id)::int as activities from orders where item_id = $1 and status = 'ACCEPTED'`,
      [dbId(item)],
    );
    expect([n, activities]).toEqual([2, 2]);
    // Another season still has its own quota.
    const later = await placeOrder(item);
    const nextSeason = new Date(Date.now() + 100 * DAY).toISOString();
    expect((await ok(ACCEPT, { i: { orderId: later, startsAt: nextSeason } }, staffA)).acceptOrder.order.status).toBe(
      'ACCEPTED',
    );
  });

  it('the status sweep delivers the order of an activity that ended', async () => {
    const item = await createItem({ title: '理发上门', kind: 'OUTREACH_SERVICE', provider: '富乐巴士' });
    const order = await placeOrder(item);
    const activity = (await ok(ACCEPT, { i: { orderId: order, startsAt: fromNow(DAY) } }, staffA)).acceptOrder.activity
      .id;
    // Started a minute ago, ends in a second: the next sweep finds it over.
    await ok(
      UPDATE_ACTIVITY,
      { i: { id: activity, status: 'RUNNING', startsAt: fromNow(-MINUTE), endsAt: fromNow(1000) } },
      staffA,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const third = await startTestServer({ sameDatabaseAs: server });
    await third.stop();
    expect((await ok(ORDER, { id: order })).order).toMatchObject({
      status: 'DELIVERED',
      activity: { status: 'FINISHED' },
    });
    const [event] = await server.sql(
      `select type, payload->>'status' as status from events where topic = 'order' and subject_id = $1 order by cursor desc limit 1`,
      [dbId(order)],
    );
    expect(event).toEqual({ type: 'DELIVERED', status: 'DELIVERED' });
  });
});

describe('orderFeed over graphql-ws', () => {
  const FEED = `subscription($unionId: ID!, $includeDescendants: Boolean, $after: String) {
    orderFeed(unionId: $unionId, includeDescendants: $includeDescendants, after: $after) {
      cursor type status title offeringUnionId orderingUnionId activityId order { id status } } }`;

  it("reaches the ordering and the offering subtrees, never a neighbour's, and replays after a cursor", async () => {
    const village = subscribe(server.wsUrl, FEED, { unionId: villageV1 });
    const county = subscribe(server.wsUrl, FEED, { unionId: countyA, includeDescendants: false });
    const town = subscribe(server.wsUrl, FEED, { unionId: townA1, includeDescendants: false });
    const neighbour = subscribe(server.wsUrl, FEED, { unionId: countyB });
    await subscribersReady(server, 4);
    const item = await createItem({ title: '太极拳课', provider: '平湖武协' });
    const order = await placeOrder(item);
    await ok(ACCEPT, { i: { orderId: order, startsAt: fromNow(DAY) } }, staffA);
    for (const sub of [village, county]) {
      const results = await sub.waitFor(2);
      expect(results.map((r) => r.data.orderFeed)).toMatchObject([
        {
          type: 'REQUESTED',
          status: 'REQUESTED',
          title: '太极拳课',
          offeringUnionId: countyA,
          orderingUnionId: villageV1,
          activityId: null,
        },
        {
          type: 'ACCEPTED',
          status: 'ACCEPTED',
          activityId: expect.any(String),
          order: { id: order, status: 'ACCEPTED' },
        },
      ]);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The town neither placed nor received it; county B is elsewhere.
    expect(town.results).toEqual([]);
    expect(neighbour.results).toEqual([]);
    const first = village.results[0].data.orderFeed.cursor;
    await Promise.all([village, county, town, neighbour].map((s) => s.close()));

    const replay = subscribe(server.wsUrl, FEED, { unionId: city, after: first });
    const replayed = await replay.waitFor(1);
    expect(replayed[0].data.orderFeed).toMatchObject({ type: 'ACCEPTED' });
    await replay.close();
  });

  it('an unknown union is NOT_FOUND', async () => {
    const sub = subscribe(server.wsUrl, FEED, { unionId: Buffer.from('Union:999999').toString('base64') });
    const [result] = await sub.waitFor(1);
    expect(result.errors[0].extensions.code).toBe('NOT_FOUND');
    await sub.close();
  });
});

describe('the demo', () => {
  let demo: TestServer;
  beforeAll(async () => {
    // Without the response cache, so statements are counted as the read path sends them.
    demo = await startTestServer({ data: 'demo', config: { responseCacheMb: 0 } });
  });
  afterAll(() => demo?.stop());

  it('every county publishes 8 to 15 items; a year of orders in every state, rated around 95 % satisfied', async () => {
    const COUNTIES = `{ unions(filter: { levels: [COUNTY] }, first: 20) { nodes { name
      menu(fromAbove: false, first: 50) { totalCount nodes { title seasons months } }
      stats { ordersByStatus { status count } orderRatingCount meanOrderRating } } } }`;
    const res = await demo.gql(COUNTIES);
    expect(res.errors).toBeUndefined();
    const counties = res.data.unions.nodes;
    expect(counties).toHaveLength(7);
    const statuses = new Set<string>();
    for (const county of counties) {
      expect(county.menu.totalCount).toBeGreaterThanOrEqual(8);
      expect(county.menu.totalCount).toBeLessThanOrEqual(15);
      for (const s of county.stats.ordersByStatus) statuses.add(s.status);
      expect(county.stats.meanOrderRating).toBeGreaterThan(4);
    }
    expect([...statuses].sort()).toEqual(['ACCEPTED', 'CANCELLED', 'DECLINED', 'DELIVERED', 'RATED', 'REQUESTED']);
    const [row] = await demo.sql(
      `select count(*)::int as orders, min(created_at) < now() - interval '300 days' as a_year,
         avg(case when rating >= 4 then 1.0 when rating is not null then 0.0 end)::float8 as satisfied
       from orders`,
    );
    expect(row.orders).toBeGreaterThan(300);
    expect(row.a_year).toBe(true);
    expect(row.satisfied).toBeGreaterThan(0.9);
    expect(row.satisfied).toBeLessThan(0.99);
  });

  it('holds to the rules the API enforces: below the offerer, at its own site, in quota, delivered when finished', async () => {
    const [row] = await demo.sql(
      `select
         count(*) filter (where not (ou.path <@ fu.path and ou.id <> fu.id))::int as not_below,
         count(*) filter (where not (su.path <@ ou.path))::int as site_elsewhere,
         count(*) filter (where o.status in ('DELIVERED', 'RATED') and a.status <> 'FINISHED')::int as undelivered,
         count(*) filter (where o.status = 'ACCEPTED' and a.status in ('FINISHED', 'CANCELLED'))::int as stale,
         count(*) filter (where o.status in ('ACCEPTED', 'DELIVERED', 'RATED') and (a.organiser_id <> o.offering_union_id or a.site_id <> o.site_id))::int as misplaced
       from orders o
       join unions ou on ou.id = o.ordering_union_id join unions fu on fu.id = o.offering_union_id
       join sites s on s.id = o.site_id join unions su on su.id = s.union_id
       left join activities a on a.id = o.activity_id`,
    );
    expect(row).toEqual({ not_below: 0, site_elsewhere: 0, undelivered: 0, stale: 0, misplaced: 0 });
    const over = await demo.sql(
      `select o.item_id from orders o join activities a on a.id = o.activity_id join menu_items m on m.id = o.item_id
       where o.status in ('ACCEPTED', 'DELIVERED', 'RATED') and m.quota_per_season is not null
       group by o.item_id, m.quota_per_season,
         date_trunc('quarter', (a.starts_at at time zone 'Asia/Shanghai') + interval '1 month')
       having count(*) > m.quota_per_season`,
    );
    expect(over).toEqual([]);
  });

  it('answers menus, orders and their figures in as many statements for 7 counties as for 2 (no N+1)', async () => {
    const NESTED = `query($n: Int) { unions(filter: { levels: [COUNTY] }, first: $n) { nodes { name
      menu(first: 20) { nodes { title offeredBy { name } orderCount deliveryCount averageRating
        orders(first: 5) { nodes { status orderingUnion { name } site { name } activity { title status } item { title } } } } }
      receivedOrders(first: 10) { totalCount nodes { status offeringUnion { name } } }
      orders(includeDescendants: true, first: 10) { totalCount nodes { wishedDates } }
      stats { ordersByStatus { status count } meanOrderRating } } } }`;
    const statements = async (n: number) => {
      const before = demo.app.db.statementCount();
      const res = await demo.gql(NESTED, { n });
      expect(res.errors).toBeUndefined();
      expect(res.data.unions.nodes).toHaveLength(n);
      return demo.app.db.statementCount() - before;
    };
    const two = await statements(2);
    expect(await statements(7)).toBe(two);
  });
});
