import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, InputType, ObjectType } from 'type-graphql';
import { intArray, query, sql } from '../common/sql.js';
import { PlausibleTime } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { endOf, END_SQL } from './activity.clock.js';
import type { Activity } from './activity.entity.js';
import type { SignUp } from './sign-up.entity.js';

/** Check-in opens this long before a session (or the activity) starts: doors open, changing. */
const CHECK_IN_EARLY_MINUTES = 30;

@ObjectType({ description: 'One session of a course held over several (a weekly yoga course of 8 sessions).' })
export class ActivitySession {
  @Field(() => Date) startsAt!: Date;
  @Field(() => Date) endsAt!: Date;
}

@InputType()
export class ActivitySessionInput {
  @Field(() => Date)
  @PlausibleTime()
  startsAt!: Date;

  @Field(() => Date)
  @PlausibleTime()
  endsAt!: Date;
}

/** The most sessions one activity holds (two a week for a year). */
const MAX_SESSIONS = 104;

/**
 * Sessions lie within the activity (from its start to its end), each ending after it
 * starts, in order, without overlapping: BAD_USER_INPUT naming the one that does not.
 */
export function assertSessions(
  sessions: readonly ActivitySessionInput[],
  activity: { startsAt: Date; endsAt?: Date | null },
): void {
  if (sessions.length > MAX_SESSIONS) throw new BadInputError(`sessions may hold at most ${MAX_SESSIONS}`, 'sessions');
  const end = endOf(activity.startsAt, activity.endsAt);
  sessions.forEach((session, i) => {
    if (session.endsAt <= session.startsAt)
      throw new BadInputError('A session must end after it starts', `sessions.${i}.endsAt`);
    if (session.startsAt < activity.startsAt || session.endsAt > end)
      throw new BadInputError(
        'A session lies within the activity, from its start to its end',
        `sessions.${i}.startsAt`,
      );
    if (i > 0 && session.startsAt < sessions[i - 1]!.endsAt)
      throw new BadInputError('Sessions come in order and do not overlap', `sessions.${i}.startsAt`);
  });
}

/** Replaces an activity's sessions; CONFLICT once anyone checked in (attendance is history). */
export async function replaceSessions(
  em: EntityManager,
  activityId: number,
  sessions: readonly ActivitySessionInput[],
): Promise<void> {
  const [held] = await query(
    em,
    sql('select 1 from check_ins c join sign_ups s on s.id = c.sign_up_id where s.activity_id = ? limit 1', activityId),
  );
  if (held) throw new ConflictError('Workers have checked in to this activity: its sessions can no longer change');
  await em.execute('delete from activity_sessions where activity_id = ?', [activityId]);
  if (!sessions.length) return;
  await em.execute(
    `insert into activity_sessions (activity_id, starts_at, ends_at)
     select ?, s, e from unnest(?::timestamptz[], ?::timestamptz[]) as t(s, e)`,
    [
      activityId,
      `{${sessions.map((s) => s.startsAt.toISOString()).join(',')}}`,
      `{${sessions.map((s) => s.endsAt.toISOString()).join(',')}}`,
    ],
  );
}

/** Sessions of activities, in order; one statement per batch. */
export function sessionsOf(ctx: Context) {
  return ctx.loaders.get<number, ActivitySession[]>('Activity.sessions', async (ids) => {
    const rows = await query<{ activity_id: number; starts_at: Date; ends_at: Date }>(
      ctx.em,
      sql(
        `select activity_id, starts_at, ends_at from activity_sessions
         where activity_id = any(${intArray(ids).text}) order by activity_id, starts_at`,
      ),
    );
    return ids.map((id) =>
      rows
        .filter((r) => r.activity_id === id)
        .map((r) =>
          Object.assign(new ActivitySession(), { startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }),
        ),
    );
  });
}

/** Live check-ins of sign-ups (sessions attended of a course of several); one statement per batch. */
export function checkInCounts(ctx: Context) {
  return ctx.loaders.get<number, number>('SignUp.checkIns', async (ids) => {
    const rows = await query<{ sign_up_id: number; n: number }>(
      ctx.em,
      sql(
        `select sign_up_id, count(*)::int as n from check_ins
         where sign_up_id = any(${intArray(ids).text}) and voided_at is null group by 1`,
      ),
    );
    return ids.map((id) => rows.find((r) => r.sign_up_id === id)?.n ?? 0);
  });
}

/**
 * The worker's sign-up that a check-in at this site now counts for, with the session it
 * attends (null for an activity without sessions): their SIGNED_UP sign-up of an activity
 * held at the site, not cancelled or over, from 30 minutes before the start (of the
 * session, or of the activity) to its end. CONFLICT says why there is none.
 */
export async function checkInTarget(
  em: EntityManager,
  worker: { workerId: string },
  siteId: number,
): Promise<{ signUpId: number; activityId: number; sessionId: number | null; done: boolean }> {
  const early = `interval '${CHECK_IN_EARLY_MINUTES} minutes'`;
  // Of the sessions open to check-in now (two may be, close together), the first not yet attended.
  const [target] = await query<{ sign_up_id: number; activity_id: number; session_id: number | null; done: boolean }>(
    em,
    sql(
      `select s.id as sign_up_id, a.id as activity_id, se.id as session_id,
         exists (select 1 from check_ins c where c.sign_up_id = s.id and coalesce(c.session_id, 0) = coalesce(se.id, 0)
           and c.voided_at is null) as done
       from sign_ups s
       join activities a on a.id = s.activity_id
       left join activity_sessions se on se.activity_id = a.id
         and now() between se.starts_at - ${early} and se.ends_at
       where s.worker_id = ? and s.status = 'SIGNED_UP' and a.site_id = ?
         and a.status not in ('CANCELLED', 'FINISHED')
         and (se.id is not null
           or (not exists (select 1 from activity_sessions x where x.activity_id = a.id)
               and now() between a.starts_at - ${early} and ${END_SQL.replaceAll('starts_at', 'a.starts_at').replaceAll('ends_at', 'a.ends_at')}))
       order by done, a.starts_at, se.starts_at
       limit 1`,
      worker.workerId,
      siteId,
    ),
  );
  if (target)
    return {
      signUpId: target.sign_up_id,
      activityId: target.activity_id,
      sessionId: target.session_id,
      done: target.done,
    };
  const [signedUp] = await query(
    em,
    sql(
      `select 1 from sign_ups s join activities a on a.id = s.activity_id
       where s.worker_id = ? and s.status = 'SIGNED_UP' and a.site_id = ? and a.status not in ('CANCELLED', 'FINISHED')`,
      worker.workerId,
      siteId,
    ),
  );
  if (signedUp)
    throw new ConflictError(
      `Check-in is open from ${CHECK_IN_EARLY_MINUTES} minutes before the start (of the session) to its end; not now`,
    );
  throw new ConflictError('You hold no place in anything held at this site: sign up first');
}

/**
 * The session staff record or correct attendance for: the one starting at `startsAt`, or
 * (when recording, without one) the session held now; null for an activity held once.
 * BAD_USER_INPUT naming `sessionStartsAt` when it names no session or is needed; CONFLICT
 * for a session more than 30 minutes ahead (nobody has come yet).
 */
export async function attendedSession(
  em: EntityManager,
  activityId: number,
  startsAt: Date | null | undefined,
  mode: 'record' | 'correct',
): Promise<number | null> {
  const sessions = await query<{ id: number; starts_at: Date; ends_at: Date }>(
    em,
    sql('select id, starts_at, ends_at from activity_sessions where activity_id = ? order by starts_at', activityId),
  );
  const field = 'sessionStartsAt';
  if (!sessions.length) {
    if (startsAt) throw new BadInputError('The activity is held once: it has no sessions to name', field);
    return null;
  }
  const now = Date.now();
  const early = CHECK_IN_EARLY_MINUTES * 60_000;
  let session: { id: number; starts_at: Date } | undefined;
  if (startsAt) {
    session = sessions.find((s) => new Date(s.starts_at).getTime() === startsAt.getTime());
    if (!session) throw new BadInputError('No session of the activity starts then', field);
  } else if (mode === 'correct') {
    throw new BadInputError(`The course has ${sessions.length} sessions: name the one to correct by its start`, field);
  } else {
    session = sessions.find(
      (s) => new Date(s.starts_at).getTime() - early <= now && now < new Date(s.ends_at).getTime(),
    );
    if (!session) throw new BadInputError('No session is being held now: name the session by its start', field);
  }
  if (new Date(session.starts_at).getTime() - early > now)
    throw new ConflictError(
      `That session starts at ${new Date(session.starts_at).toISOString()}: attendance is recorded from ${CHECK_IN_EARLY_MINUTES} minutes before`,
    );
  return session.id;
}

/**
 * Sets whether a worker came, as staff record it: for an activity held once the sign-up's
 * `attended`; for a session of a course, a check-in recorded by staff, or the live one
 * voided (kept, with when and why), `attended` then following the check-ins (came at least
 * once). Keeps the activity's attendanceCount. Answers whether anything changed.
 */
export async function setAttendance(
  em: EntityManager,
  activity: Activity,
  signUp: SignUp,
  sessionId: number | null,
  attended: boolean,
  reason: string | null,
): Promise<boolean> {
  const [live] = await query<{ id: number }>(
    em,
    sql(
      'select id from check_ins where sign_up_id = ? and coalesce(session_id, 0) = ? and voided_at is null',
      signUp.id,
      sessionId ?? 0,
    ),
  );
  let came = attended;
  if (sessionId === null) {
    if (signUp.attended === attended) return false;
  } else {
    if (!!live === attended) return false;
    if (attended)
      await em.execute(`insert into check_ins (sign_up_id, session_id, recorded_by) values (?, ?, 'STAFF')`, [
        signUp.id,
        sessionId,
      ]);
    const [any] = await query<{ n: number }>(
      em,
      sql(
        'select count(*)::int as n from check_ins where sign_up_id = ? and voided_at is null and id <> ?',
        signUp.id,
        live && !attended ? live.id : 0,
      ),
    );
    came = any!.n > 0;
  }
  if (live && !attended)
    await em.execute('update check_ins set voided_at = now(), void_reason = ? where id = ?', [reason, live.id]);
  if (signUp.attended !== came) {
    signUp.attended = came;
    activity.attendanceCount += came ? 1 : -1;
  }
  return true;
}

/**
 * New times for an activity keep what happened within them. Sessions are never moved
 * for the caller: one that would fall outside the new times is CONFLICT when attendance
 * was recorded for it (it happened then; history is not rewritten), BAD_USER_INPUT
 * naming `sessions` otherwise (send them with the new times). A check-in to an activity
 * held once must stay within its check-in window (CONFLICT otherwise).
 */
export async function assertTimesKeepAttendance(
  em: EntityManager,
  activityId: number,
  times: { startsAt: Date; endsAt?: Date | null },
): Promise<void> {
  const start = times.startsAt.toISOString();
  const end = endOf(times.startsAt, times.endsAt).toISOString();
  const [outside] = await query<{ starts_at: Date; held: boolean }>(
    em,
    sql(
      `select se.starts_at, exists (select 1 from check_ins c where c.session_id = se.id) as held
       from activity_sessions se
       where se.activity_id = ? and (se.starts_at < ?::timestamptz or se.ends_at > ?::timestamptz)
       order by held desc, se.starts_at limit 1`,
      activityId,
      start,
      end,
    ),
  );
  if (outside?.held)
    throw new ConflictError(
      `The session of ${new Date(outside.starts_at).toISOString()} has recorded attendance and would lie outside the new times: it happened then`,
    );
  if (outside)
    throw new BadInputError(
      `The session of ${new Date(outside.starts_at).toISOString()} would lie outside the new times: send the sessions with them`,
      'sessions',
    );
  const [checkedIn] = await query(
    em,
    sql(
      `select 1 from check_ins c join sign_ups s on s.id = c.sign_up_id
       where s.activity_id = ? and c.session_id is null and c.voided_at is null
         and (c.checked_in_at < ?::timestamptz - interval '${CHECK_IN_EARLY_MINUTES} minutes' or c.checked_in_at > ?::timestamptz)
       limit 1`,
      activityId,
      start,
      end,
    ),
  );
  if (checkedIn)
    throw new ConflictError(
      'Workers checked in at times the new times would leave outside the activity: it happened then',
    );
}
