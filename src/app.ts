import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Auth } from './auth/auth.js';
import { signInHttp, viewerOf } from './auth/http-sign-in.js';
import { printDevelopmentToken, signingKey } from './auth/signing-key.js';
import { createResponseCache, type ResponseCacheStats } from './cache/response-cache.js';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { seedIfEmpty } from './db/seeders/seed.js';
import { createFormatError } from './errors.js';
import { idempotencyPlugin } from './idempotency/idempotency.plugin.js';
import { requestPolicy } from './limits/query-limits.js';
import { costLimit, jsonBody, MAX_REQUEST_BYTES, refuseHttpSubscriptions } from './limits/request-guards.js';
import { EventHub } from './live/event-hub.js';
import { startPruning } from './live/pruning.js';
import { serveGraphqlWs } from './live/ws-server.js';
import { createLogger, createOperations, type Logger } from './ops/index.js';
import { playground } from './playground/playground.js';
import { createSchema } from './schema.js';

export interface App {
  /** http://host:port/graphql; WebSocket clients use the same path with ws://. */
  url: string;
  port: number;
  db: Database;
  events: EventHub;
  /** Subscriptions currently listening for events on this instance. */
  activeSubscriptions(): number;
  /** Hits, misses and size of this instance's response cache; null when RESPONSE_CACHE_MB=0. */
  responseCache(): ResponseCacheStats | null;
  stop(): Promise<void>;
}

export interface AppOptions {
  /** pino logger for everything the app logs; default: JSON on stdout at config.logLevel. */
  logger?: Logger;
}

const GRAPHQL_PATH = '/graphql';

/** Starts the hub: database (migrated, seeded when empty), HTTP and WebSocket on one port. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const log = (message: string) => logger.info(message);
  const db = await openDatabase(config, log);
  const ops = createOperations({ logger, db, events: () => events });
  const signing = signingKey(config, log);
  const auth = new Auth(signing.secret, db.orm.em, config.tokenMaxHours * 3600);
  const events = new EventHub({
    url: db.url,
    em: db.orm.em,
    log: (message) => logger.warn(message),
    onDispatch: ops.onDispatch,
    ...auth.revocationFeed(),
  });
  let pruning: { stop(): void } | undefined;
  let apollo: ApolloServer<Context> | undefined;
  let stopping: Promise<void> | undefined;
  // The one stop sequence, for a start that failed half way as for SIGTERM: what started stops.
  const stop = () =>
    (stopping ??= (async () => {
      ops.markStopping();
      // Closes every socket with 1001 "Going away" after in-flight requests finish.
      await apollo?.stop();
      pruning?.stop();
      await events.stop();
      await db.close();
      ops.stop();
    })());
  try {
    if (config.seed === 'demo') await seedIfEmpty(db.orm, log);
    await auth.reloadRevocations();
    await events.start();
    if (signing.development) await printDevelopmentToken(db.orm.em, signing.secret, log);
    pruning = startPruning({
      em: db.orm.em,
      retentionHours: config.eventRetentionHours,
      warn: (message) => logger.warn(message),
    });
    const schema = await createSchema();
    const policy = requestPolicy(config.limits, { introspection: config.introspection });
    const maxBytes = config.responseCacheMb * 1024 * 1024;
    const responseCache = maxBytes > 0 ? createResponseCache({ maxBytes, em: db.orm.em, onHit: ops.onCacheHit }) : null;
    const formatError = ops.countErrors(createFormatError(ops.logError, { fieldSuggestions: config.fieldSuggestions }));

    const expressApp = express();
    expressApp.disable('x-powered-by');
    const httpServer = http.createServer(expressApp);
    ops.trackWebSockets(httpServer);
    const wsServer = serveGraphqlWs({
      httpServer,
      path: GRAPHQL_PATH,
      schema,
      maxMessageBytes: MAX_REQUEST_BYTES,
      config,
      auth,
      policy,
      context: (viewer) => createContext(db.orm.em, config, events, viewer),
      formatError,
    });

    const server = new ApolloServer<Context>({
      schema,
      formatError,
      includeStacktraceInErrorResponses: false,
      // Apollo turns introspection off when NODE_ENV=production; the playground and
      // portal developers need it, so it is our setting (INTROSPECTION), not Apollo's guess.
      introspection: config.introspection,
      parseOptions: policy.parseOptions,
      validationRules: policy.validationRules,
      // index.ts owns SIGINT/SIGTERM; Apollo's own handlers would stop it a second time
      // and re-raise the signal, leaving the shutdown hanging.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        ApolloServerPluginLandingPageDisabled(),
        refuseHttpSubscriptions(GRAPHQL_PATH),
        ops.plugin,
        costLimit(policy),
        idempotencyPlugin(db.orm.em),
        // Last: answers only operations every other plugin let through.
        ...(responseCache ? [responseCache.storeMisses] : []),
        {
          async serverWillStart() {
            return {
              async drainServer() {
                await wsServer.dispose();
              },
            };
          },
        },
      ],
    });
    await server.start();
    // Only a started server can be stopped.
    apollo = server;

    expressApp.use(ops.requestScope);
    expressApp.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    ops.routes(expressApp);
    if (config.playground) expressApp.get(GRAPHQL_PATH, playground());
    expressApp.use(
      GRAPHQL_PATH,
      ...jsonBody,
      signInHttp(auth),
      ...(responseCache ? [responseCache.serveHits] : []),
      expressMiddleware(server, {
        context: async ({ req }) => createContext(db.orm.em, config, events, viewerOf(req)),
      }),
    );

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, resolve);
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return {
      url: `http://${host}:${port}${GRAPHQL_PATH}`,
      port,
      db,
      events,
      activeSubscriptions: () => events.subscriberCount(),
      responseCache: () => responseCache?.stats() ?? null,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
