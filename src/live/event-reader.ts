import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql, where, type Sql } from '../common/sql.js';
import type { Loaders } from '../context.js';
import { BadInputError } from '../errors.js';
import type { EventTopic } from './event-log.js';

/** An event read from the log. The same object goes to every subscriber it matches. */
export interface LiveEvent {
  cursor: bigint;
  topic: EventTopic;
  type: string;
  subjectId: number;
  /** Union ids from the root down to the organiser, as of the event. */
  unionIds: number[];
  payload: Record<string, unknown>;
  occurredAt: Date;
  /**
   * Set by the hub on a live event that is the newest of its subject in what it read: a
   * snapshot the event carries (the state as of its commit) is then the state as it
   * stands, and may be shown instead of loading it.
   */
  current?: boolean;
  /** One EntityManager and one set of loaders for every subscriber resolving this event (see eventContext). */
  shared?: { em: EntityManager; loaders: Loaders };
}

/** Which events a subscriber wants; an empty query means all of them. */
export interface EventQuery {
  topic?: EventTopic;
  subjectId?: number;
  /**
   * Events of activities organised by this union, or anywhere under it. `orPayloadUnion`
   * names a payload field that also places an event at a union (an order's offering union):
   * without descendants, an event matches when that field holds the union's id too.
   */
  underUnion?: { id: number; includeDescendants: boolean; orPayloadUnion?: string };
  types?: readonly string[];
  /** Activity kinds, matched against `payload.kind`. */
  activityKinds?: readonly string[];
  /** A worker's events only, matched against `payload.worker` (a digest of their subject). */
  worker?: string;
  /**
   * Also `write` marks (changes without an event of their own, see appendWriteMark). Only
   * the hub's own reads set it, so its position advances past them; a subscriber's query
   * never sees one, whatever else it asks.
   */
  writeMarks?: boolean;
}

export function matches(query: EventQuery, event: LiveEvent): boolean {
  if (event.topic === 'write' && !query.writeMarks) return false;
  if (query.topic && query.topic !== event.topic) return false;
  if (query.subjectId !== undefined && query.subjectId !== event.subjectId) return false;
  if (query.types && !query.types.includes(event.type)) return false;
  if (query.activityKinds && !query.activityKinds.includes(String(event.payload.kind))) return false;
  if (query.worker !== undefined && event.payload.worker !== query.worker) return false;
  if (query.underUnion) {
    const { id, includeDescendants, orPayloadUnion } = query.underUnion;
    // The path holds ids, so "under X" is "X is on the path": moving X keeps it true.
    if (includeDescendants ? !event.unionIds.includes(id) : event.unionIds.at(-1) !== id) {
      if (includeDescendants || !orPayloadUnion || event.payload[orPayloadUnion] !== id) return false;
    }
  }
  return true;
}

function conditions(q: EventQuery, after: bigint): Sql {
  const parts: Sql[] = [sql('cursor > ?::bigint', after.toString())];
  if (q.topic) parts.push(sql('topic = ?', q.topic));
  else if (!q.writeMarks) parts.push(sql(`topic <> 'write'`));
  if (q.subjectId !== undefined) parts.push(sql('subject_id = ?', q.subjectId));
  // Both lists hold GraphQL enum values, never free text.
  if (q.types) parts.push(sql('type = any(?::text[])', `{${q.types.join(',')}}`));
  if (q.activityKinds) parts.push(sql(`payload->>'kind' = any(?::text[])`, `{${q.activityKinds.join(',')}}`));
  if (q.worker !== undefined) parts.push(sql(`payload->>'worker' = ?`, q.worker));
  // Subtree questions go through the ltree (GiST) index, as everywhere else.
  if (q.underUnion) {
    const { id, includeDescendants, orPayloadUnion } = q.underUnion;
    const onPath = sql('union_path ~ ?::lquery', includeDescendants ? `*.${id}.*` : `*.${id}`);
    // The field name is the hub's own constant, never client text.
    parts.push(
      !includeDescendants && orPayloadUnion
        ? sql(`${onPath.text} or (payload->'${orPayloadUnion}')::int = ?`, ...onPath.params, id)
        : onPath,
    );
  }
  return where(parts);
}

interface EventRow {
  cursor: string;
  topic: EventTopic;
  type: string;
  /** Null for `write` marks. */
  subject_id: number | null;
  union_path: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** Up to `limit` events matching `q` after `after`, in commit order. */
export async function readEvents(em: EntityManager, q: EventQuery, after: bigint, limit: number): Promise<LiveEvent[]> {
  const filter = conditions(q, after);
  const rows = await query<EventRow>(em, {
    text: `select cursor::text, topic, type, subject_id, union_path::text, payload, created_at
      from events where ${filter.text} order by events.cursor limit ?`,
    params: [...filter.params, limit],
  });
  return rows.map((row) => ({
    cursor: BigInt(row.cursor),
    topic: row.topic,
    type: row.type,
    subjectId: row.subject_id ?? 0,
    unionIds: row.union_path ? row.union_path.split('.').map(Number) : [],
    payload: row.payload,
    occurredAt: new Date(row.created_at),
  }));
}

/**
 * The newest committed cursor, as SQL: the primary key's index answers max (a backward
 * index scan), and what retention pruned stands in when the log is empty, so it never
 * goes backwards. Every committed write appends at least one event under the
 * commit-order lock (appendEvents, appendWriteMark), so it changes whenever anything a
 * query could show has changed: the response cache relies on that.
 */
export const LATEST_COMMITTED = `coalesce((select max(cursor) from events), (select pruned_through from event_log_state))`;

/** The newest committed cursor of the log, in one indexed statement. */
export async function latestCommittedCursor(em: EntityManager): Promise<bigint> {
  const [row] = await query<{ latest: string }>(em, sql(`select ${LATEST_COMMITTED}::text as latest`));
  return BigInt(row!.latest);
}

export interface LogBounds {
  /** The newest committed cursor (latestCommittedCursor). */
  latest: bigint;
  /** The highest cursor handed out, committed or not. */
  lastIssued: bigint;
  /** Everything up to here may have been removed by retention. */
  prunedThrough: bigint;
}

/** All three bounds in one statement, for a subscriber checking its `after`. */
export async function readLogBounds(em: EntityManager): Promise<LogBounds> {
  const [row] = await query<{ latest: string; last_issued: string; pruned_through: string }>(
    em,
    sql(`select ${LATEST_COMMITTED}::text as latest,
        (select case when is_called then last_value else 0 end from event_cursor_seq)::text as last_issued,
        s.pruned_through::text
      from event_log_state s`),
  );
  return {
    latest: BigInt(row!.latest),
    lastIssued: BigInt(row!.last_issued),
    prunedThrough: BigInt(row!.pruned_through),
  };
}

/**
 * Removes events older than the retention window; one instance at a time does it.
 * Deletes a prefix of the log, so `pruned_through` tells exactly which cursors are gone.
 */
export async function pruneEvents(em: EntityManager, olderThan: Date): Promise<number> {
  return em.transactional(async (tx) => {
    const [locked] = await query<{ ok: boolean }>(tx, sql('select pg_try_advisory_xact_lock(7453120002) as ok'));
    if (!locked?.ok) return 0;
    const [row] = await query<{ deleted: number }>(
      tx,
      sql(
        `with last as (select max(cursor) as cursor from events where created_at < ?),
         deleted as (delete from events where cursor <= (select cursor from last) returning cursor),
         noted as (update event_log_state set pruned_through = greatest(pruned_through, (select cursor from last))
                   where (select cursor from last) is not null)
         select count(*)::int as deleted from deleted`,
        olderThan,
      ),
    );
    return row?.deleted ?? 0;
  });
}

/** Parses a subscription's `after` argument. */
export function parseCursor(value: string | null | undefined): bigint | undefined {
  if (value == null) return undefined;
  if (!/^\d{1,19}$/.test(value)) throw new BadInputError('after must be a cursor received with an event', 'after');
  return BigInt(value);
}
