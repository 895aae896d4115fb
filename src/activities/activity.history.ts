import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../common/sql.js';
import type { CompetitionEventType } from '../competitions/competition-enums.js';
import { ConflictError } from '../errors.js';
import type { NewEvent } from '../live/event-log.js';
import { ActivityKind, ActivityStatus, SignUpStatus } from './activity-enums.js';
import type { Activity } from './activity.entity.js';
import { activityEvent, ActivityEventType } from './activity.events.js';
import type { UpdateActivityInput } from './activity.inputs.js';
import { signUpEvent, SignUpEventType } from './sign-up.events.js';

/**
 * History is kept. An activity holds records of what happened: workers' sign-ups and
 * attendance, for a competition its rules, entries, matches and judges' scores, and the
 * menu order it delivers (src/menu).
 * Such an activity is never deleted (it is cancelled instead) and its kind stays, and one
 * that is over (FINISHED or CANCELLED) takes only a note and attendance corrections with
 * a reason.
 */
interface RecordCounts {
  active_sign_ups: number;
  cancelled_sign_ups: number;
  attended: number;
  entries: number;
  matches: number;
  judge_scores: number;
  rules: number;
  orders: number;
}

const NAMES: Record<keyof RecordCounts, [one: string, many: string]> = {
  active_sign_ups: ['active sign-up', 'active sign-ups'],
  cancelled_sign_ups: ['cancelled sign-up', 'cancelled sign-ups'],
  attended: ['recorded attendance', 'recorded attendances'],
  entries: ['competition entry', 'competition entries'],
  matches: ['match', 'matches'],
  judge_scores: ["judge's score", "judges' scores"],
  rules: ['competition rules', 'competition rules'],
  orders: ['menu order it delivers', 'menu orders it delivers'],
};

/** What the activity holds, e.g. ["3 active sign-ups", "12 matches"]; `rules` counts the competition's rules too. */
async function recordsOf(em: EntityManager, activityId: number, options: { rules: boolean }): Promise<string[]> {
  const [counts] = await query<RecordCounts>(
    em,
    sql(
      `select count(*) filter (where s.status = 'SIGNED_UP')::int as active_sign_ups,
         count(*) filter (where s.status = 'CANCELLED')::int as cancelled_sign_ups,
         count(*) filter (where s.attended)::int as attended,
         (select count(*) from competition_entries where competition_id = ?)::int as entries,
         (select count(*) from matches where competition_id = ?)::int as matches,
         (select count(*) from judge_scores where competition_id = ?)::int as judge_scores,
         (select count(*) from competitions where activity_id = ?)::int as rules,
         (select count(*) from orders where activity_id = ?)::int as orders
       from sign_ups s where s.activity_id = ?`,
      // The same id for each of the six `?`.
      ...Array<number>(6).fill(activityId),
    ),
  );
  return (Object.keys(NAMES) as (keyof RecordCounts)[])
    .filter((key) => counts![key] > 0 && (key !== 'rules' || options.rules))
    .map((key) => (key === 'rules' ? NAMES.rules[0] : `${counts![key]} ${NAMES[key][counts![key] === 1 ? 0 : 1]}`));
}

const OVER: readonly ActivityStatus[] = [ActivityStatus.FINISHED, ActivityStatus.CANCELLED];

/** CONFLICT when an activity that is over would change anything but its note. */
export function assertOnlyNoteWhenOver(activity: Activity, input: UpdateActivityInput): void {
  if (!OVER.includes(activity.status)) return;
  const fields = (Object.keys(input) as (keyof UpdateActivityInput)[]).filter(
    (key) => key !== 'id' && key !== 'note' && input[key] !== undefined,
  );
  if (fields.length) {
    throw new ConflictError(
      `The activity is ${activity.status}: its ${fields.join(', ')} can no longer change. ` +
        'Only its note can (attendance: correctAttendance, with a reason)',
    );
  }
}

/** CONFLICT when the kind would change under records that belong to the old one. */
export async function assertKindMayChange(em: EntityManager, activity: Activity, kind: ActivityKind): Promise<void> {
  if (kind === activity.kind) return;
  const records = await recordsOf(em, activity.id, { rules: true });
  if (records.length) {
    throw new ConflictError(
      `The activity holds ${records.join(', ')}: its kind cannot change from ${activity.kind} to ${kind}`,
    );
  }
}

/** CONFLICT naming what holds an activity that would be deleted: cancelling is how it ends. */
export async function assertDeletable(em: EntityManager, activity: Activity): Promise<void> {
  const records = await recordsOf(em, activity.id, { rules: false });
  if (records.length) {
    throw new ConflictError(
      `The activity holds ${records.join(', ')}: it cannot be deleted. Cancel it instead (status CANCELLED)`,
    );
  }
}

/**
 * Cancelling is how an activity with a history ends: its active sign-ups are cancelled
 * with it (attendance already recorded stays, as history), and the count goes to 0.
 * Answers SIGN_UPS_CHANGED when places were given back, to append after the flush.
 */
export async function cancelSignUpsOf(em: EntityManager, activity: Activity): Promise<NewEvent[]> {
  const released = await query<{ id: number; worker_id: string | null; was: SignUpStatus }>(
    em,
    sql(
      `update sign_ups s set status = 'CANCELLED', updated_at = now()
       from (select id, status from sign_ups where activity_id = ? and status in ('SIGNED_UP', 'WAITLISTED')) o
       where s.id = o.id returning s.id, s.worker_id, o.status as was`,
      activity.id,
    ),
  );
  activity.signUpCount -= released.filter((r) => r.was === SignUpStatus.SIGNED_UP).length;
  activity.waitlistCount -= released.filter((r) => r.was === SignUpStatus.WAITLISTED).length;
  if (!released.length) return [];
  // Each worker who signed themselves up hears it on their own subscription.
  const own = released.flatMap((r) =>
    signUpEvent(
      { id: r.id, workerId: r.worker_id, status: SignUpStatus.CANCELLED },
      activity,
      SignUpEventType.CANCELLED,
    ),
  );
  return [activityEvent(activity, ActivityEventType.SIGN_UPS_CHANGED), ...own];
}

/** The last competition event, CANCELLED or DELETED, for a COMPETITION activity; none for other kinds. */
export function lastCompetitionEvent(
  activity: Activity,
  type: CompetitionEventType.CANCELLED | CompetitionEventType.DELETED,
): NewEvent[] {
  if (activity.kind !== ActivityKind.COMPETITION) return [];
  return [{ topic: 'competition', type, subjectId: activity.id, payload: { reason: activity.note ?? null } }];
}
