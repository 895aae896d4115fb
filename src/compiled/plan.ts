import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  type FieldNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import type { Viewer } from '../auth/token.js';
import type { ReadScope } from '../common/read-scope.js';
import { prepared, sql, type Prepared, type Sql } from '../common/sql.js';
import { LATEST_COMMITTED } from '../live/event-reader.js';
import { collectFields, type Collecting } from './collect.js';
import { CompiledReads } from './reads.js';
import { ACTIVITY_FIELDS, ACTIVITY_SESSION_FIELDS, PROGRAMME_FIELDS, SIGN_UP_FIELDS } from './sql/activity.js';
import { CLUB_FIELDS, CLUB_HONOUR_CORRECTION_FIELDS, CLUB_HONOUR_FIELDS } from './sql/club.js';
import { jsonObject } from './sql/connection.js';
import { SERVICE_CIRCLE_FIELDS } from './sql/coverage.js';
import { QUERY_FIELDS } from './sql/root.js';
import { CannotCompile, concat, type Compiler, type Fields } from './sql/shared.js';
import { GEO_POINT_FIELDS, SITE_FIELDS } from './sql/site.js';
import { UNION_FIELDS } from './sql/union.js';

/** Every object type the compiler covers and how each of its fields becomes SQL. */
const TYPES: Record<string, Fields> = {
  Query: QUERY_FIELDS,
  Union: UNION_FIELDS,
  Site: SITE_FIELDS,
  GeoPoint: GEO_POINT_FIELDS,
  Activity: ACTIVITY_FIELDS,
  Programme: PROGRAMME_FIELDS,
  ActivitySession: ACTIVITY_SESSION_FIELDS,
  SignUp: SIGN_UP_FIELDS,
  Club: CLUB_FIELDS,
  ClubHonour: CLUB_HONOUR_FIELDS,
  ClubHonourCorrection: CLUB_HONOUR_CORRECTION_FIELDS,
  ServiceCircle: SERVICE_CIRCLE_FIELDS,
};

export interface PlanInput extends Collecting {
  operation: OperationDefinitionNode;
  maxPageSize: number;
  /** Also read the event log's newest committed cursor (for the response cache). */
  withCursor: boolean;
  /** Who asks: the fields whose answer depends on it (sign-ups) read it. */
  viewer: Viewer | null;
}

/** A compiled operation: its statement and what it reads. */
export interface Plan {
  statement: Prepared;
  reads: ReadScope;
  /** The statement depends on the viewer (their scope is in its SQL): keep it per viewer scope. */
  byViewer: boolean;
}

/**
 * One statement answering the query operation: a single row whose `data` column is the
 * JSON text of the response's `data`, and (withCursor) `cursor` the event log's newest
 * committed cursor as of the same snapshot. Throws CannotCompile for anything the compiler
 * does not cover, or that the resolvers would answer with an error.
 */
export function planQuery(input: PlanInput): Plan {
  const { schema, operation } = input;
  const queryType = schema.getQueryType();
  if (operation.operation !== 'query' || !queryType) throw new CannotCompile('not a query', true);
  let aliases = 0;
  let byViewer = false;
  const reads = new CompiledReads(input.viewer);

  const typeNamed = (name: string): GraphQLObjectType => {
    const type = schema.getType(name);
    if (!isObjectType(type)) throw new CannotCompile(`${name} is not an object type`, true);
    return type;
  };
  const subfields = (typeName: string, nodes: readonly FieldNode[]) =>
    collectFields(
      input,
      typeNamed(typeName),
      nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
    );
  const argumentsOf = (typeName: string, nodes: readonly FieldNode[]) => {
    const fieldName = nodes[0].name.value;
    const definition = typeNamed(typeName).getFields()[fieldName];
    if (!definition) throw new CannotCompile(`${typeName}.${fieldName}`, true);
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, nodes[0], input.variables);
    } catch {
      throw new CannotCompile('arguments the resolvers refuse');
    }
    reads.field(typeName, fieldName, getNamedType(definition.type).name, args);
    return args;
  };
  const fieldsOf = (typeName: string, row: string, fields: Map<string, readonly FieldNode[]>, rowId?: number): Sql => {
    const compilers = TYPES[typeName];
    if (!compilers) throw new CannotCompile(typeName, true);
    const pairs: Sql[] = [];
    for (const [key, nodes] of fields) {
      const fieldName = nodes[0].name.value;
      if (fieldName === '__typename') {
        pairs.push(sql(`'${key}', '${typeName}'`));
        continue;
      }
      const compile = compilers[fieldName];
      if (!compile) throw new CannotCompile(`${typeName}.${fieldName}`, true);
      const value = compile({ row, rowId, nodes, args: argumentsOf(typeName, nodes), typeName, fieldName, compiler });
      pairs.push(concat(`'${key}', `, value));
    }
    return jsonObject(pairs);
  };
  const compiler: Compiler = {
    object: (typeName, row, nodes, rowId) => fieldsOf(typeName, row, subfields(typeName, nodes), rowId),
    subfields,
    argumentsOf,
    alias: () => `c${++aliases}`,
    maxPageSize: input.maxPageSize,
    viewer: () => {
      byViewer = true;
      return input.viewer;
    },
  };
  const data = fieldsOf('Query', '', collectFields(input, queryType, [operation.selectionSet]));
  // The log's newest committed cursor in the same snapshot: what the answer is as fresh as.
  const statement = concat(
    'select ',
    data,
    '::text as data',
    input.withCursor ? `, ${LATEST_COMMITTED}::text as cursor` : '',
  );
  return { statement: prepared(statement), reads: reads.scope(), byViewer };
}
