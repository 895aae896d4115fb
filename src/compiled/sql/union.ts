import { sql } from '../../common/sql.js';
import type { UnionFilter } from '../../unions/union.inputs.js';
import { serviceCircles } from './coverage.js';
import { activityList, clubList, inSubtree, programmeList, siteList, unionList } from './filters.js';
import { column, concat, idOf, objectById, type Fields } from './shared.js';
import { stats } from './stats.js';

/** Union's fields over a `unions` row. */
export const UNION_FIELDS: Fields = {
  id: idOf('Union'),
  name: column('name'),
  level: column('level'),
  memberCount: column('member_count'),
  region: column('region'),
  depth: ({ row }) => sql(`nlevel(${row}.path)`),
  location: ({ row, nodes, compiler }) =>
    concat(
      `case when ${row}.latitude is null or ${row}.longitude is null then null else `,
      compiler.object('GeoPoint', row, nodes),
      ' end',
    ),
  parent: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.parent_id`)),
  ancestors: (field) => {
    const a = field.compiler.alias();
    return concat(
      'coalesce((select json_agg(',
      field.compiler.object('Union', a, field.nodes),
      ` order by nlevel(${a}.path)) from unions ${a} where ${a}.path @> ${field.row}.path and ${a}.id <> ${field.row}.id), '[]'::json)`,
    );
  },
  children: (field) =>
    unionList(field, sql(`u.parent_id = ${field.row}.id`), field.args.filter as UnionFilter | null, false, {
      column: `${field.row}.id`,
    }),
  descendants: (field) => {
    const filter = field.args.filter as UnionFilter | null;
    const level = field.args.level as string | null | undefined;
    const merged = { ...filter, levels: level ? [level] : filter?.levels } as UnionFilter;
    return unionList(field, sql(`u.path <@ ${field.row}.path and u.id <> ${field.row}.id`), merged, true, {
      column: `${field.row}.id`,
    });
  },
  sites: (field) =>
    siteList(
      field,
      sql(
        field.args.includeDescendants ? inSubtree('s.union_id', `${field.row}.path`) : `s.union_id = ${field.row}.id`,
      ),
      { column: `${field.row}.id` },
    ),
  activities: (field) =>
    activityList(
      field,
      sql(
        field.args.includeDescendants
          ? inSubtree('a.organiser_id', `${field.row}.path`)
          : `a.organiser_id = ${field.row}.id`,
      ),
      { column: `${field.row}.id` },
    ),
  programmes: (field) => programmeList(field),
  clubs: (field) => clubList(field),
  serviceCircles,
  stats,
};
