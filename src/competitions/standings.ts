/**
 * Standings from results, with no database: the loaders feed it rows, the unit tests
 * feed it by hand. Judged scores are integer hundredths so sums and means are exact.
 */

export interface PointsRules {
  pointsForWin: number;
  pointsForDraw: number;
  pointsForLoss: number;
}

export interface EntryRef {
  id: number;
  name: string;
}

export interface MatchResult {
  homeEntryId: number;
  awayEntryId: number;
  homeScore: number;
  awayScore: number;
}

export interface MatchStandingRow {
  rank: number;
  entryId: number;
  played: number;
  won: number;
  drawn: number;
  lost: number;
  scoreFor: number;
  scoreAgainst: number;
  points: number;
}

/** Compares names the same way everywhere (code points, not the server's locale). */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * MATCHES: pass only FINISHED matches. Order: points, score difference, scores for,
 * wins (all descending), then name; equal on the first four means an equal rank.
 */
export function matchStandings(
  entries: readonly EntryRef[],
  results: readonly MatchResult[],
  rules: PointsRules,
): MatchStandingRow[] {
  const rows = new Map<number, MatchStandingRow & { name: string }>();
  for (const e of entries) {
    rows.set(e.id, {
      rank: 0,
      entryId: e.id,
      name: e.name,
      played: 0,
      won: 0,
      drawn: 0,
      lost: 0,
      scoreFor: 0,
      scoreAgainst: 0,
      points: 0,
    });
  }
  const record = (id: number, own: number, other: number) => {
    const row = rows.get(id);
    if (!row) return;
    row.played += 1;
    row.scoreFor += own;
    row.scoreAgainst += other;
    if (own > other) row.won += 1;
    else if (own === other) row.drawn += 1;
    else row.lost += 1;
  };
  for (const m of results) {
    record(m.homeEntryId, m.homeScore, m.awayScore);
    record(m.awayEntryId, m.awayScore, m.homeScore);
  }
  const list = [...rows.values()];
  for (const r of list)
    r.points = r.won * rules.pointsForWin + r.drawn * rules.pointsForDraw + r.lost * rules.pointsForLoss;
  const keys = (r: MatchStandingRow) => [r.points, r.scoreFor - r.scoreAgainst, r.scoreFor, r.won];
  return rank(list, keys).map(({ name: _name, ...row }) => row);
}

export interface JudgeMark {
  entryId: number;
  round: number;
  /** The score in hundredths: 87.25 is 8725. */
  hundredths: number;
}

export interface JudgedStandingRow {
  rank: number;
  entryId: number;
  /** Hundredths per round, index 0 = round 1; 0 where the entry has no score yet. */
  roundScores: number[];
  total: number;
  bestRound: number;
}

/**
 * One round's score in hundredths: the mean of the judges' scores, rounded half up,
 * after dropping one highest and one lowest when `drop` is on and at least 3 judges scored.
 */
export function roundScore(hundredths: readonly number[], drop: boolean): number {
  if (!hundredths.length) return 0;
  const sorted = [...hundredths].sort((a, b) => a - b);
  const kept = drop && sorted.length >= 3 ? sorted.slice(1, -1) : sorted;
  const sum = kept.reduce((s, x) => s + x, 0);
  return Math.floor((2 * sum + kept.length) / (2 * kept.length));
}

/**
 * JUDGED: total = sum of round scores. Order: total, then best single round (both
 * descending), then name; equal total and best round means an equal rank.
 */
export function judgedStandings(
  entries: readonly EntryRef[],
  marks: readonly JudgeMark[],
  drop: boolean,
): JudgedStandingRow[] {
  const rounds = marks.reduce((max, m) => Math.max(max, m.round), 0);
  const byEntry = new Map<number, number[][]>(entries.map((e) => [e.id, Array.from({ length: rounds }, () => [])]));
  for (const m of marks) byEntry.get(m.entryId)?.[m.round - 1].push(m.hundredths);
  const list = entries.map((e) => {
    const roundScores = byEntry.get(e.id)!.map((scores) => roundScore(scores, drop));
    return {
      rank: 0,
      entryId: e.id,
      name: e.name,
      roundScores,
      total: roundScores.reduce((s, x) => s + x, 0),
      bestRound: roundScores.reduce((max, x) => Math.max(max, x), 0),
    };
  });
  return rank(list, (r) => [r.total, r.bestRound]).map(({ name: _name, ...row }) => row);
}

/** Sorts by the keys descending, then name; rows equal on every key share a rank (1, 2, 2, 4). */
function rank<T extends { rank: number; name: string }>(rows: T[], keys: (row: T) => number[]): T[] {
  const compareKeys = (a: T, b: T): number => {
    const ka = keys(a);
    const kb = keys(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    return 0;
  };
  rows.sort((a, b) => compareKeys(a, b) || byName(a.name, b.name));
  rows.forEach((row, i) => (row.rank = i > 0 && compareKeys(rows[i - 1], row) === 0 ? rows[i - 1].rank : i + 1));
  return rows;
}
