import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startChildServer } from './helpers/child-server.js';
import { EMPTY_TEMPLATE } from './helpers/global-setup.js';
import { freePort } from './helpers/ports.js';
import { cloneTemplate } from './helpers/server.js';

/**
 * Starts `node dist/index.js` as `npm start` does, asks one query, sends SIGTERM and
 * returns the exit code. NODE_ENV=production as deployed: under vitest's 'test' Apollo
 * installs no signal handlers, which once hid a shutdown that never finished.
 */
async function runBuiltServer(
  env: Record<string, string>,
): Promise<{ body: unknown; exitCode: number | null; output: string }> {
  const server = await startChildServer(await freePort(), env);
  try {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ unions { totalCount } }' }),
    });
    const body = await res.json();
    server.child.kill('SIGTERM');
    const exitCode = await Promise.race([
      server.exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
    ]);
    if (exitCode === 'hung') throw new Error(`did not stop within 15 s of SIGTERM:\n${server.output()}`);
    return { body, exitCode, output: server.output() };
  } finally {
    server.child.kill('SIGKILL');
  }
}

describe('the built server', () => {
  it('starts on DATABASE_URL, serves a query and stops cleanly on SIGTERM', async () => {
    const { body, exitCode } = await runBuiltServer({ DATABASE_URL: await cloneTemplate(EMPTY_TEMPLATE) });
    expect(body).toEqual({ data: { unions: { totalCount: 0 } } });
    expect(exitCode).toBe(0);
  }, 90_000);

  it('starts its own embedded PostgreSQL without DATABASE_URL, and stops it on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'unionhub-built-'));
    await chmod(dir, 0o755);
    const dataDir = path.join(dir, 'pg');
    try {
      const env = { DATABASE_URL: '', EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
      const { body, exitCode, output } = await runBuiltServer(env);
      expect(body).toEqual({ data: { unions: { totalCount: 0 } } });
      expect(exitCode).toBe(0);
      expect(output).toContain('initialising embedded PostgreSQL');
      expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
