import { pathWithinSql } from '../auth/access.js';
import type { Viewer } from '../auth/token.js';
import type { ScopeRef } from '../common/read-scope.js';
import { sql, type Sql } from '../common/sql.js';

/**
 * The sign-ups a viewer may see, as a condition on the `sign_ups` row aliased `x`. A
 * sign-up is a worker's personal data (name, phone, union, attendance): ADMIN sees every
 * one, STAFF those of activities organised in their subtree and those of workers whose
 * union is in their subtree, a WORKER their own (made with their token), anyone else none. Every read of sign-ups (by id, by activity)
 * puts this in its own statement, so the rule costs no statement of its own, and a row the
 * viewer may not see is simply not there: `node` answers null, as for an unknown id.
 */
export function visibleSignUps(viewer: Viewer | null, x: string): Sql {
  if (!viewer) return sql('false');
  // A worker sees the sign-ups they made themselves, and no one else's.
  if (viewer.role === 'WORKER') return sql(`${x}.worker_id = ?`, viewer.workerId);
  if (viewer.role === 'ADMIN') return sql('true');
  // Scalar subqueries, not EXISTS: PostgreSQL runs them as primary-key lookups per row,
  // where an EXISTS under OR becomes a hash of every activity in the viewer's subtree.
  const organiser = pathWithinSql(
    viewer,
    `(select o.path from activities a join unions o on o.id = a.organiser_id where a.id = ${x}.activity_id)`,
  );
  const workerUnion = pathWithinSql(viewer, `(select w.path from unions w where w.id = ${x}.union_id)`);
  return sql(`(${organiser.text} or ${workerUnion.text})`, ...organiser.params, ...workerUnion.params);
}

/**
 * What the sign-up rule reads besides the activity, for the response cache: for STAFF and
 * workers, where their union stands, since a worker's union or an organiser moving into or
 * out of its subtree changes what they see (such a move touches a path under it).
 */
export function signUpVisibilityReads(viewer: Viewer | null): ScopeRef[] {
  return viewer && viewer.role !== 'ADMIN' ? [{ union: viewer.unionId }] : [];
}
