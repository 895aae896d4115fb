import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../errors.js';
import { toGlobalId } from './relay.js';
import { query, sql } from './sql.js';

/** Where a name must be unique, and how to say where it is taken. */
const SIBLINGS = {
  Union: {
    noun: 'union',
    find: (scopeId: number | null, name: string, exceptId: number) =>
      sql(
        `select u.id, u.name, p.name as scope_name from unions u left join unions p on p.id = u.parent_id
          where coalesce(u.parent_id, 0) = ? and name_key(u.name) = name_key(?) and u.id <> ?`,
        scopeId ?? 0,
        name,
        exceptId,
      ),
  },
  Site: {
    noun: 'site',
    find: (scopeId: number | null, name: string, exceptId: number) =>
      sql(
        `select s.id, s.name, u.name as scope_name from sites s join unions u on u.id = s.union_id
          where s.union_id = ? and name_key(s.name) = name_key(?) and s.id <> ?`,
        scopeId,
        name,
        exceptId,
      ),
  },
} as const;

/**
 * CONFLICT when a sibling already has the name: another union under the same parent (or
 * another root), another site of the same union. Names compare as the unique indexes
 * compare them (`name_key`: case, spacing and invisible characters aside), and the
 * message names the record that has it. Run after the locks, inside the mutation's
 * transaction; the indexes stop what a concurrent writer slips past.
 */
export async function assertNameFree(
  em: EntityManager,
  type: keyof typeof SIBLINGS,
  name: string,
  scopeId: number | null,
  exceptId = 0,
): Promise<void> {
  const { noun, find } = SIBLINGS[type];
  const [taken] = await query<{ id: number; name: string; scope_name: string | null }>(
    em,
    find(scopeId, name, exceptId),
  );
  if (!taken) return;
  const existingId = toGlobalId(type, taken.id);
  const where = taken.scope_name ? `${taken.scope_name} already has a ${noun}` : `There is already a root ${noun}`;
  throw new ConflictError(`${where} named ${taken.name} (id ${existingId})`, { existingId });
}
