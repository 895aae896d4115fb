import type { EntityManager } from '@mikro-orm/postgresql';
import { findOrFail } from '../common/find-or-fail.js';
import { assertNameFree } from '../common/sibling-names.js';
import { query, sql } from '../common/sql.js';
import { BadInputError, ConflictError } from '../errors.js';
import { canHold, type UnionLevel } from './union-level.js';
import { Union } from './union.entity.js';

/**
 * Writes to the tree's shape. Every function runs inside the caller's transaction and
 * locks the rows whose paths it reads, so concurrent moves and inserts never leave a
 * stale path or a cycle.
 */

/** `field` is the argument to change: the level asked for, or the parent chosen. */
function levelError(parent: UnionLevel | undefined, child: UnionLevel, field: string): BadInputError {
  return new BadInputError(
    parent === undefined
      ? `A ${child} union cannot be a root; give it a parent`
      : `A ${parent} union cannot hold a ${child} union`,
    field,
  );
}

export async function insertUnion(
  em: EntityManager,
  data: {
    name: string;
    level: UnionLevel;
    parentId?: number;
    region?: string | null;
    memberCount?: number | null;
    location?: { latitude: number; longitude: number } | null;
  },
): Promise<Union> {
  const parent = data.parentId === undefined ? undefined : await findOrFail(em, Union, data.parentId, { lock: true });
  if (!canHold(parent?.level, data.level)) throw levelError(parent?.level, data.level, parent ? 'level' : 'parentId');
  await assertNameFree(em, 'Union', data.name, parent?.id ?? null);
  const [{ id }] = await query<{ id: number }>(em, sql(`select nextval('unions_id_seq')::int as id`));
  const union = em.create(Union, {
    id,
    name: data.name,
    level: data.level,
    parent: parent ?? null,
    path: parent ? `${parent.path}.${id}` : String(id),
    region: data.region ?? null,
    memberCount: data.memberCount ?? 0,
    latitude: data.location?.latitude ?? null,
    longitude: data.location?.longitude ?? null,
  });
  await em.flush();
  return union;
}

/** Checks a new level against the parent above and the children below. */
export async function assertLevelFits(em: EntityManager, union: Union, level: UnionLevel): Promise<void> {
  const parent = union.parent ? await findOrFail(em, Union, union.parent.id, { lock: true }) : undefined;
  if (!canHold(parent?.level, level)) throw levelError(parent?.level, level, 'level');
  const children = await query<{ level: UnionLevel }>(
    em,
    sql('select distinct level from unions where parent_id = ?', union.id),
  );
  const misfit = children.find((child) => !canHold(level, child.level));
  // The children as they stand forbid it, not the request: CONFLICT, as for deleting.
  if (misfit) throw new ConflictError(`A ${level} union cannot hold its ${misfit.level} children; move them first`);
}

/** Moves a union and its whole subtree under a new parent, rewriting every path in one statement. */
export async function moveSubtree(em: EntityManager, id: number, newParentId: number): Promise<void> {
  // One mover at a time: two crossing moves could otherwise each pass the cycle check.
  await em.execute(`select pg_advisory_xact_lock(hashtext('unionhub.tree.move'))`);
  const union = await findOrFail(em, Union, id, { lock: true });
  const parent = await findOrFail(em, Union, newParentId, { lock: true });
  if (parent.path === union.path || parent.path.startsWith(`${union.path}.`)) {
    throw new BadInputError('A union cannot move under itself or one of its descendants', 'newParentId');
  }
  if (!canHold(parent.level, union.level)) throw levelError(parent.level, union.level, 'newParentId');
  await assertNameFree(em, 'Union', union.name, parent.id, union.id);
  await em.execute(
    `update unions set
       path = ?::ltree || subltree(path, nlevel(?::ltree) - 1, nlevel(path)),
       parent_id = case when id = ? then ? else parent_id end,
       updated_at = case when id = ? then now() else updated_at end
     where path <@ ?::ltree`,
    [parent.path, union.path, id, parent.id, id, union.path],
  );
}

/** Deletes a union with nothing under or in it. */
export async function deleteLeafUnion(em: EntityManager, id: number): Promise<void> {
  await findOrFail(em, Union, id, { lock: true });
  const [uses] = await query<{ children: number; sites: number; activities: number; programmes: number }>(
    em,
    sql(
      `select (select count(*) from unions where parent_id = ?)::int as children,
              (select count(*) from sites where union_id = ?)::int as sites,
              (select count(*) from activities where organiser_id = ?)::int as activities,
              (select count(*) from programmes where union_id = ?)::int as programmes`,
      id,
      id,
      id,
      id,
    ),
  );
  const held = Object.entries(uses).filter(([, n]) => n > 0);
  if (held.length) {
    throw new ConflictError(
      `The union still has ${held.map(([what, n]) => `${n} ${what}`).join(', ')}; move or delete them first`,
    );
  }
  await em.execute('delete from unions where id = ?', [id]);
}
