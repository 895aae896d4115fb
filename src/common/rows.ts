import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Read paths turn rows into instances of the entity classes without MikroORM: no
 * identity map, no change-set snapshot, no hydrator. The instances have the class's
 * prototype, so the GraphQL getters (`nodeId`, `depth`, `placesLeft`…) work; a to-one
 * relation is an instance of its class holding only `id`, enough for `x.parent.id`.
 * They are read-only answers: a write loads and flushes its rows through the
 * EntityManager, never these.
 *
 * One mapper per entity, built once from MikroORM's metadata.
 */
type RowMapper<T> = (row: Record<string, unknown>) => T;

const mappers = new Map<EntityClass<object>, RowMapper<object>>();

export function toEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T {
  let mapper = mappers.get(entity);
  if (!mapper) {
    mapper = rowMapper(em, em.getMetadata().get(entity.name));
    mappers.set(entity, mapper);
  }
  return mapper(row) as T;
}

function rowMapper(em: EntityManager, meta: EntityMetadata<object>): RowMapper<object> {
  const platform = em.getPlatform();
  const setters: ((target: Record<string, unknown>, row: Record<string, unknown>) => void)[] = [];
  for (const prop of meta.props as EntityProperty<object>[]) {
    if (prop.persist === false || !prop.fieldNames?.length) continue;
    const column = prop.fieldNames[0];
    const name = prop.name as string;
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      const target = prop.targetMeta!.class.prototype as object;
      setters.push((entity, row) => {
        const id = row[column];
        if (id !== undefined) entity[name] = id === null ? null : Object.setPrototypeOf({ id }, target);
      });
    } else if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.EMBEDDED) {
      continue;
    } else if (prop.runtimeType === 'Date') {
      // MikroORM reads timestamps as text (its pg type parsers); parse them as its hydrator does.
      setters.push((entity, row) => {
        const value = row[column];
        if (value !== undefined)
          entity[name] = value === null ? null : value instanceof Date ? value : platform.parseDate(value as string);
      });
    } else if (prop.customType) {
      const type = prop.customType;
      setters.push((entity, row) => {
        const value = row[column];
        if (value !== undefined) entity[name] = value === null ? null : type.convertToJSValue(value, platform);
      });
    } else {
      setters.push((entity, row) => {
        const value = row[column];
        if (value !== undefined) entity[name] = value;
      });
    }
  }
  const prototype = meta.class.prototype as object;
  return (row) => {
    // Fields are set on a plain object first: MikroORM puts change-tracking setters on the
    // entity prototypes, which assigning on an instance would run.
    const entity: Record<string, unknown> = {};
    for (const set of setters) set(entity, row);
    return Object.setPrototypeOf(entity, prototype);
  };
}
