import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FormattedExecutionResult } from 'graphql';
import { principalOf } from '../auth/token.js';
import { query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { ErrorCode, HubError } from '../errors.js';

/** How long a key is remembered: long enough for any client's retries. */
const IDEMPOTENCY_KEY_HOURS = 24;

const HEADER = 'idempotency-key';

function refuse(message: string, code: ErrorCode, status: number): HubError {
  return new HubError(message, code, { http: { status } });
}

function requestHash(request: GraphQLRequestContext<Context>['request']): string {
  return createHash('sha256')
    .update(JSON.stringify([request.query ?? '', request.variables ?? {}, request.operationName ?? null]))
    .digest('hex');
}

/**
 * `Idempotency-Key` on a mutation over HTTP: the first request with a key claims it (a
 * row keyed by staff member and key), runs, and stores its answer; a retry with the same
 * key and the same request gets that answer again without running anything
 * (`Idempotent-Replayed: true`). A retry while the first is still running gets CONFLICT,
 * never a second run. When nothing was applied (every mutation field failed) the claim
 * is released, so a retry after, say, a database outage runs for real.
 */
export function idempotencyPlugin(em: EntityManager): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const key = request.http?.headers.get(HEADER);
      if (key === undefined) return;
      let claim: { principal: string; key: string } | undefined;
      let stored: FormattedExecutionResult | undefined;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation') return;
          if (!/^[\w.:-]{1,100}$/.test(key))
            throw refuse('Idempotency-Key must be 1 to 100 letters, digits or ._:-', ErrorCode.BAD_USER_INPUT, 400);
          // Unsigned requests fail as UNAUTHENTICATED anyway; they claim nothing.
          if (!contextValue.viewer) return;
          const principal = principalOf(contextValue.viewer);
          const hash = requestHash(request);
          const fork = em.fork();
          const claimed = await query(
            fork,
            sql(
              'insert into idempotency_keys (principal, key, request_hash) values (?, ?, ?) on conflict do nothing returning key',
              principal,
              key,
              hash,
            ),
          );
          if (claimed.length) {
            claim = { principal, key };
            return;
          }
          const [earlier] = await query<{ request_hash: string; response: FormattedExecutionResult | null }>(
            fork,
            sql('select request_hash, response from idempotency_keys where principal = ? and key = ?', principal, key),
          );
          if (!earlier) throw refuse('This Idempotency-Key was just released; retry', ErrorCode.CONFLICT, 409);
          if (earlier.request_hash !== hash)
            throw refuse('This Idempotency-Key was used for a different request', ErrorCode.CONFLICT, 422);
          if (!earlier.response)
            throw refuse(
              'A request with this Idempotency-Key is still being applied; retry shortly',
              ErrorCode.CONFLICT,
              409,
            );
          stored = earlier.response;
        },
        async responseForOperation() {
          if (!stored) return null;
          const replay: GraphQLResponse = {
            http: { status: undefined, headers: new HeaderMap([['idempotent-replayed', 'true']]) },
            body: { kind: 'single', singleResult: stored },
          };
          return replay;
        },
        async willSendResponse({ response }) {
          if (!claim) return;
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const applied = !!result?.data && Object.values(result.data).some((value) => value !== null);
          const fork = em.fork();
          if (applied)
            await query(
              fork,
              sql(
                'update idempotency_keys set response = ?::jsonb where principal = ? and key = ?',
                JSON.stringify(result),
                claim.principal,
                claim.key,
              ),
            );
          else
            await query(
              fork,
              sql('delete from idempotency_keys where principal = ? and key = ?', claim.principal, claim.key),
            );
        },
      };
    },
  };
}

/** Forgets keys older than IDEMPOTENCY_KEY_HOURS. */
export async function pruneIdempotencyKeys(em: EntityManager): Promise<void> {
  await query(
    em,
    sql(`delete from idempotency_keys where created_at < now() - interval '${IDEMPOTENCY_KEY_HOURS} hours'`),
  );
}
