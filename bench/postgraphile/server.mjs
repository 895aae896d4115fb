// The peer: PostGraphile v5 (amber preset + simplified inflection) over the hub's own
// tables, on the very same database. Runs under node@22's binary (PostGraphile 5 calls
// Promise.withResolvers). Env: DATABASE_URL, PORT; prints "postgraphile ready at <url>".
import { createServer } from 'node:http';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT ?? 5678);
const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  // The hub's pool holds up to 10 connections; so does this one.
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { port, host: '127.0.0.1', graphqlPath: '/graphql', graphiql: false, watch: false, websockets: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema before answering "ready", as the hub does.
await pgl.getSchemaResult();
server.listen(port, '127.0.0.1', () => console.log(`postgraphile ready at http://127.0.0.1:${port}/graphql`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    pgl.release().finally(() => process.exit(0));
  });
}
