// The membership points subgraph (会员积分) of the example supergraph: what a union's IT
// team would run beside the hub. Its store is one JSON file of rates (rates.json), read
// on every request so an edit takes effect without a restart; the hub's data it needs
// (who attended, which union organised, the union's ancestors) comes through the gateway
// by @requires, so it never reads the hub's database.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { buildSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** What the subgraph publishes as `_service { sdl }`. */
const SDL = await readFile(new URL('./points.graphql', import.meta.url), 'utf8');

/** The example's rates, keyed by the hub's union global ids. */
export const DEMO_RATES = new URL('./rates.json', import.meta.url);

/** A union's rate: its own, else its nearest ancestor's (ancestors come root first), else the default. */
function rateOf(store, union) {
  for (const { id } of [union, ...[...(union.ancestors ?? [])].reverse()]) {
    const rate = store.rates[id];
    if (Number.isInteger(rate)) return rate;
  }
  return store.defaultPointsPerAttendance;
}

/**
 * The executable schema: the SDL plus what Federation 2 asks of a subgraph (`_service`,
 * `_entities`, `_Any`, `_Entity` and the directives' definitions), written out here rather
 * than taken from a subgraph library, so the example runs on every Node the hub supports.
 * An entity's representation is its own object: it holds the key and the required fields.
 */
function pointsSchema() {
  const schema = buildSchema(`
    directive @link(url: String!, import: [String]) repeatable on SCHEMA
    directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
    directive @external on FIELD_DEFINITION | OBJECT
    directive @requires(fields: String!) on FIELD_DEFINITION
    scalar _Any
    type _Service { sdl: String }
    union _Entity = Union | Activity | SignUp
    extend type Query {
      _entities(representations: [_Any!]!): [_Entity]!
      _service: _Service!
    }
    ${SDL}
  `);
  const fields = (type) => schema.getType(type).getFields();
  fields('Query')._service.resolve = () => ({ sdl: SDL });
  fields('Query')._entities.resolve = (_root, { representations }) => representations;
  fields('Query').defaultPointsPerAttendance.resolve = (_root, _args, { store }) => store.defaultPointsPerAttendance;
  schema.getType('_Entity').resolveType = (representation) => representation.__typename;
  fields('Union').pointsPerAttendance.resolve = (union, _args, { store }) => rateOf(store, union);
  fields('Activity').pointsPerAttendance.resolve = (activity, _args, { store }) => rateOf(store, activity.organiser);
  fields('SignUp').points.resolve = (signUp, _args, { store }) =>
    signUp.attended ? rateOf(store, signUp.activity.organiser) : 0;
  return schema;
}

/** Starts the points subgraph on `host:port` (0: any free port); resolves with its URL. */
export async function startPoints({ host = '127.0.0.1', port = 0, ratesFile = DEMO_RATES } = {}) {
  const yoga = createYoga({
    schema: pointsSchema(),
    context: async () => ({ store: JSON.parse(await readFile(ratesFile, 'utf8')) }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
  });
  const server = createServer(yoga);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}/graphql`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// `node points.mjs`: PORT, HOST and POINTS_RATES from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const points = await startPoints({
    host: process.env.HOST || '127.0.0.1',
    port: Number(process.env.PORT || 0),
    ratesFile: process.env.POINTS_RATES || DEMO_RATES,
  });
  console.log(`points subgraph ready at ${points.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => void points.stop().then(() => process.exit(0)));
}
