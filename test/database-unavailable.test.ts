import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { isDatabaseUnavailable } from '../src/ops/database-unavailable.js';

const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('isDatabaseUnavailable', () => {
  it('recognises unreachable, restarting and terminated databases, also when wrapped', () => {
    for (const error of [
      pgError('connect ECONNREFUSED 127.0.0.1:5433', 'ECONNREFUSED'),
      pgError('terminating connection due to administrator command', '57P01'),
      pgError('the database system is shutting down', '57P03'),
      pgError('Connection terminated unexpectedly'),
      pgError('Knex: Timeout acquiring a connection. The pool is probably full.'),
      pgError('sorry, too many clients already', '53300'),
      pgError('server closed the connection unexpectedly', '08006'),
      new ConnectionException(pgError('connection failure')),
      new GraphQLError('wrapped', { originalError: pgError('Connection terminated') }),
      new Error('outer', { cause: pgError('x', 'ECONNRESET') }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it('leaves query errors and everything else to the internal-error path', () => {
    for (const error of [
      pgError('relation "programmes" does not exist', '42P01'),
      pgError('syntax error at or near "selec"', '42601'),
      new UniqueConstraintViolationException(pgError('duplicate key', '23505')),
      new TypeError('Cannot read properties of undefined'),
      undefined,
      'ECONNREFUSED',
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to info and refuses unknown levels', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    );
  });
});
