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

export function subscribe<T = any>(url: string, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
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
        const timer = setTimeout(() => reject(new Error(`got ${results.length} of ${count} results: ${JSON.stringify(results)}`)), timeoutMs);
        waiters.push(check);
        check();
      }),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** Resolves when the client has acknowledged the connection, so a subscription is in place. */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve) => client.on('connected', () => resolve()));
}
