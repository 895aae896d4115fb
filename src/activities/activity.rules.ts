import { BadInputError, ConflictError } from '../errors.js';
import { ActivityStatus } from './activity-enums.js';

/** Allowed status changes: forward along the life cycle, or off to CANCELLED before it is over. */
const NEXT: Record<ActivityStatus, readonly ActivityStatus[]> = {
  PLANNED: [ActivityStatus.OPEN, ActivityStatus.RUNNING, ActivityStatus.CANCELLED],
  OPEN: [ActivityStatus.RUNNING, ActivityStatus.CANCELLED],
  RUNNING: [ActivityStatus.FINISHED, ActivityStatus.CANCELLED],
  FINISHED: [],
  CANCELLED: [],
};

/** The current status forbids the move: CONFLICT. */
export function assertStatusChange(from: ActivityStatus, to: ActivityStatus): void {
  if (from !== to && !NEXT[from].includes(to)) {
    throw new ConflictError(`An activity cannot go from ${from} to ${to}`);
  }
}

/** `orderField` is the one of the two the request changed, to name when they are out of order. */
export function assertTimes(
  startsAt: Date,
  endsAt: Date | null | undefined,
  orderField: 'startsAt' | 'endsAt' = 'endsAt',
): void {
  if (Number.isNaN(startsAt.getTime())) throw new BadInputError('startsAt is not a valid time', 'startsAt');
  if (endsAt && endsAt < startsAt) throw new BadInputError('endsAt must not be before startsAt', orderField);
}

/** Mainland mobile numbers: 11 digits starting with 1. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (!/^1[3-9]\d{9}$/.test(digits)) throw new BadInputError('phone must be an 11-digit mobile number', 'phone');
  return digits;
}

/** An activity's self-service times, as they will stand after the change. */
export interface SignUpTimes {
  startsAt: Date;
  signUpOpensAt?: Date | null;
  signUpClosesAt?: Date | null;
  cancellationDeadline?: Date | null;
}

/**
 * The sign-up window lies before the start, opening before it closes, and workers may
 * cancel until the start at the latest. `changed` names the fields the request set: a
 * rule broken by a new start is the start's fault, otherwise the window field's.
 */
export function assertSignUpTimes(times: SignUpTimes, changed: readonly string[]): void {
  const blame = (field: string) => (changed.includes(field) ? field : 'startsAt');
  const { startsAt, signUpOpensAt: opens, signUpClosesAt: closes, cancellationDeadline: deadline } = times;
  if (opens && opens >= startsAt)
    throw new BadInputError('signUpOpensAt must be before startsAt', blame('signUpOpensAt'));
  if (closes && closes > startsAt)
    throw new BadInputError('signUpClosesAt must not be after startsAt', blame('signUpClosesAt'));
  if (opens && closes && closes <= opens)
    throw new BadInputError(
      'signUpClosesAt must be after signUpOpensAt',
      changed.includes('signUpClosesAt') ? 'signUpClosesAt' : 'signUpOpensAt',
    );
  if (deadline && deadline > startsAt)
    throw new BadInputError('cancellationDeadline must not be after startsAt', blame('cancellationDeadline'));
}
