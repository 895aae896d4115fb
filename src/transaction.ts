// The write path sits beside context.ts, not in common/: it ties sign-in (auth/) to the
// event log (live/) and the audit trail (audit/), and common/ depends on no feature.
import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAuditEntry, type Audit } from './audit/audit-log.js';
import { requireStaff, requireWorker } from './auth/access.js';
import type { Context } from './context.js';
import { BadInputError, ConflictError } from './errors.js';
import { appendWriteMark } from './live/event-log.js';

/**
 * Runs one mutation as one transaction, for a signed-in staff member (or, where the
 * mutation says so, a worker acting for themselves). Constraint
 * violations that slip past the resolver's own checks become client errors without
 * database text; afterwards the request's loaders forget what they read, so the payload
 * shows the committed state.
 *
 * `work` records the mutation's audit entry by calling `audit` once with what it touched:
 * who, which mutation, when and from which request are known here. A transaction whose
 * work did not call it fails and rolls back, so no change commits without its entry.
 *
 * Its last step appends a `write` mark to the event log unless the work appended events
 * itself: every committed write advances the log's newest cursor, which is how the
 * response cache of every instance knows an answer may have changed. No mutation can
 * forget it, because no mutation writes outside this function.
 */
export async function inTransaction<T>(
  ctx: Context,
  work: (em: EntityManager, audit: Audit) => Promise<T>,
  /** Who may make this change: staff (the default), or a worker acting for themselves. */
  signedInAs: 'STAFF' | 'WORKER' = 'STAFF',
): Promise<T> {
  // Every write goes through here, so none can skip sign-in, and none is open to both kinds of token.
  const viewer = signedInAs === 'WORKER' ? requireWorker(ctx) : requireStaff(ctx);
  const { mutation: call, origin } = ctx;
  if (!call || !origin) throw new Error('inTransaction runs in the resolver of a Mutation field only');
  // One mutation field, one transaction: so exactly one audit entry per field executed.
  if (call.started) throw new Error(`${call.field} started a second transaction`);
  call.started = true;
  try {
    return await ctx.em.transactional(async (em) => {
      let audited = false;
      const audit: Audit = async (subjects) => {
        if (audited) throw new Error(`${call.field} recorded its audit entry twice`);
        audited = true;
        await appendAuditEntry(em, { ...subjects, viewer, call, origin });
      };
      const result = await work(em, audit);
      if (!audited) throw new Error(`${call.field} recorded no audit entry: its work must call audit()`);
      await appendWriteMark(em);
      return result;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw new ConflictError('That would duplicate an existing record');
    if (error instanceof ForeignKeyConstraintViolationException)
      throw new ConflictError('Other records still refer to this one');
    if (error instanceof CheckConstraintViolationException || error instanceof NotNullConstraintViolationException) {
      throw new BadInputError('The values break a rule of the data model');
    }
    throw error;
  } finally {
    ctx.loaders.clearAll();
  }
}
