import { ConflictError } from '../errors.js';
import { ActivityStatus } from './activity-enums.js';

/**
 * What the clock allows an activity to be. A status never contradicts the time: PLANNED
 * and OPEN before the start, RUNNING between the start and the end, FINISHED from the
 * start on. The sweep (status-sweep.ts) moves activities along as time passes; writes
 * that would contradict the clock are refused with CONFLICT.
 */

/** Staff may start an activity by hand this long before its start (doors open, warm-up). */
const EARLY_START_MINUTES = 30;
const EARLY_START_MS = EARLY_START_MINUTES * 60_000;

/** The federation's day: Asia/Shanghai, +08:00 all year (no daylight saving). */
const LOCAL_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** When an activity is over: its end, or without one the midnight (Asia/Shanghai) after its start. */
export function endOf(startsAt: Date, endsAt: Date | null | undefined): Date {
  if (endsAt) return endsAt;
  const localDay = Math.floor((startsAt.getTime() + LOCAL_OFFSET_MS) / DAY_MS);
  return new Date((localDay + 1) * DAY_MS - LOCAL_OFFSET_MS);
}

/** endOf in SQL, over the columns of `activities`, for the sweep. */
export const END_SQL = `coalesce(ends_at, (date_trunc('day', starts_at at time zone 'Asia/Shanghai') + interval '1 day') at time zone 'Asia/Shanghai')`;

const at = (time: Date) => time.toISOString();

/** CONFLICT when `status` contradicts the clock for an activity with these times. */
export function assertStatusFitsClock(
  status: ActivityStatus,
  startsAt: Date,
  endsAt: Date | null | undefined,
  now = new Date(),
): void {
  const end = endOf(startsAt, endsAt);
  switch (status) {
    case ActivityStatus.PLANNED:
    case ActivityStatus.OPEN:
      if (startsAt <= now)
        throw new ConflictError(
          `An activity that starts at ${at(startsAt)} cannot be ${status} now: it has begun (it is RUNNING, FINISHED or CANCELLED)`,
        );
      return;
    case ActivityStatus.RUNNING:
      if (now.getTime() < startsAt.getTime() - EARLY_START_MS)
        throw new ConflictError(
          `An activity that starts at ${at(startsAt)} can be RUNNING at most ${EARLY_START_MINUTES} minutes before its start`,
        );
      if (end <= now) throw new ConflictError(`An activity that ended at ${at(end)} cannot be RUNNING: it is FINISHED`);
      return;
    case ActivityStatus.FINISHED:
      if (now < startsAt) throw new ConflictError(`An activity cannot be FINISHED before its start at ${at(startsAt)}`);
      return;
    case ActivityStatus.CANCELLED:
      return;
  }
}

/**
 * Sign-up is open while the activity is OPEN, inside its sign-up window (from
 * `signUpOpensAt` to `signUpClosesAt`) and has not started; CONFLICT says why not.
 */
export function assertSignUpOpen(
  activity: { status: ActivityStatus; startsAt: Date; signUpOpensAt?: Date | null; signUpClosesAt?: Date | null },
  now = new Date(),
): void {
  if (activity.status !== ActivityStatus.OPEN)
    throw new ConflictError(`Sign-up is not open: the activity is ${activity.status}`);
  if (activity.startsAt <= now)
    throw new ConflictError(`Sign-up closed when the activity started at ${at(activity.startsAt)}`);
  if (activity.signUpOpensAt && now < activity.signUpOpensAt)
    throw new ConflictError(`Sign-up opens at ${at(activity.signUpOpensAt)}`);
  if (activity.signUpClosesAt && activity.signUpClosesAt <= now)
    throw new ConflictError(`Sign-up closed at ${at(activity.signUpClosesAt)}`);
}

/** A worker gives their own place back before the cancellation deadline (or the start); CONFLICT after. */
export function assertSelfCancelOpen(
  activity: { startsAt: Date; cancellationDeadline?: Date | null },
  now = new Date(),
): void {
  const deadline = activity.cancellationDeadline ?? activity.startsAt;
  if (deadline <= now)
    throw new ConflictError(
      `Cancellation closed at ${at(deadline)}: ask the organiser's staff, who may still cancel the sign-up`,
    );
}
