import type { EntityManager } from '@mikro-orm/postgresql';
import { principalOf, type Viewer } from '../auth/token.js';
import { intArray } from '../common/sql.js';
import type { RequestOrigin } from '../ops/index.js';
import type { MutationCall } from './mutation-call.js';

/** What a mutation says about itself for its audit entry; inTransaction knows the rest. */
export interface AuditSubjects {
  /** Global ids of what it touched (toGlobalId); revokeToken's is the token id. No personal data. */
  subjects: readonly string[];
  /**
   * The unions the change concerns: the owners of the subjects (an activity's organiser, a
   * site's union, the union itself…), both old and new when the change moves something.
   */
  unionIds: readonly (number | null | undefined)[];
}

/** Records the mutation's audit entry in its transaction; inTransaction hands resolvers this. */
export type Audit = (subjects: AuditSubjects) => Promise<void>;

/**
 * Inserts one audit entry in the caller's transaction, so it commits with the change or
 * not at all. Its time is the transaction's (`now()`); the unions' paths are read as they
 * are at this point, so a deletion records its entry before the row goes.
 */
export async function appendAuditEntry(
  em: EntityManager,
  entry: AuditSubjects & { viewer: Viewer; call: MutationCall; origin: RequestOrigin },
): Promise<void> {
  const { viewer, call, origin } = entry;
  const unionIds = [...new Set(entry.unionIds.filter((id): id is number => id != null))];
  await em.execute(
    `insert into audit_entries (staff_id, staff_name, staff_union_id, staff_role, mutation, reason, subject_ids,
       union_paths, request_id, connection_id, operation_id)
     select ?, ?, ?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)),
       coalesce(array_agg(u.path order by u.path), '{}'), ?, ?, ?
     from unions u where u.id = any(${intArray(unionIds).text})`,
    [
      principalOf(viewer),
      // A worker is their subject id only: their name is personal data, never kept here.
      viewer.role === 'WORKER' ? '' : viewer.name,
      viewer.unionId,
      viewer.role,
      call.field,
      call.reason,
      JSON.stringify(entry.subjects),
      'requestId' in origin ? origin.requestId : null,
      'connectionId' in origin ? origin.connectionId : null,
      'connectionId' in origin ? origin.operationId : null,
    ],
  );
}
