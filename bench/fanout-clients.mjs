// N graphql-ws (graphql-transport-ws) subscribers in their own process, so that their CPU
// is not the server's. Driven by the parent over IPC:
//   {type:'start', url, n, query, variables, headers}  → {type:'ready', subscribed, failed}
//   {type:'expect', homeScore, timeoutMs}              → {type:'received', times:[epoch ms]}
//   {type:'stop'}                                      → closes every socket and exits
// Raw `ws` with the protocol's four messages keeps the client side cheap.
import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();
const sockets = [];
/** homeScore → receive times, one per subscriber at most. */
const seen = new Map();
let waiter;

function onEvent(index, payload) {
  const event = payload?.data?.competitionUpdated;
  if (!event || event.homeScore == null) return;
  let got = seen.get(event.homeScore);
  if (!got) seen.set(event.homeScore, (got = new Map()));
  if (!got.has(index)) got.set(index, now());
  if (waiter && waiter.homeScore === event.homeScore && got.size >= sockets.length) waiter.done();
}

function open(index, { url, query, variables, headers }) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { headers, perMessageDeflate: false });
    const timer = setTimeout(() => resolve(false), 30_000);
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'connection_init',
          payload: headers?.authorization ? { authorization: headers.authorization } : {},
        }),
      ),
    );
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        sockets.push(ws);
        clearTimeout(timer);
        resolve(true);
      } else if (message.type === 'next') onEvent(index, message.payload);
      else if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      else if (message.type === 'error') console.error('subscription error', JSON.stringify(message.payload));
    });
    ws.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

process.on('message', async (message) => {
  if (message.type === 'start') {
    let subscribed = 0;
    let failed = 0;
    const CONCURRENT = 100;
    for (let i = 0; i < message.n; i += CONCURRENT) {
      const batch = [];
      for (let j = i; j < Math.min(message.n, i + CONCURRENT); j++) batch.push(open(j, message));
      for (const ok of await Promise.all(batch)) {
        if (ok) subscribed++;
        else failed++;
      }
    }
    process.send({ type: 'ready', subscribed, failed });
  } else if (message.type === 'expect') {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, message.timeoutMs);
      waiter = { homeScore: message.homeScore, done: () => (clearTimeout(timer), resolve()) };
      if ((seen.get(message.homeScore)?.size ?? 0) >= sockets.length) waiter.done();
    });
    waiter = undefined;
    process.send({ type: 'received', times: [...(seen.get(message.homeScore)?.values() ?? [])] });
  } else if (message.type === 'stop') {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
