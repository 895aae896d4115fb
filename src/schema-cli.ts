import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createSchema, printSortedSchema } from './schema.js';

/** Writes schema.graphql at the project root from the code. */
const target = path.resolve(import.meta.dirname, '..', 'schema.graphql');
await writeFile(target, printSortedSchema(await createSchema()));
console.log(`wrote ${target}`);
