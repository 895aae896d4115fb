import type { FieldNode } from 'graphql';
import type { Viewer } from '../../auth/token.js';
import type { KeyType } from '../../common/cursor.js';
import type { NodeTypeName } from '../../common/relay.js';
import { joinSql, sql, type Sql } from '../../common/sql.js';

/**
 * Thrown wherever the compiler meets something it does not translate, or a request the
 * resolvers would answer with an error: the request then goes on to Apollo, whose
 * resolvers define every field. `structural`: the document alone decides it (a field not
 * covered), so the document need not be compiled again.
 */
export class CannotCompile extends Error {
  constructor(
    reason: string,
    readonly structural = false,
  ) {
    super(reason);
  }
}

/** What a field compiler may ask of the compiler for the rest of the selection. */
export interface Compiler {
  /** The JSON object of `typeName` for the row aliased `row`, with the subfields of `nodes` (merged as graphql-js does). */
  object(typeName: string, row: string, nodes: readonly FieldNode[], rowId?: number): Sql;
  /** The subfields of `nodes` on `typeName`, by response key, as graphql-js collects them. */
  subfields(typeName: string, nodes: readonly FieldNode[]): Map<string, readonly FieldNode[]>;
  /** The coerced arguments of a subfield of `typeName`. */
  argumentsOf(typeName: string, nodes: readonly FieldNode[]): Record<string, unknown>;
  /** A table alias no other part of the statement uses. */
  alias(): string;
  maxPageSize: number;
  /**
   * The viewer, for the fields whose answer depends on who asks (sign-ups): reading it
   * marks the statement as the viewer's own, so it is kept per viewer scope.
   */
  viewer(): Viewer | null;
}

/** One selected field, as its compiler sees it. */
export interface FieldRequest {
  /** The parent row's alias (none at the root). */
  row: string;
  /** The parent row's id when the request names it (`union(id:)`, `node(id:)`…): its lists then take `after`. */
  rowId?: number;
  nodes: readonly FieldNode[];
  args: Record<string, unknown>;
  /** Parent type and field, for list names (cursors). */
  typeName: string;
  fieldName: string;
  compiler: Compiler;
}

export type FieldCompiler = (field: FieldRequest) => Sql;
export type Fields = Record<string, FieldCompiler>;

/** Concatenates raw text and SQL pieces, keeping parameters in order. */
export function concat(...parts: (string | Sql)[]): Sql {
  return joinSql(
    parts.map((part) => (typeof part === 'string' ? sql(part) : part)),
    '',
  );
}

/** A column or expression of the parent row, with no parameters. */
export const column =
  (name: string): FieldCompiler =>
  ({ row }) =>
    sql(`${row}.${name}`);

/** The global id as toGlobalId writes it: base64 of "Type:id" (short: no line breaks). */
function globalId(type: NodeTypeName, idExpr: string): string {
  return `encode(convert_to('${type}:' || ${idExpr}, 'UTF8'), 'base64')`;
}

export const idOf =
  (type: NodeTypeName): FieldCompiler =>
  ({ row }) =>
    sql(globalId(type, `${row}.id`));

/** DateTime as graphql-scalars serializes a Date: toISOString, milliseconds, UTC. */
export const dateTime =
  (name: string): FieldCompiler =>
  ({ row }) =>
    sql(`to_char(${row}.${name} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The one-row object of `table` whose id is `idExpr`, or null; `visible`: the condition
 * the viewer's rule puts on that row (null where they may not see it, as for an unknown id).
 */
export function objectById(
  field: FieldRequest,
  typeName: string,
  table: string,
  idExpr: Sql,
  knownId?: number,
  visible?: (alias: string) => Sql,
): Sql {
  const alias = field.compiler.alias();
  return concat(
    '(select ',
    field.compiler.object(typeName, alias, field.nodes, knownId),
    ` from ${table} ${alias} where ${alias}.id = `,
    idExpr,
    ...(visible ? [' and ', visible(alias)] : []),
    ')',
  );
}

/** A sort key of a list, over the listed row's alias. */
export interface ListKey {
  /** Over the list's alias (`u`, `s`, `a`, `x`); may carry parameters. */
  expr: Sql;
  type: KeyType;
}
