import { sql } from '../../common/sql.js';
import { connection } from './connection.js';
import { column, concat, dateTime, idOf, objectById, type Fields } from './shared.js';

/** Club's public fields over a `clubs` row; members (personal data) are left to the resolvers. */
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
  // honoursOf: newest year first, withdrawn ones only when asked.
  honours: ({ row, nodes, args, compiler }) => {
    const h = compiler.alias();
    return concat(
      'coalesce((select json_agg(',
      compiler.object('ClubHonour', h, nodes),
      ` order by ${h}.year desc, ${h}.id) from club_honours ${h} where ${h}.club_id = ${row}.id`,
      args.includeWithdrawn ? '' : ` and not ${h}.withdrawn`,
      `), '[]'::json)`,
    );
  },
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

/** An honour of a `club_honours` row. */
export const CLUB_HONOUR_FIELDS: Fields = {
  id: idOf('ClubHonour'),
  level: column('level'),
  title: column('title'),
  year: column('year'),
  awardedBy: column('awarded_by'),
  withdrawn: column('withdrawn'),
  club: (field) => objectById(field, 'Club', 'clubs', sql(`${field.row}.club_id`)),
  // correctionsOf: oldest first.
  corrections: ({ row, nodes, compiler }) => {
    const c = compiler.alias();
    return concat(
      'coalesce((select json_agg(',
      compiler.object('ClubHonourCorrection', c, nodes),
      ` order by ${c}.created_at, ${c}.id) from club_honour_corrections ${c} where ${c}.honour_id = ${row}.id), '[]'::json)`,
    );
  },
};

/** A correction of a `club_honour_corrections` row: what the honour said before. */
export const CLUB_HONOUR_CORRECTION_FIELDS: Fields = {
  previousLevel: column('previous_level'),
  previousTitle: column('previous_title'),
  previousYear: column('previous_year'),
  previousAwardedBy: column('previous_awarded_by'),
  previousWithdrawn: column('previous_withdrawn'),
  reason: column('reason'),
  correctedAt: dateTime('created_at'),
};
