import { decodeCursor, encodeCursor, listDigest } from '../common/cursor.js';
import type { PageRequest } from '../common/pagination.js';
import type { ReadReport } from '../common/read-scope.js';
import type { Page } from '../common/relay.js';
import { inEnum, intArray, query, sql, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import type { UnionLevel } from '../unions/union-level.js';
import type { CoverageArea, CoverageCounts, CoveragePlace, CoverageQuestion } from './coverage.types.js';
import { haversine, unitSphere } from './geo.js';

/**
 * Every answer reads the subtree's villages (their locations and member counts) and the
 * sites of the whole city: the nearest site of a village near a border may belong to the
 * neighbouring county, so any write to a site may change it.
 */
function reads(unionIds: readonly number[]): () => ReadReport {
  return () => ({ refs: unionIds.map((union) => ({ union })), tables: ['sites'] });
}

/** What a batch of coverage questions shares: all but the union. */
type Shape = Omit<CoverageQuestion, 'unionId'>;

/**
 * `places`: for each key union (`k.key`), each located village or community (level
 * VILLAGE) of its subtree with its nearest site of the kinds asked, found by a KNN scan of
 * `sites_position_index` (one index probe per place, in PostgreSQL), and the haversine
 * distance to it.
 */
function withPlaces(shape: Shape, keys: readonly number[], body: Sql): Sql {
  const kinds = shape.kinds ? inEnum('s.kind', 'site_kind', shape.kinds) : sql('true');
  const distance = haversine('v', 's');
  return sql(
    `with places as materialized (
      select k.key, v.id, v.path, v.member_count, n.site_id, n.distance,
             coalesce(n.distance <= ?, false) as covered
      from unnest(${intArray(keys).text}) as k(key)
      join unions r on r.id = k.key
      join unions v on v.path <@ r.path and v.level = 'VILLAGE' and v.latitude is not null
      left join lateral (
        select s.id as site_id, ${distance.text} as distance
        from sites s
        where s.latitude is not null and s.longitude is not null and ${kinds.text}
        order by ${unitSphere('s')} <-> ${unitSphere('v')}
        limit 1) n on true)
    ${body.text}`,
    shape.radiusMeters,
    ...distance.params,
    ...kinds.params,
    ...body.params,
  );
}

/** A loader's name for a batch of questions that differ only in their union. */
const shapeName = (what: string, shape: Shape, extra = '') =>
  `Coverage.${what}:${shape.radiusMeters}:${shape.kinds?.join(',') ?? ''}:${extra}`;

interface CountsRow {
  place_count: number;
  covered_count: number;
  uncovered_members: string;
  unlocated_count: number;
}

function counts(row: CountsRow): CoverageCounts {
  return {
    placeCount: row.place_count,
    coveredCount: row.covered_count,
    ratio: row.place_count ? row.covered_count / row.place_count : null,
    uncoveredMemberCount: Number(row.uncovered_members),
    unlocatedCount: row.unlocated_count,
  };
}

/** Over `p` (places, grouped as the caller says), the counts CoverageCounts shows. */
const COUNTS = `count(p.id)::int as place_count,
  count(p.id) filter (where p.covered)::int as covered_count,
  coalesce(sum(p.member_count) filter (where not p.covered), 0)::bigint as uncovered_members`;

/** The statement of the key unions' counts (exported for the test that checks its plan uses the index). */
export function totalsStatement(shape: Shape, keys: readonly number[]): Sql {
  return withPlaces(
    shape,
    keys,
    sql(
      `select k.key, ${COUNTS},
        (select count(*) from unions r join unions v on v.path <@ r.path
         where r.id = k.key and v.level = 'VILLAGE' and v.latitude is null)::int as unlocated_count
      from unnest(${intArray(keys).text}) as k(key) left join places p on p.key = k.key
      group by k.key`,
    ),
  );
}

/** Counts over each union's whole subtree: one statement for a batch of unions. */
export function coverageTotals(ctx: Context, question: CoverageQuestion): Promise<CoverageCounts> {
  const { unionId, ...shape } = question;
  return ctx.loaders
    .get<number, CoverageCounts>(shapeName('totals', shape), async (keys) => {
      const rows = await query<CountsRow & { key: number }>(ctx.em, {
        ...totalsStatement(shape, keys),
        reads: reads(keys),
      });
      const byKey = new Map(rows.map((row) => [Number(row.key), counts(row)]));
      return keys.map((key) => byKey.get(key)!);
    })
    .load(unionId);
}

/** Counts for every union of one level in each key union's subtree (itself included), least covered first. */
export function coverageAreas(ctx: Context, question: CoverageQuestion, level: UnionLevel): Promise<CoverageArea[]> {
  const { unionId, ...shape } = question;
  return ctx.loaders
    .get<number, CoverageArea[]>(shapeName('areas', shape, level), async (keys) => {
      const rows = await query<CountsRow & { key: number; id: number }>(ctx.em, {
        ...withPlaces(
          shape,
          keys,
          sql(
            `select k.key, a.id, ${COUNTS},
              (select count(*) from unions u
               where u.path <@ a.path and u.level = 'VILLAGE' and u.latitude is null)::int as unlocated_count
            from unnest(${intArray(keys).text}) as k(key)
            join unions r on r.id = k.key
            join unions a on a.path <@ r.path and a.level = ?::union_level
            left join places p on p.key = k.key and p.path <@ a.path
            group by k.key, a.id, a.name
            order by k.key,
              count(p.id) filter (where p.covered)::float8 / nullif(count(p.id), 0) asc nulls last, a.name, a.id`,
            level,
          ),
        ),
        reads: reads(keys),
      });
      const byKey = new Map<number, CoverageArea[]>(keys.map((key) => [key, []]));
      for (const row of rows) byKey.get(Number(row.key))!.push({ ...counts(row), unionId: row.id });
      return keys.map((key) => byKey.get(key)!);
    })
    .load(unionId);
}

interface PlaceRow {
  id: number;
  member_count: number;
  site_id: number | null;
  distance: number | null;
  covered: boolean;
  total: number | null;
}

/**
 * One page of the places, most members first ("where the next site goes"), then by id;
 * `covered` narrows it to the covered (true) or the uncovered (false) ones.
 */
export async function coveragePlaces(
  ctx: Context,
  question: CoverageQuestion,
  covered: boolean | null,
  page: PageRequest,
): Promise<Page<CoveragePlace>> {
  // The list is also shaped by the coverage question above it (radius and kinds).
  const list = `${page.list}:${question.radiusMeters}:${question.kinds?.join(',') ?? ''}`;
  const digest = page.list ? listDigest(list, question.unionId) : '';
  // The order is (member_count desc, id asc), kept as the ascending pair (-member_count, id).
  const after = page.after === null ? null : decodeCursor(page.after, digest, ['int', 'int']);
  const filter = covered === null ? sql('true') : sql('p.covered = ?', covered);
  const seek = after ? sql('(-p.member_count, p.id) > (?::int, ?::int)', ...after) : sql('true');
  const total = page.withCount
    ? sql(`(select count(*) from places p where ${filter.text})::int`, ...filter.params)
    : sql('null::int');
  const { unionId, ...shape } = question;
  const rows = await query<PlaceRow>(ctx.em, {
    ...withPlaces(
      shape,
      [unionId],
      sql(
        `select p.id, p.member_count, p.site_id, p.distance, p.covered, ${total.text} as total
        from places p where ${filter.text} and ${seek.text}
        order by p.member_count desc, p.id
        limit ?`,
        ...total.params,
        ...filter.params,
        ...seek.params,
        page.limit + 1,
      ),
    ),
    reads: reads([unionId]),
  });
  const shown = rows.slice(0, page.limit);
  let totalCount = rows[0]?.total ?? 0;
  if (page.withCount && !rows.length) {
    // An empty page still answers the size of the whole list.
    const [row] = await query<{ total: number }>(ctx.em, {
      ...withPlaces(shape, [unionId], sql(`select ${total.text} as total`, ...total.params)),
      reads: reads([unionId]),
    });
    totalCount = row.total;
  }
  return {
    nodes: shown.map((row) => ({
      unionId: row.id,
      siteId: row.site_id,
      distanceMeters: row.distance,
      covered: row.covered,
    })),
    cursors: page.withCursors ? shown.map((row) => encodeCursor(digest, [-row.member_count, row.id])) : [],
    totalCount,
    hasNextPage: rows.length > page.limit,
    hasPreviousPage: after !== null,
  };
}
