import type { Staff } from '../auth/token.js';
import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { AuditEntry } from './audit-entry.entity.js';

interface AuditQuery {
  viewer: Staff;
  /** Only entries concerning this union's subtree. */
  underUnion?: number;
  /** From this time on (inclusive). */
  from?: Date | null;
  /** Before this time (exclusive). */
  to?: Date | null;
}

/** Newest first: (at, id) descending, the order of the table's index. */
const NEWEST_FIRST: Ordering = { keys: [{ expr: 'e.at', type: 'timestamp' }], descending: true };

/**
 * "Concerns the subtree of union X": one of the entry's union paths has X on it. Paths are
 * ids from the root, so it holds whatever moved since, and the GiST index answers it.
 */
function concerns(unionId: number): Sql {
  return sql('e.union_paths ~ ?::lquery', `*.${Math.trunc(unionId)}.*`);
}

/** One page of the audit trail: ADMIN sees every entry, STAFF those concerning their subtree. */
export function auditPage(ctx: Context, q: AuditQuery, page: PageRequest): Promise<Page<AuditEntry>> {
  const conditions: Sql[] = [];
  if (q.viewer.role !== 'ADMIN') conditions.push(concerns(q.viewer.unionId));
  if (q.underUnion !== undefined) conditions.push(concerns(q.underUnion));
  if (q.from) conditions.push(sql('e.at >= ?', q.from));
  if (q.to) conditions.push(sql('e.at < ?', q.to));
  // A root list: one key, 0, like unions(), sites() and activities().
  return ctx.loaders
    .get<number, Page<AuditEntry>>(`AuditEntry.page:${JSON.stringify([q.underUnion, q.from, q.to, page])}`, (keys) =>
      loadPages(ctx.em, AuditEntry, keys, {
        table: 'audit_entries',
        alias: 'e',
        where: where(conditions),
        order: NEWEST_FIRST,
        page,
      }),
    )
    .load(0);
}
