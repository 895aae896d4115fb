/**
 * The demo clubs and teams (issue 13): Nanhu District's 40 outstanding workers' culture and
 * sports teams (南湖区 "STL卫星之光群艺社" and 39 more across its towns, parks and firms, with
 * the 13 national and 19 provincial honours the articles count since 2024), the city's
 * workers' video makers (嘉兴市职工拍客团), the port company's dance and yoga group that made
 * the street dance 《我们》, and a few clubs in every other county. Members are demo workers
 * with portal subjects (`demo-worker-<union>-<n>`), of the club's union's subtree as joinClub
 * requires; some wait for approval, some left. Each club has met twice in the last fortnight
 * and meets again within the week (activities naming it). Its own random stream keeps every
 * other stage's data byte for byte the same; times are moved with the demo's "now".
 */
import type { SiteRow, UnionRow } from './generate.js';
import { GIVEN_NAMES, PHONE_PREFIXES, SURNAMES } from './jiaxing-names.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Kind = 'SPORTS' | 'ARTS' | 'READING' | 'SKILLS' | 'VOLUNTEERING' | 'OTHER';
type MemberStatus = 'PENDING' | 'ACTIVE' | 'DECLINED' | 'LEFT';
type Level = 'NATIONAL' | 'PROVINCIAL' | 'CITY' | 'COUNTY';

interface ClubRow {
  id: number;
  unionId: number;
  name: string;
  kind: Kind;
  leader: string;
  description: string | null;
  homeSiteId: number | null;
  recruiting: boolean;
  memberLimit: number | null;
  requiresApproval: boolean;
  memberCount: number;
  createdAt: string;
}

interface MemberRow {
  id: number;
  clubId: number;
  workerId: string;
  workerName: string;
  phone: string;
  unionId: number;
  status: MemberStatus;
  createdAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  leftAt: string | null;
}

interface HonourRow {
  id: number;
  clubId: number;
  level: Level;
  title: string;
  year: number;
  awardedBy: string | null;
  createdAt: string;
}

interface CorrectionRow {
  id: number;
  honourId: number;
  previousLevel: Level;
  previousTitle: string;
  previousYear: number;
  reason: string;
  createdAt: string;
}

interface MeetingRow {
  clubId: number;
  kind: 'COURSE' | 'READING' | 'OUTREACH_SERVICE' | 'PERFORMANCE';
  title: string;
  organiserId: number;
  siteId: number | null;
  startsAt: string;
  endsAt: string;
  status: 'FINISHED' | 'OPEN';
  capacity: number | null;
  createdAt: string;
}

export interface ClubData {
  clubs: ClubRow[];
  members: MemberRow[];
  honours: HonourRow[];
  corrections: CorrectionRow[];
  /** Activities naming their club; their ids follow every other activity (seedClubs). */
  meetings: MeetingRow[];
}

interface Tools {
  rng: {
    int(min: number, max: number): number;
    chance(p: number): boolean;
    pick<T>(items: readonly T[]): T;
    shuffle<T>(items: readonly T[]): T[];
  };
  now: number;
  formatTime: (ms: number) => string;
}

type SeedUnion = UnionRow & { kind: string; label: string };

/** What a team is called after its union's short name, and what it does. */
const TEAMS: readonly { suffix: string; kind: Kind; meeting: string }[] = [
  { suffix: '职工合唱团', kind: 'ARTS', meeting: '合唱排练' },
  { suffix: '职工舞蹈队', kind: 'ARTS', meeting: '舞蹈排练' },
  { suffix: '职工朗诵艺术团', kind: 'ARTS', meeting: '朗诵排练' },
  { suffix: '职工书画社', kind: 'ARTS', meeting: '书画交流' },
  { suffix: '职工摄影协会', kind: 'ARTS', meeting: '摄影采风' },
  { suffix: '职工越剧社', kind: 'ARTS', meeting: '越剧排练' },
  { suffix: '职工乐队', kind: 'ARTS', meeting: '乐队排练' },
  { suffix: '职工读书会', kind: 'READING', meeting: '读书分享会' },
  { suffix: '女职工读书会', kind: 'READING', meeting: '读书分享会' },
  { suffix: '职工气排球队', kind: 'SPORTS', meeting: '气排球训练' },
  { suffix: '职工篮球队', kind: 'SPORTS', meeting: '篮球训练' },
  { suffix: '职工羽毛球俱乐部', kind: 'SPORTS', meeting: '羽毛球训练' },
  { suffix: '职工太极拳队', kind: 'SPORTS', meeting: '太极拳晨练' },
  { suffix: '职工跑团', kind: 'SPORTS', meeting: '周末约跑' },
  { suffix: '工匠创新工作室', kind: 'SKILLS', meeting: '技艺交流' },
  { suffix: '职工短视频创作组', kind: 'SKILLS', meeting: '短视频创作交流' },
  { suffix: '职工志愿服务队', kind: 'VOLUNTEERING', meeting: '志愿服务' },
];

const MEETING_KIND: Record<Kind, MeetingRow['kind']> = {
  SPORTS: 'COURSE',
  ARTS: 'COURSE',
  READING: 'READING',
  SKILLS: 'COURSE',
  VOLUNTEERING: 'OUTREACH_SERVICE',
  OTHER: 'COURSE',
};

const NATIONAL_AWARDS = [
  '全国职工文化作品展演优秀节目',
  '全总文工团巡演入选节目',
  '全国职工摄影展入展作品',
  '全国职工书画展优秀作品',
  '全国“最美职工文化团队”',
];
const PROVINCIAL_AWARDS = [
  '浙江省职工文艺汇演金奖',
  '浙江省职工合唱比赛一等奖',
  '浙江省职工微话剧展演优秀节目',
  '浙江省“职工文化示范团队”',
  '浙江省职工运动会团体第一名',
];

/** Nanhu's 40 teams, the city's and the port's named ones, and 3–5 clubs in every other county. */
export function buildClubs(unions: readonly SeedUnion[], sites: readonly SiteRow[], tools: Tools): ClubData {
  const { rng, now, formatTime } = tools;
  const byId = new Map(unions.map((u) => [u.id, u]));
  const below = (root: SeedUnion) => unions.filter((u) => u.path === root.path || u.path.startsWith(`${root.path}.`));
  const sitesOf = new Map<number, SiteRow[]>();
  for (const s of sites) sitesOf.set(s.unionId, [...(sitesOf.get(s.unionId) ?? []), s]);
  const data: ClubData = { clubs: [], members: [], honours: [], corrections: [], meetings: [] };
  const names = new Set<string>();
  const founded = now - 300 * DAY;

  const person = () => {
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
    return name;
  };

  const addClub = (
    union: SeedUnion,
    name: string,
    kind: Kind,
    meeting: string,
    description: string | null = null,
  ): ClubRow | null => {
    if (names.has(`${union.id}:${name}`)) return null;
    names.add(`${union.id}:${name}`);
    // Its home: a site of its union, else of the union above it.
    const home = sitesOf.get(union.id) ?? (union.parentId ? sitesOf.get(union.parentId) : undefined);
    const requiresApproval = rng.chance(0.4);
    const memberLimit = rng.chance(0.6) ? rng.pick([20, 30, 40, 50, 60]) : null;
    const club: ClubRow = {
      id: data.clubs.length + 1,
      unionId: union.id,
      name,
      kind,
      leader: person(),
      description,
      homeSiteId: home ? rng.pick(home).id : null,
      recruiting: rng.chance(0.75),
      memberLimit,
      requiresApproval,
      memberCount: 0,
      createdAt: formatTime(founded + rng.int(0, 120) * DAY + rng.int(9, 17) * HOUR),
    };
    data.clubs.push(club);
    addMembers(union, club);
    addMeetings(club, meeting);
    return club;
  };

  const addMembers = (union: SeedUnion, club: ClubRow) => {
    const pool = below(union);
    const seen = new Set<string>();
    const active = rng.int(8, Math.min(club.memberLimit ?? 40, 40));
    const pending = club.requiresApproval ? rng.int(0, 3) : 0;
    const declined = club.requiresApproval ? rng.int(0, 1) : 0;
    const left = rng.int(0, 3);
    const statuses: MemberStatus[] = [
      ...Array<MemberStatus>(left).fill('LEFT'),
      ...Array<MemberStatus>(active).fill('ACTIVE'),
      ...Array<MemberStatus>(declined).fill('DECLINED'),
      ...Array<MemberStatus>(pending).fill('PENDING'),
    ];
    const start = Date.parse(club.createdAt);
    for (const [i, status] of statuses.entries()) {
      const member = rng.pick(pool);
      let n = rng.int(1, 400);
      while (seen.has(`${member.id}-${n}`)) n += 1;
      seen.add(`${member.id}-${n}`);
      // Joined in order over the months since the club was founded; pending ones lately.
      const joined =
        status === 'PENDING'
          ? now - rng.int(1, 5) * DAY - rng.int(1, 8) * HOUR
          : start + Math.floor(((now - 20 * DAY - start) * (i + 1)) / (statuses.length + 1));
      const decided = club.requiresApproval && status !== 'PENDING' ? joined + rng.int(2, 48) * HOUR : null;
      data.members.push({
        id: data.members.length + 1,
        clubId: club.id,
        workerId: `demo-worker-${member.id}-${n}`,
        workerName: person(),
        phone: rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0'),
        unionId: member.id,
        status,
        createdAt: formatTime(joined),
        decidedAt: decided === null ? null : formatTime(decided),
        declineReason: status === 'DECLINED' ? '本期名额已满，欢迎下期报名' : null,
        leftAt: status === 'LEFT' ? formatTime((decided ?? joined) + rng.int(10, 60) * DAY) : null,
      });
    }
    club.memberCount = active;
  };

  const addMeetings = (club: ClubRow, meeting: string) => {
    // The demo's "now" is 10:00; meetings are evenings 19:00–21:00, or Saturday mornings.
    const midnight = now - 10 * HOUR;
    const evening = rng.chance(0.7);
    const [from, to] = evening ? [19 * HOUR, 21 * HOUR] : [9 * HOUR + 30 * MINUTE, 11 * HOUR + 30 * MINUTE];
    const ahead = rng.int(1, 6);
    for (const day of [-14 + rng.int(0, 2), -7 + rng.int(0, 2), ahead]) {
      const startMs = midnight + day * DAY + from;
      data.meetings.push({
        clubId: club.id,
        kind: MEETING_KIND[club.kind],
        title: `${club.name}${meeting}`,
        organiserId: club.unionId,
        siteId: club.homeSiteId,
        startsAt: formatTime(startMs),
        endsAt: formatTime(midnight + day * DAY + to),
        status: day < 0 ? 'FINISHED' : 'OPEN',
        capacity: club.memberLimit,
        createdAt: formatTime(Math.min(now - HOUR, startMs - 5 * DAY)),
      });
    }
  };

  const addHonour = (club: ClubRow, level: Level, title: string, year: number, awardedBy: string | null) => {
    data.honours.push({
      id: data.honours.length + 1,
      clubId: club.id,
      level,
      title,
      year,
      awardedBy,
      createdAt: formatTime(Math.min(now - DAY, Date.UTC(year, 11, 20, 2) + rng.int(0, 20) * DAY)),
    });
    return data.honours.at(-1)!;
  };

  const city = unions.find((u) => u.kind === 'city');
  const nanhu = unions.find((u) => u.kind === 'county' && u.label === '南湖区');
  if (city && nanhu) {
    // Nanhu's 40 outstanding teams, led by STL卫星之光群艺社, spread over its towns, parks and firms.
    const stl = addClub(
      nanhu,
      'STL卫星之光群艺社',
      'ARTS',
      '排练',
      '南湖区培育的优秀职工文体团队，原创情景诗朗诵《千万个平凡》等作品。',
    )!;
    const hosts = below(nanhu).filter((u) => u.id !== nanhu.id && u.level !== 'VILLAGE');
    const teams: ClubRow[] = [stl];
    while (teams.length < 40) {
      const host = rng.pick(hosts);
      const team = rng.pick(TEAMS);
      const club = addClub(host, `${host.label}${team.suffix}`, team.kind, team.meeting);
      if (club) teams.push(club);
    }
    // Since 2024: 13 national and 19 provincial honours (the articles' count).
    addHonour(stl, 'NATIONAL', '情景诗朗诵《千万个平凡》入选全国职工文化作品展演', 2024, '中华全国总工会');
    const awarded = [stl, ...rng.shuffle(teams.slice(1)).slice(0, 17)];
    for (let i = 1; i < 13; i++)
      addHonour(
        awarded[i % awarded.length]!,
        'NATIONAL',
        rng.pick(NATIONAL_AWARDS),
        rng.pick([2024, 2025]),
        '中华全国总工会',
      );
    for (let i = 0; i < 19; i++) {
      const honour = addHonour(
        awarded[(i * 7) % awarded.length]!,
        'PROVINCIAL',
        rng.pick(PROVINCIAL_AWARDS),
        rng.pick([2024, 2025]),
        '浙江省总工会',
      );
      // Two were first entered at the wrong level and corrected from the certificate.
      if (i < 2) {
        data.corrections.push({
          id: data.corrections.length + 1,
          honourId: honour.id,
          previousLevel: 'CITY',
          previousTitle: honour.title,
          previousYear: honour.year,
          reason: '按获奖证书更正级别',
          createdAt: formatTime(Date.parse(honour.createdAt) + 3 * DAY),
        });
      }
    }
    // The city's workers' video makers: over 5 million views through the union's media.
    addClub(
      city,
      '嘉兴市职工拍客团',
      'SKILLS',
      '短视频创作交流',
      '集合自媒体短视频爱好者，用镜头记录生活、展示才艺，通过“嘉兴工会”融媒体平台传播，浏览量超过500万次。',
    );
  }

  // The port company's dance and yoga group (浙江海港嘉兴港务有限公司, at 嘉兴港 in Pinghu).
  const port = unions.find((u) => u.name === '独山港经济开发区联合工会') ?? unions.find((u) => u.label === '平湖市');
  if (port) {
    const group = addClub(
      port,
      '浙江海港嘉兴港务有限公司工会舞蹈瑜伽小组',
      'ARTS',
      '街舞排练',
      '原创街舞《我们》，将桥吊律动、工人协作转化为艺术语言，展现港口工业美学。',
    );
    if (group) addHonour(group, 'CITY', '原创街舞《我们》入选嘉兴市“繁星计划”优秀原创作品', 2025, '嘉兴市总工会');
  }

  // A few clubs in every other county, at the county and its towns.
  for (const county of unions.filter((u) => u.kind === 'county' && u.label !== '南湖区')) {
    const hosts = below(county).filter((u) => u.level === 'COUNTY' || u.level === 'TOWN');
    for (let n = rng.int(3, 5), made = 0, tries = 0; made < n && tries < 50; tries++) {
      const host = rng.pick(hosts);
      const team = rng.pick(TEAMS);
      if (addClub(host, `${host.label}${team.suffix}`, team.kind, team.meeting)) made++;
    }
    const some = data.clubs.filter((c) => byId.get(c.unionId)?.path.split('.')[1] === String(county.id));
    if (some.length) addHonour(rng.pick(some), 'CITY', '嘉兴市职工文化示范团队', 2025, '嘉兴市总工会');
  }
  return data;
}

/** How seed.ts inserts rows: a table, its columns, the rows and each row's values. */
type Insert = <T>(
  table: string,
  columns: readonly string[],
  rows: Iterable<T>,
  values: (row: T) => unknown[],
) => Promise<void>;

/** The clubs, their members, honours and meetings, after every other activity. */
export async function seedClubs(insert: Insert, lastActivityId: number, data: ClubData): Promise<void> {
  await insert(
    'clubs',
    [
      'id',
      'created_at',
      'updated_at',
      'union_id',
      'name',
      'kind',
      'leader',
      'description',
      'home_site_id',
      'recruiting',
      'member_limit',
      'requires_approval',
      'member_count',
    ],
    data.clubs,
    (c) => [
      c.id,
      c.createdAt,
      c.createdAt,
      c.unionId,
      c.name,
      c.kind,
      c.leader,
      c.description,
      c.homeSiteId,
      c.recruiting,
      c.memberLimit,
      c.requiresApproval,
      c.memberCount,
    ],
  );
  await insert(
    'club_members',
    [
      'id',
      'created_at',
      'updated_at',
      'club_id',
      'worker_id',
      'worker_name',
      'phone',
      'union_id',
      'status',
      'decided_at',
      'decline_reason',
      'left_at',
    ],
    data.members,
    (m) => [
      m.id,
      m.createdAt,
      m.leftAt ?? m.decidedAt ?? m.createdAt,
      m.clubId,
      m.workerId,
      m.workerName,
      m.phone,
      m.unionId,
      m.status,
      m.decidedAt,
      m.declineReason,
      m.leftAt,
    ],
  );
  await insert(
    'club_honours',
    ['id', 'created_at', 'updated_at', 'club_id', 'level', 'title', 'year', 'awarded_by'],
    data.honours,
    (h) => [h.id, h.createdAt, h.createdAt, h.clubId, h.level, h.title, h.year, h.awardedBy],
  );
  await insert(
    'club_honour_corrections',
    [
      'id',
      'created_at',
      'updated_at',
      'honour_id',
      'previous_level',
      'previous_title',
      'previous_year',
      'previous_withdrawn',
      'reason',
    ],
    data.corrections,
    (c) => [
      c.id,
      c.createdAt,
      c.createdAt,
      c.honourId,
      c.previousLevel,
      c.previousTitle,
      c.previousYear,
      false,
      c.reason,
    ],
  );
  await insert(
    'activities',
    [
      'id',
      'created_at',
      'updated_at',
      'kind',
      'title',
      'organiser_id',
      'site_id',
      'starts_at',
      'ends_at',
      'status',
      'capacity',
      'club_id',
    ],
    data.meetings.map((m, i) => ({ ...m, id: lastActivityId + i + 1 })),
    (m) => [
      m.id,
      m.createdAt,
      m.createdAt,
      m.kind,
      m.title,
      m.organiserId,
      m.siteId,
      m.startsAt,
      m.endsAt,
      m.status,
      m.capacity,
      m.clubId,
    ],
  );
}
