import type { EntityManager } from '@mikro-orm/postgresql';
import { intArray, query, sql, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Staff, Viewer, Worker } from './token.js';

/**
 * The signed-in staff member: UNAUTHENTICATED without a token, FORBIDDEN for a worker's
 * (a worker acts for themselves only, through the mutations made for them).
 */
export function requireStaff(ctx: Context): Staff {
  if (!ctx.viewer) throw new UnauthenticatedError();
  if (ctx.viewer.role === 'WORKER')
    throw new ForbiddenError("This needs a staff token: a worker's token acts for its own worker only");
  return ctx.viewer;
}

/** The signed-in worker: UNAUTHENTICATED without a token, FORBIDDEN for staff (who act through `signUp` and the like). */
export function requireWorker(ctx: Context): Worker {
  if (!ctx.viewer)
    throw new UnauthenticatedError(
      "Sign in: this needs a worker's bearer token from the portal (Authorization: Bearer …)",
    );
  if (ctx.viewer.role !== 'WORKER')
    throw new ForbiddenError("This needs a worker's own token: staff act for workers through signUp and cancelSignUp");
  return ctx.viewer;
}

/** Whether a union path ("1.5.23", ids from the root) lies in the staff member's subtree. */
function pathWithin(staff: Staff, path: string): boolean {
  return staff.role === 'ADMIN' || path.split('.').includes(String(staff.unionId));
}

/** pathWithin in SQL: whether the ltree `path` expression lies in the staff member's subtree. */
export function pathWithinSql(staff: Staff, path: string): Sql {
  if (staff.role === 'ADMIN') return sql('true');
  return sql(`${path} <@ (select vu.path from unions vu where vu.id = ?)`, staff.unionId);
}

/**
 * Everything about the viewer that what they may read depends on: anonymous, ADMIN
 * (everything), STAFF of one union (their subtree, see pathWithin), or one WORKER (their
 * own sign-ups). Answers and loaders that depend on the viewer are keyed by it: shared
 * within a scope, never across scopes.
 */
export function viewerScope(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  if (viewer.role === 'WORKER') return `WORKER:${JSON.stringify(viewer.workerId)}`;
  return viewer.role === 'ADMIN' ? 'ADMIN' : `STAFF:${viewer.unionId}`;
}

/**
 * Refuses unless every listed union lies in the staff member's subtree (their own union
 * or below it). Paths are read in the caller's transaction, after its locks, through
 * the tree index like every other subtree question. Unknown ids are left to the caller's
 * NOT_FOUND. `what` names what is out of reach, or names it from the union that is
 * (a bulk write's site or entry).
 */
export async function assertWithinSubtree(
  ctx: Context,
  em: EntityManager,
  unionIds: readonly number[],
  what: string | ((unionId: number) => string) = 'This',
): Promise<Staff> {
  const staff = requireStaff(ctx);
  if (staff.role === 'ADMIN' || unionIds.length === 0) return staff;
  const rows = await query<{ id: number; name: string; path: string }>(
    em,
    sql(`select id, name, path::text from unions where id = any(${intArray(unionIds).text})`),
  );
  const outside = rows.find((row) => !pathWithin(staff, row.path));
  if (outside) {
    const named = typeof what === 'string' ? what : what(outside.id);
    throw new ForbiddenError(`${named} is outside your union's subtree: ${outside.name} is not under your union`);
  }
  return staff;
}

/**
 * Refuses unless at least one of the unions lies in the staff member's subtree: a sign-up
 * may be recorded by the organiser's staff or by the staff of the worker's own union.
 * Each union comes with what it is to the change (`the worker's union`), for the message.
 */
export async function assertAnyWithinSubtree(
  ctx: Context,
  em: EntityManager,
  unions: readonly { id: number | null | undefined; is: string }[],
): Promise<Staff> {
  const staff = requireStaff(ctx);
  if (staff.role === 'ADMIN') return staff;
  const ids = unions.flatMap((u) => (u.id == null ? [] : [u.id]));
  const rows = await query<{ id: number; name: string; path: string }>(
    em,
    sql(`select id, name, path::text from unions where id = any(${intArray(ids).text})`),
  );
  if (!rows.some((row) => pathWithin(staff, row.path))) {
    const named = unions.flatMap((u) => {
      const row = rows.find((r) => r.id === u.id);
      return row ? [`${u.is} ${row.name}`] : [];
    });
    const subject = named.join(' and ');
    throw new ForbiddenError(
      `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${named.length > 1 ? 'are' : 'is'} outside your union's subtree`,
    );
  }
  return staff;
}

/** Only ADMIN staff may do what belongs to no subtree, such as creating a root union. */
export function assertAdmin(ctx: Context, what: string): Staff {
  const staff = requireStaff(ctx);
  if (staff.role !== 'ADMIN') throw new ForbiddenError(`${what} needs an ADMIN token`);
  return staff;
}
