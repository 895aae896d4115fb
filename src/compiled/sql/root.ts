import { visibleSignUps } from '../../activities/sign-up.visibility.js';
import { parseGlobalId, type NodeTypeName } from '../../common/relay.js';
import { sql, type Sql } from '../../common/sql.js';
import { LATEST_COMMITTED } from '../../live/event-reader.js';
import type { UnionFilter } from '../../unions/union.inputs.js';
import { activityList, siteList, unionList } from './filters.js';
import { CannotCompile, concat, objectById, type FieldRequest, type Fields } from './shared.js';

/** Node types the compiler covers, with their tables; the others (sign-ups, competitions…) go to the resolvers. */
const TABLES: Partial<Record<NodeTypeName, string>> = {
  Union: 'unions',
  Site: 'sites',
  Activity: 'activities',
  Programme: 'programmes',
  SignUp: 'sign_ups',
  Club: 'clubs',
  ClubHonour: 'club_honours',
  ServiceCircle: 'service_circles',
};

/** The database id of a global id of `type`; an id the resolvers refuse is theirs to answer. */
function idArg(value: unknown, type: NodeTypeName): number {
  const parsed = parseGlobalId(value as string);
  if (!parsed || parsed.type !== type) throw new CannotCompile(`not a ${type} id`);
  return parsed.id;
}

const byId =
  (type: NodeTypeName) =>
  (field: FieldRequest): Sql => {
    const id = idArg(field.args.id, type);
    return objectById(field, type, TABLES[type]!, sql('?::int', id), id);
  };

/** `node(id)`: the type is known from the id, so its fragments are collected for that type. */
function node(field: FieldRequest, id: unknown): Sql {
  const parsed = parseGlobalId(id as string);
  if (!parsed) throw new CannotCompile('not an id');
  const table = TABLES[parsed.type];
  if (!table) throw new CannotCompile(`node of type ${parsed.type}`);
  // A sign-up the viewer may not see is null, as for an unknown id (signUpById).
  const visible =
    parsed.type === 'SignUp' ? (alias: string) => visibleSignUps(field.compiler.viewer(), alias) : undefined;
  return objectById(field, parsed.type, table, sql('?::int', parsed.id), parsed.id, visible);
}

/** The key union of a root list: `underUnion`, or 0 for every row. */
function underUnion(field: FieldRequest): number {
  const id = field.args.underUnion as string | null | undefined;
  return id ? idArg(id, 'Union') : 0;
}

const SUBTREE_OF = (column: string) =>
  `${column} in (select d.id from unions d, unions r where r.id = ?::int and d.path <@ r.path)`;

/** Query's fields; `viewer`, `auditLog` and competitions go to the resolvers. */
export const QUERY_FIELDS: Fields = {
  latestEventCursor: () => sql(`${LATEST_COMMITTED}::text`),
  union: byId('Union'),
  site: byId('Site'),
  activity: byId('Activity'),
  programme: byId('Programme'),
  club: byId('Club'),
  node: (field) => node(field, field.args.id),
  nodes: (field) => {
    const ids = field.args.ids as unknown[];
    if (ids.length > field.compiler.maxPageSize || ids.length > 100) throw new CannotCompile('too many ids');
    const items = ids.map((id) => node(field, id));
    return items.length
      ? concat('json_build_array(', ...items.flatMap((item, i) => (i ? [', ', item] : [item])), ')')
      : sql(`'[]'::json`);
  },
  unions: (field) => unionList(field, sql('true'), field.args.filter as UnionFilter | null, true, { constant: 0 }),
  sites: (field) => {
    const key = underUnion(field);
    return siteList(field, key ? sql(SUBTREE_OF('s.union_id'), key) : sql('true'), { constant: key });
  },
  activities: (field) => {
    const key = underUnion(field);
    return activityList(field, key ? sql(SUBTREE_OF('a.organiser_id'), key) : sql('true'), { constant: key });
  },
};
