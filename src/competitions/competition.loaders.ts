import { loadPages } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { toEntity } from '../common/rows.js';
import { inEnum, intArray, loadByIds, query, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { CompetitionFormat, type MatchStatus } from './competition-enums.js';
import { Competition, DEFAULT_RULES } from './competition.entity.js';
import type { Standing } from './competition.types.js';
import { JudgeScore } from './judge-score.entity.js';
import { Match } from './match.entity.js';
import { judgedStandings, matchStandings } from './standings.js';

/** Rules columns with the defaults filled in for a competition that has no row yet. */
export const RULES_COLUMNS = `a.id as activity_id,
  coalesce(c.format, '${DEFAULT_RULES.format}') as format,
  coalesce(c.points_for_win, ${DEFAULT_RULES.pointsForWin}) as points_for_win,
  coalesce(c.points_for_draw, ${DEFAULT_RULES.pointsForDraw}) as points_for_draw,
  coalesce(c.points_for_loss, ${DEFAULT_RULES.pointsForLoss}) as points_for_loss,
  coalesce(c.drop_highest_and_lowest, ${DEFAULT_RULES.dropHighestAndLowest}) as drop_highest_and_lowest,
  coalesce(c.updated_at, a.created_at) as updated_at`;

/** A COMPETITION activity's rules by activity id; undefined for any other activity. */
export function competitionById(ctx: Context) {
  return ctx.loaders.get<number, Competition | undefined>('Competition.byId', async (ids) => {
    const rows = await query<Record<string, unknown>>(
      ctx.em,
      sql(`select ${RULES_COLUMNS} from activities a left join competitions c on c.activity_id = a.id
        where a.id = any(${intArray(ids).text}) and a.kind = 'COMPETITION'`),
    );
    const byId = new Map(rows.map((row) => [Number(row.activity_id), toEntity(ctx.em, Competition, row)]));
    return ids.map((id) => byId.get(id));
  });
}

export function competitionEntryById(ctx: Context) {
  return ctx.loaders.get<number, CompetitionEntry | undefined>('CompetitionEntry.byId', (ids) =>
    loadByIds(ctx.em, CompetitionEntry, ids),
  );
}

export function matchById(ctx: Context) {
  return ctx.loaders.get<number, Match | undefined>('Match.byId', (ids) => loadByIds(ctx.em, Match, ids));
}

/** Entries of a competition in registration order. */
export function entryPage(ctx: Context, competitionId: number, page: PageRequest): Promise<Page<CompetitionEntry>> {
  return ctx.loaders
    .get<number, Page<CompetitionEntry>>(`CompetitionEntry.page:${JSON.stringify(page)}`, (keys) =>
      loadPages(ctx.em, CompetitionEntry, keys, {
        table: 'competition_entries',
        alias: 'x',
        where: sql('x.competition_id = k.key'),
        order: { keys: [{ expr: 'x.created_at', type: 'timestamp' }] },
        page,
      }),
    )
    .load(competitionId);
}

export interface MatchConditions {
  statuses?: MatchStatus[] | null;
  round?: string | null;
}

/** Matches of a competition by start time, then id. */
export function matchPage(
  ctx: Context,
  competitionId: number,
  filter: MatchConditions,
  page: PageRequest,
): Promise<Page<Match>> {
  return ctx.loaders
    .get<number, Page<Match>>(`Match.page:${JSON.stringify([filter, page])}`, (keys) => {
      const conditions: Sql[] = [sql('x.competition_id = k.key')];
      if (filter.statuses?.length) conditions.push(inEnum('x.status', 'match_status', filter.statuses));
      if (filter.round != null) conditions.push(sql('x.round = ?', filter.round));
      return loadPages(ctx.em, Match, keys, {
        table: 'matches',
        alias: 'x',
        where: where(conditions),
        order: { keys: [{ expr: 'x.starts_at', type: 'timestamp' }] },
        page,
      });
    })
    .load(competitionId);
}

export interface JudgeScoreConditions {
  entry?: number;
  round?: number | null;
}

/** Judge scores of a competition, by round, entry and judge: a bounded list (entries × rounds × judges). */
export function judgeScoresOf(
  ctx: Context,
  competitionId: number,
  filter: JudgeScoreConditions,
): Promise<JudgeScore[]> {
  return ctx.loaders
    .get<number, JudgeScore[]>(`JudgeScore.of:${JSON.stringify(filter)}`, async (keys) => {
      const conditions: Sql[] = [sql(`x.competition_id = any(${intArray(keys).text})`)];
      if (filter.entry) conditions.push(sql('x.entry_id = ?', filter.entry));
      if (filter.round != null) conditions.push(sql('x.round = ?', filter.round));
      const w = where(conditions);
      const rows = await query<Record<string, unknown>>(
        ctx.em,
        sql(`select x.* from judge_scores x where ${w.text} order by x.round, x.entry_id, x.judge, x.id`, ...w.params),
      );
      const lists = new Map<number, JudgeScore[]>(keys.map((k) => [k, []]));
      for (const row of rows) lists.get(Number(row.competition_id))!.push(toEntity(ctx.em, JudgeScore, row));
      return keys.map((k) => lists.get(k)!);
    })
    .load(competitionId);
}

/**
 * Standings of many competitions in at most four statements whatever their number:
 * rules, entries, finished matches (MATCHES ones) and judge scores (JUDGED ones).
 * Empty for an id that is not a competition.
 */
export function standingsByCompetition(ctx: Context) {
  return ctx.loaders.get<number, Standing[]>('Standing.byCompetition', async (keys) => {
    const competitions = await competitionById(ctx).loadMany(keys);
    const rules = new Map<number, Competition>();
    for (const c of competitions) if (c instanceof Competition) rules.set(c.id, c);
    const ids = [...rules.keys()];
    const ofFormat = (format: CompetitionFormat) => ids.filter((id) => rules.get(id)!.format === format);
    const [entryRows, matchRows, markRows] = await Promise.all([
      ids.length
        ? query<Record<string, unknown>>(
            ctx.em,
            sql(`select * from competition_entries where competition_id = any(${intArray(ids).text}) order by id`),
          )
        : [],
      ofFormat(CompetitionFormat.MATCHES).length
        ? query<{
            competition_id: number;
            home_entry_id: number;
            away_entry_id: number;
            home_score: number;
            away_score: number;
          }>(
            ctx.em,
            sql(`select competition_id, home_entry_id, away_entry_id, home_score, away_score from matches
              where competition_id = any(${intArray(ofFormat(CompetitionFormat.MATCHES)).text}) and status = 'FINISHED'`),
          )
        : [],
      ofFormat(CompetitionFormat.JUDGED).length
        ? query<{ competition_id: number; entry_id: number; round: number; hundredths: number }>(
            ctx.em,
            sql(`select competition_id, entry_id, round, (score * 100)::int as hundredths from judge_scores
              where competition_id = any(${intArray(ofFormat(CompetitionFormat.JUDGED)).text})`),
          )
        : [],
    ]);
    const entries = new Map<number, CompetitionEntry[]>(ids.map((id) => [id, []]));
    for (const row of entryRows) entries.get(Number(row.competition_id))!.push(toEntity(ctx.em, CompetitionEntry, row));
    const matchesOf = groupBy(matchRows, (m) => m.competition_id);
    const marksOf = groupBy(markRows, (m) => m.competition_id);
    return keys.map((key) => {
      const competition = rules.get(key);
      if (!competition) return [];
      const list = entries.get(key)!;
      const byId = new Map(list.map((e) => [e.id, e]));
      if (competition.format === CompetitionFormat.JUDGED) {
        const marks = (marksOf.get(key) ?? []).map((m) => ({
          entryId: m.entry_id,
          round: m.round,
          hundredths: m.hundredths,
        }));
        return judgedStandings(list, marks, competition.dropHighestAndLowest).map((r) => ({
          rank: r.rank,
          entry: byId.get(r.entryId)!,
          ...NO_MATCHES,
          roundScores: r.roundScores.map((h) => h / 100),
          total: r.total / 100,
          bestRound: r.bestRound / 100,
        }));
      }
      const results = (matchesOf.get(key) ?? []).map((m) => ({
        homeEntryId: m.home_entry_id,
        awayEntryId: m.away_entry_id,
        homeScore: m.home_score,
        awayScore: m.away_score,
      }));
      return matchStandings(list, results, competition).map(({ entryId, ...r }) => ({
        ...r,
        entry: byId.get(entryId)!,
        scoreDifference: r.scoreFor - r.scoreAgainst,
        roundScores: [],
        total: null,
        bestRound: null,
      }));
    });
  });
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

const NO_MATCHES = {
  played: 0,
  won: 0,
  drawn: 0,
  lost: 0,
  scoreFor: 0,
  scoreAgainst: 0,
  scoreDifference: 0,
  points: 0,
};
