import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context.js';
import { query, sql } from '../common/sql.js';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Response header saying how an answer was made: `hit` (from this instance's cache) or `miss`. */
export const CACHE_HEADER = 'x-response-cache';

/** Root fields whose answers are never cached: who is asking, and the schema itself. */
const UNCACHED_ROOT_FIELDS = new Set(['viewer', '__schema', '__type']);

interface Entry {
  /** The log's newest committed cursor, read before the answer was computed. */
  cursor: string;
  data: Record<string, unknown>;
  /** Size of the answer's JSON, what the cache's byte bound counts. */
  bytes: number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<Context>;
  stats(): ResponseCacheStats;
}

/**
 * The newest committed cursor of the event log: one statement on the primary key's index
 * (a backward index scan), falling back to what retention pruned when the log is empty, so
 * it never goes backwards. Every committed write appended at least one event under the
 * commit-order lock (inTransaction → appendWriteMark), so this value changes whenever
 * anything an answer could show has changed.
 */
export async function latestCommittedCursor(em: EntityManager): Promise<string> {
  const [row] = await query<{ cursor: string }>(
    em,
    sql(`select coalesce((select max(cursor) from events), (select pruned_through from event_log_state))::text as cursor`),
  );
  return row!.cursor;
}

/**
 * A per-instance response cache for queries over HTTP, bounded by bytes (LRU).
 *
 * Key: the document's text, operation name, variables and the viewer's scope (anonymous;
 * ADMIN; or STAFF of a union), which is all an answer depends on besides the data: the
 * only viewer-dependent field below the root, `SignUp.phone`, depends on exactly that
 * scope, and `viewer` itself is never cached.
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
export function createResponseCache(options: { maxBytes: number }): ResponseCache {
  const maxBytes = options.maxBytes;
  const cache = new LRUCache<string, Entry>({
    maxSize: maxBytes,
    // No single dashboard may push out most of the others.
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
    sizeCalculation: (entry, key) => key.length + entry.bytes,
  });
  let hits = 0;
  let misses = 0;

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      /** Set on a miss of a cacheable query: where to store its answer and under which cursor. */
      let pending: { key: string; cursor: string } | undefined;
      return {
        async responseForOperation(requestContext) {
          const { operation, document, source, request, contextValue } = requestContext;
          if (!operation || operation.operation !== 'query' || !cacheable(operation, document.definitions)) return null;
          const key = cacheKey(source, request.operationName, request.variables, contextValue);
          let cursor: string;
          try {
            cursor = await latestCommittedCursor(contextValue.em);
          } catch {
            // Database unreachable: neither serve nor store; the execution reports the
            // outage with its usual code (SERVICE_UNAVAILABLE).
            return null;
          }
          const entry = cache.get(key);
          if (entry && entry.cursor === cursor) {
            hits++;
            const headers = new HeaderMap([[CACHE_HEADER, 'hit']]);
            return { http: { status: undefined, headers }, body: { kind: 'single', singleResult: { data: entry.data } } };
          }
          if (entry) cache.delete(key);
          misses++;
          pending = { key, cursor };
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
          if (existing && BigInt(existing.cursor) > BigInt(cursor)) return;
          const bytes = Buffer.byteLength(JSON.stringify(data));
          cache.set(key, { cursor, data, bytes });
        },
      };
    },
  };

  return { plugin, stats: () => ({ hits, misses, entries: cache.size, bytes: cache.calculatedSize }) };
}

function scopeOf(ctx: Context): string {
  const viewer = ctx.viewer;
  if (!viewer) return 'anonymous';
  // What SignUp.phone depends on (pathWithin): ADMIN sees every number, STAFF their subtree's.
  return viewer.role === 'ADMIN' ? 'ADMIN' : `STAFF:${viewer.unionId}`;
}

function cacheKey(source: string | undefined, operationName: string | null | undefined, variables: Record<string, unknown> | undefined, ctx: Context): string {
  return createHash('sha256')
    .update(JSON.stringify([source ?? '', operationName ?? null, variables ?? {}, scopeOf(ctx)]))
    .digest('base64url');
}

/** False when the root selection (through fragments) asks for `viewer` or introspection. */
function cacheable(operation: OperationDefinitionNode, definitions: readonly { kind: string }[]): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments.set(fragment.name.value, fragment);
    }
  }
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return !UNCACHED_ROOT_FIELDS.has(selection.name.value);
        case Kind.INLINE_FRAGMENT:
          return walk(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (seen.has(name)) return true;
          seen.add(name);
          const fragment = fragments.get(name);
          return !fragment || walk(fragment.selectionSet);
        }
      }
    });
  return walk(operation.selectionSet);
}
