import type http from 'node:http';
import type { Express } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Database } from '../db/database.js';
import type { ErrorLogger, ErrorOrigin } from '../errors.js';
import type { EventHub } from '../live/event-hub.js';
import type { LiveEvent } from '../live/event-reader.js';
import { SCREEN_KINDS } from '../screens/kinds.js';
import { operationsPlugin } from './apollo-plugin.js';
import { readyz } from './health.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { originOf, requestScope, scopeFor, scopeOfOrigin, trackWebSockets } from './request-scope.js';

export { createLogger, type Logger } from './logger.js';
export { originOf, type RequestOrigin } from './request-scope.js';

type FormatError = (formatted: GraphQLFormattedError, error: unknown, origin?: ErrorOrigin) => GraphQLFormattedError;

/**
 * Logs, metrics and health of one app instance, as pieces createApp plugs in where they
 * belong. `events` is read lazily: the hub is created after this, with `onDispatch`.
 */
export function createOperations(options: { logger: Logger; db: Database; events: () => EventHub }) {
  const { logger, db } = options;
  let stopping = false;
  const metrics = new Metrics({
    statementCount: () => db.statementCount(),
    subscriberCount: () => options.events().subscriberCount(),
  });

  /** Internal errors with their stack, and database outages, in the log of their request or socket. */
  const logError: ErrorLogger = ({ errorId, error, unavailable, origin }) => {
    const scope = scopeFor(logger, origin, error);
    const fields = { errorId, operationName: scope.operationName };
    if (unavailable)
      scope.log.warn(
        { ...fields, reason: error instanceof Error ? error.message : String(error) },
        `database unavailable ${errorId}`,
      );
    else scope.log.error({ ...fields, err: error }, `internal error ${errorId}`);
  };

  return {
    logger,
    metrics,
    logError,
    plugin: operationsPlugin(metrics),
    /** First middleware: request id, log scope, one log line per request. */
    requestScope: requestScope(logger),
    /** Counts every error a client receives, by code and transport. */
    countErrors(formatError: FormatError): FormatError {
      return (formatted, error, origin) => {
        const result = formatError(formatted, error, origin);
        metrics.countError(result.extensions?.code, origin ? 'ws' : 'http');
        return result;
      };
    },
    trackWebSockets(httpServer: http.Server) {
      trackWebSockets(httpServer, logger, {
        onOpen: () => metrics.socketOpened(),
        onClose: () => metrics.socketClosed(),
      });
    },
    /** graphql-ws onConnected: a screen page says `{ screen: kind, version }` in connection_init. */
    screenConnected(
      params: Record<string, unknown> | undefined,
      socket: { once(event: 'close', listener: () => void): unknown },
    ) {
      const kind = params?.screen;
      if (typeof kind !== 'string' || !(SCREEN_KINDS as readonly string[]).includes(kind)) return;
      socket.once('close', metrics.screenConnected(kind, params?.version));
    },
    /** The response cache's onHit: a hit counts as the query it answers. */
    onCacheHit(operationName: string | undefined, seconds: number) {
      metrics.observeRequest(operationName, 'query', seconds);
    },
    /** The compiled read path's onAnswer: counted as Apollo's path counts a query, named in the request's log line. */
    onCompiledRead(req: http.IncomingMessage, operationName: string | undefined, seconds: number) {
      metrics.observeRequest(operationName, 'query', seconds);
      const scope = scopeOfOrigin(originOf(req));
      if (scope && operationName) scope.operationName = operationName;
    },
    /** EventHub's onDispatch: lag from commit to dispatch. */
    onDispatch(event: LiveEvent) {
      metrics.observeEventLag(event.occurredAt);
    },
    /** GET /readyz and GET /metrics (never cached). /healthz stays in app.ts. */
    routes(app: Express) {
      app.get(
        '/readyz',
        readyz(db, options.events(), () => stopping),
      );
      app.get('/metrics', async (_req, res) => {
        const { contentType, body } = await metrics.render();
        res.setHeader('cache-control', 'no-store');
        res.type(contentType).send(body);
      });
    },
    /** From here on /readyz answers 503 `stopping`, so load balancers stop sending traffic. */
    markStopping() {
      stopping = true;
    },
    stop() {
      metrics.registry.clear();
    },
  };
}
