import type http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Auth } from '../auth/auth.js';
import type { Viewer } from '../auth/token.js';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import { ErrorCode, type ErrorOrigin } from '../errors.js';
import { DOCUMENT_TOO_DEEP, documentNestingExceeds } from '../limits/document-nesting.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH, type RequestPolicy } from '../limits/query-limits.js';
import { originOf, type RequestOrigin } from '../ops/index.js';
import { SharedExecution } from './shared-execution.js';

export interface GraphqlWsOptions {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** The largest message, the same as the HTTP body limit. */
  maxMessageBytes: number;
  config: Pick<Config, 'wsInitTimeoutMs' | 'wsKeepAliveMs'>;
  auth: Auth;
  policy: RequestPolicy;
  /** `origin`: the socket's connection id and the operation's id, for the audit entries of mutations. */
  context(viewer: Viewer | null, origin?: RequestOrigin): Context;
  /** `origin` names the socket's upgrade request and the operation, for the error's log line. */
  formatError(formatted: GraphQLFormattedError, error: unknown, origin?: ErrorOrigin): GraphQLFormattedError;
  /** Each accepted connection_init's payload, with its socket (screens announce themselves there). */
  onConnected?(params: Record<string, unknown> | undefined, socket: WebSocket): void;
}

const MAX_CACHED_DOCUMENTS = 500;

/** The error Apollo gives for the same request over HTTP, code included. */
function requestError(
  error: GraphQLError,
  code: ErrorCode.GRAPHQL_PARSE_FAILED | ErrorCode.GRAPHQL_VALIDATION_FAILED,
): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's port and path, held
 * to what HTTP requests are held to: the same parse and validation errors with the same
 * codes, the same error shaping, the same size limit. The protocol's close codes come
 * from graphql-ws: 4400 bad message, 4401 subscribe before ack, 4408 no connection_init
 * in time, 4409 duplicate id, 4429 second init, 1009 message too big, 1001 on shutdown.
 *
 * A staff token comes in connection_init's payload as `{ "authorization": "Bearer …" }`.
 * A bad one closes the socket with 4403 and the reason; a good one is the viewer of
 * every operation on the socket until it expires or is revoked, which closes the socket
 * with 4403 as well, ending its subscriptions.
 */
export function serveGraphqlWs(options: GraphqlWsOptions): { shared: SharedExecution; dispose(): Promise<void> } {
  const { schema, formatError, config, auth, policy } = options;
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const unroute = routeUpgrades(options.httpServer, options.path, wsServer);
  const socketsByToken = new Map<string, Set<WebSocket>>();
  const endSession = (socket: WebSocket, reason: string) => socket.close(CloseCode.Forbidden, reason);
  const stopWatchingRevocations = auth.onRevoked((tokenId) => {
    for (const socket of socketsByToken.get(tokenId) ?? []) endSession(socket, 'Forbidden: the token has been revoked');
  });
  // Thousands of screens send the same few documents: each is parsed and validated once
  // (the rules need nothing but the document), and its subscribers share the one AST.
  const validDocuments = new Map<string, DocumentNode>();
  const shared = new SharedExecution({
    // Events execute for every screen at once: no request of their own, and they never write.
    context: (viewer) => options.context(viewer),
    formatErrors: (errors, origin) => errors.map((e) => formatError(e.toJSON(), e, origin as ErrorOrigin)),
  });
  const server = useServer<Record<string, unknown>, { staff?: Viewer }>(
    {
      schema,
      connectionInitWaitTimeout: config.wsInitTimeoutMs,
      onConnect: async (ctx) => {
        const { socket } = ctx.extra;
        let staff: Viewer | null;
        try {
          staff = await auth.authenticate(ctx.connectionParams?.authorization);
        } catch (error) {
          endSession(socket, `Forbidden: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
        options.onConnected?.(ctx.connectionParams, socket);
        if (!staff) return true;
        ctx.extra.staff = staff;
        const sockets = socketsByToken.get(staff.tokenId) ?? new Set<WebSocket>();
        socketsByToken.set(staff.tokenId, sockets.add(socket));
        let expiry: NodeJS.Timeout | undefined;
        const closeAtExpiry = () => {
          const left = staff.expiresAt.getTime() - Date.now();
          if (left <= 0) endSession(socket, 'Forbidden: the token has expired');
          // setTimeout holds at most ~24.8 days; a longer wait is re-armed then.
          else expiry = setTimeout(closeAtExpiry, Math.min(left, 2 ** 31 - 1));
        };
        closeAtExpiry();
        socket.once('close', () => {
          clearTimeout(expiry);
          sockets.delete(socket);
          if (sockets.size === 0) socketsByToken.delete(staff.tokenId);
        });
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => {
        // As for HTTP bodies: nothing recursive may walk JSON nested thousands deep.
        if (
          jsonDepthExceeds(payload.variables, MAX_JSON_DEPTH - 1) ||
          jsonDepthExceeds(payload.extensions, MAX_JSON_DEPTH - 1)
        ) {
          return [
            new GraphQLError(
              `Variables or extensions nested too deeply: at most ${MAX_JSON_DEPTH} levels of objects and arrays`,
              { extensions: { code: ErrorCode.BAD_REQUEST } },
            ),
          ];
        }
        let document = validDocuments.get(payload.query);
        if (!document) {
          if (documentNestingExceeds(payload.query)) {
            return [new GraphQLError(DOCUMENT_TOO_DEEP, { extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } })];
          }
          try {
            document = parse(payload.query, policy.parseOptions);
          } catch (error) {
            return [requestError(error as GraphQLError, ErrorCode.GRAPHQL_PARSE_FAILED)];
          }
          const errors = validate(schema, document, [...specifiedRules, ...policy.validationRules]);
          if (errors.length) return errors.map((e) => requestError(e, ErrorCode.GRAPHQL_VALIDATION_FAILED));
          if (validDocuments.size >= MAX_CACHED_DOCUMENTS) validDocuments.clear();
          validDocuments.set(payload.query, document);
        }
        try {
          policy.assertNoNul(document, payload.variables);
        } catch (error) {
          return [error as GraphQLError];
        }
        try {
          policy.assertWithinCost(schema, document, payload.variables ?? undefined, payload.operationName);
        } catch (error) {
          return [requestError(error as GraphQLError, ErrorCode.GRAPHQL_VALIDATION_FAILED)];
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // A fresh EntityManager fork and fresh loaders per operation, never per socket; a
      // subscription drops it once subscribed (events are resolved with their own).
      context: (ctx, id) => options.context(ctx.extra.staff ?? null, originOf(ctx.extra.request, id)),
      // Only the subscribe resolvers run per subscriber; events are executed once per
      // distinct operation and viewer scope (see SharedExecution).
      subscribe: (args) => SharedExecution.source(args) as Promise<ExecutionResult | AsyncIterable<ExecutionResult>>,
      onOperation: (ctx, id, payload, args, result) => {
        if (!isAsyncIterable(result)) return undefined;
        const op = shared.acquire(args, ctx.extra.staff ?? null);
        // graphql-ws keeps these args for the operation's life: keep the shared document, not the fork.
        args.contextValue = undefined;
        args.document = op.args.document;
        const origin: ErrorOrigin = { request: ctx.extra.request, operationName: payload.operationName };
        return shared.broadcast(result[Symbol.asyncIterator](), op, ctx.extra.socket, id, origin);
      },
      // The same error shaping as HTTP: request errors here, execution errors in results.
      onError: (ctx, _id, payload, errors) =>
        errors.map((e) =>
          formatError(e.toJSON(), e, { request: ctx.extra.request, operationName: payload.operationName }),
        ),
      onNext: (ctx, _id, payload, _args, result) =>
        result.errors
          ? {
              ...result,
              errors: result.errors.map((e) =>
                formatError(e.toJSON(), e, { request: ctx.extra.request, operationName: payload.operationName }),
              ),
            }
          : result,
    },
    wsServer,
    // Pings every socket; one that misses a pong for as long is dropped, so screens on
    // dead networks do not hold subscriptions for days.
    config.wsKeepAliveMs,
  );
  return {
    shared,
    dispose: async () => {
      stopWatchingRevocations();
      unroute();
      await server.dispose();
    },
  };
}

const upgradeRoutes = new WeakMap<http.Server, Map<string, WebSocketServer>>();

/**
 * One upgrade listener per HTTP server hands each WebSocket handshake to the server of
 * its path (the GraphQL path, the subgraph's) and refuses any other path with 400, as
 * one `ws` server with `path` did; two such servers on one HTTP server would refuse each
 * other's handshakes. Returns what takes the path off again.
 */
function routeUpgrades(httpServer: http.Server, path: string, wsServer: WebSocketServer): () => void {
  let routes = upgradeRoutes.get(httpServer);
  if (!routes) {
    const known = new Map<string, WebSocketServer>();
    routes = known;
    upgradeRoutes.set(httpServer, known);
    httpServer.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const target = known.get(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (target) target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
      else {
        socket.once('finish', () => socket.destroy());
        socket.end(
          'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: 11\r\n\r\nBad Request',
        );
      }
    });
  }
  routes.set(path, wsServer);
  return () => routes.delete(path);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}
