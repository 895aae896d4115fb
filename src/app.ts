import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from './config.js';
import { createContext, type Context } from './context.js';
import { openDatabase, withAdvisoryLock, type Database } from './db/database.js';
import { isDatabaseEmpty, seedDatabase } from './db/seeders/seed.js';
import { createFormatError } from './errors.js';
import { EventHub } from './live/event-hub.js';
import { pruneEvents } from './live/event-reader.js';
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
  stop(): Promise<void>;
}

export interface AppOptions {
  /** pino logger for everything the app logs; default: JSON on stdout at config.logLevel. */
  logger?: Logger;
}

const GRAPHQL_PATH = '/graphql';
/** The largest request, as an HTTP body or as one WebSocket message. */
const MAX_REQUEST_BYTES = 1024 * 1024;
/** How often an instance removes events older than the retention window. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** Apollo would run a subscription sent over HTTP once with an empty root; refuse it instead. */
const refuseHttpSubscriptions: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError(`Subscriptions are served over WebSocket (graphql-ws) at ${GRAPHQL_PATH}`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** A broken JSON body answers like any other bad GraphQL request, not with an HTML page. */
const jsonBodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (!error || typeof error.status !== 'number' || error.status >= 500) return next(error);
  res.status(error.status).json({
    errors: [{ message: error.type === 'entity.too.large' ? 'Request body too large' : 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
  });
};

/** Starts the hub: database (migrated, seeded when empty), HTTP and WebSocket on one port. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const log = (message: string) => logger.info(message);
  const db = await openDatabase(config, log);
  const ops = createOperations({ logger, db, events: () => events });
  const events = new EventHub({ url: db.url, em: db.orm.em, log: (message) => logger.warn(message), onDispatch: (event) => ops.onDispatch(event) });
  let pruneTimer: NodeJS.Timeout | undefined;
  try {
    if (config.seed === 'demo') await seedIfEmpty(db, log);
    await events.start();
    const prune = () =>
      pruneEvents(db.orm.em.fork(), new Date(Date.now() - config.eventRetentionHours * 3_600_000)).catch((error: Error) =>
        logger.warn(`event log pruning failed: ${error.message}`),
      );
    void prune();
    pruneTimer = setInterval(prune, PRUNE_EVERY_MS).unref();
    const schema = await createSchema();
    const formatError = ops.countErrors(createFormatError(ops.logError));

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
      context: () => createContext(db.orm.em, config, events),
      formatError,
    });

    const apollo = new ApolloServer<Context>({
      schema,
      formatError,
      includeStacktraceInErrorResponses: false,
      // Apollo turns introspection off when NODE_ENV=production; the playground and
      // portal developers need it.
      introspection: true,
      // index.ts owns SIGINT/SIGTERM; Apollo's own handlers would stop it a second time
      // and re-raise the signal, leaving the shutdown hanging.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        ApolloServerPluginLandingPageDisabled(),
        refuseHttpSubscriptions,
        ops.plugin,
        { async serverWillStart() { return { async drainServer() { await wsServer.dispose(); } }; } },
      ],
    });
    await apollo.start();

    expressApp.use(ops.requestScope);
    expressApp.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
    ops.routes(expressApp);
    if (config.playground) expressApp.get(GRAPHQL_PATH, playground());
    expressApp.use(
      GRAPHQL_PATH,
      express.json({ limit: MAX_REQUEST_BYTES }),
      jsonBodyErrors,
      expressMiddleware(apollo, { context: async () => createContext(db.orm.em, config, events) }),
    );

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, resolve);
    });
    const { port } = httpServer.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}${GRAPHQL_PATH}`,
      port,
      db,
      events,
      activeSubscriptions: () => events.subscriberCount(),
      stop: () =>
        (stopping ??= (async () => {
          ops.markStopping();
          // Closes every socket with 1001 "Going away" after in-flight requests finish.
          await apollo.stop();
          clearInterval(pruneTimer);
          await events.stop();
          await db.close();
          ops.stop();
        })()),
    };
  } catch (error) {
    clearInterval(pruneTimer);
    await events.stop();
    await db.close();
    ops.stop();
    throw error;
  }
}

async function seedIfEmpty(db: Database, log: (message: string) => void): Promise<void> {
  await withAdvisoryLock(db.orm, 'unionhub.seed', async () => {
    const em = db.orm.em.fork();
    if (!(await isDatabaseEmpty(em))) return;
    log('empty database: seeding the Jiaxing demo…');
    const summary = await seedDatabase(em);
    log(`seeded ${Object.entries(summary).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  });
}

