import { GraphQLScalarType, Kind } from 'graphql';
import { BadInputError } from '../errors.js';

function asFen(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new BadInputError('An amount of money is a whole number of fen (1 yuan = 100 fen), 0 or more');
  return n;
}

/**
 * Money, as a whole number of fen (分, a hundredth of a yuan), never a float. A scalar of
 * its own rather than Int: GraphQL's Int stops at 2^31 − 1 fen (21.47 million yuan),
 * which a province's yearly totals pass; a JSON number holds every integer up to 2^53
 * exactly. Sent as a JSON number; accepted as a number or a string of digits.
 */
export const Fen = new GraphQLScalarType<number, number>({
  name: 'Fen',
  description:
    'Money in fen (分; 100 fen = 1 yuan) as a whole number, never a fraction: a JSON number up to 2^53 − 1. ' +
    'Fields that hold it end in `Fen`.',
  serialize: (value) => {
    const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError('Fen must be a safe integer');
    return n;
  },
  parseValue: asFen,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING)
      return asFen(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw new BadInputError('An amount of money is a whole number of fen');
  },
});
