import type { EntityManager } from '@mikro-orm/postgresql';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { decodeId } from '../common/relay.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { Site } from '../sites/site.entity.js';
import type { Activity } from './activity.entity.js';
import { describeDays, timeOutside } from './programme-window.js';
import { Programme } from './programme.entity.js';

/** What a create or update of an activity asks for: undefined leaves a field as it is, null clears it. */
interface ActivityRequest {
  siteId?: string | null;
  programmeId?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

/** The site and programme a write sets; undefined where it leaves them as they are. */
interface ActivityReferences {
  site?: Site | null;
  programme?: Programme | null;
}

/**
 * The site and programme an activity write refers to, checked the way the organiser is:
 * each must belong to a union in the staff member's subtree (a county may hold its
 * activities at a village's site below it, not at a neighbouring county's, which could
 * then no longer delete its site). A reference the write leaves as it is, or names again,
 * is not checked: an activity an ADMIN placed elsewhere can still be edited.
 *
 * An activity in a programme starts and ends within the programme's days (programme-window.ts),
 * checked whenever the programme or the times change. The programme row is locked, so a
 * concurrent updateProgramme counts this activity with its new times.
 */
export async function activityReferences(
  ctx: Context,
  em: EntityManager,
  request: ActivityRequest,
  current?: Activity,
): Promise<ActivityReferences> {
  const references: ActivityReferences = {};
  const siteId = changedId(request.siteId, 'Site', 'siteId', current?.site?.id);
  if (siteId !== undefined) {
    const site = siteId === null ? null : await findOrFail(em, Site, siteId);
    if (site) await assertWithinSubtree(ctx, em, [site.union.id], `The site ${site.name}`);
    references.site = site;
  }
  const programmeId = changedId(request.programmeId, 'Programme', 'programmeId', current?.programme?.id);
  if (programmeId !== undefined) {
    const programme = programmeId === null ? null : await findOrFail(em, Programme, programmeId, { lock: true });
    if (programme) await assertWithinSubtree(ctx, em, [programme.union.id], `The programme ${programme.name}`);
    references.programme = programme;
  }

  const timesChange = request.startsAt != null || request.endsAt !== undefined;
  const programme =
    programmeId !== undefined
      ? references.programme
      : timesChange && current?.programme
        ? await findOrFail(em, Programme, current.programme.id, { lock: true })
        : null;
  if (programme) {
    const startsAt = request.startsAt ?? current!.startsAt;
    const endsAt = request.endsAt !== undefined ? request.endsAt : (current?.endsAt ?? null);
    const outside = timeOutside(programme, startsAt, endsAt);
    if (outside) {
      // Name what the request set: the time at fault, or else the programme it chose.
      const field = request[outside] != null || programmeId === undefined ? outside : 'programmeId';
      throw new BadInputError(
        `${outside} lies outside the programme ${programme.name} (${describeDays(programme)}, days in Asia/Shanghai): ` +
          'an activity of a programme starts and ends within its days',
        field,
      );
    }
  }
  return references;
}

/** The row id a write sets: undefined when absent or the same as now, null when it clears the reference. */
function changedId(
  globalId: string | null | undefined,
  type: 'Site' | 'Programme',
  field: string,
  currentId: number | undefined,
): number | null | undefined {
  if (globalId == null) return globalId;
  const id = decodeId(globalId, type, field);
  return id === currentId ? undefined : id;
}
