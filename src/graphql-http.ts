import type http from 'node:http';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { Express, RequestHandler } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Auth } from './auth/auth.js';
import { signInHttp, viewerOf } from './auth/http-sign-in.js';
import type { Viewer } from './auth/token.js';
import type { ResponseCache } from './cache/response-cache.js';
import { fastLane, type FastLane } from './compiled/fast-lane.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { RequestPolicy } from './limits/query-limits.js';
import { documentNesting, jsonBody, MAX_REQUEST_BYTES } from './limits/request-guards.js';
import { originOf, type RequestOrigin } from './ops/index.js';
import { playground } from './playground/playground.js';

export interface GraphqlHttpOptions {
  expressApp: Express;
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  policy: RequestPolicy;
  config: Pick<Config, 'introspection' | 'playground'>;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  auth: Auth;
  /** `origin`: the request's id, for the audit entries of its mutations. */
  context(viewer: Viewer | null, origin: RequestOrigin): Context;
  /** The hub's plugins, in the order they run. */
  plugins: ApolloServerPlugin<Context>[];
  /** Null when RESPONSE_CACHE_MB=0. */
  cache: ResponseCache | null;
  /** The compiled read path (src/compiled); null when COMPILED_READS=false. */
  compiledReads: RequestHandler | null;
  /** Stopping drains in-flight HTTP requests and, alongside, this (the WebSocket server). */
  drain(): Promise<void>;
  /** Each request's log scope (ops), for the requests the fast lane takes. */
  requestScope: RequestHandler;
}

/**
 * GraphQL over HTTP at `path`: the playground for browsers (PLAYGROUND), then Apollo,
 * started, behind the JSON body guards, the one sign-in step, the response cache's
 * hits and the compiled read path; and the fast lane (src/compiled/fast-lane.ts) that
 * runs those steps ahead of Express for plain JSON POSTs, to be the HTTP server's
 * listener. Stopping the returned Apollo server drains it.
 */
export async function serveGraphqlHttp(
  options: GraphqlHttpOptions,
): Promise<{ apollo: ApolloServer<Context>; lane: FastLane }> {
  const { expressApp, httpServer, policy, config, cache } = options;
  const apollo = leanApollo({
    schema: options.schema,
    formatError: options.formatError,
    introspection: config.introspection,
    policy,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...options.plugins,
      // Last: answers only operations every other plugin let through.
      ...(cache ? [cache.storeMisses] : []),
      { serverWillStart: async () => ({ drainServer: () => options.drain() }) },
    ],
  });
  await apollo.start();
  if (config.playground) expressApp.get(options.path, playground());
  const beforeApollo = [
    signInHttp(options.auth),
    ...(cache ? [cache.serveHits] : []),
    ...(options.compiledReads ? [options.compiledReads] : []),
  ];
  const lane = fastLane({
    path: options.path,
    maxBytes: MAX_REQUEST_BYTES,
    express: expressApp,
    scope: options.requestScope,
    steps: beforeApollo,
  });
  expressApp.use(
    options.path,
    ...jsonBody,
    documentNesting,
    lane.unlessRan(beforeApollo),
    expressMiddleware(apollo, { context: async ({ req }) => options.context(viewerOf(req), originOf(req)) }),
  );
  return { apollo, lane };
}

/**
 * Apollo as every GraphQL endpoint of the hub runs it (/graphql, /subgraph): our error
 * shaping, limits and introspection setting, none of Apollo's defaults that wrap fields,
 * and `plugins` in the order given.
 */
export function leanApollo(options: {
  schema: GraphQLSchema;
  formatError: ApolloServerOptions<Context>['formatError'];
  introspection: boolean;
  policy: RequestPolicy;
  plugins: ApolloServerPlugin<Context>[];
}): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema: options.schema,
    formatError: options.formatError,
    includeStacktraceInErrorResponses: false,
    // Apollo turns introspection off when NODE_ENV=production; the playground and
    // portal developers need it, so it is our setting (INTROSPECTION), not Apollo's guess.
    introspection: options.introspection,
    parseOptions: options.policy.parseOptions,
    validationRules: options.policy.validationRules,
    // index.ts owns SIGINT/SIGTERM; Apollo's own handlers would stop it a second time
    // and re-raise the signal, leaving the shutdown hanging.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's defaults that wrap every field's resolver: cache hints (nothing here reads
      // them; the response cache keys on the log's cursor and the operations plugin sends
      // `cache-control: no-store` as this one did), usage reporting (when APOLLO_KEY is set)
      // and federated traces. On a dashboard of ~2,000 objects the wrapping alone cost
      // a noticeable share of the CPU.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ...options.plugins,
    ],
  });
}
