import { sql, type Sql } from '../common/sql.js';

/** The mean Earth radius the `near` filter measures with (src/sites/site.loaders.ts). */
const EARTH_RADIUS_M = 6_371_008.8;

/**
 * A row's position as a point on the unit sphere, for the GiST index `sites_position_index`
 * (Migration20261201300000_coverage writes the same expression, so the planner matches it):
 * `<->` between two of them is the chord, which orders exactly as the great-circle distance.
 * Only for rows whose latitude and longitude are both set.
 */
export function unitSphere(alias: string): string {
  const lat = `radians(${alias}."latitude")`;
  const lng = `radians(${alias}."longitude")`;
  return `cube(array[
        cos(${lat}) * cos(${lng}),
        cos(${lat}) * sin(${lng}),
        sin(${lat})])`;
}

/** Great-circle distance in metres between two rows' positions (haversine, as `near` measures). */
export function haversine(a: string, b: string): Sql {
  return sql(
    `(2 * ${EARTH_RADIUS_M} * asin(sqrt(power(sin(radians(${b}.latitude - ${a}.latitude) / 2), 2)
      + cos(radians(${a}.latitude)) * cos(radians(${b}.latitude))
        * power(sin(radians(${b}.longitude - ${a}.longitude) / 2), 2))))`,
  );
}
