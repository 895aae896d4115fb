import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';

/**
 * Keyset cursors. A cursor names one position in one list: base64url of the JSON array
 * `["v1", <list digest>, <sort key values…>, <row id>]`. The digest covers the list's
 * field, its parent and the arguments that shape it, so a cursor from another list is
 * refused instead of silently positioning this one. Cursors are not signed: a client
 * that edits the key values only picks another position in a list it may read anyway
 * (README, Pagination).
 */
export type KeyType = 'int' | 'float' | 'text' | 'timestamp' | 'date';
export type KeyValue = number | string;

const VERSION = 'v1';
/** Room for the longest sort key (a 200-character name, 3 bytes a character) and more. */
const MAX_CURSOR_LENGTH = 2048;

/** The short digest of one list: `list` names the field and its shaping arguments, `key` its parent. */
export function listDigest(list: string, key: number): string {
  return createHash('sha256').update(`${list}\n${key}`).digest('base64url').slice(0, 16);
}

export function encodeCursor(digest: string, values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([VERSION, digest, ...values]), 'utf8').toString('base64url');
}

/**
 * The key values of a cursor of the list whose digest is `digest`, each of the type
 * `types` says (the list's sort keys, then the id); BAD_USER_INPUT on `after` otherwise.
 */
export function decodeCursor(cursor: string, digest: string, types: readonly KeyType[]): KeyValue[] {
  const shown = `"${String(cursor).slice(0, 64)}"`;
  const invalid = (why: string) => new BadInputError(`${shown} is not a valid cursor for this list: ${why}`, 'after');
  const notOurs = () => invalid('not a cursor this hub wrote');
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw notOurs();
  }
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Base64 decoding ignores stray bits; only the canonical encoding is a cursor.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw notOurs();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notOurs();
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') throw notOurs();
  const [version, listOf, ...values] = parsed as [string, string, ...unknown[]];
  if (version !== VERSION) throw invalid(`version ${version.slice(0, 8)} is not read here; start the list again`);
  if (listOf !== digest) {
    throw new BadInputError(
      `${shown} is a cursor of another list (another field, parent, filter or order): ` +
        'page a list with the cursors it gave',
      'after',
    );
  }
  if (values.length !== types.length) {
    throw invalid(`it holds ${values.length} key values where this list's order has ${types.length}`);
  }
  types.forEach((type, i) => {
    if (!isKeyValue(type, values[i])) throw invalid(`key value ${i + 1} is not a valid ${type}`);
  });
  return values as KeyValue[];
}

function isKeyValue(type: KeyType, value: unknown): boolean {
  switch (type) {
    case 'int':
      return Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      // PostgreSQL text cannot hold NUL; a longer value than any name is not ours.
      return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
    case 'timestamp':
      return typeof value === 'string' && isTimestamp(value);
    case 'date':
      return typeof value === 'string' && (value === 'infinity' || isDay(value));
  }
}

/** `YYYY-MM-DD` naming a real day: the database would refuse 2026-02-30 with an error. */
function isDay(value: string): boolean {
  const match = /^(\d{4,6})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** UTC with microseconds, as the loaders write timestamps (pages.ts). */
function isTimestamp(value: string): boolean {
  const match = /^(\d{4,6}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/.exec(value);
  return !!match && isDay(match[1]) && Number(match[2]) <= 23 && Number(match[3]) <= 59 && Number(match[4]) <= 59;
}
