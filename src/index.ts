import { createApp } from './app.js';
import { loadConfig } from './config.js';

/** Entry point: read the configuration, start the hub, stop cleanly on a signal. */
const config = loadConfig();
const app = await createApp(config);
console.log(`unionhub ready at ${app.url} (playground: open it in a browser)`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    app.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('error while stopping', error);
        process.exit(1);
      },
    );
  });
}
