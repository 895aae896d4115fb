import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded-postgres.js';
import { seedDatabase } from '../../src/db/seeders/seed.js';
import { freePort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database of the test cluster, for CREATE DATABASE. */
    pgAdminUrl: string;
  }
}

/** Migrated, empty. */
export const EMPTY_TEMPLATE = 'unionhub_empty';
/** Migrated and seeded with the Jiaxing demo at scale 1. */
export const DEMO_TEMPLATE = 'unionhub_demo';

let postgres: RunningPostgres | undefined;
let dataRoot: string | undefined;

/**
 * One real PostgreSQL for the whole run, with template databases that each test file
 * clones into a database of its own, and dist/ built once for the child-process tests.
 */
export async function setup(project: TestProject): Promise<void> {
  // dist/ once for the tests that run the built server as a child process.
  const build = promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
  });
  dataRoot = await mkdtemp(path.join(tmpdir(), 'unionhub-test-'));
  await chmod(dataRoot, 0o755); // the postgres OS user must reach the data folder when we run as root
  postgres = await startEmbeddedPostgres({
    dataDir: path.join(dataRoot, 'pg'),
    port: await freePort(),
    persistent: false,
    database: EMPTY_TEMPLATE,
  });
  const emptyUrl = postgres.url;
  const empty = await openDatabase({ databaseUrl: emptyUrl, embeddedDataDir: '', embeddedPort: 0 });
  await empty.close();

  const demoUrl = emptyUrl.replace(/\/[^/]+$/, `/${DEMO_TEMPLATE}`);
  await ensureDatabase(postgres.adminUrl, DEMO_TEMPLATE);
  const demo = await openDatabase({ databaseUrl: demoUrl, embeddedDataDir: '', embeddedPort: 0 });
  await seedDatabase(demo.orm.em.fork());
  await demo.close();

  await build;
  project.provide('pgAdminUrl', postgres.adminUrl);
}

export async function teardown(): Promise<void> {
  await postgres?.stop();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
}
