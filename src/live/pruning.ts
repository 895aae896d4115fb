import type { EntityManager } from '@mikro-orm/postgresql';
import { pruneIdempotencyKeys } from '../idempotency/idempotency.plugin.js';
import { pruneEvents } from './event-reader.js';

/** How often an instance removes events older than the retention window. */
const PRUNE_EVERY_MS = 10 * 60_000;

export interface PruningOptions {
  /** The root EntityManager; each round forks it. */
  em: EntityManager;
  /** EVENT_RETENTION_HOURS. */
  retentionHours: number;
  /** For a round that failed; the next one tries again. */
  warn(message: string): void;
}

/**
 * Removes events older than the retention window and expired idempotency keys, now and
 * every ten minutes until stopped. Every instance runs it; pruneEvents lets one at a time
 * work.
 */
export function startPruning({ em, retentionHours, warn }: PruningOptions): { stop(): void } {
  const prune = () =>
    Promise.all([
      pruneEvents(em.fork(), new Date(Date.now() - retentionHours * 3_600_000)),
      pruneIdempotencyKeys(em.fork()),
    ]).catch((error: Error) => warn(`pruning the event log or idempotency keys failed: ${error.message}`));
  void prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS).unref();
  return { stop: () => clearInterval(timer) };
}
