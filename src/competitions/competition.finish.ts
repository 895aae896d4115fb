import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../common/sql.js';
import { ConflictError } from '../errors.js';

/** How many unsettled matches a refusal names one by one. */
const NAMED = 5;

/**
 * A competition finishes only once every match is FINISHED or CANCELLED: its final table
 * then holds only results someone recorded. A LIVE or SCHEDULED match is never settled
 * behind the staff's back (FINISHED is final, and nothing may change a match after it):
 * the refusal names the matches, and cancelMatch or finishMatch settles each one first.
 *
 * The caller holds the lock on the activity row, which every match write also takes
 * first (lockCompetition), so no match can start between this check and the commit.
 * Other activities have no matches and pass.
 */
export async function assertMatchesSettled(em: EntityManager, activityId: number): Promise<void> {
  const open = await query<{ status: string; label: string; total: number }>(
    em,
    sql(
      `select m.status, h.name || ' v ' || a.name || ' (' || m.round || ')' as label, count(*) over ()::int as total
       from matches m
       join competition_entries h on h.id = m.home_entry_id
       join competition_entries a on a.id = m.away_entry_id
       where m.competition_id = ? and m.status in ('LIVE', 'SCHEDULED')
       order by m.status = 'LIVE' desc, m.starts_at, m.id
       limit ${NAMED}`,
      activityId,
    ),
  );
  if (!open.length) return;
  const live = open.filter((m) => m.status === 'LIVE').map((m) => m.label);
  const scheduled = open.filter((m) => m.status === 'SCHEDULED').map((m) => m.label);
  const total = open[0]!.total;
  const named = [
    live.length ? `LIVE: ${live.join(', ')}` : '',
    scheduled.length ? `SCHEDULED: ${scheduled.join(', ')}` : '',
    total > open.length ? `and ${total - open.length} more` : '',
  ].filter(Boolean);
  throw new ConflictError(
    `The competition cannot finish while ${total === 1 ? '1 match is' : `${total} matches are`} not over ` +
      `(${named.join('; ')}); finish or cancel ${total === 1 ? 'it' : 'them'} first`,
  );
}
