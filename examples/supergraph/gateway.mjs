// The example supergraph's gateway: Hive Gateway (MIT) in-process, composing the hub and
// the points subgraph with @theguild/federation-composition (MIT) at start. Clients use
// HTTP or graphql-ws on /graphql; the gateway reaches the hub over HTTP (POST /subgraph)
// and, for subscriptions, over graphql-ws on the same path (see README, "Federation").
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

/** The subgraph name the supergraph gives the hub; its transport entry below uses it. */
export const HUB = 'unionhub';

/** A subgraph's SDL, as it publishes it in `_service { sdl }`. */
async function subgraphSdl(url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = await response.json();
  if (!body.data?._service?.sdl) throw new Error(`${url} gave no _service.sdl: ${JSON.stringify(body.errors)}`);
  return body.data._service.sdl;
}

/**
 * Composes the supergraph from the running subgraphs (`[{ name, url }]`, each asked for its
 * SDL); throws on a composition error, returns the supergraph SDL and the hints.
 */
export async function composeSupergraph(subgraphs) {
  const services = await Promise.all(
    subgraphs.map(async ({ name, url }) => ({ name, url, typeDefs: parse(await subgraphSdl(url)) })),
  );
  const result = composeServices(services);
  if (result.errors?.length) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, hints: (result.hints ?? []).map((hint) => hint.message) };
}

/**
 * Starts the gateway over `supergraph` on `host:port` (0: any free port). `plugins` are
 * Hive Gateway plugins (the tests count the gateway's requests to each subgraph with one).
 */
export async function startGateway({ supergraph, host = '127.0.0.1', port = 0, plugins = [], logging = false }) {
  const gateway = createGatewayRuntime({
    supergraph,
    logging,
    landingPage: false,
    graphiql: false,
    transports: { http: httpTransport, ws: wsTransport },
    transportEntries: {
      [HUB]: {
        options: {
          // Subscriptions go to the hub over graphql-ws (its only subscription transport),
          // one socket per distinct Authorization, which connection_init carries as the
          // hub's own clients do, so the hub signs the viewer in once per socket.
          subscriptions: {
            kind: 'ws',
            location: '/subgraph',
            options: { connectionParams: { authorization: '{context.headers.authorization}' } },
          },
        },
      },
    },
    // What the hub expects from a gateway: the client's Authorization (the hub applies its
    // own access rules) and x-request-id (the hub's logs and audit entries keep it).
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization') ?? undefined,
        'x-request-id': request.headers.get('x-request-id') ?? undefined,
      }),
    },
    plugins: () => plugins,
  });
  const server = createServer(gateway);
  const wsServer = new WebSocketServer({ server, path: gateway.graphqlEndpoint });
  const ws = useServer(
    getGraphQLWSOptions(gateway, (ctx) => ({ req: ctx.extra?.request, socket: ctx.extra?.socket })),
    wsServer,
  );
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}${gateway.graphqlEndpoint}`,
    stop: async () => {
      await ws.dispose();
      await gateway.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// `node gateway.mjs`: HUB_URL (the hub's /subgraph), POINTS_URL, PORT, HOST from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { supergraphSdl, hints } = await composeSupergraph([
    { name: HUB, url: process.env.HUB_URL },
    { name: 'points', url: process.env.POINTS_URL },
  ]);
  for (const hint of hints) console.log(`composition hint: ${hint}`);
  const gateway = await startGateway({
    supergraph: supergraphSdl,
    host: process.env.HOST || '127.0.0.1',
    port: Number(process.env.PORT || 0),
    logging: 'info',
  });
  console.log(`gateway ready at ${gateway.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => void gateway.stop().then(() => process.exit(0)));
}
