import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/**
 * The one logger: JSON lines on stdout (or `destination`, which tests use to capture).
 * Credentials are redacted wherever they might be attached, so a careless
 * `log.info({ headers })` still never writes a token.
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'unionhub' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'request.headers.authorization',
          'headers.cookie',
          'req.headers.cookie',
          'token',
          '*.token',
          'connectionParams',
          '*.connectionParams',
        ],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** What is known about the request or socket being served, for its log lines. */
export interface LogScope {
  log: Logger;
  requestId?: string;
  connectionId?: string;
  operationName?: string;
}

/** Ids that clients may send and we may echo and log: short tokens, no spaces or markup. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function saneId(candidate: unknown): string | undefined {
  return typeof candidate === 'string' && SANE_ID.test(candidate) ? candidate : undefined;
}
