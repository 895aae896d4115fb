import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { logScope, saneId, type LogScope, type Logger } from './logger.js';

/** Paths scraped every few seconds: logged at debug, not info, so they do not drown requests. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The log scope of each HTTP request and of each WebSocket's upgrade request. */
const scopes = new WeakMap<http.IncomingMessage, LogScope>();

/**
 * Gives every HTTP request an id (the client's `x-request-id` when it is a sane token,
 * else a new one), echoes it in the response header, runs the request inside its log
 * scope and logs one line when the response is done. Headers are never logged.
 */
export function requestScope(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = saneId(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const scope: LogScope = { log: logger.child({ requestId }), requestId };
    scopes.set(req, scope);
    const started = process.hrtime.bigint();
    // Read now: mounted routers rewrite req.path while the request is handled.
    const path = req.path;
    // 'close' fires for finished and for aborted responses alike.
    res.once('close', () => {
      const line = {
        method: req.method,
        path,
        status: res.statusCode,
        ...(res.writableFinished ? {} : { aborted: true }),
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(scope.operationName ? { operationName: scope.operationName } : {}),
      };
      if (QUIET_PATHS.has(path)) scope.log.debug(line, 'request');
      else scope.log.info(line, 'request');
    });
    logScope.run(scope, next);
  };
}

/**
 * Tracks WebSocket connections: an id per socket (the client's `x-request-id` when sane),
 * a line when it opens and closes, and `onOpen`/`onClose` for the open-socket gauge.
 * Registered before graphql-ws's own upgrade listener sees the request.
 */
export function trackWebSockets(
  httpServer: http.Server,
  logger: Logger,
  hooks: { onOpen(): void; onClose(): void },
): void {
  httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    const connectionId = saneId(req.headers['x-request-id']) ?? randomUUID();
    const scope: LogScope = { log: logger.child({ connectionId }), connectionId };
    scopes.set(req, scope);
    scope.log.debug({ path: req.url?.split('?')[0] }, 'websocket opened');
    hooks.onOpen();
    const opened = Date.now();
    socket.once('close', () => {
      hooks.onClose();
      scope.log.debug({ durationMs: Date.now() - opened }, 'websocket closed');
    });
  });
}

/** The log scope of an HTTP request (from async context) or of a WebSocket operation. */
export function scopeFor(
  base: Logger,
  ws?: { request: http.IncomingMessage; operationName?: string | null },
): LogScope {
  if (ws) {
    const connection = scopes.get(ws.request) ?? { log: base };
    return { ...connection, operationName: ws.operationName ?? undefined };
  }
  return logScope.getStore() ?? { log: base };
}

/**
 * Where an operation came from, by the ids its log lines carry: an HTTP request's id, or
 * a WebSocket's connection id and the client's id for the operation on it.
 */
export type RequestOrigin = { requestId: string } | { connectionId: string; operationId: string | null };

/**
 * The origin of an HTTP request, or of operation `operationId` on the WebSocket opened by
 * `request`. A client's operation id is kept only when it is a sane token, like request ids.
 */
export function originOf(request: http.IncomingMessage, operationId?: string): RequestOrigin {
  const scope = scopes.get(request);
  if (scope?.requestId) return { requestId: scope.requestId };
  if (scope?.connectionId) return { connectionId: scope.connectionId, operationId: saneId(operationId) ?? null };
  throw new Error('The request has no id: requestScope and trackWebSockets see every request first');
}
