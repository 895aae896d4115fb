/**
 * The demo menus (点单): every county offers a seasonal menu of 8–15 items drawn from
 * what the articles describe, and the villages, towns, firms and parks below it order
 * from it for a year: orders in every state, the accepted ones delivered as activities at
 * the orderer's site (appended after every other activity, so no existing id moves),
 * ratings around the articles' figures (Zhangye: 95 % satisfied). Its own random stream
 * keeps every other stage's data byte for byte the same.
 */
import type { ActivityRow, SiteRow, UnionRow } from './generate.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const OFFSET = 8 * 60 * MINUTE;

type Kind = 'COURSE' | 'LECTURE' | 'PERFORMANCE' | 'OUTREACH_SERVICE';
type Status = 'REQUESTED' | 'ACCEPTED' | 'DELIVERED' | 'RATED' | 'DECLINED' | 'CANCELLED';

interface Dish {
  title: string;
  kind: Kind;
  /** `{county}` is the county's short name. */
  provider: string;
  description: string;
  months: readonly number[];
  minutes: number;
  places: number;
  quota: number | null;
}

const SPRING = [3, 4, 5];
const SUMMER = [6, 7, 8];
const AUTUMN = [9, 10, 11];
const WINTER = [12, 1, 2];
const ALL = [...WINTER.slice(1), ...SPRING, ...SUMMER, ...AUTUMN, 12];

/** The dishes of the articles: courses, lectures, shows and services the counties deliver. */
const DISHES: readonly Dish[] = [
  {
    title: '瑜伽入门课',
    kind: 'COURSE',
    provider: '{county}瑜伽协会',
    description: '八周瑜伽入门，舒缓久坐久站的肩颈腰背。',
    months: ALL,
    minutes: 90,
    places: 30,
    quota: 12,
  },
  {
    title: '八段锦养生课',
    kind: 'COURSE',
    provider: '{county}武术协会',
    description: '工间八段锦，一招一式学会了回车间带着练。',
    months: ALL,
    minutes: 60,
    places: 40,
    quota: 15,
  },
  {
    title: 'AI技能提升课',
    kind: 'COURSE',
    provider: '{county}职业技术学校',
    description: '用大模型写材料、做表格、查资料，职工数字技能培训。',
    months: [...SPRING, ...AUTUMN],
    minutes: 120,
    places: 40,
    quota: 8,
  },
  {
    title: '短视频拍摄与剪辑',
    kind: 'COURSE',
    provider: '{county}融媒体中心',
    description: '手机拍摄、剪辑与发布，讲好身边的劳动故事。',
    months: [...SPRING, ...SUMMER, ...AUTUMN],
    minutes: 120,
    places: 30,
    quota: 8,
  },
  {
    title: '电商直播带货培训',
    kind: 'COURSE',
    provider: '{county}电子商务协会',
    description: '开店、选品、直播话术，助力农产品出村进城。',
    months: [...AUTUMN, ...WINTER],
    minutes: 150,
    places: 35,
    quota: 6,
  },
  {
    title: '茶艺体验课',
    kind: 'COURSE',
    provider: '{county}茶文化研究会',
    description: '识茶、泡茶、品茶，一盏清茶里的匠心。',
    months: [...SPRING, ...AUTUMN],
    minutes: 90,
    places: 20,
    quota: 10,
  },
  {
    title: '街舞公开课',
    kind: 'COURSE',
    provider: '{county}职工街舞队',
    description: '年轻职工喜欢的街舞基础，下班后来跳一跳。',
    months: [...SUMMER, ...AUTUMN],
    minutes: 90,
    places: 30,
    quota: 8,
  },
  {
    title: '劳动法律知识讲座',
    kind: 'LECTURE',
    provider: '{county}总工会法律服务团',
    description: '劳动合同、工资、工伤与维权，律师现场答疑。',
    months: ALL,
    minutes: 90,
    places: 80,
    quota: null,
  },
  {
    title: '班前十分钟安全宣讲',
    kind: 'LECTURE',
    provider: '{county}安全生产宣讲团',
    description: '上岗前十分钟，讲透身边的安全隐患。',
    months: ALL,
    minutes: 30,
    places: 100,
    quota: null,
  },
  {
    title: '防范电信诈骗宣讲',
    kind: 'LECTURE',
    provider: '{county}公安局反诈中心',
    description: '最新骗局案例与防范要点。',
    months: ALL,
    minutes: 60,
    places: 120,
    quota: null,
  },
  {
    title: '职工心理健康讲座',
    kind: 'LECTURE',
    provider: '{county}职工心理服务中心',
    description: '压力疏导与情绪管理，附心理测评。',
    months: ALL,
    minutes: 90,
    places: 60,
    quota: 10,
  },
  {
    title: '健康体检进园区',
    kind: 'OUTREACH_SERVICE',
    provider: '{county}人民医院',
    description: '血压、血糖、心电图等基础体检，送到家门口。',
    months: [...SPRING, ...AUTUMN],
    minutes: 240,
    places: 150,
    quota: 6,
  },
  {
    title: '富乐巴士·理发进企业',
    kind: 'OUTREACH_SERVICE',
    provider: '{county}职工服务车队',
    description: '流动服务车开进园区：理发、修脚、小家电维修。',
    months: ALL,
    minutes: 240,
    places: 80,
    quota: 10,
  },
  {
    title: '夏送清凉慰问',
    kind: 'OUTREACH_SERVICE',
    provider: '{county}总工会',
    description: '高温天送清凉、送药品到一线。',
    months: SUMMER,
    minutes: 120,
    places: 200,
    quota: 20,
  },
  {
    title: '冬送温暖·写春联',
    kind: 'OUTREACH_SERVICE',
    provider: '{county}书法家协会',
    description: '书法家现场写春联、送福字。',
    months: WINTER,
    minutes: 180,
    places: 100,
    quota: 10,
  },
  {
    title: '职工艺术团文艺演出',
    kind: 'PERFORMANCE',
    provider: '{county}职工艺术团',
    description: '歌舞、小品、越剧选段，送文艺进基层。',
    months: [...SPRING, ...AUTUMN, ...WINTER],
    minutes: 120,
    places: 300,
    quota: 6,
  },
  {
    title: '露天电影放映',
    kind: 'PERFORMANCE',
    provider: '{county}电影放映队',
    description: '夏夜广场电影，职工和家人一起看。',
    months: SUMMER,
    minutes: 150,
    places: 200,
    quota: 12,
  },
  {
    title: '非遗剪纸体验',
    kind: 'COURSE',
    provider: '{county}非遗保护中心',
    description: '非遗传承人教剪纸，作品带回家。',
    months: [...WINTER, ...SPRING],
    minutes: 90,
    places: 25,
    quota: 8,
  },
];

const DECLINE_REASONS = ['本季名额已满', '讲师档期冲突', '场地条件不足', '报名人数不足，建议与邻村合并'];
const CANCEL_REASONS = ['企业赶工，改期另约', '天气原因取消', '场地临时另有安排', null];
const COMMENTS: Record<number, readonly (string | null)[]> = {
  5: ['讲得实用，职工很喜欢', '老师很耐心，希望再来', '形式新颖，参与度高', null],
  4: ['整体不错，时间稍短', '内容好，场地有点挤', null],
  3: ['内容一般，希望更贴近一线', null],
  2: ['时间安排不合适'],
  1: ['与预期差距较大'],
};

interface MenuItemRow {
  id: number;
  unionId: number;
  title: string;
  kind: Kind;
  provider: string;
  description: string;
  months: number[];
  durationMinutes: number;
  places: number;
  quotaPerSeason: number | null;
  createdAt: string;
}

interface OrderRow {
  id: number;
  itemId: number;
  offeringUnionId: number;
  orderingUnionId: number;
  siteId: number;
  wishedDates: string[];
  expectedAttendees: number;
  note: string | null;
  status: Status;
  activityId: number | null;
  declineReason: string | null;
  cancelReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MenuData {
  activities: ActivityRow[];
  items: MenuItemRow[];
  orders: OrderRow[];
}

interface Tools {
  rng: {
    int(min: number, max: number): number;
    chance(p: number): boolean;
    pick<T>(items: readonly T[]): T;
    weighted(weights: readonly number[]): number;
    shuffle<T>(items: readonly T[]): T[];
  };
  now: number;
  formatTime: (ms: number) => string;
}

type SeedUnion = UnionRow & { kind: string; label: string };

/** Local (Asia/Shanghai) calendar fields of an instant. */
const localDay = (ms: number): string => new Date(ms + OFFSET).toISOString().slice(0, 10);
const localMonth = (ms: number): number => new Date(ms + OFFSET).getUTCMonth() + 1;
/** The quota's season: winter runs across the new year (see menu.rules.ts). */
const seasonKey = (ms: number): string => {
  const shifted = new Date(ms + OFFSET);
  shifted.setUTCMonth(shifted.getUTCMonth() + 1);
  return `${shifted.getUTCFullYear()}-${Math.floor(shifted.getUTCMonth() / 3)}`;
};

/** The menus and a year of orders, ids after `lastActivityId` for the activities that deliver them. */
export function buildMenus(
  unions: readonly SeedUnion[],
  sites: readonly SiteRow[],
  lastActivityId: number,
  { rng, now, formatTime }: Tools,
): MenuData {
  const byId = new Map(unions.map((u) => [u.id, u]));
  const items: MenuItemRow[] = [];
  const orders: OrderRow[] = [];
  const activities: ActivityRow[] = [];
  const menuPublished = now - 355 * DAY;
  const firstDelivery = now - 340 * DAY;
  const lastDelivery = now + 45 * DAY;

  for (const county of unions.filter((u) => u.kind === 'county')) {
    const menu = rng
      .shuffle(DISHES)
      .slice(0, rng.int(8, 15))
      .map((dish, i): MenuItemRow => ({
        id: items.length + i + 1,
        unionId: county.id,
        title: dish.title,
        kind: dish.kind,
        provider: dish.provider.replace('{county}', county.label),
        description: dish.description,
        months: [...dish.months].sort((a, b) => a - b),
        durationMinutes: dish.minutes,
        places: dish.places,
        quotaPerSeason: dish.quota,
        createdAt: formatTime(menuPublished + rng.int(0, 10) * DAY),
      }));
    items.push(...menu);

    // Sites of the unions below the county: where its orders are delivered.
    const below = sites.filter((s) => {
      const path = byId.get(s.unionId)?.path.split('.') ?? [];
      return path.length >= 3 && path[1] === String(county.id);
    });
    if (!below.length) continue;
    const delivered = new Map<string, number>();
    const count = rng.int(45, 80);
    for (let n = 0; n < count; n++) {
      const site = rng.pick(below);
      const hour = rng.pick([9.5, 14, 19]);
      const day = firstDelivery + rng.int(0, (lastDelivery - firstDelivery) / DAY) * DAY;
      const startMs = Date.UTC(...(localDay(day).split('-').map(Number) as [number, number, number])) - OFFSET;
      const start = startMs + hour * 60 * MINUTE;
      const choices = menu.filter((item) => item.months.includes(localMonth(start)));
      if (!choices.length) continue;
      const item = rng.pick(choices);
      const end = start + item.durationMinutes * MINUTE;
      const created = Math.min(start - rng.int(7, 40) * DAY + rng.int(0, 600) * MINUTE, now - rng.int(1, 600) * MINUTE);
      if (created < Date.parse(item.createdAt)) continue;
      const wished = [localDay(start), ...(rng.chance(0.4) ? [localDay(start + 7 * DAY)] : [])];
      const order: OrderRow = {
        id: orders.length + 1,
        itemId: item.id,
        offeringUnionId: county.id,
        orderingUnionId: site.unionId,
        siteId: site.id,
        wishedDates: wished,
        expectedAttendees: rng.int(Math.ceil(item.places / 2), item.places),
        note: rng.chance(0.3) ? rng.pick(['希望安排在下班后', '以一线职工为主', '可与邻近企业联合开展']) : null,
        status: 'REQUESTED',
        activityId: null,
        declineReason: null,
        cancelReason: null,
        rating: null,
        ratingComment: null,
        ratedAt: null,
        createdAt: formatTime(created),
        updatedAt: formatTime(created),
      };
      orders.push(order);
      const answered = Math.min(created + rng.int(1, 5) * DAY, now - 30 * MINUTE);
      const decide = (status: Status) => {
        order.status = status;
        order.updatedAt = formatTime(Math.max(created, answered));
      };
      // What became of it, by where it stands against "now".
      const past = end < now;
      const fresh = now - created < 4 * DAY;
      const outcome = past
        ? ['deliver', 'decline', 'cancel', 'cancelAccepted'][rng.weighted([84, 7, 5, 4])]
        : fresh
          ? ['request', 'accept', 'decline'][rng.weighted([65, 30, 5])]
          : ['request', 'accept', 'decline', 'cancel'][rng.weighted([10, 78, 7, 5])];
      if (outcome === 'request') continue;
      if (outcome === 'decline' || outcome === 'cancel') {
        decide(outcome === 'decline' ? 'DECLINED' : 'CANCELLED');
        if (outcome === 'decline') order.declineReason = rng.pick(DECLINE_REASONS);
        else order.cancelReason = rng.pick(CANCEL_REASONS);
        continue;
      }
      // Accepted: within the season's quota, or declined for it.
      const season = `${item.id}/${seasonKey(start)}`;
      const used = delivered.get(season) ?? 0;
      if (item.quotaPerSeason != null && used >= item.quotaPerSeason) {
        decide('DECLINED');
        order.declineReason = '本季名额已满';
        continue;
      }
      delivered.set(season, used + 1);
      const activityId = lastActivityId + activities.length + 1;
      const cancelled = outcome === 'cancelAccepted';
      const status = cancelled
        ? 'CANCELLED'
        : past
          ? 'FINISHED'
          : start <= now
            ? 'RUNNING'
            : start - now < 30 * DAY
              ? 'OPEN'
              : 'PLANNED';
      activities.push({
        id: activityId,
        kind: item.kind,
        title: item.title,
        description: item.description,
        organiserId: county.id,
        siteId: site.id,
        programmeId: null,
        startsAt: formatTime(start),
        endsAt: formatTime(end),
        status,
        capacity: item.places,
        signUpCount: 0,
        attendanceCount: 0,
        createdAt: formatTime(answered),
        updatedAt: formatTime(
          cancelled ? Math.max(answered, Math.min(start - DAY, now - MINUTE)) : past ? end : answered,
        ),
      });
      order.activityId = activityId;
      decide('ACCEPTED');
      if (cancelled) {
        order.status = 'CANCELLED';
        order.cancelReason = rng.pick(CANCEL_REASONS) ?? 'The activity was cancelled';
      } else if (past) {
        order.status = 'DELIVERED';
        order.updatedAt = formatTime(end);
        const ratedAt = end + rng.int(60, 5 * 24 * 60) * MINUTE;
        if (ratedAt < now && rng.chance(0.9)) {
          // 95 % satisfied (4 or 5), as Zhangye reports.
          const rating = [5, 4, 3, 2, 1][rng.weighted([70, 26, 2.5, 1, 0.5])]!;
          order.status = 'RATED';
          order.rating = rating;
          order.ratingComment = rng.pick(COMMENTS[rating]!);
          order.ratedAt = formatTime(ratedAt);
          order.updatedAt = order.ratedAt;
        }
      }
    }
  }
  return { activities, items, orders };
}
