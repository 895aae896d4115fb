import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { viewerScope } from '../auth/access.js';
import { signInOf } from '../auth/http-sign-in.js';
import type { Viewer } from '../auth/token.js';
import { readScopeOf, type ReadScope } from '../common/read-scope.js';
import { fragmentsOf, someField } from '../common/selection.js';
import { sendJson } from '../common/send-json.js';
import type { CompiledAnswerHook } from '../compiled/middleware.js';
import type { Context } from '../context.js';
import { latestCommittedCursor } from '../live/event-reader.js';
import { answerScope, type AnswerScope } from './answer-scope.js';
import { LogTail } from './log-tail.js';

/** Response header saying how an answer was made: `hit` (from this instance's cache) or `miss`. */
const CACHE_HEADER = 'x-response-cache';

/** Root fields whose answers are never cached: who is asking, the schema itself, and what changes with the clock alone. */
const UNCACHED_ROOT_FIELDS = new Set(['viewer', '__schema', '__type', 'checkInCode']);

interface Entry {
  /**
   * The log's newest committed cursor, read before the answer was computed; moved on by
   * every hit to the newest cursor that hit checked, all of whose writes were beside it.
   */
  cursor: bigint;
  /** What the answer read: the writes that may change it (answer-scope.ts). */
  scope: AnswerScope;
  /** The whole response body, serialized once when stored. */
  json: string;
  /** For the request metrics of hits, which never reach Apollo. */
  operationName: string | undefined;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface ResponseCacheOptions {
  maxBytes: number;
  /** The root EntityManager: a hit reads the cursor on a fork of it. */
  em: EntityManager;
  /** Counts a hit as the query it answers (operation name, seconds taken). */
  onHit(operationName: string | undefined, seconds: number): void;
}

/** The two halves of the cache, each plugged in where it works, and what they hold. */
export interface ResponseCache {
  /** Express middleware, after the sign-in step: serves hits before Apollo (no parsing, validation, context or serialization). */
  serveHits: RequestHandler;
  /** Apollo plugin, the last one: stores what Apollo computes for a miss, under the cursor read before computing it. */
  storeMisses: ApolloServerPlugin<Context>;
  /** The compiled read path's hook: stores its answer under the cursor its statement read. */
  storeCompiled: CompiledAnswerHook;
  stats(): ResponseCacheStats;
}

/**
 * What an answer depends on besides the data, as both halves see a request: the hit path
 * from the JSON body and the request's sign-in, the miss path from Apollo's request and
 * context (whose viewer came from the same sign-in). The same request makes the same key.
 */
interface CacheRequest {
  query: string | undefined;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  viewer: Viewer | null;
}

/**
 * A per-instance response cache for queries over HTTP, bounded by bytes (LRU).
 *
 * Key: the document's text, operation name, variables and the viewer's scope (anonymous;
 * ADMIN; or STAFF of a union: viewerScope), which is all an answer depends on besides the
 * data: the only viewer-dependent reads below the root, the sign-ups a viewer may see
 * (visibleSignUps), depend on exactly that scope; so do the entries `auditLog` shows at
 * the root (ADMIN all, STAFF their union's subtree); and `viewer` itself is never cached.
 *
 * Freshness: before a query is computed, the log's newest committed cursor is read and
 * kept with the answer, and while it runs every statement reports what it read
 * (common/read-scope.ts); the answer is stored with the union paths and tables that
 * cover those reads, or as global. Every committed write appends to the log, with the
 * union paths and tracked tables it touched (appendWriteMark), or as "anything". A cached
 * answer is served only if no entry after its cursor touched a path inside, above or below
 * one of its paths (an ltree prefix either way), or one of its tables, or anything, or was
 * removed by retention; a global answer, only if no entry at all follows its cursor.
 * Cursors increase in commit order, so the entries after the cursor are every write that
 * committed since the answer's reads began, on this instance or any other on the same
 * database: the one statement that reads them sees every commit before it, with no NOTIFY
 * timing involved. A write racing the answer's execution is after its cursor: a miss.
 * That statement is one poll of the log's tail (log-tail.ts), which hits arriving
 * together share: a hit waits for a poll that began after it arrived. A miss costs one
 * statement more, and one more to turn the ids its reads reported into paths.
 *
 * Answers with errors, mutations, subscriptions, introspection and `viewer` are never cached.
 */
export function createResponseCache({ maxBytes, em, onHit }: ResponseCacheOptions): ResponseCache {
  const cache = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    // No single dashboard may push out most of the others.
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
    sizeCalculation: (entry, key) => key.length + entry.json.length,
  });
  const tail = new LogTail(em);
  let hits = 0;
  let misses = 0;

  /** Stores an answer computed from reads that began at `cursor`, unless a newer one is there. */
  async function keep(
    key: string,
    cursor: bigint,
    json: string,
    reads: ReadScope | undefined,
    operationName: string | null | undefined,
  ): Promise<void> {
    // A concurrent miss may have stored a newer answer already: keep that one.
    if ((cache.peek(key)?.cursor ?? -1n) > cursor) return;
    let scope: AnswerScope;
    try {
      scope = await answerScope(em, reads);
    } catch {
      return; // the database went away: the answer is sent, not kept
    }
    if ((cache.peek(key)?.cursor ?? -1n) > cursor) return;
    cache.set(key, { cursor, scope, json, operationName: operationName ?? undefined });
  }

  const storeMisses: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      /** Set on a miss of a cacheable query: where to store its answer and under which cursor. */
      let pending: { key: string; cursor: bigint; em: EntityManager } | undefined;
      return {
        async responseForOperation(requestContext) {
          const { operation, document, source, request, contextValue } = requestContext;
          if (!operation || operation.operation !== 'query' || !cacheable(operation, document.definitions)) return null;
          let cursor: bigint;
          try {
            // On a fork: the cache's own read is no part of what the answer read.
            cursor = await latestCommittedCursor(contextValue.em.fork());
          } catch {
            // Database unreachable: neither store; the execution reports the outage with
            // its usual code (SERVICE_UNAVAILABLE).
            return null;
          }
          misses++;
          const { operationName, variables } = request;
          pending = {
            key: keyOf({ query: source, operationName, variables, viewer: contextValue.viewer }),
            cursor,
            em: contextValue.em,
          };
          return null;
        },
        async willSendResponse(requestContext: GraphQLRequestContext<Context>) {
          if (!pending) return;
          const { key, cursor, em: requestEm } = pending;
          pending = undefined;
          const { body, http } = requestContext.response!;
          http.headers.set(CACHE_HEADER, 'miss');
          if (body?.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          if (errors?.length || !data) return;
          await keep(key, cursor, JSON.stringify({ data }), readScopeOf(requestEm), requestContext.operationName);
        },
      };
    },
  };

  /**
   * A JSON POST whose key holds an answer stored under the log's current newest cursor
   * gets that answer's bytes as they were stored. Its document, variables and viewer are
   * the ones that passed validation and the limits when the answer was computed. Anything
   * else (no entry, an older cursor, a refused token, a database that does not answer)
   * goes on to Apollo as usual.
   */
  const serveHits: RequestHandler = async (req, res, next) => {
    const started = process.hrtime.bigint();
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    if (req.method !== 'POST' || !body || typeof body.query !== 'string' || cache.size === 0) return next();
    const signIn = signInOf(req);
    // Apollo answers a refused token: the request fails with 401, never served from here.
    if (!signIn.ok) return next();
    try {
      const entry = cache.get(
        keyOf({
          query: body.query,
          operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
          variables:
            body.variables === undefined || body.variables === null
              ? undefined
              : (body.variables as Record<string, unknown>),
          viewer: signIn.viewer,
        }),
      );
      if (!entry || !(await stillFresh(tail, entry))) return next();
      hits++;
      res.setHeader(CACHE_HEADER, 'hit');
      sendJson(res, entry.json);
      onHit(entry.operationName, Number(process.hrtime.bigint() - started) / 1e9);
    } catch {
      next();
    }
  };

  /**
   * A miss the compiled read path answered (the hit path let it through): its statement
   * read the cursor in the same snapshot as the answer, so the answer is exactly as fresh
   * as that cursor. Its document passed validation; it never holds `viewer` or
   * introspection, which the compiler leaves to the resolvers.
   */
  const storeCompiled: CompiledAnswerHook = async (req, res, { json, cursor, operationName, reads }) => {
    const signIn = signInOf(req);
    if (!signIn.ok) return;
    const body = req.body as { query: string; operationName?: string; variables?: Record<string, unknown> | null };
    const key = keyOf({
      query: body.query,
      operationName: body.operationName ?? undefined,
      variables: body.variables ?? undefined,
      viewer: signIn.viewer,
    });
    misses++;
    res.setHeader(CACHE_HEADER, 'miss');
    await keep(key, cursor, json, reads, operationName);
  };

  return {
    serveHits,
    storeMisses,
    storeCompiled,
    stats: () => ({ hits, misses, entries: cache.size, bytes: cache.calculatedSize }),
  };
}

/**
 * True when no write committed after the entry's cursor touched what it read (and none
 * was pruned away unseen); then the entry's cursor moves to the newest one seen, so the
 * next check looks only at what came after.
 */
async function stillFresh(tail: LogTail, entry: Entry): Promise<boolean> {
  const { fresh, latest } = await tail.untouchedSince(entry.cursor, entry.scope);
  // Concurrent hits may finish in any order: the cursor only moves forward.
  if (fresh && latest > entry.cursor) entry.cursor = latest;
  return fresh;
}

/** The cache key of a request: both halves, and the compiled read path, derive it here. */
function keyOf({ query, operationName, variables, viewer }: CacheRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([query ?? '', operationName ?? null, variables ?? {}, viewerScope(viewer)]))
    .digest('base64url');
}

/** False when the root selection (through fragments) asks for `viewer` or introspection. */
function cacheable(operation: OperationDefinitionNode, definitions: readonly { kind: string }[]): boolean {
  return !someField(operation.selectionSet, fragmentsOf(definitions), (field) =>
    UNCACHED_ROOT_FIELDS.has(field.name.value),
  );
}
