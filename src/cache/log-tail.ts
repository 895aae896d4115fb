import type { EntityManager } from '@mikro-orm/postgresql';
import { prepared, queryPrepared, sql } from '../common/sql.js';
import { isPrefix, type AnswerScope } from './answer-scope.js';

/** A committed write as the cache checks it: what it touched, `null` for anything. */
interface Mark {
  cursor: bigint;
  /** Union paths as labels ([] is the root of every path), or null: it may have touched anything. */
  paths: string[][] | null;
  tables: string[];
}

/** Marks read per poll; a longer backlog is skipped, and answers older than it are misses. */
const POLL_LIMIT = 5_000;
/** Marks kept in memory; answers whose cursor is older than the oldest kept are misses. */
const KEPT_MARKS = 20_000;

/** The log after a cursor, prepared once per connection: one short scan of its primary key. */
const MARKS_AFTER = prepared(
  sql(
    `select s.pruned_through::text as pruned,
            (select max(cursor) from events)::text as latest,
            coalesce((select json_agg(json_build_object('c', e.cursor::text, 'p', e.touched::text[], 't', e.touched_tables) order by e.cursor)
                      from (select cursor, touched, touched_tables from events where cursor > ?::bigint order by cursor limit ?::int) e), '[]') as marks
     from event_log_state s`,
    '0',
    0,
  ),
);

/**
 * This instance's copy of the tail of the event log's write marks, for the response
 * cache's freshness checks. Hits that arrive together share one statement: each waits
 * for a poll that began after it arrived, so it sees every write committed before it
 * arrived, on any instance, exactly as a statement of its own would. Cursors increase in
 * commit order (event-log.ts), so reading what follows the newest cursor seen misses
 * nothing.
 */
export class LogTail {
  private marks: Mark[] = [];
  /** Every write after `known` and up to `seen` is in `marks`; undefined before the first poll. */
  private known: bigint | undefined;
  private seen = 0n;
  private polling: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly em: EntityManager) {}

  /**
   * True when no write committed after `cursor` (and before this call) touched `scope`.
   * Rejects when the database does not answer.
   */
  async untouchedSince(cursor: bigint, scope: AnswerScope): Promise<{ fresh: boolean; latest: bigint }> {
    await this.sync();
    if (this.known === undefined || cursor < this.known) return { fresh: false, latest: this.seen };
    for (let i = this.marks.length - 1; i >= 0 && this.marks[i]!.cursor > cursor; i--) {
      if (touches(this.marks[i]!, scope)) return { fresh: false, latest: this.seen };
    }
    return { fresh: true, latest: this.seen };
  }

  /** Resolves once a poll that began after this call has finished. */
  private sync(): Promise<void> {
    if (!this.polling) {
      this.polling = this.poll().finally(() => (this.polling = undefined));
      return this.polling;
    }
    // The running poll may have read the log before this call: wait for the one after it.
    return (this.next ??= this.polling
      .catch(() => {})
      .then(() => {
        this.next = undefined;
        return this.sync();
      }));
  }

  private async poll(): Promise<void> {
    const [row] = await queryPrepared<{ pruned: string; latest: string | null; marks: RawMark[] }>(this.em, {
      ...MARKS_AFTER,
      values: [this.seen.toString(), POLL_LIMIT],
    });
    if (!row) throw new Error('event_log_state has no row');
    const latest = BigInt(row.latest ?? '0');
    if (this.known === undefined || BigInt(row.pruned) > this.seen || row.marks.length >= POLL_LIMIT) {
      // First poll, or a gap retention made or too long to read: know only what follows the newest.
      this.marks = [];
      this.known = this.seen = latest;
      return;
    }
    for (const raw of row.marks) this.marks.push(markOf(raw));
    if (row.marks.length) this.seen = this.marks.at(-1)!.cursor;
    if (this.marks.length > KEPT_MARKS) {
      const dropped = this.marks.splice(0, this.marks.length - KEPT_MARKS);
      this.known = dropped.at(-1)!.cursor;
    }
  }
}

interface RawMark {
  c: string;
  p: string[] | null;
  t: string[] | null;
}

function markOf({ c, p, t }: RawMark): Mark {
  // touched NULL means anything (a manual mark, a seed, a write that could not say).
  return { cursor: BigInt(c), paths: p && t ? p.map(labelsOf) : null, tables: t ?? [] };
}

function labelsOf(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

/** As the log's columns are compared in SQL: ltree ancestry either way, or a shared table. */
function touches(mark: Mark, scope: AnswerScope): boolean {
  if (!scope || !mark.paths) return true;
  if (mark.tables.some((table) => scope.tables.includes(table))) return true;
  const paths = scope.paths.map(labelsOf);
  return mark.paths.some((touched) => paths.some((read) => isPrefix(touched, read) || isPrefix(read, touched)));
}
