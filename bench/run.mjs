// The benchmark harness: the built hub against PostGraphile v5 on the very same embedded
// PostgreSQL. `npm run bench [-- --smoke] [--scales 1,10] [--duration 10]`; see BENCHMARKS.md.
import { execFileSync, spawn, fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const BENCH = import.meta.dirname;
const ROOT = path.resolve(BENCH, '..');
const RESULTS = path.join(BENCH, 'results');
const PEER_NODE = path.join(BENCH, 'node_modules', 'node', 'bin', 'node');

// ---------------------------------------------------------------- options

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    scales: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '20' },
    fanout: { type: 'string' },
    'fanout-only': { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    only: { type: 'string' },
    statements: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (args.help) {
  console.log(`npm run bench [-- options]
  --smoke           scale 0.05, 1 s runs, 50 subscribers: proves the harness end to end
                    Every scenario runs on the hub with its response cache off and on (the city
                    dashboard: off only) and on PostGraphile; "dashboard under writes" (the hub,
                    cache on) reads the county dashboard with no writes, sign-ups elsewhere, and
                    sign-ups elsewhere and inside the county. COMPILED_READS=false in the
                    environment measures the resolver path.
  --scales 1,10     data scales, each in its own database (default 1,10)
  --duration 10     seconds per measured run (default 10)
  --connections 20  autocannon connections (default 20)
  --fanout 10000    extra subscriber counts on top of 1000,3000
  --fanout-only     only the live fan-out (no peer, no HTTP scenarios, no cold start)
  --reseed          seed again even when the database already holds this seed
  --only dashboard  only the scenarios whose name contains this text ("writes": dashboard under
                    writes alone); no fan-out, no cold start
  --statements      after each measured run, print the statements it sent, most called first`);
  process.exit(0);
}
const number = (raw, name) => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
};
const smoke = args.smoke;
const options = {
  smoke,
  scales: (args.scales ?? (smoke ? '0.05' : args['fanout-only'] ? '1' : '1,10'))
    .split(',')
    .map((s) => number(s, 'scales')),
  duration: number(args.duration ?? (smoke ? '1' : '10'), 'duration'),
  connections: number(args.connections, 'connections'),
  fanout: smoke
    ? [50]
    : [...new Set([1000, 3000, ...(args.fanout ? args.fanout.split(',').map((s) => number(s, 'fanout')) : [])])].sort(
        (a, b) => a - b,
      ),
  reseed: args.reseed,
  fanoutOnly: args['fanout-only'],
  only: args.only,
  statements: args.statements,
};
const log = (...parts) => console.log('[bench]', ...parts);

// ---------------------------------------------------------------- bench dependencies

/** `npm ci --prefix bench` when bench/node_modules is missing or older than the lockfile. */
function ensureBenchDependencies() {
  const lock = path.join(BENCH, 'package-lock.json');
  const installed = path.join(BENCH, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && existsSync(PEER_NODE) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing the bench dependencies (npm ci --prefix bench)…');
  execFileSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
}
ensureBenchDependencies();
if (!existsSync(path.join(ROOT, 'dist', 'index.js')))
  throw new Error('dist/index.js is missing: run `npm run bench`, which builds first');

const { default: autocannon } = await import('autocannon');
const { default: pg } = await import('pg');
const { startEmbeddedPostgres, ensureDatabase } = await import(path.join(ROOT, 'dist', 'db', 'embedded-postgres.js'));
const S = await import('./scenarios.mjs');

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const round = (value, digits = 1) => (value == null || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used, in ms: less noisy than req/s on a shared machine. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** VmRSS of a process in KiB. */
function rssKiB(pid) {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : null;
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// The hub under test gets a signing key made for this run; the harness signs its own
// ADMIN token with it for the one thing that needs sign-in, recording scores. Reads go
// unsigned, as the dashboards' and screens' do (and as PostGraphile's do).
const JWT_SECRET = randomBytes(48).toString('base64');
let adminToken;
async function writerHeaders() {
  if (!adminToken) {
    const { signStaffToken } = await import(path.join(ROOT, 'dist', 'auth', 'token.js'));
    ({ token: adminToken } = await signStaffToken(
      JWT_SECRET,
      { staffId: 'bench', name: 'bench', unionId: 0, role: 'ADMIN' },
      6 * 3600,
    ));
  }
  return { authorization: `Bearer ${adminToken}` };
}

async function post(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, bytes: Buffer.byteLength(text) };
}

/** Spawns a server and resolves once it prints its ready line. */
async function startServer(name, command, argv, { cwd, env, ready }) {
  const started = now();
  const child = spawn(command, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const remember = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stderr.on('data', remember);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 120 s:\n${output.join('')}`)),
      120_000,
    );
    child.stdout.on('data', (chunk) => {
      remember(chunk);
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  const server = { stopping: false };
  child.on('exit', (code, signal) => {
    if (!server.stopping)
      console.error(
        `[bench] ${name} (pid ${child.pid}) exited unexpectedly (${code ?? signal}); its last output:\n${output.join('')}`,
      );
  });
  return Object.assign(server, { name, child, pid: child.pid, startedMs: now() - started, output });
}

async function stopServer(server) {
  if (!server || server.child.exitCode !== null) return;
  server.stopping = true;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The response cache of the hub's two instances: off (RESPONSE_CACHE_MB=0) and on (the default, 64 MiB). */
const CACHE_MB = { off: '0', on: '64' };

function oursServer(databaseUrl, port, cache = 'on') {
  return startServer(`hub (cache ${cache})`, process.execPath, ['dist/index.js'], {
    cwd: ROOT,
    env: {
      RESPONSE_CACHE_MB: CACHE_MB[cache],
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SEED: 'none',
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET,
    },
    ready: /unionhub ready at/,
  });
}
function peerServer(databaseUrl, port) {
  return startServer('postgraphile', PEER_NODE, ['postgraphile/server.mjs'], {
    cwd: BENCH,
    env: { NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port) },
    ready: /postgraphile ready at/,
  });
}

// ---------------------------------------------------------------- PostgreSQL and seeds

function seedMarker(scale) {
  const hash = createHash('sha1');
  for (const dir of ['dist/db/seeders', 'dist/db/migrations']) {
    for (const file of readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.js'))
      .sort())
      hash.update(readFileSync(path.join(ROOT, dir, file)));
  }
  return `unionhub-bench seed scale=${scale} ${hash.digest('hex').slice(0, 12)}`;
}

/** Seeds `database` at `scale` with the project's seeder, unless it already holds exactly that seed. */
async function ensureSeeded(admin, urlFor, database, scale) {
  await ensureDatabase(urlFor('postgres'), database);
  const marker = seedMarker(scale);
  const { rows } = await admin.query(
    `select shobj_description(oid, 'pg_database') as marker from pg_database where datname = $1`,
    [database],
  );
  if (!options.reseed && rows[0]?.marker === marker) {
    log(`${database}: already seeded at scale ${scale}`);
    return { seededMs: null };
  }
  log(`${database}: seeding the Jiaxing demo at scale ${scale}…`);
  const started = now();
  execFileSync(process.execPath, ['dist/db/seed-cli.js', '--scale', String(scale), '--reset'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: urlFor(database) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await admin.query(
    `comment on database ${pg.Client.prototype.escapeIdentifier(database)} is ${pg.Client.prototype.escapeLiteral(marker)}`,
  );
  // Fresh statistics, as a long-running database would have.
  const client = new pg.Client({ connectionString: urlFor(database) });
  await client.connect();
  await client.query('vacuum analyze');
  await client.end();
  return { seededMs: now() - started };
}

/** SQL statements run in `database` since the last reset (pg_stat_statements, top-level, utility included). */
async function statements(admin, database) {
  const { rows } = await admin.query(
    `select coalesce(sum(calls), 0)::bigint as calls from pg_stat_statements where dbid = (select oid from pg_database where datname = $1)`,
    [database],
  );
  return Number(rows[0].calls);
}
const resetStatements = (admin) => admin.query('select pg_stat_statements_reset()');

/** `--statements`: what a run sent, most called first. */
async function printStatements(admin, database, requests) {
  const { rows } = await admin.query(
    `select calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query from pg_stat_statements
     where dbid = (select oid from pg_database where datname = $1) order by calls desc limit 12`,
    [database],
  );
  for (const row of rows) log(`  ${(Number(row.calls) / requests).toFixed(3)}/request  ${row.query}`);
}

// ---------------------------------------------------------------- HTTP load

/** Response cache hits and misses seen by a run (the hub's `x-response-cache` header). */
const cacheCounts = () => ({ hit: 0, miss: 0 });

function cannon(url, ops, { duration, counts }) {
  const requests = ops.map((body) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(counts && {
      onResponse(_status, _body, _context, headers) {
        const seen = headers['x-response-cache'];
        if (seen === 'hit' || seen === 'miss') counts[seen] += 1;
      },
    }),
  }));
  return autocannon({ url, connections: options.connections, duration, requests });
}

const hitRatio = (counts) => (counts.hit + counts.miss ? round(counts.hit / (counts.hit + counts.miss), 3) : null);

/**
 * Checks every request of a scenario on a server: 200, data, no errors. Returns the mean
 * answer size and, for the hub, which path answered: `compiled` when every request came
 * back with `x-read-path: compiled` (the compiled read path), `resolvers` when none did,
 * `mixed` otherwise; null for the peer.
 */
async function validate(server, url, ops) {
  let bytes = 0;
  let compiled = 0;
  for (const body of ops) {
    const answer = await post(url, body);
    if (answer.status !== 200 || !answer.json?.data || answer.json.errors) {
      throw new Error(
        `${server}: ${body.query.split('\n')[0]} answered ${answer.status}: ${answer.text.slice(0, 500)}`,
      );
    }
    bytes += answer.bytes;
    if (answer.headers.get('x-read-path') === 'compiled') compiled += 1;
  }
  const readPath =
    server !== 'unionhub' ? null : compiled === ops.length ? 'compiled' : compiled === 0 ? 'resolvers' : 'mixed';
  return { bytes: Math.round(bytes / ops.length), readPath };
}

/**
 * SQL statements per request, counted apart from the timed run: autocannon stops at the
 * deadline with up to `connections` requests still in flight, whose statements PostgreSQL
 * has already counted, so calls / answered overstated slow servers (a dashboard answering
 * 2 req/s over 10 s with 20 in flight read 1.8× its real count). Here every request sent
 * is answered before counting: `connections` at once, twice over, once the timed run's
 * stragglers are done.
 */
async function sqlPerRequest(url, ops, admin, database, pid) {
  // The timed run's last requests are still being answered: wait until the database is quiet.
  for (let last = -1, calls; (calls = await statements(admin, database)) !== last; last = calls) await sleep(300);
  await resetStatements(admin);
  const cpuBefore = cpuMs(pid);
  const rounds = 2;
  for (let r = 0; r < rounds; r++) {
    await Promise.all(
      Array.from({ length: options.connections }, (_, i) => post(url, ops[(r * options.connections + i) % ops.length])),
    );
  }
  const requests = rounds * options.connections;
  const cpuPerRequestMs = round((cpuMs(pid) - cpuBefore) / requests, 2);
  if (options.statements) await printStatements(admin, database, requests);
  return { sqlPerRequest: round((await statements(admin, database)) / requests, 2), cpuPerRequestMs };
}

async function measure(server, url, ops, admin, database, pid) {
  await cannon(url, ops, { duration: smoke ? 1 : 3 }); // warm-up, bounded in time however slow the answers
  const counts = cacheCounts();
  const result = await cannon(url, ops, { duration: options.duration, counts });
  const done = result.requests.total;
  const seconds = result.duration || options.duration;
  return {
    requests: done,
    reqPerSec: round(result['2xx'] / seconds, 1),
    hitRatio: hitRatio(counts),
    cacheAnswers: counts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(await sqlPerRequest(url, ops, admin, database, pid)),
    rssMiB: round(rssKiB(pid) / 1024, 1),
  };
}

// ---------------------------------------------------------------- live fan-out (ours)

async function scoreboard(url) {
  const answer = await post(url, { query: S.LIVE_SCOREBOARD });
  const competition = answer.json?.data?.activities?.nodes?.[0]?.competition;
  const match = competition?.matches?.nodes?.[0];
  if (!competition || !match) throw new Error(`no LIVE match in 嘉兴市职工气排球联赛: ${answer.text.slice(0, 300)}`);
  return { competitionId: competition.id, match };
}

async function recordScore(url, match, home) {
  const answer = await post(
    url,
    {
      query: S.RECORD_SCORE,
      variables: { matchId: match.id, home, away: match.awayScore ?? 0, version: match.version },
    },
    await writerHeaders(),
  );
  const error = answer.json?.errors?.[0];
  if (error || answer.status !== 200) throw new Error(`recordScore failed: ${answer.text.slice(0, 300)}`);
  return answer.json.data.recordScore.match;
}

async function fanout(ours, url, admin, database, n) {
  const wsUrl = url.replace(/^http/, 'ws');
  let { competitionId, match } = await scoreboard(url);
  // What one score change costs with nobody listening: the mutation's own transaction and the listener's read.
  await sleep(300);
  await resetStatements(admin);
  match = await recordScore(url, { ...match, id: match.id }, (match.homeScore ?? 0) + 1).then((m) => ({
    ...match,
    ...m,
  }));
  await sleep(500);
  const baseline = await statements(admin, database);

  await sleep(500);
  const rssBefore = rssKiB(ours.pid);
  const clients = fork(path.join(BENCH, 'fanout-clients.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reply = (type) =>
    new Promise((resolve) =>
      clients.on('message', function on(message) {
        if (message.type === type) {
          clients.off('message', on);
          resolve(message);
        }
      }),
    );
  try {
    const connectStarted = now();
    clients.send({
      type: 'start',
      url: wsUrl,
      n,
      query: S.COMPETITION_UPDATED,
      variables: { competitionId },
      headers: {},
    });
    const ready = await reply('ready');
    const connectMs = now() - connectStarted;
    await sleep(smoke ? 500 : 2000);
    const rssAfter = rssKiB(ours.pid);
    const timeoutMs = smoke ? 5000 : 30_000;

    // Warm-up event: proves every subscription is live server-side before the measured one.
    let home = match.homeScore + 1;
    match = { ...match, ...(await recordScore(url, match, home)) };
    clients.send({ type: 'expect', homeScore: home, timeoutMs });
    const warm = await reply('received');

    home += 1;
    await sleep(300);
    await resetStatements(admin);
    const sent = now();
    const mutation = recordScore(url, match, home);
    clients.send({ type: 'expect', homeScore: home, timeoutMs });
    match = { ...match, ...(await mutation) };
    const mutationMs = now() - sent;
    const received = await reply('received');
    await sleep(300);
    const calls = await statements(admin, database);
    const latencies = received.times.map((t) => t - sent).sort((a, b) => a - b);
    return {
      subscribers: n,
      subscribed: ready.subscribed,
      connectSeconds: round(connectMs / 1000, 1),
      warmupDelivered: round(warm.times.length / n, 4),
      delivered: round(latencies.length / n, 4),
      // The first subscriber's latency is the mutation and the hub's read; p99 − first is the fan-out itself.
      firstMs: round(latencies[0], 1),
      p50Ms: round(percentile(latencies, 50), 1),
      p99Ms: round(percentile(latencies, 99), 1),
      maxMs: round(latencies.at(-1), 1),
      mutationMs: round(mutationMs, 1),
      sqlPerEvent: calls,
      sqlPerEventNoSubscribers: baseline,
      rssPerSubscriberKiB: round((rssAfter - rssBefore) / n, 1),
      rssMiB: round(rssAfter / 1024, 1),
    };
  } finally {
    clients.send({ type: 'stop' });
    await new Promise((resolve) => (clients.exitCode !== null ? resolve() : clients.once('exit', resolve)));
    await sleep(smoke ? 300 : 2000); // let the server drop the sockets
  }
}

// ---------------------------------------------------------------- dashboard under writes (ours)

const UNDER_WRITES = 'dashboard under writes';
/** Sign-ups per second at each place that is written to. */
const WRITES_PER_SECOND = 2;

/**
 * One run of 20 readers (autocannon) on the county dashboard of the cached hub while a
 * writer sends `signUp`s open-loop (on a timer, however long the last one takes), with
 * the harness's ADMIN token, `WRITES_PER_SECOND` a second at each of `places`, each
 * place's activities in turn. Every sign-up has a new phone number.
 */
async function readWhileWriting(url, targets, places) {
  const read = [S.countyDashboard(targets)];
  const headers = await writerHeaders();
  await cannon(url, read, { duration: smoke ? 1 : 3 }); // warm-up, no writes
  const writes = [];
  const pending = [];
  let sent = 0;
  const phoneBase = Math.floor(Math.random() * 1e8);
  const write = (place, activityId) => {
    const phone = `139${String((phoneBase + sent++) % 1e8).padStart(8, '0')}`;
    const started = now();
    const done = (answer) => {
      const code = answer
        ? answer.status === 200
          ? answer.json?.errors?.[0]?.extensions?.code
          : answer.status
        : 'network';
      writes.push({ place, ms: now() - started, error: code ?? null });
    };
    pending.push(post(url, { query: S.SIGN_UP, variables: { activityId, phone } }, headers).then(done, () => done()));
  };
  const timers = Object.entries(places).map(([place, activities]) => {
    let next = 0;
    return setInterval(() => write(place, activities[next++ % activities.length]), 1000 / WRITES_PER_SECOND);
  });
  const counts = cacheCounts();
  let result;
  try {
    result = await cannon(url, read, { duration: options.duration, counts });
  } finally {
    for (const timer of timers) clearInterval(timer);
  }
  await Promise.all(pending);
  const latencies = (list) => list.map((w) => w.ms).sort((a, b) => a - b);
  const all = latencies(writes);
  const errors = writes.filter((w) => w.error !== null);
  return {
    writes: Object.keys(places).join(' + ') || 'none',
    reqPerSec: round(result['2xx'] / (result.duration || options.duration), 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
    hitRatio: hitRatio(counts),
    cacheAnswers: counts,
    writesSent: writes.length,
    writeErrors: errors.length,
    writeErrorCodes: [...new Set(errors.map((w) => w.error))],
    writeP50Ms: round(percentile(all, 50), 1),
    writeP99Ms: round(percentile(all, 99), 1),
    writeP99MsByPlace: Object.fromEntries(
      Object.keys(places).map((place) => [
        place,
        round(percentile(latencies(writes.filter((w) => w.place === place)), 99), 1),
      ]),
    ),
  };
}

/**
 * "Dashboard under writes" on the cached hub: the county dashboard read by 20 readers with
 * no writes (the write-free cached req/s), with sign-ups under another county (2/s), and
 * with sign-ups under another county and inside the dashboard's county (2/s each).
 */
async function dashboardUnderWrites(url, dbUrl, targets) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const places = await S.signUpTargets(client, targets).finally(() => client.end());
  const runs = [];
  for (const phase of [{}, { elsewhere: places.elsewhere }, { elsewhere: places.elsewhere, inside: places.inside }]) {
    const run = await readWhileWriting(url, targets, phase);
    runs.push({ ...run, ofWriteFree: runs.length ? round(run.reqPerSec / runs[0].reqPerSec, 3) : 1 });
  }
  return runs.map((run) => ({ ...run, elsewhereCounty: places.elsewhereName }));
}

// ---------------------------------------------------------------- cold start

async function coldStart(start, url, probe) {
  const port = Number(new URL(url).port);
  const started = now();
  const spawned = start(port);
  let server;
  let failed;
  let last;
  spawned.then(
    (s) => (server = s),
    (error) => (failed = error),
  );
  try {
    for (;;) {
      // A server that exits or never listens says why, instead of a bare timeout.
      if (failed) throw new Error(`cold start: the server failed to start: ${failed.message ?? failed}`);
      if (now() - started > 120_000)
        throw new Error(
          `no 200 within 120 s; last answer: ${last ? `${last.status} ${last.text.slice(0, 300)}` : 'none'}`,
        );
      try {
        const answer = await post(url, probe);
        last = answer;
        if (answer.status === 200 && answer.json?.data && !answer.json.errors) return round(now() - started, 0);
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
  } finally {
    await spawned.catch(() => {});
    await stopServer(server);
  }
}

// ---------------------------------------------------------------- report

const fmt = (value, digits = 0) =>
  value == null
    ? '–'
    : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');

function markdown(results) {
  const m = results.machine;
  const lines = [
    `Run ${results.startedAt}${results.options.smoke ? ' (smoke: tiny data, 1 s runs — proves the harness, not a benchmark)' : ''}.`,
    `Machine: ${m.cores} cores (${m.cpu}), ${m.ramGiB} GiB RAM, ${m.os}; hub on Node ${m.nodeOurs}, PostGraphile ${m.postgraphile} on Node ${m.nodePeer}; ${m.postgres}.`,
    `autocannon: ${results.options.connections} connections, ${results.options.duration} s per run; per scenario the hub with its response cache off (RESPONSE_CACHE_MB=0), then on (64), then PostGraphile. Read path: \`compiled\` when the hub answered with \`x-read-path: compiled\`, else \`resolvers\`.`,
    '',
    '| scale | scenario | server | cache | read path | req/s | p50 ms | p99 ms | cache hits | bytes/answer | SQL/request | CPU ms/request | RSS MiB | ours/peer req/s | ours/peer p99 |',
    '| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const flag = (r) => (r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors or 10 s timeouts)` : '');
  const percent = (share) => (share == null ? '–' : `${(share * 100).toFixed(1)} %`);
  for (const s of results.scales) {
    for (const sc of s.scenarios) {
      const runs = [
        ...Object.entries(sc.ours).map(([cache, r]) => ({ r, server: 'unionhub', cache, ours: true })),
        ...(sc.peer ? [{ r: sc.peer, server: 'PostGraphile', cache: '', ours: false }] : []),
      ];
      for (const { r, server, cache, ours } of runs) {
        const extra =
          ours && sc.peer ? [ratio(r.reqPerSec, sc.peer.reqPerSec), ratio(r.p99Ms, sc.peer.p99Ms)] : ['', ''];
        lines.push(
          `| ${s.scale} | ${sc.name} | ${server}${flag(r)} | ${cache} | ${r.readPath ?? ''} | ${fmt(r.reqPerSec)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${cache === 'on' ? percent(r.hitRatio) : ''} | ${fmt(r.bytes)} | ${fmt(r.sqlPerRequest, 2)} | ${fmt(r.cpuPerRequestMs, 1)} | ${fmt(r.rssMiB)} | ${extra[0]} | ${extra[1]} |`,
        );
      }
    }
  }
  const writing = results.scales.filter((s) => s.underWrites?.length);
  if (writing.length) {
    lines.push(
      '',
      `Dashboard under writes (unionhub, cache on: ${results.options.connections} readers on the county dashboard; \`signUp\`s sent open-loop with an ADMIN token, ${WRITES_PER_SECOND}/s under another county ("elsewhere") and ${WRITES_PER_SECOND}/s under the dashboard's county ("inside")):`,
      '',
      '| scale | writes | read req/s | of write-free | read p99 ms | cache hits | writes sent | failed | write p50 ms | write p99 ms |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const s of writing) {
      for (const w of s.underWrites) {
        const failed = w.writeErrors ? `${w.writeErrors} (${w.writeErrorCodes.join(', ')})` : '0';
        lines.push(
          `| ${s.scale} | ${w.writes}${flag(w)} | ${fmt(w.reqPerSec)} | ${percent(w.ofWriteFree)} | ${fmt(w.p99Ms)} | ${percent(w.hitRatio)} | ${fmt(w.writesSent)} | ${failed} | ${fmt(w.writeP50Ms, 1)} | ${fmt(w.writeP99Ms, 1)} |`,
        );
      }
    }
  }
  const fan = results.scales.filter((s) => s.fanout?.length);
  if (fan.length) {
    lines.push(
      '',
      'Live fan-out (unionhub, `competitionUpdated` on the demo league, one `recordScore`; publish = mutation sent):',
      '',
    );
    lines.push(
      '| scale | subscribers | delivered | p50 ms | p99 ms | max ms | mutation ms | SQL in event window | SQL with no subscribers | RSS KiB / idle subscriber |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of fan) {
      for (const f of s.fanout) {
        lines.push(
          `| ${s.scale} | ${fmt(f.subscribers)} | ${(f.delivered * 100).toFixed(1)} % | ${fmt(f.p50Ms, 1)} | ${fmt(f.p99Ms, 1)} | ${fmt(f.maxMs, 1)} | ${fmt(f.mutationMs, 1)} | ${f.sqlPerEvent} | ${f.sqlPerEventNoSubscribers} | ${fmt(f.rssPerSubscriberKiB, 1)} |`,
        );
      }
    }
  }
  if (results.scales.some((s) => s.ledgers?.length)) {
    lines.push(
      '',
      "City ledger exports (GET /exports/ledger.csv, the whole city's subtree, ADMIN; 5 downloads each):",
      '',
      '| scale | ledger | first byte p50 ms | first byte max ms | last byte p50 ms | bytes |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
    );
    for (const s of results.scales)
      for (const l of s.ledgers ?? [])
        lines.push(
          `| ${s.scale} | ${l.kind} | ${fmt(l.firstByteP50Ms)} | ${fmt(l.firstByteMaxMs)} | ${fmt(l.lastByteP50Ms)} | ${fmt(l.bytes)} |`,
        );
  }
  // Measured only by full runs (no --only, no --fanout-only).
  if (results.scales.some((s) => s.coldStartMs.ours != null)) {
    lines.push(
      '',
      'Cold start (spawn of the built server on existing data → first 200 on a query):',
      '',
      '| scale | unionhub ms | PostGraphile ms |',
      '| --- | ---: | ---: |',
    );
    for (const s of results.scales)
      lines.push(`| ${s.scale} | ${fmt(s.coldStartMs.ours)} | ${fmt(s.coldStartMs.peer)} |`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

const startedAt = new Date().toISOString();
const peerVersion = execFileSync(PEER_NODE, ['--version'], { encoding: 'utf8' }).trim();
const dataDir = path.join(BENCH, '.data', 'postgres');
/** A server left running by a killed run still holds the folder: take its port, and it is reused. */
function orphanPort() {
  try {
    const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    process.kill(Number(lines[0]), 0);
    return Number(lines[3]) || undefined;
  } catch {
    return undefined;
  }
}
const pgPort = orphanPort() ?? (await freePort());
log(`embedded PostgreSQL (pg_stat_statements) in ${path.relative(ROOT, dataDir)}…`);
const postgres = await startEmbeddedPostgres({
  dataDir,
  port: pgPort,
  database: 'postgres',
  extraFlags: [
    '-c',
    'shared_preload_libraries=pg_stat_statements',
    '-c',
    'pg_stat_statements.track=top',
    '-c',
    'pg_stat_statements.max=10000',
  ],
});
const urlFor = (db) => {
  const url = new URL(postgres.adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
};
const admin = new pg.Client({ connectionString: postgres.adminUrl });
let ours;
let uncached;
let peer;
let exitCode = 0;
// Ctrl-C or a CI timeout: stop what this run started (servers, PostgreSQL) before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`[bench] ${signal}: stopping the servers and PostgreSQL…`);
    Promise.allSettled([stopServer(ours), stopServer(uncached), stopServer(peer)])
      .then(() => postgres.stop())
      .finally(() => process.exit(130));
  });
}
try {
  await admin.connect();
  await admin.query('create extension if not exists pg_stat_statements');
  const pgVersion = (await admin.query('show server_version')).rows[0].server_version;
  const results = {
    startedAt,
    options,
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
      ramGiB: round(os.totalmem() / 2 ** 30, 1),
      os: `${os.type()} ${os.release()}`,
      nodeOurs: process.version,
      nodePeer: peerVersion,
      postgraphile: JSON.parse(readFileSync(path.join(BENCH, 'node_modules', 'postgraphile', 'package.json'), 'utf8'))
        .version,
      postgres: `PostgreSQL ${pgVersion} (embedded)`,
      shared: 'a shared machine: other work may run beside the benchmark',
    },
    scales: [],
  };

  for (const [index, scale] of options.scales.entries()) {
    const database = `bench_s${String(scale).replace('.', '_')}`;
    const seeded = await ensureSeeded(admin, urlFor, database, scale);
    const dbUrl = urlFor(database);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const targets = await S.resolveTargets(client).finally(() => client.end());
    log(
      `scale ${scale}: ${targets.counts.unions} unions, ${targets.counts.sites} sites, ${targets.counts.activities} activities; county ${targets.countyName}`,
    );

    const oursUrl = `http://127.0.0.1:${await freePort()}/graphql`;
    const uncachedUrl = `http://127.0.0.1:${await freePort()}/graphql`;
    const peerUrl = `http://127.0.0.1:${await freePort()}/graphql`;
    // Two instances of the hub on the same data: the response cache on (`ours`, the
    // default; fan-out and cold start use it too) and off (`uncached`, the resolver or compiled path).
    ours = await oursServer(dbUrl, Number(new URL(oursUrl).port), 'on');
    if (!options.fanoutOnly) {
      uncached = await oursServer(dbUrl, Number(new URL(uncachedUrl).port), 'off');
      peer = await peerServer(dbUrl, Number(new URL(peerUrl).port));
    }
    const hub = { on: [oursUrl, ours], off: [uncachedUrl, uncached] };
    const entry = {
      scale,
      database,
      rows: targets.counts,
      seededMs: round(seeded.seededMs, 0),
      targets,
      idleRssMiB: { ours: round(rssKiB(ours.pid) / 1024, 1), peer: peer ? round(rssKiB(peer.pid) / 1024, 1) : null },
      scenarios: [],
      underWrites: [],
      fanout: [],
      coldStartMs: {},
    };

    for (const scenario of options.fanoutOnly
      ? []
      : S.scenarios(targets).filter((s) => !options.only || s.name.includes(options.only))) {
      const caches = scenario.cache ?? ['off', 'on'];
      // A question PostGraphile has no answer to (`peer: null`, e.g. coverage) runs on the hub alone.
      const checked = scenario.peer ? { peer: await validate('postgraphile', peerUrl, scenario.peer) } : {};
      for (const cache of caches) checked[cache] = await validate('unionhub', hub[cache][0], scenario.ours);
      const row = { name: scenario.name, ours: {}, peer: null };
      for (const who of [...caches, ...(scenario.peer ? ['peer'] : [])]) {
        const [url, server] = who === 'peer' ? [peerUrl, peer] : hub[who];
        const ops = who === 'peer' ? scenario.peer : scenario.ours;
        const result = { ...(await measure(who, url, ops, admin, database, server.pid)), ...checked[who] };
        if (who === 'peer') row.peer = result;
        else row.ours[who] = result;
        log(
          `scale ${scale} · ${scenario.name} · ${who === 'peer' ? 'postgraphile' : `unionhub, cache ${who}, ${result.readPath}`}: ${result.reqPerSec} req/s, p99 ${result.p99Ms} ms, ${result.sqlPerRequest} SQL/request, ${result.cpuPerRequestMs} CPU ms/request, ${result.bytes} B${result.hitRatio == null ? '' : `, hits ${(result.hitRatio * 100).toFixed(1)} %`}`,
        );
      }
      entry.scenarios.push(row);
    }
    if (!options.fanoutOnly && (!options.only || UNDER_WRITES.includes(options.only))) {
      entry.underWrites = await dashboardUnderWrites(oursUrl, dbUrl, targets);
      for (const w of entry.underWrites)
        log(
          `scale ${scale} · ${UNDER_WRITES} · ${w.writes}: ${w.reqPerSec} req/s (${w.ofWriteFree == null ? '–' : `${(w.ofWriteFree * 100).toFixed(0)} %`} of write-free), hits ${w.hitRatio == null ? '–' : `${(w.hitRatio * 100).toFixed(1)} %`}, ${w.writesSent} writes (${w.writeErrors} failed), write p50 ${w.writeP50Ms ?? '–'} ms, p99 ${w.writeP99Ms ?? '–'} ms`,
        );
    }
    if (!options.fanoutOnly && (!options.only || 'city ledger'.includes(options.only))) {
      entry.ledgers = await S.ledgerTtfb(oursUrl, await writerHeaders(), targets);
      for (const l of entry.ledgers)
        log(
          `scale ${scale} · city ledger ${l.kind}: first byte p50 ${l.firstByteP50Ms} ms (max ${l.firstByteMaxMs}), last byte p50 ${l.lastByteP50Ms} ms, ${l.bytes} B`,
        );
    }
    await stopServer(uncached);
    uncached = undefined;
    if (peer) await stopServer(peer);
    peer = undefined;

    if (index === 0 && !options.only) {
      for (const n of options.fanout) {
        // A fresh server for each size, so the RSS delta is not blurred by the last run's garbage.
        await stopServer(ours);
        ours = await oursServer(dbUrl, Number(new URL(oursUrl).port));
        log(`scale ${scale} · fan-out to ${n} subscribers…`);
        const f = await fanout(ours, oursUrl, admin, database, n);
        log(
          `  delivered ${(f.delivered * 100).toFixed(1)} %, first ${f.firstMs} ms, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, ${f.sqlPerEvent} SQL in the event window (${f.sqlPerEventNoSubscribers} with none), ${f.rssPerSubscriberKiB} KiB/subscriber`,
        );
        entry.fanout.push(f);
      }
    }
    await stopServer(ours);
    ours = undefined;

    if (!options.fanoutOnly && !options.only) {
      entry.coldStartMs.ours = await coldStart((port) => oursServer(dbUrl, port), oursUrl, S.COLD_PROBE.ours(targets));
      entry.coldStartMs.peer = await coldStart((port) => peerServer(dbUrl, port), peerUrl, S.COLD_PROBE.peer(targets));
      log(
        `scale ${scale} · cold start: unionhub ${entry.coldStartMs.ours} ms, postgraphile ${entry.coldStartMs.peer} ms`,
      );
    }
    results.scales.push(entry);
  }

  results.finishedAt = new Date().toISOString();
  const table = markdown(results);
  const base = smoke ? 'smoke' : options.fanoutOnly ? 'fanout' : 'latest';
  await fs.mkdir(RESULTS, { recursive: true });
  await fs.writeFile(path.join(RESULTS, `${base}.json`), JSON.stringify(results, null, 2) + '\n');
  await fs.writeFile(path.join(RESULTS, `${base}.md`), table);
  console.log(`\n${table}`);
  log(`wrote ${path.relative(ROOT, path.join(RESULTS, `${base}.json`))} and ${base}.md`);
  const bad = results.scales
    .flatMap((s) => [
      ...s.scenarios.flatMap((sc) => [...Object.values(sc.ours), sc.peer ?? []].flat()),
      ...s.underWrites,
    ])
    .filter((r) => r.non2xx || r.errors || !r.requests || r.writeErrors);
  const undelivered = results.scales.flatMap((s) => s.fanout).filter((f) => f.delivered < 1);
  if (bad.length || undelivered.length) {
    // A server too slow for autocannon's 10 s timeout is a finding of a full run (flagged in
    // the table); in the smoke, whose data is tiny, it means the harness is broken.
    console.error(
      `[bench] ${bad.length} runs had failed or timed-out requests (or failed writes), ${undelivered.length} fan-outs missed subscribers`,
    );
    if (smoke || bad.some((r) => !r.requests)) exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
} finally {
  await stopServer(ours).catch(() => {});
  await stopServer(uncached).catch(() => {});
  await stopServer(peer).catch(() => {});
  await admin.end().catch(() => {});
  await postgres.stop();
}
process.exit(exitCode);
