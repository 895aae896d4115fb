/**
 * The demo's workers who serve themselves: the users of Pinghu's booking mini-program
 * ("工享家·平工约课"), with the sign-ups they made with their own tokens (their subject
 * kept), the courses they attend session by session and the check-ins the sites' screens
 * recorded. Their activities come after every other (no existing id moves) and their
 * random stream is their own, so every other stage's rows stay byte for byte the same.
 *
 * - A 24-hour workers' fitness station for shift workers runs "10分运动" drop-in yoga
 *   stretches every 20 minutes round the clock, so that at any hour a worker finds one
 *   starting within check-in's 30 minutes (the README walk-through signs up and checks
 *   in without moving anything): booked from a few days ahead, checked in when held.
 * - Courses of several sessions: one finished (every session checked in), one running
 *   (its past sessions checked in, full, with a waitlist), two open (one full with a
 *   waitlist and a cancellation deadline).
 * - Some sign-ups were cancelled by the worker; nobody waits on an activity with room.
 */
import type { ActivityRow, SiteRow, UnionRow } from './generate.js';
import { GIVEN_NAMES, SURNAMES } from './jiaxing-names.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Random {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  range(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

interface WorkerSignUpRow {
  id: number;
  activityId: number;
  workerName: string;
  phone: string;
  unionId: number;
  workerId: string;
  status: 'SIGNED_UP' | 'WAITLISTED' | 'CANCELLED';
  attended: boolean;
  createdAt: string;
}

interface SessionRow {
  id: number;
  activityId: number;
  startsAt: string;
  endsAt: string;
}

interface CheckInRow {
  id: number;
  signUpId: number;
  sessionId: number | null;
  checkedInAt: string;
}

export interface WorkerData {
  activities: ActivityRow[];
  signUps: WorkerSignUpRow[];
  sessions: SessionRow[];
  checkIns: CheckInRow[];
}

interface DemoWorker {
  workerId: string;
  name: string;
  phone: string;
  unionId: number;
  /** How often they come to a session they booked. */
  keen: number;
}

/** Workers of the mini-program: subjects `demo-worker-<n>`, phones 181 5730 xxxx. */
const WORKERS = 320;
/** Drop-in slots: every 20 minutes, from three hours before the demo's "now" to a day and 40 minutes after. */
const SLOT_EVERY = 20 * MINUTE;
const SLOT_MINUTES = 15;
const SLOT_PLACES = 20;

interface Course {
  title: string;
  description: string;
  /** Days from the demo's "now" (its local day) to the first session; local time of day in hours. */
  firstDay: number;
  hour: number;
  minutes: number;
  /** Days between sessions, cycled. */
  gaps: readonly number[];
  sessions: number;
  capacity: number;
  /** Share of the places taken, and how many wait when it is full. */
  fill: number;
  waiting: number;
  cancelled: number;
  deadlineDays?: number;
}

const COURSES: readonly Course[] = [
  {
    title: '平湖市职工八段锦晨练班（12次）',
    description: '每周二、四清晨，武术协会老师带练八段锦，一招一式学会了回车间带着练。',
    firstDay: -60,
    hour: 7,
    minutes: 60,
    gaps: [2, 5],
    sessions: 12,
    capacity: 40,
    fill: 0.85,
    waiting: 0,
    cancelled: 4,
  },
  {
    title: '平湖市职工瑜伽晚间班（8次）',
    description: '八周瑜伽入门，每周三晚上一次，舒缓久坐久站的肩颈腰背。',
    firstDay: -35,
    hour: 19,
    minutes: 90,
    gaps: [7],
    sessions: 8,
    capacity: 30,
    fill: 1,
    waiting: 4,
    cancelled: 3,
  },
  {
    title: '平湖市职工瑜伽进阶班（8次）',
    description: '入门班结业学员的进阶课，每周六上午，八次课循序渐进。',
    firstDay: 10,
    hour: 9.5,
    minutes: 90,
    gaps: [7],
    sessions: 8,
    capacity: 25,
    fill: 1,
    waiting: 6,
    cancelled: 2,
    deadlineDays: 2,
  },
  {
    title: '平湖市工间健身操入门班（6次）',
    description: '午休时间的健身操，每周一次，六次学会一整套。',
    firstDay: 3,
    hour: 12.25,
    minutes: 40,
    gaps: [7],
    sessions: 6,
    capacity: 30,
    fill: 0.6,
    waiting: 0,
    cancelled: 1,
  },
];

const distance = (a: { latitude: number; longitude: number }, lat: number, lon: number) =>
  (a.latitude - lat) ** 2 + ((a.longitude - lon) * 0.86) ** 2;

/**
 * The workers' data, ids after `lastActivityId` and `lastSignUpId`. Empty when the tree
 * has no Pinghu (it always has: the counties do not depend on the scale).
 */
export function buildWorkers(
  unions: readonly UnionRow[],
  sites: readonly SiteRow[],
  lastActivityId: number,
  lastSignUpId: number,
  { rng, now, formatTime }: { rng: Random; now: number; formatTime: (ms: number) => string },
): WorkerData {
  const data: WorkerData = { activities: [], signUps: [], sessions: [], checkIns: [] };
  const county = unions.find((u) => u.name === '平湖市总工会');
  if (!county) return data;
  const within = (u: UnionRow | undefined) => !!u && (u.path === county.path || u.path.startsWith(`${county.path}.`));
  const byId = new Map(unions.map((u) => [u.id, u]));
  const grassroots = unions.filter((u) => u.level === 'GRASSROOTS' && within(u));
  const countySites = sites.filter((s) => within(byId.get(s.unionId)));
  if (!grassroots.length || !countySites.length) return data;

  const workers: DemoWorker[] = Array.from({ length: WORKERS }, (_, i) => ({
    workerId: `demo-worker-${i + 1}`,
    name: rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES),
    phone: `1815730${String(i + 1).padStart(4, '0')}`,
    unionId: rng.pick(grassroots).id,
    keen: rng.range(0.55, 0.97),
  }));

  // Central Pinghu (当湖街道), where the README's worker stands.
  const nearest = (kinds: readonly string[]) =>
    countySites
      .filter((s) => kinds.includes(s.kind))
      .sort((a, b) => distance(a, 30.6761, 121.0153) - distance(b, 30.6761, 121.0153))[0] ?? countySites[0]!;
  const station = nearest(['SPORTS_ROOM', 'ENERGY_STATION', 'WORKERS_HOME']);
  const palace = nearest(['CULTURAL_PALACE', 'SERVICE_CENTER', 'SPORTS_ROOM']);
  const localMidnight = now - 10 * HOUR; // the demo's "now" is 10:00 +08:00
  const status = (start: number, end: number) => (end <= now ? 'FINISHED' : start <= now ? 'RUNNING' : 'OPEN');

  /** Signs `n` distinct workers up (then `waiting` on the waitlist, `cancelled` who left), in the order they did. */
  const book = (
    activity: ActivityRow,
    n: number,
    waiting: number,
    cancelled: number,
    from: number,
    until: number,
  ): WorkerSignUpRow[] => {
    const chosen = rng.shuffle(workers).slice(0, n + waiting + cancelled);
    const at = chosen.map(() => from + Math.floor(rng.range(0, Math.max(1, until - from))));
    const held = at.slice(0, n + cancelled).sort((a, b) => a - b);
    // The waiting came after the places were gone.
    const full = held.at(-1) ?? from;
    const gaveBack = new Set(rng.shuffle(held.map((_, i) => i)).slice(0, cancelled));
    const rows = chosen.map((w, i) => ({
      w,
      ms: i < held.length ? held[i]! : full + Math.floor(rng.range(1, Math.max(2, until - full))),
      status: (i >= held.length
        ? 'WAITLISTED'
        : gaveBack.has(i)
          ? 'CANCELLED'
          : 'SIGNED_UP') as WorkerSignUpRow['status'],
    }));
    rows.sort((a, b) => a.ms - b.ms);
    return rows.map(({ w, ms, status: s }) => {
      const row: WorkerSignUpRow = {
        id: lastSignUpId + data.signUps.length + 1,
        activityId: activity.id,
        workerName: w.name,
        phone: w.phone,
        unionId: w.unionId,
        workerId: w.workerId,
        status: s,
        attended: false,
        createdAt: formatTime(ms),
      };
      data.signUps.push(row);
      return row;
    });
  };

  const checkIn = (row: WorkerSignUpRow, sessionId: number | null, start: number) => {
    data.checkIns.push({
      id: data.checkIns.length + 1,
      signUpId: row.id,
      sessionId,
      checkedInAt: formatTime(start - rng.int(0, 25) * MINUTE + rng.int(0, 59) * 1000),
    });
    row.attended = true;
  };

  const addActivity = (a: Omit<ActivityRow, 'id' | 'signUpCount' | 'attendanceCount'>): ActivityRow => {
    const row: ActivityRow = {
      ...a,
      id: lastActivityId + data.activities.length + 1,
      signUpCount: 0,
      attendanceCount: 0,
    };
    data.activities.push(row);
    return row;
  };

  const settle = (activity: ActivityRow, rows: WorkerSignUpRow[]) => {
    activity.signUpCount = rows.filter((r) => r.status === 'SIGNED_UP').length;
    activity.waitlistCount = rows.filter((r) => r.status === 'WAITLISTED').length;
    activity.attendanceCount = rows.filter((r) => r.attended).length;
  };

  // The drop-in yoga stretches of the 24-hour station.
  const firstSlot = now - 3 * HOUR;
  const lastSlot = now + DAY + 40 * MINUTE;
  for (let start = firstSlot; start <= lastSlot; start += SLOT_EVERY) {
    const end = start + SLOT_MINUTES * MINUTE;
    const s = status(start, end);
    const local = new Date(start + 8 * HOUR).toISOString().slice(11, 16);
    const activity = addActivity({
      kind: 'COURSE',
      title: `10分运动·工间瑜伽拉伸（${local}场）`,
      description: `24小时职工健身驿站为三班倒职工开设的随到随练课：每20分钟一场，跟着教练做10分钟瑜伽拉伸。地点：${station.name}。`,
      organiserId: station.unionId,
      siteId: station.id,
      programmeId: null,
      startsAt: formatTime(start),
      endsAt: formatTime(end),
      status: s,
      capacity: SLOT_PLACES,
      createdAt: formatTime(localMidnight - 14 * DAY + 9 * HOUR),
      updatedAt: formatTime(
        s === 'OPEN' ? localMidnight - 14 * DAY + 9 * HOUR : Math.min(now, s === 'RUNNING' ? start : end),
      ),
      contact: `${station.name}值班室`,
    });
    // Night slots are quieter; booked from three days ahead up to the start (or "now").
    const night = Number(local.slice(0, 2)) < 6 || Number(local.slice(0, 2)) >= 22;
    const n = s === 'OPEN' ? rng.int(0, night ? 2 : 8) : rng.int(night ? 1 : 4, night ? 5 : 14);
    const rows = book(activity, n, 0, rng.chance(0.3) ? 1 : 0, start - 3 * DAY, Math.min(start, now) - 5 * MINUTE);
    if (s !== 'OPEN')
      for (const row of rows)
        if (row.status === 'SIGNED_UP' && rng.chance(s === 'RUNNING' ? 0.7 : 0.85)) checkIn(row, null, start);
    settle(activity, rows);
  }

  // The courses of several sessions.
  for (const course of COURSES) {
    const first = localMidnight + course.firstDay * DAY + course.hour * HOUR;
    const starts: number[] = [];
    for (let i = 0, day = 0; i < course.sessions; day += course.gaps[i % course.gaps.length]!, i++)
      starts.push(first + day * DAY);
    const end = starts.at(-1)! + course.minutes * MINUTE;
    const s = status(first, end);
    const created = Math.min(now - DAY, first - 21 * DAY);
    const activity = addActivity({
      kind: 'COURSE',
      title: course.title,
      description: `${course.description}地点：${palace.name}。`,
      organiserId: county.id,
      siteId: palace.id,
      programmeId: null,
      startsAt: formatTime(first),
      endsAt: formatTime(end),
      status: s,
      capacity: course.capacity,
      createdAt: formatTime(created),
      updatedAt: formatTime(s === 'OPEN' ? created : Math.min(now, s === 'RUNNING' ? first : end)),
      contact: '平湖市总工会文体部',
      cancellationDeadline: course.deadlineDays ? formatTime(first - course.deadlineDays * DAY) : null,
      signUpClosesAt: course.deadlineDays ? formatTime(first - DAY) : null,
    });
    const sessionIds = starts.map((start) => {
      const id = data.sessions.length + 1;
      data.sessions.push({
        id,
        activityId: activity.id,
        startsAt: formatTime(start),
        endsAt: formatTime(start + course.minutes * MINUTE),
      });
      return { id, start };
    });
    const n = Math.round(course.capacity * course.fill);
    const rows = book(activity, n, course.waiting, course.cancelled, created + HOUR, Math.min(first, now) - HOUR);
    for (const row of rows) {
      if (row.status !== 'SIGNED_UP') continue;
      const keen = workers.find((w) => w.workerId === row.workerId)!.keen;
      for (const { id, start } of sessionIds)
        if (start + course.minutes * MINUTE <= now && rng.chance(keen)) checkIn(row, id, start);
    }
    settle(activity, rows);
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

/** The workers' sign-ups (after every other), their courses' sessions and their check-ins. */
export async function seedWorkers(insert: Insert, workers: Omit<WorkerData, 'activities'>): Promise<void> {
  await insert(
    'sign_ups',
    [
      'id',
      'created_at',
      'updated_at',
      'activity_id',
      'worker_name',
      'phone',
      'union_id',
      'worker_id',
      'status',
      'attended',
    ],
    workers.signUps,
    (s) => [
      s.id,
      s.createdAt,
      s.createdAt,
      s.activityId,
      s.workerName,
      s.phone,
      s.unionId,
      s.workerId,
      s.status,
      s.attended,
    ],
  );
  await insert('activity_sessions', ['id', 'activity_id', 'starts_at', 'ends_at'], workers.sessions, (s) => [
    s.id,
    s.activityId,
    s.startsAt,
    s.endsAt,
  ]);
  await insert('check_ins', ['id', 'sign_up_id', 'session_id', 'checked_in_at'], workers.checkIns, (c) => [
    c.id,
    c.signUpId,
    c.sessionId,
    c.checkedInAt,
  ]);
}
