import type { EntityManager } from '@mikro-orm/postgresql';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { decodeId } from '../common/relay.js';
import type { Context } from '../context.js';
import { Club } from './club.entity.js';

/**
 * The club a new activity is a meeting of (`createActivity(input: { clubId })`), read in
 * the activity's transaction: NOT_FOUND without one, FORBIDDEN when the club's union lies
 * outside the staff member's subtree (a reference a change sets must lie inside it, as an
 * activity's site and programme must). The activity's own rules apply as to any other.
 */
export async function meetingClub(ctx: Context, em: EntityManager, clubGlobalId: string): Promise<Club> {
  const club = await findOrFail(em, Club, decodeId(clubGlobalId, 'Club', 'clubId'));
  await assertWithinSubtree(ctx, em, [club.union.id], 'The club');
  return club;
}
