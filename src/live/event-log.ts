import type { EntityManager } from '@mikro-orm/postgresql';

/** The one LISTEN/NOTIFY channel of the hub; a notification carries only a cursor. */
export const CHANNEL = 'unionhub_events';

/** Every transaction that appends events takes this lock last and holds it to commit. */
const APPEND_LOCK = 7_453_120_001;

/**
 * `activity`, `competition` and `order` events feed the subscriptions; `subsidy` events (a
 * claim's steps, subject the claim) are kept for feeds; `sign-up` events feed a
 * worker's own (`mySignUpChanged`), their subject an activity, their payload naming the
 * worker by a digest of their token's subject (never a name or phone). `write` marks a committed
 * change that has no event of its own (unions, sites, programmes, revocations, seeding):
 * it carries no subject and no union path, and no subscription ever sees it. Together
 * they make the log's newest cursor advance with every committed write, and the entries
 * of a transaction carry what it touched (`touched`, see appendWriteMark): what the
 * response cache checks (src/cache/response-cache.ts).
 */
export type EventTopic = 'activity' | 'competition' | 'order' | 'subsidy' | 'sign-up' | 'write';

/** Transactions (their EntityManager) that appended events: the cursor of their first one. */
const firstAppended = new WeakMap<EntityManager, string>();

/** Transactions that recorded what they touched (appendWriteMark ran). */
const marked = new WeakSet<EntityManager>();

/**
 * An event as a mutation writes it. `subjectId` is the activity (a competition is an
 * activity), or for `order` events the order, for `subsidy` events the claim; the event
 * carries the path of the activity's organiser, the union that placed the order, or the
 * union that claimed.
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
  await em.execute('select pg_advisory_xact_lock(?)', [APPEND_LOCK]);
  const [row] = await em.execute<{ first: string }[]>(
    `with appended as (
       insert into events (cursor, topic, type, subject_id, union_path, payload)
       select nextval('event_cursor_seq'), topic, type, subject_id, path, payload
       from (
         select e.topic, e.type, e.subject_id, u.path, e.payload
         from rows from (jsonb_to_recordset(?::jsonb) as (topic text, type text, subject_id int, payload jsonb)) with ordinality as e(topic, type, subject_id, payload, n)
         join unions u on u.id = case when e.topic = 'order'
           then (select o.ordering_union_id from orders o where o.id = e.subject_id)
           when e.topic = 'subsidy' then (select c.union_id from subsidy_claims c where c.id = e.subject_id)
           else (select a.organiser_id from activities a where a.id = e.subject_id) end
         order by e.n
       ) ordered
       returning cursor
     )
     select pg_notify(?, max(cursor)::text), min(cursor)::text as first from appended`,
    [
      JSON.stringify(
        events.map((e) => ({ topic: e.topic, type: e.type, subject_id: e.subjectId, payload: e.payload })),
      ),
      CHANNEL,
    ],
  );
  if (!firstAppended.has(em) && row?.first) firstAppended.set(em, row.first);
}

/**
 * What this transaction touched, as noted by the row triggers of the tracked tables
 * (Migration20261130000000_touched_paths): `paths`, the union paths its changed rows hang
 * under, old and new; `tables`, the tracked tables it changed; both NULL for "anything".
 */
const TOUCHED = `with noted as (
    select coalesce(current_setting('unionhub.touched', true), '') as v,
           string_to_array(btrim(coalesce(current_setting('unionhub.touched', true), '')), ' ') as tokens
  ), touched as (
    select case when v = '*' then null
             else coalesce((select array_agg(x::ltree) from unnest(tokens) x where x <> '' and left(x, 1) <> '#'), '{}') end as paths,
           case when v = '*' then null
             else coalesce((select array_agg(substr(x, 2)) from unnest(tokens) x where left(x, 1) = '#'), '{}') end as tables
    from noted
  )`;

/**
 * The last step of every write (inTransaction calls it for each mutation; the seeder and
 * the reset too): records what the transaction touched with its entries in the event log,
 * so that the response cache forgets only the answers it could have changed. A transaction
 * that appended events puts it on them; any other appends one `write` mark (no subject,
 * no union path) under the same commit-order lock, so every committed write advances the
 * log's newest cursor. `type` says what wrote, e.g. the mutation's name or SEEDED.
 *
 * The paths come from row triggers, so a write need not say what it touched, and cannot
 * forget a row a cascade changed. Events appended by a transaction that never gets here
 * keep a NULL `touched`, which the cache reads as "touched anything".
 */
export async function appendWriteMark(em: EntityManager, type = 'WRITE'): Promise<void> {
  if (marked.has(em)) return;
  marked.add(em);
  const first = firstAppended.get(em);
  if (first !== undefined) {
    // This transaction holds the commit-order lock since its first event: every entry
    // from that cursor on is its own.
    await em.execute(
      `${TOUCHED} update events set touched = t.paths, touched_tables = t.tables from touched t where events.cursor >= ?::bigint`,
      [first],
    );
    return;
  }
  await em.execute('select pg_advisory_xact_lock(?)', [APPEND_LOCK]);
  await em.execute(
    `${TOUCHED}, appended as (
       insert into events (cursor, topic, type, touched, touched_tables)
       select nextval('event_cursor_seq'), 'write', ?, t.paths, t.tables from touched t returning cursor
     )
     select pg_notify(?, cursor::text) from appended`,
    [type, CHANNEL],
  );
}
