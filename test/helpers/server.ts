import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { signStaffToken, type StaffRole } from '../../src/auth/token.js';
import {
  newWorkerKeyPair,
  signWorkerToken,
  type WorkerClaims,
  type WorkerSigner,
} from '../../src/auth/worker-tokens.js';
import { loadConfig, type Config } from '../../src/config.js';
import { seedDatabase, type SeedOptions } from '../../src/db/seeders/seed.js';
import { DEMO_TEMPLATE, EMPTY_TEMPLATE } from './global-setup.js';
import { captureLogs, type LogLine } from './logs.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  app: App;
  databaseUrl: string;
  /** What the server logged as internal errors. */
  loggedErrors: { message: string; error: unknown }[];
  /** Every log line at `logLevel` (default warn) and above, parsed. */
  logs: LogLine[];
  url: string;
  wsUrl: string;
  /** Runs its own SQL against the test database (assertions only). */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** Sends a GraphQL request over HTTP, as an ADMIN unless `token` says otherwise (null: anonymous). */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** The ADMIN token `gql` sends by default. */
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * A real hub on a port of its own, on a fresh database cloned from a template:
 * `demo` (the Jiaxing demo), `empty`, or `empty` plus synthetic data at `scale`;
 * or a second instance on the database of `sameDatabaseAs`.
 */
export async function startTestServer(
  options: {
    data?: 'demo' | 'empty';
    scale?: SeedOptions['scale'];
    config?: Partial<Config>;
    sameDatabaseAs?: TestServer;
    logLevel?: Config['logLevel'];
  } = {},
): Promise<TestServer> {
  const databaseUrl =
    options.sameDatabaseAs?.databaseUrl ??
    (await cloneTemplate(options.data === 'demo' ? DEMO_TEMPLATE : EMPTY_TEMPLATE));

  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    seed: 'none',
    jwtSecret: TEST_JWT_SECRET,
    // Worker tokens from the test identity provider, its public keys in a file.
    authJwksFile: (await testIssuer()).jwksFile,
    authIssuer: TEST_ISSUER,
    authAudience: TEST_AUDIENCE,
    // One sweep at start (the demo template was seeded minutes ago: some of its activities
    // have started since), the next an hour later, so no round lands inside a test's
    // count of statements or events. Tests of the sweep set their own interval.
    statusSweepMs: 3_600_000,
    ...options.config,
  };
  const adminToken = await tokenFor({ unionId: 0, role: 'ADMIN' });
  const loggedErrors: TestServer['loggedErrors'] = [];
  // Internal errors are logged at level error (50), the error under `err`.
  const { logger, lines: logs } = captureLogs(
    options.logLevel,
    (line) => line.level >= 50 && loggedErrors.push({ message: line.msg, error: line.err }),
  );
  const app = await createApp(config, { logger });
  if (options.scale) await seedDatabase(app.db.orm.em.fork(), { scale: options.scale });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  return {
    app,
    databaseUrl,
    loggedErrors,
    logs,
    url: app.url,
    wsUrl: app.url.replace(/^http/, 'ws'),
    sql: async (text, params) => (await pool.query(text, params)).rows,
    adminToken,
    gql: async (query, variables, requestOptions = {}) => {
      const token = requestOptions.token === undefined ? adminToken : requestOptions.token;
      const response = await fetch(app.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...requestOptions.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status };
    },
    stop: async () => {
      await pool.end();
      await app.stop();
    },
  };
}

/** The signing key of every test server. */
export const TEST_JWT_SECRET = 'test-secret-for-unionhub-tests-only-0123456789';

/** A staff token signed with the test key. */
export async function tokenFor(
  staff: { unionId: number; role?: StaffRole; name?: string },
  options: { secret?: string; validForSeconds?: number } = {},
): Promise<string> {
  const { token } = await signStaffToken(
    options.secret ?? TEST_JWT_SECRET,
    {
      staffId: `staff-${staff.unionId}`,
      name: staff.name ?? '工会干部',
      unionId: staff.unionId,
      role: staff.role ?? 'STAFF',
    },
    options.validForSeconds ?? 3600,
  );
  return token;
}

/** The identity provider of the tests' worker tokens (one key pair per test file). */
const TEST_ISSUER = 'https://portal.test.example';
const TEST_AUDIENCE = 'unionhub-test';
let issuer: Promise<WorkerSigner & { jwksFile: string }> | undefined;
function testIssuer(): Promise<WorkerSigner & { jwksFile: string }> {
  return (issuer ??= (async () => {
    const { privateJwk, jwks } = await newWorkerKeyPair('ES256');
    const jwksFile = path.join(tmpdir(), `unionhub-test-jwks-${randomBytes(6).toString('hex')}.json`);
    await writeFile(jwksFile, JSON.stringify(jwks));
    return { privateJwk, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwksFile };
  })());
}

/**
 * A worker token from the test identity provider; `workerId` defaults from the phone.
 * Every test server accepts it.
 */
export async function workerTokenFor(
  worker: Partial<WorkerClaims> & { unionId: number },
  options: { validForSeconds?: number } = {},
): Promise<string> {
  const phone = worker.phone ?? '13900000001';
  return signWorkerToken(
    await testIssuer(),
    { workerId: worker.workerId ?? `worker-${phone}`, name: worker.name ?? '职工', phone, unionId: worker.unionId },
    options.validForSeconds ?? 3600,
  );
}

/** A new database of the test cluster, copied from a template; returns its URL. */
export async function cloneTemplate(template: string): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return adminUrl.replace(/\/[^/]+$/, `/${name}`);
}

/**
 * Resolves once the server has exactly `count` subscriptions in place (closed ones gone,
 * new ones registered), so the writes a test makes next are seen.
 */
export async function subscribersReady(server: TestServer, count = 1, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (server.app.activeSubscriptions() !== count) {
    if (Date.now() > deadline)
      throw new Error(`only ${server.app.activeSubscriptions()} of ${count} subscriptions after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Extension code of the first error, for compact assertions. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}
