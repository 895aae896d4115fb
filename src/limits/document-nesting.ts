/**
 * How deeply a GraphQL document may nest braces, brackets and parentheses. graphql-js parses
 * recursively, so a list literal nested ~1,900 deep overflows the stack on Node 22 and 24
 * (Node 20 copes) within MAX_TOKENS; the overflow would reach the client as "Maximum call
 * stack size exceeded". The deepest real document (the six-level dashboard as
 * `edges { node }`) nests about 20; 64 is the JSON bodies' limit too.
 */
export const MAX_DOCUMENT_NESTING = 64;

/** What a client is told, with GRAPHQL_PARSE_FAILED, on either transport. */
export const DOCUMENT_TOO_DEEP = `Document nested too deeply: at most ${MAX_DOCUMENT_NESTING} levels of braces, brackets and parentheses`;

/**
 * Whether `source` nests `{`, `[` or `(` more than `max` levels deep, read as graphql-js's
 * lexer would: brackets inside strings, block strings and comments do not count. One pass,
 * no recursion, stops at the first level over the limit.
 */
export function documentNestingExceeds(source: string, max = MAX_DOCUMENT_NESTING): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET || c === OPEN_PAREN) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === CLOSE_PAREN) {
      depth--;
    } else if (c === HASH) {
      while (i < source.length && source.charCodeAt(i) !== NEWLINE && source.charCodeAt(i) !== RETURN) i++;
    } else if (c === QUOTE) {
      i = source.startsWith('"""', i) ? endOfBlockString(source, i + 3) : endOfString(source, i + 1);
    }
  }
  return false;
}

/** Index of the closing `"""` (escaped as `\"""` inside); the end of the source if none. */
function endOfBlockString(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source.startsWith('\\"""', i)) i += 3;
    else if (source.startsWith('"""', i)) return i + 2;
  }
  return source.length;
}

/** Index of the closing `"` of a one-line string, past `\` escapes; strings end at a line break. */
function endOfString(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE || c === NEWLINE || c === RETURN) return i;
  }
  return source.length;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
