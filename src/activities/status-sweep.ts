import type { EntityManager } from '@mikro-orm/postgresql';
import { toEntity } from '../common/rows.js';
import { query, sql } from '../common/sql.js';
import { appendEvents, appendWriteMark } from '../live/event-log.js';
import { ordersFollowActivities } from '../menu/order.delivery.js';
import { ActivityStatus } from './activity-enums.js';
import { END_SQL } from './activity.clock.js';
import { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType } from './activity.events.js';

/** Taken for the length of a sweep, so instances sweep one at a time (see pruneEvents: ...002). */
const SWEEP_LOCK = 7_453_120_003;

/**
 * Past its end, and finishable: a competition's final table holds only settled matches
 * (updateActivity refuses FINISHED with one SCHEDULED or LIVE), so one that still has such
 * a match stays RUNNING past its end until staff finish or cancel it.
 */
const OVER = `${END_SQL} <= now() and not exists (
  select 1 from matches m where m.competition_id = activities.id and m.status in ('SCHEDULED', 'LIVE'))`;

/**
 * Moves activities along as time passes, in one transaction with their events: PLANNED
 * and OPEN ones to RUNNING at their start, RUNNING ones to FINISHED at their end (see
 * endOf: an activity without an end is over at midnight after its start day; see OVER for
 * a competition with matches not over). One that is already past its end goes straight
 * to FINISHED, with one FINISHED event.
 *
 * Every instance may run it. The advisory lock lets one at a time work (the others skip
 * a round), and the UPDATE re-checks each row's status and time under its row lock, so a
 * row a mutation changed meanwhile (cancelled, started by hand) is left alone and no
 * change is made, or announced, twice. Time is the database's `now()`, the same clock
 * for every instance. Answers how many activities moved.
 */
async function sweepStatuses(em: EntityManager): Promise<number> {
  return em.transactional(async (tx) => {
    const [locked] = await query<{ ok: boolean }>(tx, sql('select pg_try_advisory_xact_lock(?) as ok', SWEEP_LOCK));
    if (!locked?.ok) return 0;
    const rows = await query<Record<string, unknown>>(
      tx,
      sql(
        `update activities set updated_at = now(),
           status = (case when ${OVER} then 'FINISHED' else 'RUNNING' end)::activity_status
         where (status in ('PLANNED', 'OPEN') and starts_at <= now()) or (status = 'RUNNING' and ${OVER})
         returning *`,
      ),
    );
    const moved = rows
      .map((row) => toEntity(tx, Activity, row))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
    // Orders delivered by the activities that finished (src/menu).
    const delivered = await ordersFollowActivities(
      tx,
      moved.filter((activity) => activity.status === ActivityStatus.FINISHED).map((activity) => activity.id),
    );
    await appendEvents(tx, [
      ...moved.map((activity) =>
        activityEvent(
          activity,
          activity.status === ActivityStatus.FINISHED ? ActivityEventType.FINISHED : ActivityEventType.STARTED,
        ),
      ),
      ...delivered,
    ]);
    // What the moves touched goes with their events: caches forget only those subtrees.
    if (moved.length) await appendWriteMark(tx, 'SWEPT');
    return moved.length;
  });
}

export interface StatusSweepOptions {
  /** The root EntityManager; each round forks it. */
  em: EntityManager;
  /** STATUS_SWEEP_MS; 0: never. */
  everyMs: number;
  /** For a round that failed; the next one tries again. */
  warn(message: string): void;
}

/**
 * Sweeps once now (so an instance serves statuses that agree with the clock from its
 * first request), then every `everyMs` until stopped; stop() waits for a round under way.
 */
export async function startStatusSweep({ em, everyMs, warn }: StatusSweepOptions): Promise<{ stop(): Promise<void> }> {
  if (everyMs === 0) return { stop: async () => {} };
  let running: Promise<unknown> | undefined;
  const sweep = () =>
    (running ??= sweepStatuses(em.fork())
      .catch((error: Error) => warn(`moving activities along by the clock failed: ${error.message}`))
      .finally(() => (running = undefined)));
  await sweep();
  const timer = setInterval(sweep, everyMs).unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
