import {
  extendSchema,
  Kind,
  parse,
  print,
  visit,
  type DirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type GraphQLUnionType,
} from 'graphql';
import { NODE_TYPES, parseGlobalId } from '../common/relay.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { NODE_LOADERS } from '../node.resolver.js';
import { printSortedSchema } from '../schema.js';

/** The Federation 2 version the subgraph SDL links; 2.3 is what every current gateway and composer reads. */
const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/v2.3';

/**
 * The hub's entities: every type with a global id (`node(id)` resolves it), keyed by that
 * id. A neighbour references a union, a site, an activity, a sign-up… by the id the hub
 * gave it, and `_entities` resolves it with the loader `node` uses, visibility included.
 */
const ENTITY_TYPES: readonly string[] = NODE_TYPES;

/**
 * The most representations one `_entities` call takes. A gateway does not split a batch,
 * so this is not the page size: it is the plain endpoint's cost ceiling, which no plain
 * query could return more objects than, capped at a number one statement per type reads
 * without strain.
 */
function maxRepresentations(ctx: Context): number {
  return Math.min(ctx.config.limits.maxCost, 10_000);
}

const KEY: DirectiveNode = {
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: 'key' },
  arguments: [
    {
      kind: Kind.ARGUMENT,
      name: { kind: Kind.NAME, value: 'fields' },
      value: { kind: Kind.STRING, value: 'id' },
    },
  ],
};

/**
 * The subgraph SDL (`_service { sdl }`, supergraph/unionhub.graphql): the hub's schema
 * exactly as schema.graphql prints it, with the Federation 2 link and `@key(fields: "id")`
 * on every entity; nothing else changes, so the supergraph shows portal developers the
 * same fields, arguments and descriptions as the plain endpoint.
 */
export function subgraphSdl(schema: GraphQLSchema): string {
  const document = visit(parse(printSortedSchema(schema)), {
    ObjectTypeDefinition: (node) =>
      ENTITY_TYPES.includes(node.name.value) ? { ...node, directives: [...(node.directives ?? []), KEY] } : undefined,
  });
  return `extend schema @link(url: "${FEDERATION_SPEC}", import: ["@key"])\n\n${print(document)}\n`;
}

/** A representation as a gateway sends it: `{ __typename, id }` plus whatever else it chose to send. */
interface Representation {
  __typename?: unknown;
  id?: unknown;
}

/**
 * The objects of `representations`, in order: each through the loader `node(id)` uses, so
 * one statement per entity type whatever their number, and null exactly where `node`
 * answers null for this viewer (unknown ids, sign-ups outside the viewer's scope…).
 */
const resolveEntities: GraphQLFieldResolver<unknown, Context, { representations: Representation[] }> = (
  _source,
  { representations },
  ctx,
) => {
  const max = maxRepresentations(ctx);
  if (representations.length > max)
    throw new BadInputError(`At most ${max} representations at once`, 'representations');
  return Promise.all(
    representations.map(async (representation, i) => {
      const { __typename: typename, id } = representation ?? {};
      const parsed = typeof id === 'string' ? parseGlobalId(id) : undefined;
      if (!parsed || parsed.type !== typename) {
        const field = `representations.${i}`;
        if (typeof typename !== 'string' || typeof id !== 'string')
          return new BadInputError('A representation needs its __typename and id', field);
        return new BadInputError(`"${id.slice(0, 64)}" is not a valid ${typename.slice(0, 32)} id`, field);
      }
      return NODE_LOADERS[parsed.type](ctx).load(parsed.id);
    }),
  );
};

/**
 * The subgraph's executable schema: the plain schema with the same resolvers, plus
 * `_service`, `_entities`, `_Any` and `_Entity` as Federation 2 asks of a subgraph.
 * The plain endpoint's schema is not touched: /graphql keeps no federation fields.
 */
export function createSubgraphSchema(schema: GraphQLSchema): GraphQLSchema {
  const sdl = subgraphSdl(schema);
  const subgraph = extendSchema(
    schema,
    parse(`
      scalar _Any
      type _Service { sdl: String }
      union _Entity = ${ENTITY_TYPES.join(' | ')}
      extend type Query {
        _entities(representations: [_Any!]!): [_Entity]!
        _service: _Service!
      }
    `),
  );
  const node = subgraph.getType('Node') as GraphQLInterfaceType;
  (subgraph.getType('_Entity') as GraphQLUnionType).resolveType = (value, ctx, info) =>
    node.resolveType!(value, ctx, info, node);
  const fields = subgraph.getQueryType()!.getFields();
  fields._service.resolve = () => ({ sdl });
  fields._entities.resolve = resolveEntities as GraphQLFieldResolver<unknown, unknown>;
  return subgraph;
}
