import { sql } from '../../common/sql.js';
import { connection } from './connection.js';
import { column, concat, idOf, objectById, type FieldCompiler, type Fields } from './shared.js';

/** A service circle over a `service_circles` row (coverage.resolver.ts). */
export const SERVICE_CIRCLE_FIELDS: Fields = {
  id: idOf('ServiceCircle'),
  name: column('name'),
  hub: (field) => objectById(field, 'Site', 'sites', sql(`${field.row}.hub_site_id`)),
  // The union that runs the hub.
  union: (field) =>
    objectById(field, 'Union', 'unions', sql(`(select h.union_id from sites h where h.id = ${field.row}.hub_site_id)`)),
  // serviceCircleSites: the sites it serves besides its hub, by name.
  sites: ({ row, nodes, compiler }) => {
    const z = compiler.alias();
    return concat(
      'coalesce((select json_agg(',
      compiler.object('Site', z, nodes),
      ` order by ${z}.name, ${z}.id) from (select s.* from service_circle_sites m join sites s on s.id = m.site_id
        where m.circle_id = ${row}.id) ${z}), '[]'::json)`,
    );
  },
};

/** serviceCirclePage: circles whose hub is run by a union of the subtree, by name. */
export const serviceCircles: FieldCompiler = (field) =>
  connection(field, {
    table: 'service_circles',
    alias: 'sc',
    where: sql(`sc.hub_site_id in (select s.id from sites s join unions d on d.id = s.union_id
      where d.path <@ ${field.row}.path)`),
    keys: [{ expr: sql('sc.name'), type: 'text' }],
    nodeType: 'ServiceCircle',
    parent: { column: `${field.row}.id` },
  });
