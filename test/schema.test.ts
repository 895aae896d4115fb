import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSchema, printSortedSchema } from '../src/schema.js';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing it)', async () => {
    const committed = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSortedSchema(await createSchema()));
  });

  it('has codegen output in step with the documents (run `npm run codegen`)', async () => {
    const run = promisify(execFile);
    await expect(
      run('npx', ['graphql-codegen', '--config', 'codegen.yml', '--check'], {
        cwd: new URL('..', import.meta.url).pathname,
      }),
    ).resolves.toBeDefined();
  }, 60_000);
});
