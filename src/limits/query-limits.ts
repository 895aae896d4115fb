import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getNamedType,
  isObjectType,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/pagination.js';
import { fragmentsOf, walkSelections, type Fragments } from '../common/selection.js';
import { ErrorCode } from '../errors.js';

/** What one request may ask, on HTTP and WebSocket alike. README explains each default. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** Limit errors carry the code of other invalid queries, so clients see them alike (HTTP 400). */
function limitError(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
  });
}

/**
 * Measures the deepest field nesting of selection sets, following fragments. It walks
 * with walkSelections like every selection walker, but opens named fragments its own
 * way: each fragment's depth is measured once per document and remembered. A fragment
 * spread twice by a fragment spread twice… would otherwise be walked 2^n times, and 30
 * such fragments (a few hundred tokens) would hold the server for hours. Cycles are cut;
 * graphql-js reports them.
 */
function depthMeter(fragments: Fragments): (set: SelectionSetNode | undefined) => number {
  const measured = new Map<string, number>();
  const measuring = new Set<string>();
  const fragmentDepth = (name: string): number => {
    const known = measured.get(name);
    if (known !== undefined) return known;
    const fragment = fragments[name];
    if (!fragment || measuring.has(name)) return 0;
    measuring.add(name);
    const depth = depthOf(fragment.selectionSet);
    measuring.delete(name);
    measured.set(name, depth);
    return depth;
  };
  const depthOf = (set: SelectionSetNode | undefined): number => {
    let deepest = 0;
    walkSelections(set, {
      field: (field) => {
        deepest = Math.max(deepest, field.name.value.startsWith('__') ? 0 : 1 + depthOf(field.selectionSet));
      },
      spread: (spread) => {
        deepest = Math.max(deepest, fragmentDepth(spread.name.value));
      },
    });
    return deepest;
  };
  return depthOf;
}

/** Refuses operations nested deeper than `max` fields (introspection's own nesting is not counted). */
export function maxDepthRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const depthOf = depthMeter(fragmentsOf(context.getDocument().definitions));
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > max)
          context.reportError(
            limitError(`Query depth limit exceeded: ${depth} levels, the limit is ${max} (MAX_DEPTH)`),
          );
      },
    };
  };
}

/** Counts nodes of one kind over the whole document and refuses past `max`. */
function countingRule(
  max: number,
  count: (visit: (n: number) => void) => ASTVisitor,
  describe: (found: number) => string,
): ValidationRule {
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

function maxAliasesRule(max: number): ValidationRule {
  return countingRule(
    max,
    (add) => ({ Field: (field) => void (field.alias && add(1)) }),
    (n) => `Alias limit exceeded: ${n} aliases, the limit is ${max} (MAX_ALIASES)`,
  );
}

function maxDirectivesRule(max: number): ValidationRule {
  return countingRule(
    max,
    (add) => ({ Directive: () => void add(1) }),
    (n) => `Directive limit exceeded: ${n} directives, the limit is ${max} (MAX_DIRECTIVES)`,
  );
}

/** The limits that need no variables, as validation rules for Apollo and graphql-ws alike. */
function limitRules(limits: QueryLimits): ValidationRule[] {
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
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
    maxQueryNodes: MAX_COST_NODES,
  });
}

/** How many selections (fragments expanded) the cost estimate walks before giving up. */
const MAX_COST_NODES = 10_000;
/** graphql-query-complexity's message when it gives up. */
const NODES_EXCEEDED = 'maximum allowed number of nodes';

/** Throws the 400 error naming the limit when the operation costs more than allowed. */
function assertWithinCost(
  limits: QueryLimits,
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): void {
  let cost: number;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch (error) {
    // graphql-query-complexity gives up past MAX_COST_NODES selections (fragments spread
    // over and over). Ignoring that, as below, would let any operation past the cost
    // limit by padding it; too big to estimate is too big to run.
    if (error instanceof GraphQLError && error.message.includes(NODES_EXCEEDED)) {
      throw limitError(
        `Query cost limit exceeded: more than ${MAX_COST_NODES} selections to estimate, fragments expanded (MAX_COST)`,
      );
    }
    // Variables that do not fit their types: execution refuses them before anything runs,
    // with the usual BAD_USER_INPUT, so there is nothing to estimate.
    if (error instanceof GraphQLError) return;
    throw error;
  }
  if (cost > limits.maxCost) {
    throw limitError(
      `Query cost limit exceeded: an estimated ${cost}, the limit is ${limits.maxCost} (MAX_COST; lists count their page size, \`first\` or ${DEFAULT_PAGE_SIZE})`,
    );
  }
}

/** Whether `value` (parsed JSON) holds a string for which `test` is true anywhere; iterative. */
function someString(value: unknown, test: (text: string) => boolean): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string' && test(item)) return true;
    if (item === null || typeof item !== 'object') continue;
    // One push at a time: spreading a list of 500,000 items as arguments would overflow the stack.
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push(child);
  }
  return false;
}

/**
 * PostgreSQL text cannot hold NUL (U+0000), and a NUL inside a statement breaks the wire
 * protocol, so the database answers with an error the client would only see as "internal
 * error". No input of ours can mean it: refused up front, in literals and variables.
 */
function assertNoNul(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  let found = someString(variables, (text) => text.includes('\0'));
  if (!found) {
    visit(document, {
      StringValue(node) {
        if (node.value.includes('\0')) found = true;
      },
    });
  }
  if (found)
    throw new GraphQLError('Text may not contain NUL characters (\\u0000)', {
      extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
    });
}

/** Everything a request is held to before it runs, built once and shared by HTTP and WebSocket. */
export interface RequestPolicy {
  parseOptions: { maxTokens: number };
  validationRules: ValidationRule[];
  assertWithinCost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName?: string | null,
  ): void;
  /** Input the database cannot take: NUL characters. */
  assertNoNul(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void;
}

export function requestPolicy(limits: QueryLimits, options: { introspection: boolean }): RequestPolicy {
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [...limitRules(limits), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    assertWithinCost: (schema, document, variables, operationName) =>
      assertWithinCost(limits, schema, document, variables, operationName),
    assertNoNul,
  };
}

/**
 * How deeply a request's JSON (an HTTP body, a WebSocket operation's variables and
 * extensions) may nest objects and arrays. Real inputs nest a handful of levels; a body
 * nested thousands deep would overflow the stack of whatever walks it recursively
 * (JSON.stringify, coercion), which would answer 500 instead of 400.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects and arrays more than `max` levels deep; iterative, so safe at any depth. */
export function jsonDepthExceeds(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
