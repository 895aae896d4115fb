import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { subgraphSdl } from './federation/subgraph.js';
import { createSchema, printSortedSchema } from './schema.js';

/** Writes schema.graphql at the project root, and the subgraph SDL in supergraph/, from the code. */
const root = path.resolve(import.meta.dirname, '..');
const schema = await createSchema();
const target = path.join(root, 'schema.graphql');
await writeFile(target, printSortedSchema(schema));
console.log(`wrote ${target}`);
const subgraph = path.join(root, 'supergraph', 'unionhub.graphql');
await mkdir(path.dirname(subgraph), { recursive: true });
await writeFile(subgraph, subgraphSdl(schema));
console.log(`wrote ${subgraph}`);
