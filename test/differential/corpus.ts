import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  Kind,
  OperationTypeNode,
  TypeInfo,
  parse,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { QueryGenerator } from './generator.js';
import type { Random } from './random.js';

/** A query document of the repo, with where it comes from. */
interface RepoDocument {
  source: string;
  text: string;
  /** Variables already chosen (the bench's); otherwise drawn from the demo. */
  variables?: Record<string, unknown>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Only query operations, valid against the schema (mutations, subscriptions and refusals are others' tests). */
function isValidQuery(schema: GraphQLSchema, text: string): boolean {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return (
    operations.length === 1 &&
    operations[0]!.operation === OperationTypeNode.QUERY &&
    validate(schema, document).length === 0
  );
}

async function graphqlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return graphqlFiles(full);
      return Promise.resolve(entry.name.endsWith('.graphql') ? [full] : []);
    }),
  );
  return nested.flat().sort();
}

/**
 * Every query document of the repo: `test/documents/**` (the README examples among them),
 * the bench's questions as it sends them, and the query texts written out in the tests
 * (template strings without interpolation that parse and validate).
 */
export async function repoDocuments(
  schema: GraphQLSchema,
  bench: { name: string; query: string; variables?: Record<string, unknown> }[],
): Promise<RepoDocument[]> {
  const out: RepoDocument[] = [];
  const seen = new Set<string>();
  const add = (document: RepoDocument) => {
    const key = `${document.text}\n${JSON.stringify(document.variables ?? null)}`;
    if (seen.has(key) || !isValidQuery(schema, document.text)) return;
    seen.add(key);
    out.push(document);
  };
  for (const file of await graphqlFiles(path.join(root, 'test', 'documents'))) {
    add({ source: path.relative(root, file), text: await readFile(file, 'utf8') });
  }
  for (const op of bench) add({ source: `bench/scenarios.mjs ${op.name}`, text: op.query, variables: op.variables });
  const tests = (await readdir(path.join(root, 'test'))).filter((f) => f.endsWith('.test.ts')).sort();
  for (const file of tests) {
    if (file === 'differential.test.ts') continue;
    const source = await readFile(path.join(root, 'test', file), 'utf8');
    for (const match of source.matchAll(/`([^`]*)`/g)) {
      const text = match[1]!;
      if (text.includes('${') || !text.includes('{')) continue;
      add({ source: `test/${file}`, text });
    }
  }
  return out;
}

/**
 * Where each variable of `text` is used, as the generator names positions
 * (`Query.union.id`, `Query.activities.filter.startsFrom`), with its declared type.
 */
function variableUses(
  schema: GraphQLSchema,
  text: string,
): { name: string; type: GraphQLInputType; where: string; hasDefault: boolean }[] {
  const document = parse(text);
  const typeInfo = new TypeInfo(schema);
  const where = new Map<string, string>();
  const stack: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: {
        enter(node) {
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          stack.push(field && parent ? `${parent.name}.${field.name}.${node.name.value}` : node.name.value);
        },
        leave() {
          stack.pop();
        },
      },
      ObjectField: {
        enter(node) {
          stack.push(node.name.value);
        },
        leave() {
          stack.pop();
        },
      },
      Variable(node) {
        if (stack.length && !where.has(node.name.value)) where.set(node.name.value, stack.join('.'));
      },
    }),
  );
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  return (operation.variableDefinitions ?? []).map((definition) => ({
    name: definition.variable.name.value,
    type: typeFromAST(schema, definition.type as never) as GraphQLInputType,
    where: where.get(definition.variable.name.value) ?? definition.variable.name.value,
    hasDefault: !!definition.defaultValue,
  }));
}

/** Variables for a repo document, drawn from the demo; `after` is left to the page that follows. */
export function variablesFor(
  generator: QueryGenerator,
  schema: GraphQLSchema,
  rng: Random,
  text: string,
): { variables: Record<string, unknown>; pageVariable?: string } {
  const variables: Record<string, unknown> = {};
  let pageVariable: string | undefined;
  for (const use of variableUses(schema, text)) {
    if (use.where.endsWith('.after')) {
      pageVariable = use.name;
      continue;
    }
    const required = use.type.toString().endsWith('!') && !use.hasDefault;
    if (!required && rng.chance(0.3)) continue;
    variables[use.name] = generator.valueFor(rng, use.type, use.where);
  }
  return { variables, ...(pageVariable ? { pageVariable } : {}) };
}
