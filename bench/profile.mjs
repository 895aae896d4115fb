// Profiles the built hub on one scenario: `node bench/profile.mjs [--scale 0.05] [--only county] [--requests 200] [--cpu-prof] [--hub dist/index.js]`.
// Starts the bench's embedded PostgreSQL (seeded by `npm run bench` before), the hub with
// NODE_ENV=production, sends the scenario's requests 20 at a time, and prints the hub's CPU
// ms per request; with --cpu-prof the hub writes a .cpuprofile to bench/results/. --hub runs
// another build (another commit's dist/index.js) on the same data, to compare two builds.
// The response cache is whatever RESPONSE_CACHE_MB says (set it to 0 to profile resolving).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

const BENCH = import.meta.dirname;
const ROOT = path.resolve(BENCH, '..');
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.05' },
    only: { type: 'string', default: 'county' },
    requests: { type: 'string', default: '200' },
    'cpu-prof': { type: 'boolean', default: false },
    hub: { type: 'string', default: 'dist/index.js' },
  },
});
const { default: pg } = await import('pg');
const { startEmbeddedPostgres } = await import(path.join(ROOT, 'dist', 'db', 'embedded-postgres.js'));
const S = await import('./scenarios.mjs');

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

const postgres = await startEmbeddedPostgres({
  dataDir: path.join(BENCH, '.data', 'postgres'),
  port: await freePort(),
  database: 'postgres',
});
const dbUrl = (() => {
  const u = new URL(postgres.adminUrl);
  u.pathname = `/bench_s${args.scale.replace('.', '_')}`;
  return u.toString();
})();
const port = await freePort();
const hub = spawn(
  process.execPath,
  [...(args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.join(BENCH, 'results')] : []), args.hub],
  {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      SEED: 'none',
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'x'.repeat(48),
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
try {
  await new Promise((resolve) => hub.stdout.on('data', (c) => /ready at/.test(c) && resolve()));
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const targets = await S.resolveTargets(client);
  await client.end();
  const url = `http://127.0.0.1:${port}/graphql`;
  for (const scenario of S.scenarios(targets).filter((s) => s.name.includes(args.only))) {
    const send = (body) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (r) => r.text(),
      );
    const batch = async (n) => {
      for (let i = 0; i < n; i += 20)
        await Promise.all(scenario.ours.map((op) => Array.from({ length: 20 }, () => send(op))).flat());
    };
    await batch(60); // warm-up
    const before = cpuMs(hub.pid);
    const started = performance.now();
    const n = Number(args.requests);
    await batch(n);
    const requests = n * scenario.ours.length;
    console.log(
      `${scenario.name}: ${((cpuMs(hub.pid) - before) / requests).toFixed(2)} CPU ms/request, ${(requests / ((performance.now() - started) / 1000)).toFixed(0)} req/s (20 at a time)`,
    );
  }
} finally {
  hub.kill('SIGINT');
  await new Promise((resolve) => hub.once('exit', resolve));
  await postgres.stop();
}
