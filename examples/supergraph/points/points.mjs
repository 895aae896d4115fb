// The membership points subgraph (会员积分) of the example supergraph: what a union's IT
// team would run beside the hub. Its store is one JSON file of rates (rates.json), read
// on every request so an edit takes effect without a restart; the hub's data it needs
// (who attended, which union organised, the union's ancestors) comes through the gateway
// by @requires, so it never reads the hub's database.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

const TYPE_DEFS = parse(await readFile(new URL('./points.graphql', import.meta.url), 'utf8'));

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

const resolvers = {
  Query: { defaultPointsPerAttendance: (_root, _args, { store }) => store.defaultPointsPerAttendance },
  Union: { pointsPerAttendance: (union, _args, { store }) => rateOf(store, union) },
  Activity: { pointsPerAttendance: (activity, _args, { store }) => rateOf(store, activity.organiser) },
  SignUp: { points: (signUp, _args, { store }) => (signUp.attended ? rateOf(store, signUp.activity.organiser) : 0) },
};

/** Starts the points subgraph on `host:port` (0: any free port); resolves with its URL. */
export async function startPoints({ host = '127.0.0.1', port = 0, ratesFile = DEMO_RATES } = {}) {
  const yoga = createYoga({
    schema: buildSubgraphSchema([{ typeDefs: TYPE_DEFS, resolvers }]),
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
