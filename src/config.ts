import path from 'node:path';

/** Runtime configuration, read from the environment once at start. */
export interface Config {
  /** HTTP and WebSocket port. @default 4000 */
  port: number;
  /** Interface to bind. @default '0.0.0.0' */
  host: string;
  /** PostgreSQL URL; when absent the hub runs an embedded PostgreSQL. */
  databaseUrl?: string;
  /** Data folder of the embedded PostgreSQL. @default '<project>/.data/postgres' */
  embeddedDataDir: string;
  /** Port of the embedded PostgreSQL. @default 5433 */
  embeddedPort: number;
  /** What to load into an empty database at start. @default 'demo' */
  seed: 'demo' | 'none';
  /** Largest `first` a connection accepts. @default 100 */
  maxPageSize: number;
  /** Serve the GraphiQL playground at GET /graphql. @default true */
  playground: boolean;
  /** How long the event log keeps events for subscribers resuming with `after`. @default 168 (7 days) */
  eventRetentionHours: number;
  /** WebSocket ping interval; a socket that misses a pong for as long is dropped. @default 12000 */
  wsKeepAliveMs: number;
  /** Time a WebSocket client has to send connection_init before it is closed with 4408. @default 3000 */
  wsInitTimeoutMs: number;
  /** pino level of the JSON logs on stdout. @default 'info' */
  logLevel: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const projectRoot = path.resolve(import.meta.dirname, '..');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new Error(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** Parses and validates the environment; throws with a clear message on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    embeddedDataDir: path.resolve(env.EMBEDDED_PG_DIR || path.join(projectRoot, '.data', 'postgres')),
    embeddedPort: int(env, 'EMBEDDED_PG_PORT', 5433, 1, 65535),
    seed: oneOf(env, 'SEED', ['demo', 'none'] as const, 'demo'),
    maxPageSize: int(env, 'MAX_PAGE_SIZE', 100, 1, 10000),
    playground: oneOf(env, 'PLAYGROUND', ['true', 'false'] as const, 'true') === 'true',
    eventRetentionHours: int(env, 'EVENT_RETENTION_HOURS', 168, 1, 24 * 366),
    wsKeepAliveMs: int(env, 'WS_KEEPALIVE_MS', 12_000, 1_000, 600_000),
    wsInitTimeoutMs: int(env, 'WS_INIT_TIMEOUT_MS', 3_000, 100, 60_000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
