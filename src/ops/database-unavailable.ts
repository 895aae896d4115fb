import { ConnectionException } from '@mikro-orm/core';

/**
 * Codes that mean "PostgreSQL cannot be reached or is going away", not "this query is
 * wrong": socket errors from node, SQLSTATE class 08 (connection exception), 57P01-03
 * (admin shutdown, crash shutdown, cannot connect now) and 53300 (too many connections).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** Messages of pg, knex and tarn for the same situations (they carry no code). */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Client has encountered a connection error|Client was closed|connection (is )?closed|timeout exceeded when trying to connect|Timeout acquiring a connection|terminating connection due to administrator command|the database system is (shutting down|starting up|in recovery mode)/i;

/**
 * Whether an error (or anything in its cause chain) says the database is unreachable, so
 * the client gets SERVICE_UNAVAILABLE (retry later) instead of an internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof ConnectionException) return true;
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    const next = current as { cause?: unknown; originalError?: unknown; previous?: unknown };
    current = next.originalError ?? next.cause ?? next.previous;
  }
  return false;
}
