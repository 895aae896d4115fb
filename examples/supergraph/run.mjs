// `npm run supergraph`: the hub on its embedded demo (no DATABASE_URL needed), the points
// subgraph and the gateway, three processes on loopback ports, each printing its URL; the
// gateway composes the supergraph from the two running subgraphs. Ctrl-C stops all three.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..', '..');
const host = '127.0.0.1';
const children = [];

/** Starts `node file` with `env`; resolves with the first URL of a line matching `ready`. */
function start(name, file, env, ready) {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, file)], {
    cwd: root,
    env: { ...process.env, HOST: host, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      // The hub logs JSON lines (pino): show their message.
      let text = line;
      try {
        text = JSON.parse(line).msg ?? line;
      } catch {
        // a plain line
      }
      console.log(`[${name}] ${text}`);
      const url = ready.test(text) && /https?:\/\/\S+/.exec(text)?.[0];
      if (url) resolve(url);
    });
  });
}

function stopAll() {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, stopAll);

try {
  // PORT=0: every process takes a free port and says which.
  const hub = await start('hub', 'dist/index.js', { PORT: '0' }, /unionhub ready at/);
  const points = await start('points', 'examples/supergraph/points/points.mjs', { PORT: '0' }, /ready at/);
  const gateway = await start(
    'gateway',
    'examples/supergraph/gateway.mjs',
    { PORT: process.env.GATEWAY_PORT ?? '0', HUB_URL: hub.replace(/\/graphql$/, '/subgraph'), POINTS_URL: points },
    /gateway ready at/,
  );
  console.log(
    `\nsupergraph gateway: ${gateway} (HTTP and graphql-ws)\nhub subgraph: ${hub.replace(/\/graphql$/, '/subgraph')}\npoints subgraph: ${points}\n`,
  );
} catch (error) {
  console.error(error.message);
  stopAll();
  process.exitCode = 1;
}
