import type { EntityManager } from '@mikro-orm/postgresql';

/** The one LISTEN/NOTIFY channel of the hub; a notification carries only a cursor. */
export const CHANNEL = 'unionhub_events';

/** Every transaction that appends events takes this lock last and holds it to commit. */
const APPEND_LOCK = 7_453_120_001;

/**
 * `activity`, `competition` and `order` events feed the subscriptions. `write` marks a committed
 * change that has no event of its own (unions, sites, programmes, revocations, seeding):
 * it carries no subject and no union path, and no subscription ever sees it. Together
 * they make the log's newest cursor advance with every committed write, which is what
 * the response cache checks (src/cache/response-cache.ts).
 */
export type EventTopic = 'activity' | 'competition' | 'order' | 'write';

/** Transactions (their EntityManager) that appended at least one event. */
const appended = new WeakSet<EntityManager>();

/**
 * An event as a mutation writes it. `subjectId` is the activity (a competition is an
 * activity), or for `order` events the order; the event carries the path of the activity's
 * organiser, or of the union that placed the order.
 */
export interface NewEvent {
  topic: EventTopic;
  /** What happened, e.g. OPENED or SCORE_CHANGED; the topic's GraphQL enum names the values. */
  type: string;
  subjectId: number;
  /** What the event says as of its commit: the score, the status, the reason of a correction… */
  payload: Record<string, unknown>;
}

/**
 * Writes events into the log inside the caller's transaction, as its last step.
 *
 * Cursors must increase in commit order, or a reader that has seen cursor 8 would never
 * see a 7 that commits later (hasura#8632). A sequence alone orders by insert time, so
 * the sequence is read under a transaction-level advisory lock that is released only at
 * commit: whoever takes it first also commits first. The lock is held just for the tail
 * of the transaction (this insert and the commit), after all row locks are taken.
 * PostgreSQL sends the NOTIFY only on commit, and rolled-back events never exist.
 * The subject activity must still exist: append a deletion's event before the delete.
 */
export async function appendEvents(em: EntityManager, events: readonly NewEvent[]): Promise<void> {
  if (!events.length) return;
  appended.add(em);
  await em.execute('select pg_advisory_xact_lock(?)', [APPEND_LOCK]);
  await em.execute(
    `with appended as (
       insert into events (cursor, topic, type, subject_id, union_path, payload)
       select nextval('event_cursor_seq'), topic, type, subject_id, path, payload
       from (
         select e.topic, e.type, e.subject_id, u.path, e.payload
         from rows from (jsonb_to_recordset(?::jsonb) as (topic text, type text, subject_id int, payload jsonb)) with ordinality as e(topic, type, subject_id, payload, n)
         join unions u on u.id = case when e.topic = 'order'
           then (select o.ordering_union_id from orders o where o.id = e.subject_id)
           else (select a.organiser_id from activities a where a.id = e.subject_id) end
         order by e.n
       ) ordered
       returning cursor
     )
     select pg_notify(?, max(cursor)::text) from appended`,
    [
      JSON.stringify(
        events.map((e) => ({ topic: e.topic, type: e.type, subject_id: e.subjectId, payload: e.payload })),
      ),
      CHANNEL,
    ],
  );
}

/**
 * Appends one `write` mark (no subject, no union path) under the same commit-order lock,
 * unless this transaction already appended an event: so every committed write advances
 * the log's newest cursor. inTransaction calls it as the last step of every mutation.
 * `type` says what wrote, e.g. the mutation's name or SEEDED.
 */
export async function appendWriteMark(em: EntityManager, type = 'WRITE'): Promise<void> {
  if (appended.has(em)) return;
  appended.add(em);
  await em.execute('select pg_advisory_xact_lock(?)', [APPEND_LOCK]);
  await em.execute(
    `with appended as (
       insert into events (cursor, topic, type) values (nextval('event_cursor_seq'), 'write', ?) returning cursor
     )
     select pg_notify(?, cursor::text) from appended`,
    [type, CHANNEL],
  );
}
