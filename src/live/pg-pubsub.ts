import { EventEmitter, on } from 'node:events';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { PubSub } from 'type-graphql';

/** The one LISTEN/NOTIFY channel of the hub. */
export const CHANNEL = 'unionhub_events';

/** What a notification carries: only a topic and an id, far below NOTIFY's 8,000-byte limit. */
export interface HubEvent {
  topic: 'activity';
  id: number;
  deleted?: boolean;
}

/**
 * Queues an event inside the caller's transaction. PostgreSQL delivers NOTIFY only when
 * the transaction commits, to every listening instance, so subscribers never see a
 * change that was rolled back.
 */
export async function publishInTransaction(em: EntityManager, event: HubEvent): Promise<void> {
  await em.execute('select pg_notify(?, ?)', [CHANNEL, JSON.stringify(event)]);
}

/**
 * type-graphql's PubSub over PostgreSQL LISTEN/NOTIFY: one listening connection per
 * instance fans events out to this instance's subscriptions. When the connection drops
 * it reconnects with backoff; events sent meanwhile are not replayed.
 */
export class PgPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: pg.Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private retryDelayMs = 250;

  constructor(
    private readonly url: string,
    private readonly log: (message: string) => void = () => {},
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }

  publish(topic: string, id: unknown): void {
    const event = { topic, id };
    void this.client?.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]).catch((error: Error) => this.log(`publish failed: ${error.message}`));
  }

  /** Subscriptions listening on this instance now. */
  subscriberCount(): number {
    // events.on() also adds an 'error' listener per subscription; count the topics only.
    return this.emitter.eventNames().reduce((n, name) => (name === 'error' ? n : n + this.emitter.listenerCount(name)), 0);
  }

  /** Events of one topic and id; the iterator's return() removes the listener. */
  subscribe(topic: string, id?: unknown): AsyncIterable<HubEvent> {
    const events = on(this.emitter, `${topic}:${String(id)}`);
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const { value, done } = await events.next();
          return done ? { value: undefined, done: true } : { value: value[0] as HubEvent, done: false };
        },
        return: async () => {
          await events.return?.();
          return { value: undefined, done: true };
        },
      }),
    };
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => this.reconnect(client, error.message));
    client.on('end', () => this.reconnect(client, 'connection ended'));
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
    this.retryDelayMs = 250;
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
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
        this.log(`event listener reconnect failed (${error.message}); next try in ${this.retryDelayMs} ms`);
        this.retryTimer = setTimeout(attempt, this.retryDelayMs);
      });
    };
    this.retryTimer = setTimeout(attempt, this.retryDelayMs);
  }

  private dispatch(payload: string | undefined): void {
    try {
      const event = JSON.parse(payload ?? '') as HubEvent;
      this.emitter.emit(`${event.topic}:${event.id}`, event);
    } catch {
      this.log('ignored a malformed notification');
    }
  }
}
