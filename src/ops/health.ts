import type { RequestHandler } from 'express';
import type { Database } from '../db/database.js';
import type { EventHub } from '../live/event-hub.js';

interface Readiness {
  status: 'ready' | 'unavailable' | 'stopping';
  checks: {
    /** `select 1` on the pool within the time limit. */
    database: 'ok' | 'unreachable' | 'timeout';
    /** The event hub's LISTEN connection, without which live feeds stall. */
    listener: 'ok' | 'down';
  };
}

const TIMEOUT = Symbol('timeout');

/**
 * Ready means both the pool answers and the hub listens. Goes through knex directly, so a
 * probe neither counts as an app statement nor waits on a stuck pool beyond `timeoutMs`.
 */
async function checkReadiness(db: Database, events: EventHub, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const database = await Promise.race([
    db.orm.em
      .getKnex()
      .raw('select 1')
      .then(() => 'ok' as const),
    new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), timeoutMs))),
  ]).then(
    (result) => (result === TIMEOUT ? ('timeout' as const) : result),
    () => 'unreachable' as const,
  );
  clearTimeout(timer);
  const listener = events.isListening() ? ('ok' as const) : ('down' as const);
  return { status: database === 'ok' && listener === 'ok' ? 'ready' : 'unavailable', checks: { database, listener } };
}

/** GET /readyz: 200 when ready, else 503 naming the failed check; 503 `stopping` once shutdown began. */
export function readyz(db: Database, events: EventHub, isStopping: () => boolean, timeoutMs = 1000): RequestHandler {
  return async (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    const readiness = await checkReadiness(db, events, timeoutMs);
    if (isStopping()) readiness.status = 'stopping';
    res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
  };
}
