import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReadScope } from '../common/read-scope.js';
import { prepared, queryPrepared, sql } from '../common/sql.js';

/**
 * What a cached answer read, as the writes that may change it are recorded: union paths
 * (ltree text; a write touching one of them, an ancestor or a descendant forgets the
 * answer) and tracked tables read across every union (a write changing one forgets it).
 * `null`: it may have read anything, and any write forgets it.
 */
export type AnswerScope = { paths: string[]; tables: string[] } | null;

/** More subtrees than this are kept as their common ancestor: a check stays one short scan. */
const MAX_PATHS = 16;

/** The union paths of rows by id (unions, sites, activities, programmes), prepared once per connection. */
const OWNER_PATHS = prepared(
  sql(
    `select count(*)::int as found, coalesce(array_agg(distinct path::text), '{}') as paths from (
       select u.path from unions u where u.id = any(?::int[])
       union all
       select u.path from sites s join unions u on u.id = s.union_id where s.id = any(?::int[])
       union all
       select u.path from activities a join unions u on u.id = a.organiser_id where a.id = any(?::int[])
       union all
       select u.path from programmes p join unions u on u.id = p.union_id where p.id = any(?::int[])
     ) owners`,
    [],
    [],
    [],
    [],
  ),
);

/**
 * Turns what the request's statements reported into the answer's scope, in one statement
 * when it reported rows (none when it read nothing tracked, or anything).
 *
 * The ids are turned into paths after the answer was computed. That is safe: a path that
 * changed since the answer's cursor changed by a move, which committed after that cursor
 * and touched the new path (and the old); so the answer, stored under the new path, is
 * forgotten at its first check. An id that no longer exists makes the answer global.
 */
export async function answerScope(em: EntityManager, reads: ReadScope | undefined): Promise<AnswerScope> {
  if (!reads || reads.global) return null;
  const tables = [...reads.tables].sort();
  const asked = reads.unions.size + reads.sites.size + reads.activities.size + reads.programmes.size;
  if (!asked) return { paths: [], tables };
  const [row] = await queryPrepared<{ found: number; paths: string[] }>(em, {
    ...OWNER_PATHS,
    values: [[...reads.unions], [...reads.sites], [...reads.activities], [...reads.programmes]],
  });
  if (!row || row.found !== asked) return null;
  return { paths: outermost(row.paths), tables };
}

/** The paths none of the others holds; past MAX_PATHS, their common ancestor alone. */
function outermost(paths: string[]): string[] {
  const labels = paths.map((p) => p.split('.')).sort((a, b) => a.length - b.length);
  const kept: string[][] = [];
  for (const path of labels) if (!kept.some((k) => isPrefix(k, path))) kept.push(path);
  if (kept.length <= MAX_PATHS) return kept.map((k) => k.join('.')).sort();
  let common = kept[0]!;
  for (const path of kept) {
    let n = 0;
    while (n < common.length && n < path.length && common[n] === path[n]) n++;
    common = common.slice(0, n);
  }
  return [common.join('.')];
}

/** Whether `prefix` is `path` or one of its ancestors, as label lists (ltree's `@>`). */
export function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((label, i) => label === path[i]);
}
