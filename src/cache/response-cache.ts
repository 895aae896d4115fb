import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { viewerScope } from '../auth/access.js';
import { signInOf } from '../auth/http-sign-in.js';
import type { Staff } from '../auth/token.js';
import { fragmentsOf, someField } from '../common/selection.js';
import type { Context } from '../context.js';
import { latestCommittedCursor } from '../live/event-reader.js';

/** Response header saying how an answer was made: `hit` (from this instance's cache) or `miss`. */
const CACHE_HEADER = 'x-response-cache';

/** Root fields whose answers are never cached: who is asking, and the schema itself. */
const UNCACHED_ROOT_FIELDS = new Set(['viewer', '__schema', '__type']);

interface Entry {
  /** The log's newest committed cursor, read before the answer was computed. */
  cursor: bigint;
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
  viewer: Staff | null;
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
 * kept with the answer. A cached answer is served only if that cursor is still the newest
 * one now. Cursors increase in commit order and every write appends one, so an equal
 * cursor means no write committed since the answer's reads began: the answer is what a
 * fresh execution would see, on this instance or any other on the same database. It costs
 * one SQL statement per request, hit or miss, and needs no NOTIFY.
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
  let hits = 0;
  let misses = 0;

  const storeMisses: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      /** Set on a miss of a cacheable query: where to store its answer and under which cursor. */
      let pending: { key: string; cursor: bigint } | undefined;
      return {
        async responseForOperation(requestContext) {
          const { operation, document, source, request, contextValue } = requestContext;
          if (!operation || operation.operation !== 'query' || !cacheable(operation, document.definitions)) return null;
          let cursor: bigint;
          try {
            cursor = await latestCommittedCursor(contextValue.em);
          } catch {
            // Database unreachable: neither store; the execution reports the outage with
            // its usual code (SERVICE_UNAVAILABLE).
            return null;
          }
          misses++;
          const { operationName, variables } = request;
          pending = { key: keyOf({ query: source, operationName, variables, viewer: contextValue.viewer }), cursor };
          return null;
        },
        async willSendResponse(requestContext: GraphQLRequestContext<Context>) {
          if (!pending) return;
          const { key, cursor } = pending;
          pending = undefined;
          const { body, http } = requestContext.response!;
          http.headers.set(CACHE_HEADER, 'miss');
          if (body?.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          if (errors?.length || !data) return;
          const existing = cache.peek(key);
          // A concurrent miss may have stored a newer answer already: keep that one.
          if (existing && existing.cursor > cursor) return;
          cache.set(key, {
            cursor,
            json: JSON.stringify({ data }),
            operationName: requestContext.operationName ?? undefined,
          });
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
      if (!entry || entry.cursor !== (await latestCommittedCursor(em.fork()))) return next();
      hits++;
      res.set(CACHE_HEADER, 'hit').type('application/json').send(entry.json);
      onHit(entry.operationName, Number(process.hrtime.bigint() - started) / 1e9);
    } catch {
      next();
    }
  };

  return {
    serveHits,
    storeMisses,
    stats: () => ({ hits, misses, entries: cache.size, bytes: cache.calculatedSize }),
  };
}

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
