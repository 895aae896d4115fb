import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { rawSocket } from './helpers/ws.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'empty', config: { wsInitTimeoutMs: 300, wsKeepAliveMs: 1000 } });
});
afterAll(() => server?.stop());

const init = async (url: string) => {
  const raw = await rawSocket(url);
  raw.send({ type: 'connection_init' });
  await raw.nextMessage((m) => m.type === 'connection_ack');
  return raw;
};

describe('graphql-ws protocol hygiene', () => {
  it('closes a socket that does not send connection_init in time with 4408', async () => {
    const raw = await rawSocket(server.wsUrl);
    expect(await raw.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
  });

  it('closes with 4401 on a subscribe before the connection is acknowledged', async () => {
    const raw = await rawSocket(server.wsUrl);
    raw.send({ id: '1', type: 'subscribe', payload: { query: '{ unions { totalCount } }' } });
    expect((await raw.closed).code).toBe(4401);
  });

  it('closes with 4400 on a message that is not the protocol, and 4429 on a second connection_init', async () => {
    const garbled = await init(server.wsUrl);
    garbled.send('{"type":"hello"}');
    expect((await garbled.closed).code).toBe(4400);
    const twice = await init(server.wsUrl);
    twice.send({ type: 'connection_init' });
    expect((await twice.closed).code).toBe(4429);
  });

  it('closes with 4409 when a client reuses the id of a running subscription', async () => {
    const raw = await init(server.wsUrl);
    const activityId = Buffer.from('Activity:1').toString('base64');
    const payload = {
      query: `subscription($id: ID!) { activityChanged(id: $id) { cursor } }`,
      variables: { id: activityId },
    };
    raw.send({ id: 'same', type: 'subscribe', payload });
    raw.send({ id: 'same', type: 'subscribe', payload });
    expect((await raw.closed).code).toBe(4409);
  });

  it('answers pings with pongs and pings idle clients itself, dropping one that never answers', async () => {
    const raw = await init(server.wsUrl);
    raw.send({ type: 'ping' });
    await raw.nextMessage((m) => m.type === 'pong');
    const pinged = new Promise<void>((resolve) => raw.socket.once('ping', () => resolve()));
    await pinged;
    raw.socket.close();

    const silent = await rawSocket(server.wsUrl, { autoPong: false });
    silent.send({ type: 'connection_init' });
    // Pinged after 1 s, no pong within the next second: terminated without a close frame.
    expect((await silent.closed).code).toBe(1006);
  });

  it('validates a WebSocket operation as HTTP does, with the same errors and codes', async () => {
    const query = '{ unions { totalCount nope } }';
    const overHttp = await server.gql(query);
    const raw = await init(server.wsUrl);
    raw.send({ id: 'q', type: 'subscribe', payload: { query } });
    const overWs = await raw.nextMessage((m) => m.id === 'q');
    expect(overWs.type).toBe('error');
    expect(overWs.payload.map((e: any) => [e.message, e.extensions?.code])).toEqual(
      overHttp.errors!.map((e) => [e.message, e.extensions?.code]),
    );
    raw.socket.close();
  });

  it('refuses a message larger than the HTTP body limit (1 MB) with 1009', async () => {
    const raw = await init(server.wsUrl);
    raw.send({
      id: 'big',
      type: 'subscribe',
      payload: { query: `{ unions(filter: { search: "${'x'.repeat(1_100_000)}" }) { totalCount } }` },
    });
    expect((await raw.closed).code).toBe(1009);
  });

  it('closes open sockets with 1001 "Going away" when the server stops', async () => {
    const own = await startTestServer({ data: 'empty' });
    const raw = await init(own.wsUrl);
    await own.stop();
    expect(await raw.closed).toEqual({ code: 1001, reason: 'Going away' });
  });
});
