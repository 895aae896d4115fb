import { sql } from '../../common/sql.js';
import { activityList } from './filters.js';
import { column, concat, idOf, objectById, type Fields } from './shared.js';

/** Site's fields over a `sites` row. */
export const SITE_FIELDS: Fields = {
  id: idOf('Site'),
  name: column('name'),
  kind: column('kind'),
  address: column('address'),
  areaSqm: column('area_sqm'),
  openingHours: column('opening_hours'),
  facilities: column('facilities'),
  honours: column('honours'),
  rating: column('rating'),
  location: ({ row, nodes, compiler }) =>
    concat(
      `case when ${row}.latitude is null or ${row}.longitude is null then null else `,
      compiler.object('GeoPoint', row, nodes),
      ' end',
    ),
  union: (field) => objectById(field, 'Union', 'unions', sql(`${field.row}.union_id`)),
  activities: (field) => activityList(field, sql(`a.site_id = ${field.row}.id`), { column: `${field.row}.id` }),
};

/** GeoPoint over the site row it belongs to. */
export const GEO_POINT_FIELDS: Fields = {
  latitude: column('latitude'),
  longitude: column('longitude'),
};
