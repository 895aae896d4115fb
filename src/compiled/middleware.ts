import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, RequestHandler, Response } from 'express';
import {
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { viewerScope } from '../auth/access.js';
import { signInOf } from '../auth/http-sign-in.js';
import type { ReadScope } from '../common/read-scope.js';
import { sendJson } from '../common/send-json.js';
import { queryPrepared } from '../common/sql.js';
import type { RequestPolicy } from '../limits/query-limits.js';
import { planQuery, type Plan } from './plan.js';
import { CannotCompile } from './sql/shared.js';

/** Response header on answers of this path: `x-read-path: compiled`. */
const READ_PATH_HEADER = 'x-read-path';

/** A document that parsed and validated (`false` in the cache: refused, Apollo reports why). */
interface Checked {
  document: DocumentNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Operations (by name, '' for an anonymous one) the compiler found it cannot cover whatever the variables. */
  uncovered: Set<string>;
}

/** A finished compiled answer: what the response cache keeps. */
interface CompiledAnswer {
  /** The whole response body, `{"data":…}`. */
  json: string;
  /** The event log's newest committed cursor, read in the statement that built the answer (same snapshot). */
  cursor: bigint;
  operationName: string | undefined;
  /** What the statement read, for the cache to narrow the writes that forget it; undefined: anything. */
  reads?: ReadScope;
}

/**
 * Called with each compiled answer just before it is sent: the one place the response
 * cache stores it (and may set its headers on `res`).
 */
export type CompiledAnswerHook = (req: Request, res: Response, answer: CompiledAnswer) => Promise<void>;

export interface CompiledReadsOptions {
  schema: GraphQLSchema;
  policy: RequestPolicy;
  /** The root EntityManager: each request runs its statement on a fork. */
  em: EntityManager;
  maxPageSize: number;
  /** Counts an answered request as Apollo's path does (operation name, seconds). */
  onAnswer(req: Request, operationName: string | undefined, seconds: number): void;
  /** Where a finished answer is handed over, e.g. to the response cache; null: nobody keeps answers. */
  onCompiled: CompiledAnswerHook | null;
}

/** Documents kept parsed and validated, by their text. */
const DOCUMENTS = 500;
/** Statements kept by document, operation and variables (characters, roughly bytes). */
const PLAN_BYTES = 16 * 1024 * 1024;

/**
 * The compiled read path: an Express middleware before Apollo that answers a query over
 * the core graph with one SQL statement building the whole `data` JSON in PostgreSQL,
 * and sends the database's text as it is. Parse and validation (the limits and
 * graphql-js's rules, as Apollo applies them) are cached by document text; the cost and
 * NUL checks and the statement by document, operation and variables (a dashboard repeats
 * the same request). Whatever it does not cover, and every request that would
 * fail (a refused token, an invalid document or variable, a bad id or cursor, a database
 * error), goes on to Apollo, whose resolvers answer it.
 */
export function compiledReads(options: CompiledReadsOptions): RequestHandler {
  const { schema, policy, em } = options;
  const rules = [...specifiedRules, ...policy.validationRules];
  const documents = new LRUCache<string, Checked | false>({ max: DOCUMENTS });
  const plans = new LRUCache<string, Plan>({
    maxSize: PLAN_BYTES,
    sizeCalculation: ({ statement }, key) =>
      key.length + statement.text.length + JSON.stringify(statement.values).length,
  });

  const check = (text: string): Checked | false => {
    const known = documents.get(text);
    if (known !== undefined) return known;
    let checked: Checked | false = false;
    try {
      const document = parse(text, policy.parseOptions);
      if (!validate(schema, document, rules).length) {
        const fragments: Record<string, FragmentDefinitionNode> = {};
        for (const definition of document.definitions)
          if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
        checked = { document, fragments, uncovered: new Set() };
      }
    } catch {
      // A syntax error: Apollo answers it.
    }
    documents.set(text, checked);
    return checked;
  };

  return async (req, res, next) => {
    const started = process.hrtime.bigint();
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
    if (req.method !== 'POST' || !body || typeof body.query !== 'string' || body.extensions !== undefined)
      return next();
    const { variables } = body;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return next();
    if (body.operationName != null && typeof body.operationName !== 'string') return next();
    const signIn = signInOf(req);
    if (!signIn.ok) return next();
    const checked = check(body.query);
    if (!checked) return next();
    const operationName = (body.operationName as string | null | undefined) ?? undefined;
    const operation = getOperationAST(checked.document, operationName);
    if (!operation || operation.operation !== 'query' || checked.uncovered.has(operationName ?? '')) return next();

    const given = (variables ?? undefined) as Record<string, unknown> | undefined;
    // The same document, operation and variables make the same statement, after the same
    // checks; one that depends on the viewer (sign-ups) the same for the same viewer scope.
    const operationKey = `${body.query}\n${operationName ?? ''}\n${JSON.stringify(given ?? {})}`;
    const viewerKey = `${operationKey}\n${viewerScope(signIn.viewer)}`;
    let text: string;
    let cursor: string | undefined;
    let reads: ReadScope | undefined;
    try {
      let plan = plans.get(operationKey);
      if (plan?.byViewer) plan = plans.get(viewerKey);
      if (!plan) {
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], given ?? {});
        if (coerced.errors) return next();
        policy.assertNoNul(checked.document, given);
        policy.assertWithinCost(schema, checked.document, given, operationName);
        plan = planQuery({
          schema,
          operation,
          fragments: checked.fragments,
          variables: coerced.coerced,
          maxPageSize: options.maxPageSize,
          withCursor: !!options.onCompiled,
          viewer: signIn.viewer,
        });
        plans.set(plan.byViewer ? viewerKey : operationKey, plan);
        // Marks the operation as the viewer's own (the next viewer's statement is theirs alone).
        if (plan.byViewer && !plans.has(operationKey)) plans.set(operationKey, plan);
      }
      reads = plan.reads;
      const [row] = await queryPrepared<{ data: string; cursor?: string }>(em, plan.statement);
      ({ data: text, cursor } = row!);
    } catch (error) {
      if (error instanceof CannotCompile && error.structural) checked.uncovered.add(operationName ?? '');
      // Not covered, refused, or the database failed: the resolvers answer, with their errors.
      return next();
    }
    const json = `{"data":${text}}`;
    const name = operation.name?.value;
    // Stored before it is sent, as Apollo's misses are: the client's next request hits.
    if (cursor !== undefined) {
      await options.onCompiled?.(req, res, { json, cursor: BigInt(cursor), operationName: name, reads });
    }
    res.setHeader(READ_PATH_HEADER, 'compiled');
    sendJson(res, json);
    options.onAnswer(req, name, Number(process.hrtime.bigint() - started) / 1e9);
  };
}
