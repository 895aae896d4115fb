import type { EntityManager } from '@mikro-orm/postgresql';
import { ActivityKind, ActivityStatus } from '../activities/activity-enums.js';
import { Activity } from '../activities/activity.entity.js';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail, nodeNotFound } from '../common/find-or-fail.js';
import { toEntity } from '../common/rows.js';
import { query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import type { NewEvent } from '../live/event-log.js';
import { CompetitionFormat, type CompetitionEventType, type MatchStatus } from './competition-enums.js';
import { Competition } from './competition.entity.js';
import { RULES_COLUMNS } from './competition.loaders.js';
import type { Match } from './match.entity.js';
import { matchStandings, type MatchStandingRow } from './standings.js';

export interface LockedCompetition {
  activity: Activity;
  rules: Competition;
}

/**
 * What a write does to a competition. A `correction` (correctMatchScore, correctJudgeScore:
 * a new score with a reason, kept with the time) may still change a FINISHED competition;
 * every other `change` stops when the competition is over.
 */
export type CompetitionWrite = 'change' | 'correction';

/**
 * Locks the competition's activity row for the rest of the transaction: every write to a
 * competition takes this lock first, so concurrent score changes queue up here, and a
 * competition that is over refuses them here (see assertNotOver).
 */
export async function lockCompetition(
  ctx: Context,
  em: EntityManager,
  id: number,
  write: CompetitionWrite = 'change',
): Promise<LockedCompetition> {
  const activity = await findOrFail(em, Activity, id, { lock: true, type: 'Competition' });
  if (activity.kind !== ActivityKind.COMPETITION) throw nodeNotFound('Competition', id);
  // Every competition write comes through here: only the organiser's subtree may make it.
  await assertWithinSubtree(ctx, em, [activity.organiser.id], 'The competition');
  assertNotOver(activity, write);
  const [row] = await query<Record<string, unknown>>(
    em,
    sql(
      `select ${RULES_COLUMNS} from activities a left join competitions c on c.activity_id = a.id where a.id = ?`,
      id,
    ),
  );
  // The rules are only read here (setCompetitionRules writes them with SQL): no ORM entity.
  return { activity, rules: toEntity(em, Competition, row!) };
}

/**
 * A FINISHED competition's results stand: only a correction with a reason changes them,
 * so history is corrected in the open, never rewritten. A CANCELLED one changes no more.
 */
function assertNotOver(activity: Activity, write: CompetitionWrite): void {
  if (activity.status === ActivityStatus.CANCELLED) {
    throw new ConflictError('The competition is CANCELLED: its entries, matches and scores can no longer change');
  }
  if (activity.status === ActivityStatus.FINISHED && write === 'change') {
    throw new ConflictError(
      'The competition is FINISHED: its entries, matches and scores can no longer change; ' +
        'correct a wrong score with correctMatchScore or correctJudgeScore, giving the reason',
    );
  }
}

/*
 * The checks below are about the competition as it stands (its format, its status, a
 * match's status), not about the request: CONFLICT.
 */

export function assertFormat(rules: Competition, format: CompetitionFormat): void {
  if (rules.format !== format) {
    const what = format === CompetitionFormat.MATCHES ? 'matches' : 'judge scores';
    throw new ConflictError(`This competition is ${rules.format}: it has no ${what}`);
  }
}

/** Scores are recorded while the competition activity runs (lockCompetition refused it once over). */
export function assertRunning(activity: Activity): void {
  if (activity.status !== ActivityStatus.RUNNING) {
    throw new ConflictError(
      `The competition is ${activity.status}; scores are recorded only while it is RUNNING (set its activity status to RUNNING first)`,
    );
  }
}

export function assertMatchStatus(match: Match, allowed: readonly MatchStatus[], action: string): void {
  if (!allowed.includes(match.status)) {
    throw new ConflictError(`Cannot ${action} a ${match.status} match; only ${allowed.join(' or ')}`);
  }
}

/** Scores are whole hundredths: 87.255 is refused rather than silently rounded. */
export function toHundredths(score: number, field: string): number {
  const hundredths = Math.round(score * 100);
  if (!Number.isFinite(score) || Math.abs(score * 100 - hundredths) > 1e-6)
    throw new BadInputError(`${field} may have at most two decimals`, field);
  return hundredths;
}

/** The competition of a match; NOT_FOUND when there is no such match. */
export async function competitionOfMatch(em: EntityManager, matchId: number, globalId: string): Promise<number> {
  const [row] = await query<{ competition_id: number }>(
    em,
    sql('select competition_id from matches where id = ?', matchId),
  );
  if (!row) throw new NotFoundError('Match', globalId);
  return row.competition_id;
}

export function competitionEvent(
  competitionId: number,
  type: CompetitionEventType,
  payload: Record<string, unknown>,
): NewEvent {
  return { topic: 'competition', type, subjectId: competitionId, payload };
}

/** What every match event says about the match, with numeric ids. */
export function matchEventPayload(match: Match): Record<string, unknown> {
  return {
    matchId: match.id,
    homeEntryId: match.homeEntry.id,
    awayEntryId: match.awayEntry.id,
    homeScore: match.homeScore ?? null,
    awayScore: match.awayScore ?? null,
    status: match.status,
    round: match.round,
    version: match.version,
  };
}

/** A finished match as lockMatch reads it: id, home entry, away entry, home score, away score. */
export type FinishedRow = [number, number, number, number, number];

export interface LockedMatch extends LockedCompetition {
  match: Match;
  /** The competition's entries, column-named rows (at most SNAPSHOT_MAX_ENTRIES + 1). */
  entryRows: Record<string, unknown>[];
  /** Its FINISHED matches before this change. */
  finished: FinishedRow[];
}

/** Above this many entries an event carries no snapshot; screens then load what they show. */
export const SNAPSHOT_MAX_ENTRIES = 200;

/**
 * What a match event's screens show, as committed with it: the match, the entries (their
 * names) and the standings computed in the mutation's own transaction, from rows it read
 * under the competition's lock. The hub resolves a live event's `match`, `standings` and
 * their entries from it, so a score change costs no statement beyond the hub's log read.
 */
export interface CompetitionSnapshot {
  /** Column-named row of the match after the change. */
  match: Record<string, unknown>;
  entries: Record<string, unknown>[];
  standings: MatchStandingRow[];
}

export function competitionSnapshot(em: EntityManager, locked: LockedMatch): CompetitionSnapshot | undefined {
  const { match, entryRows, finished, rules } = locked;
  if (entryRows.length > SNAPSHOT_MAX_ENTRIES || rules.format !== CompetitionFormat.MATCHES) return undefined;
  const results = finished
    .filter(([id]) => id !== match.id)
    .map(([, homeEntryId, awayEntryId, homeScore, awayScore]) => ({ homeEntryId, awayEntryId, homeScore, awayScore }));
  if (match.status === 'FINISHED' && match.homeScore != null && match.awayScore != null) {
    results.push({
      homeEntryId: match.homeEntry.id,
      awayEntryId: match.awayEntry.id,
      homeScore: match.homeScore,
      awayScore: match.awayScore,
    });
  }
  const entries = entryRows.map((row) => ({ id: Number(row.id), name: String(row.name) }));
  return { match: columnRow(em, match), entries: entryRows, standings: matchStandings(entries, results, rules) };
}

/** An entity as its table's row (column names, references as ids), as `select *` would give it. */
function columnRow(em: EntityManager, entity: object): Record<string, unknown> {
  const meta = em.getMetadata().get(entity.constructor.name);
  const row: Record<string, unknown> = {};
  for (const prop of meta.props) {
    if (!prop.fieldNames?.length || prop.persist === false || (prop.kind !== 'scalar' && prop.kind !== 'm:1')) continue;
    const value = (entity as Record<string, unknown>)[prop.name];
    row[prop.fieldNames[0]!] =
      prop.kind === 'm:1' ? ((value as { id?: number } | null | undefined)?.id ?? null) : (value ?? null);
  }
  return row;
}
