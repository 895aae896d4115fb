import { visibleSignUps } from '../../activities/sign-up.visibility.js';
import { sql, where } from '../../common/sql.js';
import { connection } from './connection.js';
import { activityList } from './filters.js';
import { column, concat, dateTime, idOf, objectById, type Fields } from './shared.js';

/** Whether the activity of the row `row` (by its column `activityId`) is held over sessions. */
const SESSIONS_OF = (activityId: string) =>
  `(select count(*)::int from activity_sessions z where z.activity_id = ${activityId})`;

/** Activity's fields over an `activities` row; competitions are left to the resolvers. */
export const ACTIVITY_FIELDS: Fields = {
  id: idOf('Activity'),
  kind: column('kind'),
  title: column('title'),
  description: column('description'),
  startsAt: dateTime('starts_at'),
  endsAt: dateTime('ends_at'),
  status: column('status'),
  capacity: column('capacity'),
  signUpCount: column('sign_up_count'),
  waitlistCount: column('waitlist_count'),
  attendanceCount: column('attendance_count'),
  note: column('note'),
  signUpOpensAt: dateTime('sign_up_opens_at'),
  signUpClosesAt: dateTime('sign_up_closes_at'),
  cancellationDeadline: dateTime('cancellation_deadline'),
  audience: column('audience'),
  contact: column('contact'),
  coverImageUrl: column('cover_image_url'),
  placesLeft: ({ row }) =>
    sql(`case when ${row}.capacity is null then null else greatest(0, ${row}.capacity - ${row}.sign_up_count) end`),
  organiser: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.organiser_id`)),
  site: (field) => objectById(field, 'Site', 'sites', sql(`${field.row}.site_id`)),
  programme: (field) => objectById(field, 'Programme', 'programmes', sql(`${field.row}.programme_id`)),
  club: (field) => objectById(field, 'Club', 'clubs', sql(`${field.row}.club_id`)),
  // sessionsOf: in start order.
  sessions: ({ row, nodes, compiler }) => {
    const z = compiler.alias();
    return concat(
      'coalesce((select json_agg(',
      compiler.object('ActivitySession', z, nodes),
      ` order by ${z}.starts_at, ${z}.id) from activity_sessions ${z} where ${z}.activity_id = ${row}.id), '[]'::json)`,
    );
  },
  // signUpPage: the sign-ups the viewer may see (visibleSignUps), oldest first.
  signUps: (field) =>
    connection(field, {
      table: 'sign_ups',
      alias: 'su',
      where: where([sql(`su.activity_id = ${field.row}.id`), visibleSignUps(field.compiler.viewer(), 'su')]),
      keys: [{ expr: sql('su.created_at'), type: 'timestamp' }],
      nodeType: 'SignUp',
      parent: { column: `${field.row}.id` },
    }),
};

/** A session of an `activity_sessions` row. */
export const ACTIVITY_SESSION_FIELDS: Fields = {
  startsAt: dateTime('starts_at'),
  endsAt: dateTime('ends_at'),
};

/**
 * SignUp's fields over a `sign_ups` row the viewer may see whole (the list that reads it
 * applies visibleSignUps): every field of it is theirs to see.
 */
export const SIGN_UP_FIELDS: Fields = {
  id: idOf('SignUp'),
  workerName: column('worker_name'),
  phone: column('phone'),
  status: column('status'),
  attended: column('attended'),
  attendanceCorrectionReason: column('attendance_correction_reason'),
  activity: (field) => objectById(field, 'Activity', 'activities', sql(`${field.row}.activity_id`)),
  union: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.union_id`)),
  // check-in.resolver.ts: held once, 1 when attended; over sessions, its live check-ins.
  sessionsAttended: ({ row }) =>
    sql(`case when ${SESSIONS_OF(`${row}.activity_id`)} = 0 then case when ${row}.attended then 1 else 0 end
      else (select count(*)::int from check_ins ci where ci.sign_up_id = ${row}.id and ci.voided_at is null) end`),
  sessionCount: ({ row }) => sql(`greatest(${SESSIONS_OF(`${row}.activity_id`)}, 1)`),
};

/** Programme's fields over a `programmes` row. */
export const PROGRAMME_FIELDS: Fields = {
  id: idOf('Programme'),
  name: column('name'),
  description: column('description'),
  startsOn: ({ row }) => sql(`to_char(${row}.starts_on, 'YYYY-MM-DD')`),
  endsOn: ({ row }) => sql(`to_char(${row}.ends_on, 'YYYY-MM-DD')`),
  union: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.union_id`)),
  activities: (field) => activityList(field, sql(`a.programme_id = ${field.row}.id`), { column: `${field.row}.id` }),
};
