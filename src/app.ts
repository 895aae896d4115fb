import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { startStatusSweep } from './activities/status-sweep.js';
import { Auth } from './auth/auth.js';
import { signInHttp } from './auth/http-sign-in.js';
import { printDevelopmentToken, printDevelopmentWorkerToken, signingKey } from './auth/signing-key.js';
import type { Viewer } from './auth/token.js';
import { workerSignIn } from './auth/worker-tokens.js';
import { createResponseCache, type ResponseCacheStats } from './cache/response-cache.js';
import type { FastLane } from './compiled/fast-lane.js';
import { compiledReads } from './compiled/middleware.js';
import type { Config } from './config.js';
import { createContext } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { seedIfEmpty } from './db/seeders/seed.js';
import { createFormatError } from './errors.js';
import { ledgerExports, type LedgerExports } from './exports/ledger.js';
import { serveSubgraph, SUBGRAPH_PATH } from './federation/endpoint.js';
import { serveGraphqlHttp } from './graphql-http.js';
import { idempotencyPlugin } from './idempotency/idempotency.plugin.js';
import { requestPolicy } from './limits/query-limits.js';
import { costLimit, MAX_REQUEST_BYTES, refuseHttpSubscriptions } from './limits/request-guards.js';
import { EventHub } from './live/event-hub.js';
import { startPruning } from './live/pruning.js';
import { serveGraphqlWs } from './live/ws-server.js';
import { createLogger, createOperations, type Logger, type RequestOrigin } from './ops/index.js';
import { createSchema } from './schema.js';
import { buildVersion, serveScreens } from './screens/screens.js';

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
  const warn = (message: string) => logger.warn(message);
  const db = await openDatabase(config, log);
  const em = db.orm.em; // the root EntityManager; each request and task forks it
  const ops = createOperations({ logger, db, events: () => events });
  const signing = signingKey(config, log);
  const workers = await workerSignIn(config);
  const auth = new Auth(signing.secret, em, config.tokenMaxHours * 3600, workers.tokens);
  const events = new EventHub({ url: db.url, em, log: warn, onDispatch: ops.onDispatch, ...auth.revocationFeed() });
  let pruning: { stop(): void } | undefined;
  let sweep: { stop(): Promise<void> } | undefined;
  let graphqlHttp: { stop(): Promise<void> } | undefined;
  let subgraph: { stop(): Promise<void> } | undefined;
  let lane: FastLane | undefined;
  let ledgers: LedgerExports | undefined;
  let stopping: Promise<void> | undefined;
  // The one stop sequence, for a start that failed half way as for SIGTERM: what started stops.
  const stop = () =>
    (stopping ??= (async () => {
      ops.markStopping();
      // Closes every socket with 1001 "Going away" after in-flight requests finish.
      await graphqlHttp?.stop();
      await subgraph?.stop();
      await ledgers?.close();
      pruning?.stop();
      await sweep?.stop();
      await events.stop();
      await db.close();
      ops.stop();
    })());
  try {
    if (config.seed === 'demo') await seedIfEmpty(db.orm, log);
    await auth.reloadRevocations();
    await events.start();
    if (signing.development) await printDevelopmentToken(em, signing.secret, log);
    if (workers.development) await printDevelopmentWorkerToken(em, workers.development, log);
    pruning = startPruning({ em, retentionHours: config.eventRetentionHours, warn });
    sweep = await startStatusSweep({ em, everyMs: config.statusSweepMs, warn });
    const schema = await createSchema();
    const policy = requestPolicy(config.limits, { introspection: config.introspection });
    const formatError = ops.countErrors(createFormatError(ops.logError, { fieldSuggestions: config.fieldSuggestions }));
    const context = (viewer: Viewer | null, origin?: RequestOrigin) =>
      createContext(em, config, events, viewer, origin);
    const maxBytes = config.responseCacheMb * 1024 * 1024;
    const cache = maxBytes > 0 ? createResponseCache({ maxBytes, em, onHit: ops.onCacheHit }) : null;

    const expressApp = express().disable('x-powered-by');
    // The fast lane takes plain JSON POSTs to the GraphQL path first, once it is mounted.
    const httpServer = http.createServer((req, res) => (lane ? lane.listener(req, res) : expressApp(req, res)));
    ops.trackWebSockets(httpServer);
    const graphql = { httpServer, path: GRAPHQL_PATH, config, schema, policy, formatError, auth, context };
    const ws = serveGraphqlWs({ ...graphql, maxMessageBytes: MAX_REQUEST_BYTES, onConnected: ops.screenConnected });
    expressApp.use((req, res, next) => (lane?.entered(req) ? next() : ops.requestScope(req, res, next)));
    expressApp.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    ops.routes(expressApp);
    ledgers = ledgerExports({ url: db.url, em, log: warn });
    expressApp.get('/exports/ledger.csv', signInHttp(auth), ledgers.handler);
    serveScreens(expressApp, { em, version: buildVersion() });
    ({ apollo: graphqlHttp, lane } = await serveGraphqlHttp({
      ...graphql,
      expressApp,
      plugins: [refuseHttpSubscriptions(GRAPHQL_PATH), ops.plugin, costLimit(policy), idempotencyPlugin(em)],
      cache,
      compiledReads: config.compiledReads
        ? compiledReads({
            schema,
            policy,
            em,
            maxPageSize: config.maxPageSize,
            onAnswer: ops.onCompiledRead,
            onCompiled: cache?.storeCompiled ?? null,
          })
        : null,
      drain: () => ws.dispose(),
      requestScope: ops.requestScope,
    }));
    // The same hub as a Federation 2 subgraph, for a gateway (src/federation, README "Federation").
    subgraph = await serveSubgraph({
      ...graphql,
      expressApp,
      plugins: [refuseHttpSubscriptions(SUBGRAPH_PATH), ops.plugin, costLimit(policy), idempotencyPlugin(em)],
    });

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
      responseCache: () => cache?.stats() ?? null,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
