import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { Express } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Auth } from '../auth/auth.js';
import { signInHttp, viewerOf } from '../auth/http-sign-in.js';
import type { Viewer } from '../auth/token.js';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import type { ErrorOrigin } from '../errors.js';
import { leanApollo } from '../graphql-http.js';
import type { RequestPolicy } from '../limits/query-limits.js';
import { documentNesting, jsonBody, MAX_REQUEST_BYTES } from '../limits/request-guards.js';
import { serveGraphqlWs } from '../live/ws-server.js';
import { originOf, type RequestOrigin } from '../ops/index.js';
import { createSubgraphSchema } from './subgraph.js';

/** Where a gateway reaches the hub as a Federation 2 subgraph, over HTTP and graphql-ws alike. */
export const SUBGRAPH_PATH = '/subgraph';

export interface SubgraphOptions {
  expressApp: Express;
  httpServer: http.Server;
  /** The plain endpoint's schema; the subgraph's is built from it, resolvers shared. */
  schema: GraphQLSchema;
  policy: RequestPolicy;
  config: Pick<Config, 'introspection' | 'wsInitTimeoutMs' | 'wsKeepAliveMs'>;
  formatError(formatted: GraphQLFormattedError, error: unknown, origin?: ErrorOrigin): GraphQLFormattedError;
  auth: Auth;
  context(viewer: Viewer | null, origin?: RequestOrigin): Context;
  /** The plain endpoint's plugins (operations, cost limit, idempotency…), in the order they run. */
  plugins: ApolloServerPlugin<Context>[];
}

/**
 * The hub as a subgraph of a supergraph, beside the plain endpoint on the same port:
 * POST /subgraph (Apollo, the same sign-in step, body guards, limits and plugins as
 * /graphql) and graphql-ws on the same path for the gateway's subscriptions. It skips
 * the response cache and the compiled read path: a gateway's operations are `_entities`
 * batches and the fragments of a query plan, which neither was built for, and /graphql
 * keeps both for the portal's own questions. Stopping it closes its sockets; the HTTP
 * server itself is drained by the plain endpoint.
 */
export async function serveSubgraph(options: SubgraphOptions): Promise<{ stop(): Promise<void> }> {
  const { expressApp, policy, config, auth } = options;
  const schema = createSubgraphSchema(options.schema);
  const ws = serveGraphqlWs({
    httpServer: options.httpServer,
    path: SUBGRAPH_PATH,
    schema,
    maxMessageBytes: MAX_REQUEST_BYTES,
    config,
    auth,
    policy,
    context: options.context,
    formatError: options.formatError,
  });
  const apollo = leanApollo({
    schema,
    formatError: options.formatError,
    introspection: config.introspection,
    policy,
    plugins: [...options.plugins, { serverWillStart: async () => ({ drainServer: () => ws.dispose() }) }],
  });
  await apollo.start();
  expressApp.use(
    SUBGRAPH_PATH,
    ...jsonBody,
    documentNesting,
    signInHttp(auth),
    expressMiddleware(apollo, { context: async ({ req }) => options.context(viewerOf(req), originOf(req)) }),
  );
  return { stop: () => apollo.stop() };
}
