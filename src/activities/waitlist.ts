import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/token.js';
import { query, sql } from '../common/sql.js';
import { CapacityFullError } from '../errors.js';
import type { NewEvent } from '../live/event-log.js';
import type { Union } from '../unions/union.entity.js';
import { SignUpStatus } from './activity-enums.js';
import type { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType } from './activity.events.js';
import { SignUp } from './sign-up.entity.js';
import { signUpEvent, SignUpEventType } from './sign-up.events.js';
import { visibleSignUps } from './sign-up.visibility.js';

/** Who takes the place: what staff typed, or what the worker's token says (then with its subject). */
interface Taker {
  workerName: string;
  phone: string;
  union: Union | null;
  workerId?: string | null;
}

/**
 * Takes a place in an activity whose row the caller locked, for staff (`signUp`) and for
 * workers themselves (`signMeUp`) alike. `duplicate` makes the error for a phone (or
 * worker subject) that already holds or waits for a place, told whether the viewer may
 * read that sign-up. With no place left: CAPACITY_FULL, or with `waitlist` a WAITLISTED
 * sign-up that gets the first place given back. Answers the sign-up, flushed, and the
 * events to append: the counts for the activity's feeds, FULL when it took the last place,
 * and the worker's own event when the sign-up carries their subject.
 */
export async function takePlace(
  em: EntityManager,
  viewer: Viewer | null,
  activity: Activity,
  taker: Taker,
  options: {
    waitlist: boolean;
    activityGlobalId: string;
    duplicate: (existing: { id: number; visible: boolean }) => Error;
  },
): Promise<{ signUp: SignUp; events: NewEvent[] }> {
  const visible = visibleSignUps(viewer, 'x');
  const [existing] = await query<{ id: number; visible: boolean }>(
    em,
    sql(
      `select x.id, ${visible.text} as visible from sign_ups x
       where x.activity_id = ? and (x.phone = ? or x.worker_id = ?) and x.status in ('SIGNED_UP', 'WAITLISTED')
       limit 1`,
      ...visible.params,
      activity.id,
      taker.phone,
      taker.workerId ?? null,
    ),
  );
  if (existing) throw options.duplicate(existing);
  const full = activity.capacity != null && activity.signUpCount >= activity.capacity;
  if (full && !options.waitlist) throw new CapacityFullError(options.activityGlobalId);
  const signUp = em.create(SignUp, {
    activity,
    workerName: taker.workerName,
    phone: taker.phone,
    union: taker.union,
    workerId: taker.workerId ?? null,
    status: full ? SignUpStatus.WAITLISTED : SignUpStatus.SIGNED_UP,
  });
  if (full) activity.waitlistCount += 1;
  else activity.signUpCount += 1;
  await em.flush();
  const events = [activityEvent(activity, ActivityEventType.SIGN_UPS_CHANGED)];
  if (!full && activity.signUpCount === activity.capacity) events.push(activityEvent(activity, ActivityEventType.FULL));
  events.push(...signUpEvent(signUp, activity, full ? SignUpEventType.WAITLISTED : SignUpEventType.SIGNED_UP));
  return { signUp, events };
}

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
