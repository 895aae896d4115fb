import { sql, type Sql } from '../../common/sql.js';
import { jsonObject } from './connection.js';
import { inSubtree } from './filters.js';
import { CannotCompile, concat, type FieldCompiler } from './shared.js';

/**
 * Union.stats as unionStats computes it, each selected figure a subquery over the
 * subtree through the tree index. Lists by kind or status run in name order, as the
 * resolver sorts them.
 */
export const stats: FieldCompiler = (field) => {
  const { compiler, row } = field;
  const from = field.args.from as Date | null | undefined;
  const to = field.args.to as Date | null | undefined;
  if (from && to && from > to) throw new CannotCompile('an empty period');
  const subtree = `d.path <@ ${row}.path`;
  const sites = `from sites s where ${inSubtree('s.union_id', `${row}.path`)}`;
  const period = (): Sql =>
    sql(
      `from activities a where ${inSubtree('a.organiser_id', `${row}.path`)}
        and (?::timestamptz is null or a.starts_at >= ?::timestamptz)
        and (?::timestamptz is null or a.starts_at < ?::timestamptz)`,
      ...[
        from?.toISOString() ?? null,
        from?.toISOString() ?? null,
        to?.toISOString() ?? null,
        to?.toISOString() ?? null,
      ],
    );
  const held = `and a.status <> 'CANCELLED'`;

  /** `[{ <label>: …, count: … }]` grouped by `column`, in name order. */
  const counts = (
    typeName: string,
    label: string,
    column: string,
    rows: Sql,
    nodes: Parameters<typeof compiler.subfields>[1],
  ): Sql => {
    const pairs: Sql[] = [];
    for (const [key, subNodes] of compiler.subfields(typeName, nodes)) {
      const name = subNodes[0].name.value;
      if (name === '__typename') pairs.push(sql(`'${key}', '${typeName}'`));
      else if (name === label) pairs.push(sql(`'${key}', g.k`));
      else if (name === 'count') pairs.push(sql(`'${key}', g.n`));
      else throw new CannotCompile(`${typeName}.${name}`, true);
    }
    return concat(
      'coalesce((select json_agg(',
      jsonObject(pairs),
      ` order by g.k::text collate "C") from (select ${column} as k, count(*)::int as n `,
      rows,
      ` group by ${column}) g), '[]'::json)`,
    );
  };

  const pairs: Sql[] = [];
  for (const [key, nodes] of compiler.subfields('UnionStats', field.nodes)) {
    const name = nodes[0].name.value;
    let value: Sql;
    switch (name) {
      case '__typename':
        value = sql(`'UnionStats'`);
        break;
      case 'unionCount':
        value = sql(`(select count(*)::int from unions d where ${subtree})`);
        break;
      case 'memberCount':
        value = sql(`(select coalesce(sum(d.member_count), 0)::bigint from unions d where ${subtree})`);
        break;
      case 'villagesWithoutSite':
        value = sql(`(select count(*)::int from unions d where ${subtree} and d.level = 'VILLAGE'
          and not exists (select 1 from sites s join unions v on v.id = s.union_id where v.path <@ d.path))`);
        break;
      case 'siteCount':
        value = sql(`(select count(*)::int ${sites})`);
        break;
      case 'sitesByKind':
        value = counts('SiteKindCount', 'kind', 's.kind', sql(sites), nodes);
        break;
      case 'activityCount':
        value = concat('(select count(*)::int ', period(), ')');
        break;
      case 'activitiesByStatus':
        value = counts('ActivityStatusCount', 'status', 'a.status', period(), nodes);
        break;
      case 'activitiesByKind':
        value = counts('ActivityKindCount', 'kind', 'a.kind', period(), nodes);
        break;
      case 'signUpCount':
        value = concat('(select coalesce(sum(a.sign_up_count), 0)::int ', period(), ` ${held})`);
        break;
      case 'attendanceCount':
        value = concat('(select coalesce(sum(a.attendance_count), 0)::int ', period(), ` ${held})`);
        break;
      default:
        throw new CannotCompile(`UnionStats.${name}`, true);
    }
    pairs.push(concat(`'${key}', `, value));
  }
  return jsonObject(pairs);
};
