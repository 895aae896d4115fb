import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What one SQL statement of a query read, for the response cache: which union subtrees
 * its rows came from, and which tables it read across every union.
 *
 * How a read path reports its scope: give the `Sql` it runs through `query()` a `reads`
 * function (loadByIds and loadPages take one for their statement) that returns, from
 * the rows it got, either
 * - `refs`: the owners whose union subtrees hold everything the statement read, as ids
 *   of unions, sites, activities or programmes (the cache turns them into union paths);
 *   for a list keyed by a parent, the parent (its whole subtree where the list reaches
 *   below it); for rows by id, each row's owner; and
 * - `tables`: the tracked tables (TrackedTable) the statement read without a union
 *   filter, e.g. a root list of unions;
 * or GLOBAL. A statement without `reads` counts as GLOBAL: an answer is narrowed only by
 * positive knowledge, so forgetting to report never makes a cached answer stale, it only
 * makes it forgotten by every write.
 *
 * A report is a promise about the writes that can change the statement's result: each of
 * them changes a row of a tracked table that hangs under one of the reported subtrees (as
 * the row triggers of Migration20261130000000_touched_paths see it), or a reported table.
 * A statement that reads any other table (competitions, audit entries, revocations…) must
 * stay GLOBAL.
 */
export type ReadReport = { refs?: ScopeRef[]; tables?: TrackedTable[] } | typeof GLOBAL;

export const GLOBAL = 'global';

/** A row whose union path stands for a subtree: the union itself, a site's, an activity's organiser, a programme's union. */
export type ScopeRef = { union: number } | { site: number } | { activity: number } | { programme: number };

/** The tables whose writes record the union paths they touched (the row triggers). */
export type TrackedTable = 'unions' | 'sites' | 'activities' | 'programmes' | 'sign_ups';

/** A read of these unions' subtrees (each union, and whatever hangs under it). */
export function unionRefs(ids: readonly number[]): ReadReport {
  return { refs: ids.map((union) => ({ union })) };
}

/** Everything one request's statements reported, until the cache stores the answer. */
export class ReadScope {
  global = false;
  readonly unions = new Set<number>();
  readonly sites = new Set<number>();
  readonly activities = new Set<number>();
  readonly programmes = new Set<number>();
  readonly tables = new Set<TrackedTable>();

  add(report: ReadReport): void {
    if (report === GLOBAL) {
      this.global = true;
      return;
    }
    if (this.global) return;
    for (const table of report.tables ?? []) this.tables.add(table);
    for (const ref of report.refs ?? []) {
      if ('union' in ref) this.unions.add(ref.union);
      else if ('site' in ref) this.sites.add(ref.site);
      else if ('activity' in ref) this.activities.add(ref.activity);
      else this.programmes.add(ref.programme);
    }
  }
}

/** The collector of each request's EntityManager (the context's fork). */
const scopes = new WeakMap<EntityManager, ReadScope>();

/** Starts collecting what the statements sent through `em` read. */
export function collectReads(em: EntityManager): ReadScope {
  const scope = new ReadScope();
  scopes.set(em, scope);
  return scope;
}

/** What has been read through `em` so far; undefined when nobody collects for it. */
export function readScopeOf(em: EntityManager): ReadScope | undefined {
  return scopes.get(em);
}

/** query() reports every statement it runs: its `reads`, or GLOBAL without one. */
export function reportRead(em: EntityManager, report: () => ReadReport): void {
  scopes.get(em)?.add(report());
}
