import { Activity } from '../activities/activity.entity.js';
import { viewerScope } from '../auth/access.js';
import { loadPages, type Ordering } from '../common/pages.js';
import type { PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { toEntity } from '../common/rows.js';
import { inEnum, intArray, loadByIds, query, sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import type { NearInput } from '../sites/site.inputs.js';
import { distanceTo, siteConditions } from '../sites/site.loaders.js';
import type { ClubKind, ClubMemberStatus } from './club-enums.js';
import { ClubHonour, ClubHonourCorrection } from './club-honour.entity.js';
import { ClubMember } from './club-member.entity.js';
import { Club } from './club.entity.js';
import { redactForViewer, visibleMembers } from './club.visibility.js';

/*
 * Every statement here reads tables the row triggers do not track (clubs, club_members,
 * club_honours…), so none reports a narrower read: each counts as GLOBAL for the response
 * cache (read-scope.ts), and any committed write forgets the answers that read them.
 */

export function clubById(ctx: Context) {
  return ctx.loaders.get<number, Club | undefined>('Club.byId', (ids) => loadByIds(ctx.em, Club, ids));
}

export function honourById(ctx: Context) {
  return ctx.loaders.get<number, ClubHonour | undefined>('ClubHonour.byId', (ids) =>
    loadByIds(ctx.em, ClubHonour, ids),
  );
}

/** Memberships by id, as the viewer may see them (null where they may not). */
export function clubMemberById(ctx: Context) {
  return ctx.loaders.get<number, ClubMember | undefined>(`ClubMember.byId:${viewerScope(ctx.viewer)}`, async (ids) =>
    (await loadByIds(ctx.em, ClubMember, ids, visibleMembers(ctx.viewer, 'x'))).map(
      (member) => member && redactForViewer(ctx.viewer, member),
    ),
  );
}

export interface ClubListArgs {
  kind?: ClubKind | null;
  recruiting?: boolean | null;
}

/** The home site's distance from the point, for a club aliased `x` (null without a home site). */
function homeDistance(near: NearInput): Sql {
  const distance = distanceTo(near);
  return sql(`(select ${distance.text} from sites s where s.id = x.home_site_id)`, ...distance.params);
}

export function clubConditions(args: ClubListArgs, near: NearInput | null): Sql[] {
  const conditions: Sql[] = [];
  if (args.kind) conditions.push(inEnum('x.kind', 'club_kind', [args.kind]));
  if (args.recruiting != null) conditions.push(sql('x.recruiting = ?', args.recruiting));
  if (near) {
    // The sites within the circle, through the site location index as `sites(near:)` finds them.
    const within = where(siteConditions({ near }));
    conditions.push(sql(`x.home_site_id in (select s.id from sites s where ${within.text})`, ...within.params));
  }
  return conditions;
}

/**
 * Pages of clubs: of a union's subtree (`subtree`, keyed by the union), through the tree
 * index, by name; or of every union near a point (`near`, key 0), nearest home site first.
 */
export function clubPage(
  ctx: Context,
  key: number,
  args: ClubListArgs,
  near: NearInput | null,
  page: PageRequest,
): Promise<Page<Club>> {
  const order: Ordering = near
    ? { keys: [{ expr: homeDistance(near), type: 'float' }] }
    : { keys: [{ expr: 'x.name', type: 'text' }] };
  const scope = near
    ? sql('true')
    : sql('x.union_id in (select d.id from unions d, unions r where r.id = k.key and d.path <@ r.path)');
  return ctx.loaders
    .get<number, Page<Club>>(`Club.page:${JSON.stringify([args, near, page])}`, (keys) =>
      loadPages(ctx.em, Club, keys, {
        table: 'clubs',
        alias: 'x',
        where: where([scope, ...clubConditions(args, near)]),
        order,
        page,
      }),
    )
    .load(key);
}

const WHEN_RECORDED: Ordering = { keys: [{ expr: 'x.created_at', type: 'timestamp' }] };

/** Whose memberships a list holds: a club's (keyed by the club) or the viewer's own (key 0). */
export type MemberOwner = 'club' | { workerId: string };

/** Pages of memberships the viewer may see, oldest first, for many keys in one statement. */
export function memberPage(
  ctx: Context,
  key: number,
  owner: MemberOwner,
  status: ClubMemberStatus | null,
  page: PageRequest,
): Promise<Page<ClubMember>> {
  const conditions: Sql[] = [
    owner === 'club' ? sql('x.club_id = k.key') : sql('x.worker_id = ?', owner.workerId),
    visibleMembers(ctx.viewer, 'x'),
  ];
  if (status) conditions.push(inEnum('x.status', 'club_member_status', [status]));
  const name = `ClubMember.page:${viewerScope(ctx.viewer)}:${JSON.stringify([owner, status, page])}`;
  return ctx.loaders
    .get<number, Page<ClubMember>>(name, async (keys) =>
      (
        await loadPages(ctx.em, ClubMember, keys, {
          table: 'club_members',
          alias: 'x',
          where: where(conditions),
          order: WHEN_RECORDED,
          page,
        })
      ).map((found) => {
        if (!(found instanceof Error)) found.nodes = found.nodes.map((m) => redactForViewer(ctx.viewer, m));
        return found;
      }),
    )
    .load(key);
}

/** A club's meetings (activities naming it), by their start, for many clubs in one statement. */
export function meetingPage(ctx: Context, clubId: number, page: PageRequest): Promise<Page<Activity>> {
  return ctx.loaders
    .get<number, Page<Activity>>(`Club.meetings:${JSON.stringify(page)}`, (keys) =>
      loadPages(ctx.em, Activity, keys, {
        table: 'activities',
        alias: 'x',
        where: sql('x.club_id = k.key'),
        order: { keys: [{ expr: 'x.starts_at', type: 'timestamp' }] },
        page,
      }),
    )
    .load(clubId);
}

/** The honours of many clubs in one statement, newest year first; withdrawn ones only when asked. */
export function honoursOf(ctx: Context, includeWithdrawn: boolean) {
  return ctx.loaders.get<number, ClubHonour[]>(`Club.honours:${includeWithdrawn}`, async (ids) => {
    const rows = await query<Record<string, unknown>>(
      ctx.em,
      sql(
        `select h.* from club_honours h where h.club_id = any(${intArray(ids).text})
         ${includeWithdrawn ? '' : 'and not h.withdrawn'} order by h.year desc, h.id`,
      ),
    );
    const byClub = new Map<number, ClubHonour[]>(ids.map((id) => [id, []]));
    for (const row of rows) byClub.get(Number(row.club_id))?.push(toHonour(ctx, row));
    return ids.map((id) => byClub.get(id)!);
  });
}

function toHonour(ctx: Context, row: Record<string, unknown>): ClubHonour {
  return toEntity(ctx.em, ClubHonour, row);
}

/** The corrections of many honours in one statement, oldest first. */
export function correctionsOf(ctx: Context) {
  return ctx.loaders.get<number, ClubHonourCorrection[]>('ClubHonour.corrections', async (ids) => {
    const rows = await query<Record<string, unknown>>(
      ctx.em,
      sql(
        `select c.* from club_honour_corrections c where c.honour_id = any(${intArray(ids).text})
         order by c.created_at, c.id`,
      ),
    );
    const byHonour = new Map<number, ClubHonourCorrection[]>(ids.map((id) => [id, []]));
    for (const row of rows) byHonour.get(Number(row.honour_id))?.push(toEntity(ctx.em, ClubHonourCorrection, row));
    return ids.map((id) => byHonour.get(id)!);
  });
}
