import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { documentNestingExceeds, MAX_DOCUMENT_NESTING } from '../src/limits/document-nesting.js';

const nestedList = (levels: number) =>
  `{ unions(filter: { levels: ${'['.repeat(levels)}CITY${']'.repeat(levels)} }) { totalCount } }`;

describe('documentNestingExceeds', () => {
  it('counts braces, brackets and parentheses together, up to the limit and not past it', () => {
    // `{`, `(`, `{` and the list's brackets: 3 + levels.
    expect(documentNestingExceeds(nestedList(MAX_DOCUMENT_NESTING - 3))).toBe(false);
    expect(documentNestingExceeds(nestedList(MAX_DOCUMENT_NESTING - 2))).toBe(true);
    expect(documentNestingExceeds(nestedList(100_000))).toBe(true);
  });

  it('reads brackets inside strings, block strings and comments as text, as the lexer does', () => {
    const deep = '['.repeat(200);
    const source = `# ${deep}\n{ unions(filter: { search: "${deep}\\"${deep}" }) { a: totalCount } } """${deep}\\"""${deep}"""`;
    expect(documentNestingExceeds(source, 4)).toBe(false);
    expect(documentNestingExceeds(`{ a(b: "x\n${deep}`, 4)).toBe(true);
  });

  it('lets through only what the parser can take: the deepest admitted document parses', () => {
    const admitted = nestedList(MAX_DOCUMENT_NESTING - 3);
    expect(() => parse(admitted)).not.toThrow();
  });
});
