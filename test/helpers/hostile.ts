import { expect } from 'vitest';
import type { TestServer } from './server.js';
import { rawSocket } from './ws.js';

/** A checksum of every row of every table, to show that hostile requests changed nothing. */
export async function databaseChecksum(server: TestServer): Promise<Record<string, string>> {
  const tables = await server.sql<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await server.sql<{ sum: string; n: number }>(
      `select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as sum, count(*)::int as n from "${name}" t`,
    );
    sums[name] = `${row!.n}:${row!.sum}`;
  }
  return sums;
}

/** What came back: the HTTP status and the parsed JSON (or the text when it is not JSON). */
export interface RawAnswer {
  status: number;
  body: any;
  text: string;
}

/** A hand-made HTTP request to the hub; aborted (and failed) if it takes more than 10 s. */
export async function send(
  url: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const response = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** One GraphQL request over real HTTP (anonymous without `token`), with the response cache's header. */
export async function overHttp(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<RawAnswer & { data?: any; errors?: any[]; cache: string | null; readPath: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const body = JSON.parse(text);
  return {
    status: response.status,
    body,
    text,
    data: body.data,
    errors: body.errors,
    cache: response.headers.get('x-response-cache'),
    readPath: response.headers.get('x-read-path'),
  };
}

/** Text that would show the database leaked into an answer. */
const DATABASE_TEXT =
  /relation "|violates|constraint "|syntax error at|sqlstate|postgres|pg_catalog|invalid byte sequence|0x00|\bselect .* from\b|insert into|delete from|\bupdate \w+ set\b|::ltree|mikro-orm/i;

/** Refused cleanly: not a 5xx, no internal error, no database text; answers the first error code. */
export function expectRefused(answer: { status: number; errors?: any[]; text?: string }, code: string): void {
  const text = answer.text ?? JSON.stringify(answer);
  expect(answer.status, text).toBeLessThan(500);
  expect(text).not.toMatch(DATABASE_TEXT);
  expect(text).not.toContain('INTERNAL_SERVER_ERROR');
  expect(answer.errors?.[0]?.extensions?.code, text).toBe(code);
}

/** The answer to one operation sent over graphql-ws as a `subscribe` message. */
export interface WsAnswer {
  /** `next` (an execution result, possibly with errors) or `error` (refused before running). */
  type: 'next' | 'error';
  errors?: any[];
  data?: any;
  text: string;
  status: number;
}

/**
 * Sends a query or mutation over a fresh WebSocket (signed in with `token` when given)
 * and answers its first `next` or `error` message; `status` is 0, for expectRefused.
 */
export async function overWs(
  wsUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<WsAnswer> {
  const raw = await rawSocket(wsUrl);
  try {
    raw.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });
    await raw.nextMessage((m) => m.type === 'connection_ack');
    raw.send({ id: 'op', type: 'subscribe', payload: { query, variables } });
    const message = await raw.nextMessage((m) => m.id === 'op' && (m.type === 'next' || m.type === 'error'), 10_000);
    const text = JSON.stringify(message);
    if (message.type === 'error') return { type: 'error', errors: message.payload, text, status: 0 };
    return { type: 'next', errors: message.payload.errors, data: message.payload.data, text, status: 0 };
  } finally {
    raw.socket.close();
  }
}

/** Opens a socket, sends connection_init with `payload`, and answers how it was closed (or acknowledged). */
export async function wsInit(wsUrl: string, payload: unknown): Promise<{ code: number; reason: string } | 'ack'> {
  const raw = await rawSocket(wsUrl);
  raw.send({ type: 'connection_init', payload });
  const ack = raw.nextMessage((m) => m.type === 'connection_ack', 10_000).then(() => 'ack' as const);
  const outcome = await Promise.race([ack, raw.closed]);
  ack.catch(() => {});
  raw.socket.close();
  return outcome;
}

/** A global id as the hub makes them. */
export const globalId = (type: string, id: string | number): string => Buffer.from(`${type}:${id}`).toString('base64');
