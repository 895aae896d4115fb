import type { LogLevel } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/ops/index.js';

/** A JSON log line as the hub writes it. */
export type LogLine = { level: number; msg: string; [field: string]: any };

/** A real pino logger whose lines are parsed into `lines` instead of written to stdout. */
export function captureLogs(
  level: LogLevel = 'warn',
  onLine: (line: LogLine) => void = () => {},
): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const write = (text: string) => {
    const line = JSON.parse(text) as LogLine;
    lines.push(line);
    onLine(line);
  };
  const logger = createLogger({ level, destination: { write } });
  return { logger, lines };
}
