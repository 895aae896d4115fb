import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A subscription over a real graphql-ws client that collects what arrives. */
export interface Subscription<T = any> {
  results: T[];
  /** Resolves once `count` results have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the server completes the operation (or rejects on an error). */
  done: Promise<void>;
  client: Client;
  close(): Promise<void>;
}

/** Subscribes anonymously, or signed in with `token` (sent in connection_init). */
export function subscribe<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Subscription<T> {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  const results: T[] = [];
  const waiters: (() => void)[] = [];
  let unsubscribe = () => {};
  const done = new Promise<void>((resolve, reject) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          results.push(value as T);
          waiters.forEach((w) => w());
        },
        error: reject,
        complete: resolve,
      },
    );
  });
  done.catch(() => {});
  return {
    results,
    done,
    client,
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => results.length >= count && (clearTimeout(timer), resolve(results.slice()));
        const timer = setTimeout(
          () => reject(new Error(`got ${results.length} of ${count} results: ${JSON.stringify(results)}`)),
          timeoutMs,
        );
        waiters.push(check);
        check();
      }),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** A bare WebSocket speaking graphql-transport-ws by hand, to test the protocol itself. */
export interface RawSocket {
  socket: WebSocket;
  messages: any[];
  send(message: unknown): void;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  nextMessage(predicate?: (m: any) => boolean, timeoutMs?: number): Promise<any>;
}

export async function rawSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws', options);
  const messages: any[] = [];
  const listeners: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    listeners.forEach((l) => l());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    nextMessage: (predicate = () => true, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < messages.length; seen++) {
            if (predicate(messages[seen])) {
              clearTimeout(timer);
              resolve(messages[seen]);
              return;
            }
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)),
          timeoutMs,
        );
        listeners.push(check);
        check();
      }),
  };
}
