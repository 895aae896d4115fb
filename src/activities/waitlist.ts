import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../common/sql.js';
import type { NewEvent } from '../live/event-log.js';
import { SignUpStatus } from './activity-enums.js';
import type { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType } from './activity.events.js';
import { signUpEvent, SignUpEventType } from './sign-up.events.js';

/**
 * Gives the free places of an activity to the first waiting workers, in the order they
 * joined the waitlist. The caller holds the activity's row lock (every sign-up change
 * takes it first), so concurrent cancellations queue up there and never promote more
 * workers than there are places. Answers the events to append: WAITLIST_PROMOTED for the
 * activity's feeds, PROMOTED for each worker's own subscription.
 */
export async function promoteWaiting(em: EntityManager, activity: Activity): Promise<NewEvent[]> {
  if (activity.waitlistCount === 0) return [];
  const free = activity.capacity == null ? activity.waitlistCount : activity.capacity - activity.signUpCount;
  if (free <= 0) return [];
  const promoted = await query<{ id: number; worker_id: string | null }>(
    em,
    sql(
      `update sign_ups set status = 'SIGNED_UP', updated_at = now()
       where id = any(array(select id from sign_ups where activity_id = ? and status = 'WAITLISTED' order by id limit ?))
       returning id, worker_id`,
      activity.id,
      free,
    ),
  );
  if (!promoted.length) return [];
  activity.signUpCount += promoted.length;
  activity.waitlistCount -= promoted.length;
  return [
    activityEvent(activity, ActivityEventType.WAITLIST_PROMOTED),
    ...promoted.flatMap((row) =>
      signUpEvent(
        { id: row.id, workerId: row.worker_id, status: SignUpStatus.SIGNED_UP },
        activity,
        SignUpEventType.PROMOTED,
      ),
    ),
  ];
}
