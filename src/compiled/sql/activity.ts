import { sql } from '../../common/sql.js';
import { activityList } from './filters.js';
import { column, dateTime, idOf, objectById, type Fields } from './shared.js';

/** Activity's fields over an `activities` row; sign-ups and competitions are left to the resolvers. */
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
  attendanceCount: column('attendance_count'),
  note: column('note'),
  placesLeft: ({ row }) =>
    sql(`case when ${row}.capacity is null then null else greatest(0, ${row}.capacity - ${row}.sign_up_count) end`),
  organiser: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.organiser_id`)),
  site: (field) => objectById(field, 'Site', 'sites', sql(`${field.row}.site_id`)),
  programme: (field) => objectById(field, 'Programme', 'programmes', sql(`${field.row}.programme_id`)),
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
