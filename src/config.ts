import path from 'node:path';
import type { QueryLimits } from './limits/query-limits.js';

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
  /** How often activities are moved along by the clock (OPEN → RUNNING → FINISHED); 0: never. @default 60000 */
  statusSweepMs: number;
  /** WebSocket ping interval; a socket that misses a pong for as long is dropped. @default 12000 */
  wsKeepAliveMs: number;
  /** Time a WebSocket client has to send connection_init before it is closed with 4408. @default 3000 */
  wsInitTimeoutMs: number;
  /** pino level of the JSON logs on stdout. @default 'info' */
  logLevel: LogLevel;
  /** HS256 key for staff tokens (at least 32 characters). None: no sign-in, the hub is read-only (or, outside production, a development key). */
  jwtSecret: string | null;
  /** Longest token lifetime accepted. @default 720 (30 days) */
  tokenMaxHours: number;
  /** AUTH_JWKS_URL: the worker identity provider's JWK set (https, or http on loopback). */
  authJwksUrl: string | null;
  /** AUTH_JWKS_FILE: the same JWK set as a file, instead of a URL. */
  authJwksFile: string | null;
  /** AUTH_ISSUER: the `iss` worker tokens must carry; required with a JWK set. */
  authIssuer: string | null;
  /** AUTH_AUDIENCE: the `aud` worker tokens must carry; required with a JWK set. */
  authAudience: string | null;
  /** Least time between two fetches of the JWK set when a token names an unknown `kid`. @default 30000 */
  authJwksCooldownMs: number;
  /** Keys are fetched again when the copy is older than this. @default 600000 (10 minutes) */
  authJwksMaxAgeMs: number;
  /** Without a JWK set, outside production: the development worker key pair. @default '<project>/.data/dev-worker-key.json' */
  workerDevKeyFile: string;
  /** Answer introspection (the playground and codegen need it). @default true */
  introspection: boolean;
  /** "Did you mean …?" in validation errors. @default false in production, true otherwise */
  fieldSuggestions: boolean;
  /** Query limits, the same on HTTP and WebSocket. */
  limits: QueryLimits;
  /** Size of this instance's response cache for queries, in MiB; 0 turns it off. @default 64 */
  responseCacheMb: number;
  /** Answer queries the compiler covers with one SQL statement that builds the JSON; false: resolvers only. @default true */
  compiledReads: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
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

/** Why each default: see the README's "Limits" table. */
export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 20,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 4000,
  maxCost: 100_000_000,
};

function secret(env: NodeJS.ProcessEnv): string | null {
  const value = env.JWT_SECRET;
  if (value === undefined || value === '') return null;
  if (value.length < 32) throw new Error('JWT_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`)');
  return value;
}

function jwksUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.AUTH_JWKS_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`AUTH_JWKS_URL must be a URL, got "${raw}"`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new Error('AUTH_JWKS_URL must be an https:// URL (http:// only on loopback)');
  return raw;
}

/** The worker identity provider's settings: a JWK set (URL or file, not both) comes with an issuer and an audience. */
function workerAuth(env: NodeJS.ProcessEnv) {
  const url = jwksUrl(env);
  const file = env.AUTH_JWKS_FILE ? path.resolve(env.AUTH_JWKS_FILE) : null;
  if (url && file) throw new Error('Set AUTH_JWKS_URL or AUTH_JWKS_FILE, not both');
  const issuer = env.AUTH_ISSUER || null;
  const audience = env.AUTH_AUDIENCE || null;
  if ((url || file) && (!issuer || !audience))
    throw new Error('With AUTH_JWKS_URL or AUTH_JWKS_FILE, set AUTH_ISSUER and AUTH_AUDIENCE too');
  return {
    authJwksUrl: url,
    authJwksFile: file,
    authIssuer: issuer,
    authAudience: audience,
    authJwksCooldownMs: int(env, 'AUTH_JWKS_COOLDOWN_MS', 30_000, 0, 3_600_000),
    authJwksMaxAgeMs: int(env, 'AUTH_JWKS_MAX_AGE_MS', 600_000, 1_000, 86_400_000),
    workerDevKeyFile: path.join(projectRoot, '.data', 'dev-worker-key.json'),
  };
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
    statusSweepMs: int(env, 'STATUS_SWEEP_MS', 60_000, 0, 3_600_000),
    wsKeepAliveMs: int(env, 'WS_KEEPALIVE_MS', 12_000, 1_000, 600_000),
    wsInitTimeoutMs: int(env, 'WS_INIT_TIMEOUT_MS', 3_000, 100, 60_000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    jwtSecret: secret(env),
    tokenMaxHours: int(env, 'TOKEN_MAX_HOURS', 720, 1, 24 * 366),
    ...workerAuth(env),
    introspection: oneOf(env, 'INTROSPECTION', ['true', 'false'] as const, 'true') === 'true',
    fieldSuggestions:
      oneOf(env, 'FIELD_SUGGESTIONS', ['true', 'false'] as const, env.NODE_ENV === 'production' ? 'false' : 'true') ===
      'true',
    responseCacheMb: int(env, 'RESPONSE_CACHE_MB', 64, 0, 65_536),
    compiledReads: oneOf(env, 'COMPILED_READS', ['true', 'false'] as const, 'true') === 'true',
    limits: {
      maxDepth: int(env, 'MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 1, 1000),
      maxAliases: int(env, 'MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0, 10_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, 0, 10_000),
      maxTokens: int(env, 'MAX_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 1_000_000),
      maxCost: int(env, 'MAX_COST', DEFAULT_LIMITS.maxCost, 1, 2_000_000_000),
    },
  };
}
