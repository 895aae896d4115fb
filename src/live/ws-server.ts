import type http from 'node:http';
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import type { ErrorOrigin } from '../errors.js';

export interface GraphqlWsOptions {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** The largest message, the same as the HTTP body limit. */
  maxMessageBytes: number;
  config: Pick<Config, 'wsInitTimeoutMs' | 'wsKeepAliveMs'>;
  context(): Context;
  /** `origin` names the socket's upgrade request and the operation, for the error's log line. */
  formatError(formatted: GraphQLFormattedError, error: unknown, origin?: ErrorOrigin): GraphQLFormattedError;
}

/** The error Apollo gives for the same request over HTTP, code included. */
function requestError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's port and path, held
 * to what HTTP requests are held to: the same parse and validation errors with the same
 * codes, the same error shaping, the same size limit. The protocol's close codes come
 * from graphql-ws: 4400 bad message, 4401 subscribe before ack, 4408 no connection_init
 * in time, 4409 duplicate id, 4429 second init, 1009 message too big, 1001 on shutdown.
 */
export function serveGraphqlWs(options: GraphqlWsOptions): { dispose(): void | Promise<void> } {
  const { schema, formatError, config } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: options.maxMessageBytes });
  return useServer<Record<string, unknown>, { context?: Context }>(
    {
      schema,
      connectionInitWaitTimeout: config.wsInitTimeoutMs,
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [requestError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors.map((e) => requestError(e, 'GRAPHQL_VALIDATION_FAILED'));
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // A fresh EntityManager fork and fresh loaders per operation, never per socket.
      context: () => options.context(),
      // The same error shaping as HTTP: request errors here, execution errors in results.
      onError: (ctx, _id, payload, errors) =>
        errors.map((e) => formatError(e.toJSON(), e, { request: ctx.extra.request, operationName: payload.operationName })),
      onNext: (ctx, _id, payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, { request: ctx.extra.request, operationName: payload.operationName })) }
          : result,
    },
    wsServer,
    // Pings every socket; one that misses a pong for as long is dropped, so screens on
    // dead networks do not hold subscriptions for days.
    config.wsKeepAliveMs,
  );
}
