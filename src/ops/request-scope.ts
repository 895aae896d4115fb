import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import { saneId, type LogScope, type Logger } from './logger.js';

/** Paths scraped every few seconds: logged at debug, not info, so they do not drown requests. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The log scope of each HTTP request and of each WebSocket's upgrade request. */
const scopes = new WeakMap<http.IncomingMessage, LogScope>();

/**
 * The log scope of each HTTP request's origin (the one object originOf returns for it),
 * so code that holds the GraphQL context finds the request's scope through `origin`.
 * No async context: AsyncLocalStorage would put a promise hook on every promise.
 */
const originScopes = new WeakMap<RequestOrigin, LogScope>();

/** The scope of the request whose errors these are (see rememberScope). */
const errorScopes = new WeakMap<object, LogScope>();

/** The one origin object of each HTTP request. */
const httpOrigins = new WeakMap<http.IncomingMessage, RequestOrigin>();

/**
 * Gives every HTTP request an id (the client's `x-request-id` when it is a sane token,
 * else a new one), echoes it in the response header, gives the request its log scope
 * (found again by originOf/scopeOfOrigin) and logs one line when the response is done.
 * Headers are never logged.
 */
export function requestScope(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = saneId(req.headers['x-request-id']) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    const scope: LogScope = { log: logger.child({ requestId }), requestId };
    scopes.set(req, scope);
    const origin: RequestOrigin = { requestId };
    httpOrigins.set(req, origin);
    originScopes.set(origin, scope);
    const started = process.hrtime.bigint();
    // Read now: mounted routers rewrite req.path while the request is handled. The fast
    // lane's requests (src/compiled/fast-lane.ts) are bare ones, for exactly the path.
    const path = (req.path as string | undefined) ?? req.url;
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
    next();
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

/**
 * The log scope of a WebSocket operation (`ws`), else of the HTTP request that `error`
 * came from (rememberScope), else the base logger's.
 */
export function scopeFor(
  base: Logger,
  ws?: { request: http.IncomingMessage; operationName?: string | null },
  error?: unknown,
): LogScope {
  if (ws) {
    const connection = scopes.get(ws.request) ?? { log: base };
    return { ...connection, operationName: ws.operationName ?? undefined };
  }
  return (typeof error === 'object' && error !== null && errorScopes.get(error)) || { log: base };
}

/** The log scope of the HTTP request whose GraphQL context carries `origin`. */
export function scopeOfOrigin(origin: RequestOrigin | null | undefined): LogScope | undefined {
  return origin ? originScopes.get(origin) : undefined;
}

/**
 * Remembers which request's scope `errors` (and the errors they wrap) belong to, so the
 * error formatter, which Apollo calls without the context, logs them under that request.
 */
export function rememberScope(errors: readonly unknown[], scope: LogScope): void {
  for (const error of errors) {
    for (let e: unknown = error; typeof e === 'object' && e !== null && !errorScopes.has(e);) {
      errorScopes.set(e, scope);
      e = (e as { originalError?: unknown }).originalError;
    }
  }
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
  const http = httpOrigins.get(request);
  if (http) return http;
  const scope = scopes.get(request);
  if (scope?.connectionId) return { connectionId: scope.connectionId, operationId: saneId(operationId) ?? null };
  throw new Error('The request has no id: requestScope and trackWebSockets see every request first');
}
