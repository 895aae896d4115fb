import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode } from '../errors.js';
import type { Metrics } from './metrics.js';
import { rememberScope, scopeOfOrigin, type RequestOrigin } from './request-scope.js';

/** Seconds a client should wait before retrying while the database is unavailable. */
const RETRY_AFTER_SECONDS = '2';

/**
 * Per HTTP operation: its name in the request's log scope (found through the context's
 * `origin`), its errors tied to that scope for the error formatter's log lines, its
 * latency in the metrics, `cache-control: no-store` (what Apollo's cache-control plugin,
 * which is off, used to send), and HTTP 503 (with Retry-After) when it failed only
 * because the database is down.
 */
export function operationsPlugin<T extends BaseContext & { origin?: RequestOrigin | null }>(
  metrics: Metrics,
): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const scope = scopeOfOrigin(contextValue.origin);
      return {
        async didResolveOperation({ operationName }) {
          if (scope && operationName) scope.operationName = operationName;
        },
        async didEncounterErrors({ errors }) {
          if (scope) rememberScope(errors, scope);
        },
        async willSendResponse({ response, operationName, operation }) {
          metrics.observeRequest(operationName, operation?.operation, Number(process.hrtime.bigint() - started) / 1e9);
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const unavailable =
            !!errors?.length && errors.every((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          // Partial data from fields that need no database still counts as a failed
          // operation when every top-level field came back null.
          if (unavailable && (data == null || Object.values(data).every((value) => value === null))) {
            response.http.status = 503;
            response.http.headers.set('retry-after', RETRY_AFTER_SECONDS);
          }
        },
      };
    },
  };
}
