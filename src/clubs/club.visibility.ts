import { pathWithinSql } from '../auth/access.js';
import type { Viewer } from '../auth/token.js';
import { sql, type Sql } from '../common/sql.js';
import type { ClubMember } from './club-member.entity.js';

/**
 * The memberships a viewer may see, as a condition on the `club_members` row aliased `x`:
 * ADMIN every one; STAFF those of clubs whose union lies in their subtree (the club's own
 * union's staff and those above it); a WORKER their own, and, while they are an ACTIVE
 * member of a club, its other ACTIVE members (see redactForViewer for how much of them);
 * anyone else none. Every read of memberships (by id, by club, a worker's own) puts this in
 * its own statement, so the rule costs no statement, and a row the viewer may not see is
 * not there: `node` answers null, as for an unknown id.
 */
export function visibleMembers(viewer: Viewer | null, x: string): Sql {
  if (!viewer) return sql('false');
  if (viewer.role === 'ADMIN') return sql('true');
  if (viewer.role === 'WORKER') {
    return sql(
      `(${x}.worker_id = ? or (${x}.status = 'ACTIVE' and exists (
         select 1 from club_members me where me.club_id = ${x}.club_id and me.worker_id = ? and me.status = 'ACTIVE')))`,
      viewer.workerId,
      viewer.workerId,
    );
  }
  return pathWithinSql(
    viewer,
    `(select u.path from clubs c join unions u on u.id = c.union_id where c.id = ${x}.club_id)`,
  );
}

/**
 * What a fellow member sees of another: the display name and status. Staff and ADMIN got
 * only rows they may see whole, and a worker their own whole; the loaders clear the rest
 * here, after the statement, so no field resolver can forget it.
 */
export function redactForViewer(viewer: Viewer | null, member: ClubMember): ClubMember {
  if (viewer?.role !== 'WORKER' || member.workerId === viewer.workerId) return member;
  member.phone = null;
  member.union = null;
  member.declineReason = null;
  return member;
}
