/** An HTTP answer as a client sees it, reduced to what the two read paths must agree on. */
export interface Answer {
  status: number;
  /** `x-read-path` of the response: `compiled` when the compiled path answered. */
  readPath: string | null;
  /** `data` exactly as sent (key order included), or undefined. */
  data: string | undefined;
  /**
   * Errors of fields whose parent is in `data`, as a client compares them (message, path,
   * extensions without volatile ids), sorted: graphql-js reports sibling fields' errors in
   * the order their promises settle.
   */
  errors: string[];
  /**
   * Errors under a parent that a non-null field's error nulled. Once a parent is nulled,
   * graphql-js sends the answer without waiting for its other fields, so which of their
   * errors make it in is a race, on the resolvers alone too.
   */
  swallowed: string[];
  codes: string[];
  body: unknown;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

interface WireError {
  message: string;
  path?: unknown[];
  extensions?: Record<string, unknown>;
}

/** Reads a response; an error's `errorId` (and the id in its message) differs on every request, so it goes. */
export async function readAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: { data?: unknown; errors?: WireError[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  const errors: string[] = [];
  const swallowed: string[] = [];
  for (const error of body.errors ?? []) {
    const { errorId: _errorId, ...extensions } = error.extensions ?? {};
    const text = JSON.stringify({ message: error.message.replace(UUID, '<id>'), path: error.path ?? null, extensions });
    (error.path && !parentPresent(body.data, error.path) ? swallowed : errors).push(text);
  }
  return {
    status: response.status,
    readPath: response.headers.get('x-read-path'),
    data: body.data === undefined ? undefined : JSON.stringify(body.data),
    errors: errors.sort(),
    swallowed: swallowed.sort(),
    codes: (body.errors ?? []).map((error) => String(error.extensions?.code ?? 'NONE')),
    body,
  };
}

/** Whether the object holding the field at `path` is in `data` (not nulled on the way). */
function parentPresent(data: unknown, path: readonly unknown[]): boolean {
  let at = data;
  for (const key of path.slice(0, -1)) {
    if (!at || typeof at !== 'object') return false;
    at = (at as Record<string, unknown>)[String(key)];
  }
  return !!at && typeof at === 'object';
}

/** Why two answers differ, in a line or a few; undefined when a client could not tell them apart. */
export function difference(a: Answer, b: Answer): string | undefined {
  if (a.status !== b.status) return `HTTP status ${a.status} ≠ ${b.status}`;
  if (a.data !== b.data) {
    const where = firstDifference(
      a.data === undefined ? undefined : JSON.parse(a.data),
      b.data === undefined ? undefined : JSON.parse(b.data),
      'data',
    );
    return `data differ at ${where}`;
  }
  if (JSON.stringify(a.errors) !== JSON.stringify(b.errors)) {
    const onlyA = a.errors.filter((e) => !b.errors.includes(e));
    const onlyB = b.errors.filter((e) => !a.errors.includes(e));
    return `errors differ:\n    A only: ${clip(onlyA.join('\n            '))}\n    B only: ${clip(onlyB.join('\n            '))}`;
  }
  // Of the errors under a nulled parent, both must have some and share one (the one that nulled it).
  const shared = a.swallowed.some((e) => b.swallowed.includes(e));
  if ((a.swallowed.length || b.swallowed.length) && !shared) {
    return `errors under a nulled parent share none:\n    A: ${clip(a.swallowed.join('\n       '))}\n    B: ${clip(b.swallowed.join('\n       '))}`;
  }
  return undefined;
}

function clip(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The first place two JSON values part, with both sides there (keys in order count). */
function firstDifference(a: unknown, b: unknown, at: string): string {
  if (a === b) return `${at} (same)`;
  const show = (v: unknown) => clip(JSON.stringify(v) ?? 'undefined', 200);
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return `${at}: A ${show(a)} ≠ B ${show(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return firstDifference(a[i], b[i], `${at}[${i}]`);
    }
    return `${at}: A has ${a.length} items, B ${b.length}`;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join() !== keysB.join()) return `${at}: keys A ${keysA.join(',')} ≠ B ${keysB.join(',')}`;
  for (const key of keysA) {
    const [x, y] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
    if (JSON.stringify(x) !== JSON.stringify(y)) return firstDifference(x, y, `${at}.${key}`);
  }
  return `${at} (same)`;
}
