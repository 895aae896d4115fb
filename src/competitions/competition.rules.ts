import type { EntityManager } from '@mikro-orm/postgresql';
import { ActivityKind, ActivityStatus } from '../activities/activity-enums.js';
import type { Activity } from '../activities/activity.entity.js';
import { lockActivity } from '../activities/activity.resolver.js';
import { query, sql } from '../common/sql.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { NewEvent } from '../live/event-log.js';
import { CompetitionFormat, type CompetitionEventType, type MatchStatus } from './competition-enums.js';
import { Competition } from './competition.entity.js';
import { RULES_COLUMNS } from './competition.loaders.js';
import type { Match } from './match.entity.js';
import type { Context } from '../context.js';
import { assertWithinSubtree } from '../auth/access.js';

export interface LockedCompetition {
  activity: Activity;
  rules: Competition;
}

/**
 * Locks the competition's activity row for the rest of the transaction: every write to a
 * competition takes this lock first, so concurrent score changes queue up here.
 */
export async function lockCompetition(ctx: Context, em: EntityManager, id: number, globalId: string): Promise<LockedCompetition> {
  const activity = await lockActivity(em, id, globalId).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new NotFoundError('Competition', globalId) : error;
  });
  if (activity.kind !== ActivityKind.COMPETITION) throw new NotFoundError('Competition', globalId);
  // Every competition write comes through here: only the organiser's subtree may make it.
  await assertWithinSubtree(ctx, em, [activity.organiser.id], 'The competition');
  const [row] = await query<Record<string, unknown>>(em, sql(`select ${RULES_COLUMNS} from activities a left join competitions c on c.activity_id = a.id where a.id = ?`, id));
  return { activity, rules: em.map(Competition, row as never) };
}

export function assertFormat(rules: Competition, format: CompetitionFormat, field: string): void {
  if (rules.format !== format) {
    const what = format === CompetitionFormat.MATCHES ? 'matches' : 'judge scores';
    throw new BadInputError(`This competition is ${rules.format}: it has no ${what}`, field);
  }
}

/** Scores are recorded while the competition activity runs. */
export function assertRunning(activity: Activity, field: string): void {
  if (activity.status !== ActivityStatus.RUNNING) {
    throw new BadInputError(`The competition is ${activity.status}; scores are recorded only while it is RUNNING (set its activity status to RUNNING first)`, field);
  }
}

export function assertOpenForChanges(activity: Activity, field: string): void {
  if (activity.status === ActivityStatus.FINISHED || activity.status === ActivityStatus.CANCELLED) {
    throw new BadInputError(`The competition is ${activity.status}; it can no longer change`, field);
  }
}

export function assertMatchStatus(match: Match, allowed: readonly MatchStatus[], action: string): void {
  if (!allowed.includes(match.status)) {
    throw new BadInputError(`Cannot ${action} a ${match.status} match; only ${allowed.join(' or ')}`, 'matchId');
  }
}

/** Scores are whole hundredths: 87.255 is refused rather than silently rounded. */
export function toHundredths(score: number, field: string): number {
  const hundredths = Math.round(score * 100);
  if (!Number.isFinite(score) || Math.abs(score * 100 - hundredths) > 1e-6) throw new BadInputError(`${field} may have at most two decimals`, field);
  return hundredths;
}

/** The competition of a match; NOT_FOUND when there is no such match. */
export async function competitionOfMatch(em: EntityManager, matchId: number, globalId: string): Promise<number> {
  const [row] = await query<{ competition_id: number }>(em, sql('select competition_id from matches where id = ?', matchId));
  if (!row) throw new NotFoundError('Match', globalId);
  return row.competition_id;
}

export function competitionEvent(competitionId: number, type: CompetitionEventType, payload: Record<string, unknown>): NewEvent {
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
