import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { CursorExpiredError } from '../errors.js';
import { CHANNEL, type EventTopic } from './event-log.js';
import { latestCommittedCursor, readEvents, readLogBounds, type EventQuery, type LiveEvent } from './event-reader.js';
import { EventStream, type EventStreamOptions } from './event-stream.js';

export interface EventHubOptions {
  /** Connection string for the LISTEN connection. */
  url: string;
  /** Root EntityManager; the hub forks it for its reads. */
  em: EntityManager;
  log?: (message: string) => void;
  /** Events buffered for one subscriber before it is ended as too slow. @default 10000 */
  maxQueuedPerSubscriber?: number;
  /** Called once per event this hub dispatches (metrics: lag from commit to dispatch). */
  onDispatch?: (event: LiveEvent) => void;
  /** Other channels heard on the same LISTEN connection, e.g. token revocations. */
  channels?: Record<string, (payload: string) => void>;
  /** After every (re)connect: whatever those channels said meanwhile was not heard. */
  onListening?: () => Promise<void>;
}

/**
 * This instance's view of the event log. One LISTEN connection hears a cursor after each
 * commit; the hub then reads every event after the last one it dispatched, once, and hands
 * the same event objects to all matching subscribers, so the cost of an event does not
 * grow with the number of screens. After a lost connection it reconnects with backoff and
 * catches up from the log, so nothing committed meanwhile is skipped.
 */
export class EventHub {
  private readonly bySubject = new Map<string, Set<EventStream>>();
  private readonly bySubtree = new Set<EventStream>();
  private readonly log: (message: string) => void;
  private client?: pg.Client;
  private position = 0n;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private catchUpTimer?: NodeJS.Timeout;
  private retryDelayMs = 250;
  private catchingUp?: Promise<void>;
  private catchUpAgain = false;

  constructor(private readonly options: EventHubOptions) {
    this.log = options.log ?? (() => {});
  }

  async start(): Promise<void> {
    this.position = await latestCommittedCursor(this.options.em.fork());
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.catchUpTimer);
    await this.client?.end().catch(() => {});
    this.client = undefined;
    await this.catchingUp?.catch(() => {});
    for (const stream of [...this.bySubtree, ...[...this.bySubject.values()].flatMap((set) => [...set])]) stream.end();
  }

  /**
   * Resolves once this hub has dispatched everything committed so far and reads nothing
   * more: for measurements that must not count its background reads.
   */
  async settled(timeoutMs = 10_000): Promise<void> {
    const latest = await latestCommittedCursor(this.options.em.fork());
    const deadline = Date.now() + timeoutMs;
    while (this.position < latest || this.catchingUp) {
      if (Date.now() > deadline) throw new Error(`the event hub is still at ${this.position} of ${latest}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** True while the LISTEN connection is up (for readiness). */
  isListening(): boolean {
    return this.client !== undefined;
  }

  /** Subscribers on this instance now. */
  subscriberCount(): number {
    let count = this.bySubtree.size;
    for (const set of this.bySubject.values()) count += set.size;
    return count;
  }

  /**
   * Events matching `query` committed from now on; with `after`, first those committed
   * after that cursor, then live ones, each exactly once and in commit order. Throws CURSOR_EXPIRED when
   * retention already removed events after `after`. With `last`, the stream ends after an
   * event of one of those types.
   */
  async subscribe(
    query: EventQuery,
    after?: bigint,
    options: Pick<EventStreamOptions, 'last'> = {},
  ): Promise<EventStream> {
    const bounds = await readLogBounds(this.options.em.fork());
    if (after !== undefined && after < bounds.prunedThrough) throw new CursorExpiredError();
    if (after !== undefined && after > bounds.lastIssued) {
      throw new CursorExpiredError('The cursor is ahead of the event log (was the database replaced?).');
    }
    const stream = new EventStream({
      query,
      // Without `after`, start at the newest commit: an event this hub has not dispatched
      // yet but that committed before the subscription is not news to this subscriber.
      after: after ?? bounds.latest,
      replay: after !== undefined,
      maxQueued: this.options.maxQueuedPerSubscriber ?? 10_000,
      readPage: (from, limit) => readEvents(this.options.em.fork(), query, from, limit),
      onClose: () => this.remove(stream),
      last: options.last,
    });
    this.add(stream);
    return stream;
  }

  private add(stream: EventStream): void {
    const { query } = stream;
    if (query.subjectId === undefined) {
      this.bySubtree.add(stream);
      return;
    }
    const key = subjectKey(query.topic, query.subjectId);
    let set = this.bySubject.get(key);
    if (!set) this.bySubject.set(key, (set = new Set()));
    set.add(stream);
  }

  private remove(stream: EventStream): void {
    const { query } = stream;
    if (query.subjectId === undefined) {
      this.bySubtree.delete(stream);
      return;
    }
    const key = subjectKey(query.topic, query.subjectId);
    const set = this.bySubject.get(key);
    set?.delete(stream);
    if (set?.size === 0) this.bySubject.delete(key);
  }

  private dispatch(event: LiveEvent): void {
    this.options.onDispatch?.(event);
    for (const stream of this.bySubject.get(subjectKey(event.topic, event.subjectId)) ?? []) stream.push(event);
    for (const stream of this.bySubtree) stream.push(event);
  }

  /** Reads and dispatches everything after `position`; concurrent calls coalesce into one more round. */
  private catchUp(): void {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        for (;;) {
          const events = await readEvents(this.options.em.fork(), { writeMarks: true }, this.position, 1000);
          markCurrent(events);
          for (const event of events) {
            this.position = event.cursor;
            this.dispatch(event);
          }
          if (events.length < 1000) break;
        }
      } while (this.catchUpAgain && !this.stopped);
    })()
      .catch((error: Error) => {
        // Also retried on its own: a failed read must not wait for the next commit to be noticed.
        this.log(`event catch-up failed (${error.message}); retrying in 1 s`);
        clearTimeout(this.catchUpTimer);
        this.catchUpTimer = setTimeout(() => !this.stopped && this.catchUp(), 1000);
      })
      .finally(() => {
        this.catchingUp = undefined;
      });
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, keepAlive: true });
    const channels = this.options.channels ?? {};
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) return channels[message.channel]?.(message.payload ?? '');
      if (message.payload && BigInt(message.payload) > this.position) this.catchUp();
    });
    client.on('error', (error) => this.reconnect(client, error.message));
    client.on('end', () => this.reconnect(client, 'connection ended'));
    try {
      await client.connect();
      for (const channel of [CHANNEL, ...Object.keys(channels)])
        await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    this.retryDelayMs = 250;
    // Whatever committed while nobody listened.
    this.catchUp();
    await this.options.onListening?.().catch((error: Error) => this.log(`after reconnect: ${error.message}`));
  }

  private reconnect(client: pg.Client, reason: string): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.log(`event listener lost (${reason}); reconnecting`);
    const attempt = () => {
      if (this.stopped) return;
      this.connect().catch((error: Error) => {
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
        this.log(`event listener reconnect failed (${error.message}); next try in ${this.retryDelayMs} ms`);
        this.retryTimer = setTimeout(attempt, this.retryDelayMs);
      });
    };
    this.retryTimer = setTimeout(attempt, this.retryDelayMs);
  }
}

function subjectKey(topic: EventTopic | undefined, subjectId: number): string {
  return `${topic}:${subjectId}`;
}

/** Marks the newest event of each subject in a page read at the head of the log. */
function markCurrent(events: LiveEvent[]): void {
  const seen = new Set<string>();
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    const key = subjectKey(event.topic, event.subjectId);
    if (seen.has(key)) continue;
    seen.add(key);
    event.current = true;
  }
}
