import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './ops/index.js';
import { demoScreenUrls } from './screens/screens.js';

/** Entry point: read the configuration, start the hub, stop cleanly on a signal. */
const config = loadConfig();
const logger = createLogger({ level: config.logLevel });
const app = await createApp(config, { logger });
logger.info(`unionhub ready at ${app.url} (playground: open it in a browser)`);
if (config.seed === 'demo') {
  // The demo's screens and dashboards (README, "Screens"), to open in a browser.
  demoScreenUrls(app.db.orm.em, app.url.replace(/\/graphql$/, '')).then(
    (urls) => urls.length && logger.info(`screens of the demo:\n${urls.join('\n')}`),
    (error) => logger.warn({ err: error }, 'could not list the demo screens'),
  );
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping…`);
    app.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  });
}
