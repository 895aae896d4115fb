import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EMPTY_TEMPLATE } from './helpers/global-setup.js';
import { freePort } from './helpers/ports.js';
import { cloneTemplate } from './helpers/server.js';

const root = new URL('..', import.meta.url).pathname;

/**
 * The compiled server must start too: ESM entity cycles can crash `node dist/index.js`
 * while everything passes under vitest.
 */
describe('the built server', () => {
  it('builds, starts with `npm start`\'s command, serves a query and stops on SIGTERM', async () => {
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
    const databaseUrl = await cloneTemplate(EMPTY_TEMPLATE);

    const port = await freePort();
    const child = spawn(process.execPath, ['dist/index.js'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, SEED: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line within 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', () => output.includes('unionhub ready') && (clearTimeout(timer), resolve()));
        child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ unions { totalCount } }' }),
      });
      expect(await res.json()).toEqual({ data: { unions: { totalCount: 0 } } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
