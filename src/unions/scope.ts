import { sql, type Sql } from '../common/sql.js';

/** Which unions a list covers, relative to the batch key `k.key` (a union id). */
export type UnionScope = 'own' | 'subtree' | 'all';

/** Condition on a row's union column: the key union itself, its whole subtree through the ltree index, or any. */
export function unionScope(column: string, scope: UnionScope): Sql {
  switch (scope) {
    case 'own':
      return sql(`${column} = k.key`);
    case 'subtree':
      return sql(`${column} in (select d.id from unions d, unions r where r.id = k.key and d.path <@ r.path)`);
    case 'all':
      return sql('true');
  }
}

export function scopeOf(includeDescendants: boolean | null | undefined): UnionScope {
  return includeDescendants ? 'subtree' : 'own';
}
