import { sql } from '../../common/sql.js';
import { connection } from './connection.js';
import { column, idOf, objectById, type Fields } from './shared.js';

/** Club's public fields over a `clubs` row; members and honours are left to the resolvers. */
export const CLUB_FIELDS: Fields = {
  id: idOf('Club'),
  name: column('name'),
  kind: column('kind'),
  leader: column('leader'),
  description: column('description'),
  recruiting: column('recruiting'),
  memberLimit: column('member_limit'),
  requiresApproval: column('requires_approval'),
  memberCount: column('member_count'),
  placesLeft: ({ row }) =>
    sql(
      `case when ${row}.member_limit is null then null else greatest(0, ${row}.member_limit - ${row}.member_count) end`,
    ),
  union: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.union_id`)),
  homeSite: (field) => objectById(field, 'Site', 'sites', sql(`${field.row}.home_site_id`)),
  // meetingPage: the activities created with its id, by their start.
  meetings: (field) =>
    connection(field, {
      table: 'activities',
      alias: 'a',
      where: sql(`a.club_id = ${field.row}.id`),
      keys: [{ expr: sql('a.starts_at'), type: 'timestamp' }],
      nodeType: 'Activity',
      parent: { column: `${field.row}.id` },
    }),
};
