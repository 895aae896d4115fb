import { FellBehindError } from '../errors.js';
import { matches, type EventQuery, type LiveEvent } from './event-reader.js';

const REPLAY_PAGE = 500;

export interface EventStreamOptions {
  query: EventQuery;
  /** Nothing at or before this cursor is passed on. */
  after: bigint;
  /** Page through the log after `after` before going live. */
  replay: boolean;
  maxQueued: number;
  readPage(after: bigint, limit: number): Promise<LiveEvent[]>;
  onClose(): void;
  /** Event types nothing can follow (a competition cancelled): the stream ends after one. */
  last?: readonly string[];
}

/**
 * One subscriber's events. With `after` it first pages through the log while buffering
 * what arrives live meanwhile, then hands over to the live events; every event is passed
 * on only if its cursor is above the last one passed on, so the seam between replay and
 * live (and a catch-up that re-reads) never duplicates or reorders anything.
 */
export class EventStream implements AsyncIterableIterator<LiveEvent> {
  readonly query: EventQuery;
  private lastCursor: bigint;
  private replaying: boolean;
  /** Live events heard while replaying. */
  private pending: LiveEvent[] = [];
  private readonly queue: LiveEvent[] = [];
  private waiter?: (result: IteratorResult<LiveEvent>) => void;
  private failure?: Error;
  private closed = false;
  private delivered?: bigint;
  /** A last event was queued or passed on: nothing after it is. */
  private lastSeen = false;
  /** The last event was passed on: the next call ends the stream. */
  private ending = false;
  /** Ends once what is queued and what replay finds are passed on (see endWhenDrained). */
  private draining = false;

  constructor(private readonly options: EventStreamOptions) {
    this.query = options.query;
    this.lastCursor = options.after;
    this.replaying = options.replay;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Called by the hub for every event, in commit order. */
  push(event: LiveEvent): void {
    if (this.closed || !matches(this.query, event)) return;
    if (this.replaying) {
      this.pending.push(event);
      if (this.pending.length > this.options.maxQueued) this.fail();
      return;
    }
    this.enqueue(event);
  }

  async next(): Promise<IteratorResult<LiveEvent>> {
    for (;;) {
      if (this.ending) this.close();
      const event = this.queue.shift();
      if (event) return this.pass(event);
      if (this.failure) {
        const failure = this.failure;
        this.failure = undefined;
        this.close();
        throw failure;
      }
      if (this.closed || (this.draining && !this.replaying)) {
        this.close();
        return { value: undefined, done: true };
      }
      if (!this.replaying) return new Promise((resolve) => (this.waiter = resolve));
      await this.replayPage();
    }
  }

  /**
   * Ends the stream once it has passed on what is queued and what its replay finds: for a
   * subject nothing more can happen to (a competition already cancelled when subscribed).
   */
  endWhenDrained(): void {
    this.draining = true;
  }

  async return(): Promise<IteratorResult<LiveEvent>> {
    this.close();
    return { value: undefined, done: true };
  }

  /** Ends the stream (hub shutdown). */
  end(): void {
    this.close();
  }

  private async replayPage(): Promise<void> {
    const page = await this.options.readPage(this.lastCursor, REPLAY_PAGE);
    if (this.closed) return;
    // Replayed pages are read on demand, so they never count against the limit.
    for (const event of page) this.enqueue(event, false);
    if (page.length < REPLAY_PAGE) {
      this.replaying = false;
      const pending = this.pending;
      this.pending = [];
      for (const event of pending) this.enqueue(event);
    }
  }

  private pass(event: LiveEvent): IteratorResult<LiveEvent> {
    this.delivered = event.cursor;
    if (this.options.last?.includes(event.type)) this.ending = true;
    return { value: event, done: false };
  }

  private enqueue(event: LiveEvent, live = true): void {
    if (event.cursor <= this.lastCursor || this.lastSeen) return;
    this.lastCursor = event.cursor;
    if (this.options.last?.includes(event.type)) this.lastSeen = true;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter(this.pass(event));
      return;
    }
    this.queue.push(event);
    if (live && this.queue.length > this.options.maxQueued) this.fail();
  }

  /** Too much is waiting for a client that does not read: drop it and tell the client how to resume. */
  private fail(): void {
    this.queue.length = 0;
    this.pending = [];
    this.failure = new FellBehindError(this.delivered?.toString());
    this.options.onClose();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.pending = [];
    this.options.onClose();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }
}
