/**
 * The two demo competitions, appended after every other activity so no existing id moves:
 * a Jiaxing air-volleyball league (MATCHES, round robin in four groups, one match LIVE at
 * "now") and a delivery riders' singer contest (JUDGED, five judges, round 2 under way).
 * Their own random stream keeps every other stage's data byte for byte the same.
 */
import type { ActivityRow, SiteRow, UnionRow } from './generate.js';
import { GIVEN_NAMES, SURNAMES } from './jiaxing-names.js';

const MINUTE = 60_000;
const OFFSET = 8 * 60 * MINUTE;
const local = (month: number, day: number, hh: number, mm = 0): number =>
  Date.UTC(2026, month - 1, day, hh, mm) - OFFSET;

interface CompetitionRow {
  activityId: number;
  format: 'MATCHES' | 'JUDGED';
  pointsForWin: number;
  pointsForDraw: number;
  pointsForLoss: number;
  dropHighestAndLowest: boolean;
}

interface EntryRow {
  id: number;
  competitionId: number;
  name: string;
  unionId: number;
  members: string[];
  createdAt: string;
}

interface MatchRow {
  id: number;
  competitionId: number;
  round: string;
  homeEntryId: number;
  awayEntryId: number;
  startsAt: string;
  siteId: number | null;
  status: 'SCHEDULED' | 'LIVE' | 'FINISHED';
  homeScore: number | null;
  awayScore: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface JudgeScoreRow {
  id: number;
  competitionId: number;
  entryId: number;
  round: number;
  judge: string;
  score: string;
  createdAt: string;
}

export interface CompetitionData {
  activities: ActivityRow[];
  competitions: CompetitionRow[];
  entries: EntryRow[];
  matches: MatchRow[];
  judgeScores: JudgeScoreRow[];
}

interface Tools {
  rng: { int(min: number, max: number): number; pick<T>(items: readonly T[]): T; shuffle<T>(items: readonly T[]): T[] };
  now: number;
  formatTime: (ms: number) => string;
}

type SeedUnion = UnionRow & { kind: string; label: string };

const JUDGES = ['周敏（声乐教师）', '沈建华（市音协）', '陆晓燕（电台主持）', '钱国平（文化宫）', '吴佳怡（骑手代表）'];

/** Builds both competitions with ids after `lastActivityId`; empty if the city union is missing. */
export function buildCompetitions(
  unions: readonly SeedUnion[],
  sites: readonly SiteRow[],
  lastActivityId: number,
  tools: Tools,
): CompetitionData {
  const { rng, now, formatTime } = tools;
  const out: CompetitionData = { activities: [], competitions: [], entries: [], matches: [], judgeScores: [] };
  const city = unions.find((u) => u.level === 'CITY');
  if (!city) return out;
  const siteOf = (kind: string) =>
    (sites.find((s) => s.unionId === city.id && s.kind === kind) ?? sites.find((s) => s.unionId === city.id))?.id ??
    null;
  const person = () => rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
  const activity = (
    id: number,
    title: string,
    description: string,
    siteId: number | null,
    startMs: number,
    endMs: number,
    createdMs: number,
  ): ActivityRow => ({
    id,
    kind: 'COMPETITION',
    title,
    description,
    organiserId: city.id,
    siteId,
    programmeId: null,
    startsAt: formatTime(startMs),
    endsAt: formatTime(endMs),
    status: 'RUNNING',
    capacity: null,
    signUpCount: 0,
    attendanceCount: 0,
    createdAt: formatTime(createdMs),
    updatedAt: formatTime(startMs),
  });

  // ---- the air-volleyball league: 16 teams from the counties and enterprises, 4 groups of 4.
  const leagueId = lastActivityId + 1;
  const courtSite = siteOf('SPORTS_ROOM');
  out.activities.push(
    activity(
      leagueId,
      '嘉兴市职工气排球联赛',
      '嘉兴市总工会主办，县（市、区）总工会和企业工会组队参赛，小组循环赛后进入淘汰赛。',
      courtSite,
      local(11, 14, 8),
      local(12, 6, 17),
      local(10, 20, 9),
    ),
  );
  out.competitions.push({
    activityId: leagueId,
    format: 'MATCHES',
    pointsForWin: 2,
    pointsForDraw: 1,
    pointsForLoss: 1,
    dropHighestAndLowest: true,
  });
  const counties = unions.filter((u) => u.level === 'COUNTY');
  const labels = new Set(counties.map((u) => u.label));
  // Team names must be unique: skip an enterprise whose short name another team has.
  const firms = rng
    .shuffle(unions.filter((u) => u.kind === 'enterprise'))
    .filter((u) => !labels.has(u.label) && labels.add(u.label))
    .slice(0, 16 - counties.length);
  const teams = rng.shuffle([...counties, ...firms]).map((u, i) => ({
    id: out.entries.length + i + 1,
    competitionId: leagueId,
    name: `${u.label}队`,
    unionId: u.id,
    members: Array.from({ length: 6 }, person),
    createdAt: formatTime(local(11, 1, 9) + i * 17 * MINUTE),
  }));
  out.entries.push(...teams);
  // Round robin of four: (0-1, 2-3), (0-2, 1-3), (0-3, 1-2); rounds on three Saturdays.
  const pairings = [
    [
      [0, 1],
      [2, 3],
    ],
    [
      [0, 2],
      [1, 3],
    ],
    [
      [0, 3],
      [1, 2],
    ],
  ];
  const days = [14, 21, 28];
  const slots = [
    [8, 0],
    [8, 0],
    [8, 50],
    [9, 40],
    [10, 30],
    [10, 30],
    [14, 0],
    [14, 0],
  ];
  for (let round = 0; round < 3; round++) {
    let slot = 0;
    for (let group = 0; group < 4; group++) {
      for (const [h, a] of pairings[round]) {
        const [hh, mm] = slots[slot++];
        const startMs = local(11, days[round], hh, mm);
        const status = startMs + 45 * MINUTE <= now ? 'FINISHED' : startMs <= now ? 'LIVE' : 'SCHEDULED';
        // Best of three sets: the score is sets won.
        const [homeScore, awayScore] =
          status === 'FINISHED'
            ? rng.pick([
                [2, 0],
                [2, 1],
                [1, 2],
                [0, 2],
              ])
            : status === 'LIVE'
              ? [1, 0]
              : [null, null];
        out.matches.push({
          id: out.matches.length + 1,
          competitionId: leagueId,
          round: `小组赛 ${'ABCD'[group]} 组第${round + 1}轮`,
          homeEntryId: teams[group * 4 + h].id,
          awayEntryId: teams[group * 4 + a].id,
          startsAt: formatTime(startMs),
          siteId: courtSite,
          status,
          homeScore,
          awayScore,
          version: homeScore == null ? 0 : 1 + homeScore + (awayScore ?? 0),
          createdAt: formatTime(local(11, 10, 9)),
          updatedAt: formatTime(status === 'SCHEDULED' ? local(11, 10, 9) : Math.min(now, startMs + 40 * MINUTE)),
        });
      }
    }
  }

  // ---- the singer contest: 10 riders, 5 judges; round 1 fully scored, round 2 partly.
  const contestId = lastActivityId + 2;
  out.activities.push(
    activity(
      contestId,
      '嘉兴市外卖骑手歌手大赛',
      '面向外卖骑手、快递员等新就业形态劳动者的歌手大赛，评委现场打分，去掉一个最高分和一个最低分。',
      siteOf('CULTURAL_PALACE'),
      local(11, 14, 19),
      local(11, 28, 21, 30),
      local(10, 25, 9),
    ),
  );
  out.competitions.push({
    activityId: contestId,
    format: 'JUDGED',
    pointsForWin: 3,
    pointsForDraw: 1,
    pointsForLoss: 0,
    dropHighestAndLowest: true,
  });
  const riderUnions = unions.filter((u) => u.kind === 'industry' || u.level === 'COUNTY');
  const names = new Set<string>();
  while (names.size < 10) names.add(person());
  const singers = [...names].map((name, i) => ({
    id: out.entries.length + i + 1,
    competitionId: contestId,
    name,
    unionId: rng.pick(riderUnions).id,
    members: [] as string[],
    createdAt: formatTime(local(11, 5, 10) + i * 23 * MINUTE),
  }));
  out.entries.push(...singers);
  const rounds: [round: number, ms: number, scored: number][] = [
    [1, local(11, 14, 20), 10],
    [2, local(11, 20, 20), 6],
  ];
  for (const [round, ms, scored] of rounds) {
    singers.slice(0, scored).forEach((singer, i) => {
      const skill = rng.int(800, 930); // tenths of a point
      for (const judge of JUDGES) {
        const tenths = Math.min(1000, Math.max(600, skill + rng.int(-40, 40)));
        out.judgeScores.push({
          id: out.judgeScores.length + 1,
          competitionId: contestId,
          entryId: singer.id,
          round,
          judge,
          score: (tenths / 10).toFixed(2),
          createdAt: formatTime(ms + i * 6 * MINUTE),
        });
      }
    });
  }
  return out;
}
