import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../errors.js';
import { toGlobalId, type NodeTypeName } from './relay.js';
import { query, sql } from './sql.js';

/** NOT_FOUND for a node, named as clients know it: its type and global id. */
export function nodeNotFound(type: NodeTypeName, id: number): NotFoundError {
  return new NotFoundError(type, toGlobalId(type, id));
}

/**
 * The row a write reads by id, as an entity the transaction may change and flush, or
 * NOT_FOUND (`type` defaults to the entity's name). `lock` takes the row `for update`
 * until the transaction ends: writers of one row queue up there, and each reads it as
 * the one before it left it. Read paths map rows with toEntity (rows.ts) instead.
 */
export async function findOrFail<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  id: number,
  options: { lock?: boolean; type?: NodeTypeName } = {},
): Promise<T> {
  const meta = em.getMetadata().get(entity.name);
  const key = meta.getPrimaryProps()[0]!.fieldNames[0];
  const lock = options.lock ? ' for update' : '';
  const [row] = await query<EntityDictionary<T>>(
    em,
    sql(`select * from "${meta.tableName}" where "${key}" = ?${lock}`, id),
  );
  if (!row) throw nodeNotFound(options.type ?? (entity.name as NodeTypeName), id);
  return em.map(entity, row);
}
