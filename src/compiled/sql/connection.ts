import { decodeCursor, listDigest, type KeyValue } from '../../common/cursor.js';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination.js';
import { joinSql, sql, type Sql } from '../../common/sql.js';
import { CannotCompile, concat, type FieldRequest, type ListKey } from './shared.js';

/** One list of rows behind a connection field, as the loaders define it (src/common/pages.ts). */
export interface ListSpec {
  /** The listed table, aliased `alias` in `where`. */
  table: string;
  alias: string;
  /** Which rows belong to the list, over `alias` and the parent row. */
  where: Sql;
  /** The list's sort keys; the row id follows. */
  keys: ListKey[];
  descending?: boolean;
  /** GraphQL type of the nodes, e.g. `Union`; the connection is `<nodeType>Connection`. */
  nodeType: string;
  /** The list's key for cursors: the parent row's id column, or a constant (0 for a root list). */
  parent: { column: string } | { constant: number };
}

const CAST: Record<ListKey['type'], string> = {
  int: 'int',
  float: 'float8',
  text: 'text',
  timestamp: 'timestamptz',
  date: 'date',
};

/** A key value as JSON text, exactly as a cursor of pages.ts holds it. */
function keyJson(expr: string, type: ListKey['type']): string {
  switch (type) {
    case 'int':
      return `(${expr})::text`;
    case 'timestamp':
      return `to_json(to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text`;
    case 'text':
    case 'date':
      return `to_json(${expr})::text`;
    case 'float':
      // As JSON.stringify writes the number, from PostgreSQL's shortest text (the same
      // digits): plain decimals down to 1e-6 (1.5e-05 → 0.000015), then exponents
      // without leading zeros (1e-07 → 1e-7). Keys are never negative (distances).
      return `(case when ${expr}::text ~ 'e-0[56]$'
        then '0.' || repeat('0', substring(${expr}::text from 'e-0([56])$')::int - 1)
          || replace(substring(${expr}::text from '^([0-9.]+)e'), '.', '')
        else regexp_replace(${expr}::text, 'e([+-])0*', 'e\\1') end)`;
  }
}

/** base64url without padding of the UTF-8 text, as Buffer's 'base64url' writes it. */
function base64url(text: Sql): Sql {
  return concat(
    'rtrim(translate(replace(encode(convert_to(',
    text,
    ", 'UTF8'), 'base64'), chr(10), ''), '+/', '-_'), '=')",
  );
}

/**
 * `Type.field(arguments)` as pageRequest names a list: the arguments as graphql-js
 * coerced them, without first and after.
 */
function listName(field: FieldRequest): string {
  const { first: _first, after: _after, ...shape } = field.args;
  return `${field.typeName}.${field.fieldName}(${JSON.stringify(shape)})`;
}

/**
 * A connection field as one SQL expression giving its JSON: totalCount, nodes, edges
 * (cursor, node) and pageInfo, in the order and with the aliases selected. The page is
 * the first `first` rows after the cursor in the list's order, one more telling whether
 * there is a next page, exactly as loadPages reads it.
 */
export function connection(field: FieldRequest, spec: ListSpec): Sql {
  const { compiler } = field;
  const { maxPageSize } = compiler;
  const first = field.args.first;
  const limit = first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > maxPageSize) {
    throw new CannotCompile('first out of range');
  }
  const after = (field.args.after as string | null | undefined) ?? null;
  const keys: ListKey[] = [...spec.keys, { expr: sql(`${spec.alias}.id`), type: 'int' }];
  const dir = spec.descending ? ' desc' : '';

  // The parent's id, when the request names the parent, keys the list like a root list's 0.
  const parent = 'column' in spec.parent && field.rowId !== undefined ? { constant: field.rowId } : spec.parent;
  let seek: Sql | null = null;
  if (after !== null) {
    // A cursor belongs to one parent's list; under a list of parents it is left to the resolvers.
    if (!('constant' in parent)) throw new CannotCompile('after on a nested list');
    let values: KeyValue[];
    try {
      values = decodeCursor(
        after,
        listDigest(listName(field), parent.constant),
        keys.map((k) => k.type),
      );
    } catch {
      throw new CannotCompile('a cursor the resolvers refuse');
    }
    const placeholders = keys.map((k) => `?::${CAST[k.type]}`).join(', ');
    seek = concat(
      '(',
      joinSql(
        keys.map((k) => k.expr),
        ', ',
      ),
      `) ${spec.descending ? '<' : '>'} (`,
      sql(placeholders, ...values),
      ')',
    );
  }

  const selected = compiler.subfields(`${spec.nodeType}Connection`, field.nodes);
  const p = compiler.alias();
  const inner = compiler.alias();
  let withCursors = false;
  let withPage = false;
  const inPage = `filter (where ${p}.k__n <= ${limit})`;
  const pairs: Sql[] = [];
  for (const [key, nodes] of selected) {
    const name = nodes[0].name.value;
    let value: Sql;
    switch (name) {
      case '__typename':
        value = sql(`'${spec.nodeType}Connection'`);
        break;
      case 'totalCount':
        value = concat(`(select count(*)::int from ${spec.table} ${spec.alias} where `, spec.where, ')');
        break;
      case 'nodes':
        value = concat(
          'coalesce(json_agg(',
          compiler.object(spec.nodeType, p, nodes),
          ` order by ${p}.k__n) ${inPage}, '[]'::json)`,
        );
        withPage = true;
        break;
      case 'edges': {
        const edge: Sql[] = [];
        for (const [edgeKey, edgeNodes] of compiler.subfields(`${spec.nodeType}Edge`, nodes)) {
          const edgeField = edgeNodes[0].name.value;
          if (edgeField === '__typename') edge.push(sql(`'${edgeKey}', '${spec.nodeType}Edge'`));
          else if (edgeField === 'cursor') {
            withCursors = true;
            edge.push(sql(`'${edgeKey}', ${p}.k__cursor`));
          } else if (edgeField === 'node') {
            edge.push(concat(`'${edgeKey}', `, compiler.object(spec.nodeType, p, edgeNodes)));
          } else throw new CannotCompile(`${spec.nodeType}Edge.${edgeField}`, true);
        }
        value = concat('coalesce(json_agg(', jsonObject(edge), ` order by ${p}.k__n) ${inPage}, '[]'::json)`);
        withPage = true;
        break;
      }
      case 'pageInfo': {
        const info: string[] = [];
        for (const [infoKey, infoNodes] of compiler.subfields('PageInfo', nodes)) {
          const infoField = infoNodes[0].name.value;
          if (infoField === '__typename') info.push(`'${infoKey}', 'PageInfo'`);
          else if (infoField === 'hasNextPage') info.push(`'${infoKey}', count(*) > ${limit}`);
          else if (infoField === 'hasPreviousPage') info.push(`'${infoKey}', ${after !== null}`);
          else if (infoField === 'startCursor' || infoField === 'endCursor') {
            withCursors = true;
            const order = infoField === 'startCursor' ? '' : ' desc';
            info.push(`'${infoKey}', (array_agg(${p}.k__cursor order by ${p}.k__n${order}) ${inPage})[1]`);
          } else throw new CannotCompile(`PageInfo.${infoField}`, true);
        }
        value = jsonObject(info.map((text) => sql(text)));
        withPage = true;
        break;
      }
      default:
        throw new CannotCompile(`${spec.nodeType}Connection.${name}`, true);
    }
    pairs.push(concat(`'${key}', `, value));
  }

  // Only totalCount (or nothing): no page to read.
  if (!withPage) return concat('(select ', jsonObject(pairs), ')');
  // The page: at most limit + 1 rows in the list's order, then numbered (and given
  // cursors) in that same order. `group by ()`: one row, also for an empty page.
  const sortColumns = joinSql(
    keys.map((k, i) => concat(k.expr, ` as k__s${i}`)),
    ', ',
  );
  const rows = concat(
    `select ${spec.alias}.*, `,
    sortColumns,
    ` from ${spec.table} ${spec.alias} where `,
    joinSql(seek ? [spec.where, seek] : [spec.where], ' and '),
    ' order by ',
    joinSql(
      keys.map((k) => concat(k.expr, dir)),
      ', ',
    ),
    ` limit ${limit + 1}`,
  );
  const numbered = `row_number() over (order by ${keys.map((_k, i) => `${inner}.k__s${i}${dir}`).join(', ')}) as k__n`;
  let cursor: Sql = sql('');
  if (withCursors) {
    const name = listName(field);
    const digest =
      'constant' in parent
        ? sql('?::text', listDigest(name, parent.constant))
        : sql(
            `translate(substr(encode(sha256(convert_to(?::text || (${parent.column})::text, 'UTF8')), 'base64'), 1, 16), '+/', '-_')`,
            `${name}\n`,
          );
    const values = keys.map((k, i) => keyJson(`${inner}.k__s${i}`, k.type)).join(` || ',' || `);
    cursor = concat(', ', base64url(concat(`'["v1","' || `, digest, ` || '",' || ${values} || ']'`)), ' as k__cursor');
  }
  return concat(
    '(select ',
    jsonObject(pairs),
    ` from (select ${inner}.*, ${numbered}`,
    cursor,
    ' from (',
    rows,
    `) ${inner}) ${p} group by ())`,
  );
}

/** json_build_object over `'key', value` pairs; PostgreSQL takes at most 100 arguments. */
export function jsonObject(pairs: Sql[]): Sql {
  if (pairs.length > 50) throw new CannotCompile('more than 50 fields in one object', true);
  return concat('json_build_object(', joinSql(pairs, ', '), ')');
}
