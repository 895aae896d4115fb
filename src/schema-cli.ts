import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PgPubSub } from './live/pg-pubsub.js';
import { createSchema, printSortedSchema } from './schema.js';

/** Writes schema.graphql at the project root from the code. */
const target = path.resolve(import.meta.dirname, '..', 'schema.graphql');
// Printing never subscribes, so the pub/sub is never connected.
await writeFile(target, printSortedSchema(await createSchema(new PgPubSub('postgres://unused'))));
console.log(`wrote ${target}`);
