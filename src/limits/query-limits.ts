import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  Kind,
  getNamedType,
  isObjectType,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.js';

/** What one request may ask, on HTTP and WebSocket alike. README explains each default. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** Request errors carry this code, so clients see them as they see other invalid queries (HTTP 400). */
const CODE = 'GRAPHQL_VALIDATION_FAILED';

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: CODE, http: { status: 400 } } });
}

/** Deepest field nesting of a selection set, following fragments (cycles are cut; graphql-js reports them). */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, selection.name.value.startsWith('__') ? 0 : 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set(seen).add(name)));
    }
  }
  return deepest;
}

/** Refuses operations nested deeper than `max` fields (introspection's own nesting is not counted). */
export function maxDepthRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(context.getDocument().definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > max) context.reportError(limitError(`Query depth limit exceeded: ${depth} levels, the limit is ${max} (MAX_DEPTH)`));
      },
    };
  };
}

/** Counts nodes of one kind over the whole document and refuses past `max`. */
function countingRule(max: number, count: (visit: (n: number) => void) => ASTVisitor, describe: (found: number) => string): ValidationRule {
  return (context) => {
    let found = 0;
    return {
      ...count((n) => (found += n)),
      Document: {
        leave() {
          if (found > max) context.reportError(limitError(describe(found)));
        },
      },
    };
  };
}

export function maxAliasesRule(max: number): ValidationRule {
  return countingRule(max, (add) => ({ Field: (field) => void (field.alias && add(1)) }), (n) => `Alias limit exceeded: ${n} aliases, the limit is ${max} (MAX_ALIASES)`);
}

export function maxDirectivesRule(max: number): ValidationRule {
  return countingRule(max, (add) => ({ Directive: () => void add(1) }), (n) => `Directive limit exceeded: ${n} directives, the limit is ${max} (MAX_DIRECTIVES)`);
}

/** The limits that need no variables, as validation rules for Apollo and graphql-ws alike. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxDirectivesRule(limits.maxDirectives)];
}

/**
 * A list field costs its page size times what each item costs: `first` when given, else
 * the default page of 20. Every other field costs 1.
 */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((arg) => arg.name === 'first') || !isObjectType(getNamedType(field.type))) return undefined;
  const first = typeof args.first === 'number' && args.first >= 0 ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, first) * childComplexity;
};

/** The estimated cost of the operation; needs the variables, so it runs after validation. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/** Throws the 400 error naming the limit when the operation costs more than allowed. */
export function assertWithinCost(limits: QueryLimits, schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): void {
  let cost: number;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch (error) {
    // Variables that do not fit their types: execution refuses them before anything runs,
    // with the usual BAD_USER_INPUT, so there is nothing to estimate.
    if (error instanceof GraphQLError) return;
    throw error;
  }
  if (cost > limits.maxCost) {
    throw limitError(`Query cost limit exceeded: an estimated ${cost}, the limit is ${limits.maxCost} (MAX_COST; lists count their page size, \`first\` or ${DEFAULT_PAGE_SIZE})`);
  }
}

/** Everything a request is held to before it runs, built once and shared by HTTP and WebSocket. */
export interface RequestPolicy {
  parseOptions: { maxTokens: number };
  validationRules: ValidationRule[];
  assertWithinCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): void;
}

export function requestPolicy(limits: QueryLimits, options: { introspection: boolean }): RequestPolicy {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [...limitRules(limits), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    assertWithinCost: (schema, document, variables, operationName) => assertWithinCost(limits, schema, document, variables, operationName),
  };
}
