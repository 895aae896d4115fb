import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../src/live/event-reader.js';
import { EventStream } from '../src/live/event-stream.js';

// The seam between replay and live, and the slow-reader limit, are pure logic: these
// drive an EventStream by hand with a log kept in an array.
const event = (cursor: number, subjectId = 1): LiveEvent => ({
  cursor: BigInt(cursor),
  topic: 'activity',
  type: 'UPDATED',
  subjectId,
  unionIds: [1],
  payload: {},
  occurredAt: new Date(0),
});

function streamOver(log: LiveEvent[], after: number, options: { replay?: boolean; maxQueued?: number } = {}) {
  let closed = 0;
  const stream = new EventStream({
    query: { topic: 'activity', subjectId: 1 },
    after: BigInt(after),
    replay: options.replay ?? true,
    maxQueued: options.maxQueued ?? 100,
    readPage: async (from, limit) => log.filter((e) => e.cursor > from).slice(0, limit),
    onClose: () => closed++,
  });
  return { stream, closed: () => closed };
}

async function take(stream: EventStream, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Number((await stream.next()).value!.cursor));
  return out;
}

describe('EventStream', () => {
  it('replays after the cursor, then hands over to live events without repeating or reordering', async () => {
    const log = [3, 5, 8].map((c) => event(c));
    const { stream } = streamOver(log, 3);
    // Live events heard while replaying, some of them also in the log.
    stream.push(event(5));
    stream.push(event(8));
    stream.push(event(9));
    stream.push(event(9, 2)); // another activity: not for this stream
    expect(await take(stream, 3)).toEqual([5, 8, 9]);
    const next = stream.next();
    stream.push(event(8)); // a re-read after a reconnect
    stream.push(event(12));
    expect(Number((await next).value!.cursor)).toBe(12);
  });

  it('pages through a long backlog', async () => {
    const log = Array.from({ length: 1234 }, (_, i) => event(i + 1));
    const { stream } = streamOver(log, 100);
    const got = await take(stream, 1134);
    expect(got[0]).toBe(101);
    expect(got.at(-1)).toBe(1234);
    expect(got.every((c, i) => i === 0 || c === got[i - 1] + 1)).toBe(true);
  });

  it('ends a reader that lets too much pile up with FELL_BEHIND and its last cursor, and leaves the hub', async () => {
    const { stream, closed } = streamOver([], 0, { replay: false, maxQueued: 10 });
    stream.push(event(1));
    expect(await take(stream, 1)).toEqual([1]);
    for (let c = 2; c <= 12; c++) stream.push(event(c));
    const error = await stream.next().then(
      () => undefined,
      (e: { extensions: unknown }) => e,
    );
    expect(error?.extensions).toEqual({ code: 'FELL_BEHIND', lastCursor: '1' });
    expect(closed()).toBeGreaterThan(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('finishes a pending read when the subscriber leaves', async () => {
    const { stream, closed } = streamOver([], 0, { replay: false });
    const pending = stream.next();
    await stream.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(closed()).toBe(1);
  });
});
