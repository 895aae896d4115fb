import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { AuditSubjects } from '../audit/audit-log.js';
import { assertWithinSubtree, requireWorker } from '../auth/access.js';
import { Viewer } from '../auth/auth.resolver.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import { clean } from '../common/validation.js';
import type { Context } from '../context.js';
import { ConflictError, ErrorCode, ForbiddenError, HubError, NotFoundError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { ClubMemberStatus } from './club-enums.js';
import { ClubMember } from './club-member.entity.js';
import { Club } from './club.entity.js';
import { DeclineClubMemberInput } from './club.inputs.js';
import { clubById, clubMemberById, memberPage } from './club.loaders.js';
import { ClubMemberConnection, ClubMemberPayload } from './club.types.js';

/** A membership's audit subjects: it and its club, never the worker's name or phone; it concerns both unions. */
function memberSubjects(member: ClubMember, club: Club): AuditSubjects {
  return {
    subjects: [toGlobalId('ClubMember', member.id), toGlobalId('Club', club.id)],
    unionIds: [club.union.id, member.union?.id],
  };
}

/** No place is left under the club's member limit. */
function clubFull(club: Club): HubError {
  return new HubError('The club is full: no places are left', ErrorCode.CAPACITY_FULL, {
    clubId: toGlobalId('Club', club.id),
  });
}

function isFull(club: Club): boolean {
  return club.memberLimit != null && club.memberCount >= club.memberLimit;
}

/** A membership and its club, the club locked (memberships change its count); NOT_FOUND without one. */
async function lockMember(
  em: EntityManager,
  id: number,
  globalId: string,
): Promise<{ club: Club; member: ClubMember }> {
  const [row] = await query<{ club_id: number }>(em, sql('select club_id from club_members where id = ?', id));
  if (!row) throw new NotFoundError('ClubMember', globalId);
  const club = await findOrFail(em, Club, row.club_id, { lock: true });
  return { club, member: (await em.findOne(ClubMember, id))! };
}

/**
 * Every membership change locks its club's row first: concurrent joins and approvals for
 * the last places queue up there, on any number of instances, and never pass the limit.
 */
@Resolver(() => ClubMember)
export class ClubMemberResolver {
  @FieldResolver(() => Club)
  async club(@Root() member: ClubMember, @Ctx() ctx: Context): Promise<Club> {
    return (await clubById(ctx).load(member.club.id))!;
  }

  @FieldResolver(() => Union, { nullable: true, description: "The worker's own union; null to a fellow member." })
  async union(@Root() member: ClubMember, @Ctx() ctx: Context): Promise<Union | undefined> {
    return member.union ? unionById(ctx).load(member.union.id) : undefined;
  }

  @Mutation(() => ClubMemberPayload, {
    description:
      "A worker joins a club with the name, phone and union their token carries; their union must lie in the club's " +
      "union's subtree (FORBIDDEN otherwise). CONFLICT when it is not recruiting or they are already a member (or " +
      'waiting); CAPACITY_FULL at its member limit. A club that requires approval makes the membership PENDING, ' +
      'taking no place until staff approve it. Needs a worker token.',
  })
  async joinClub(@Arg('clubId', () => ID) clubGlobalId: string, @Ctx() ctx: Context): Promise<ClubMemberPayload> {
    const clubId = decodeId(clubGlobalId, 'Club', 'clubId');
    const member = await inTransaction(
      ctx,
      async (em, audit) => {
        const worker = requireWorker(ctx);
        const club = await findOrFail(em, Club, clubId, { lock: true });
        const [union] = await query<{ within: boolean; club_union: string }>(
          em,
          sql(
            `select w.path <@ c.path as within, c.name as club_union from unions w, unions c where w.id = ? and c.id = ?`,
            worker.unionId,
            club.union.id,
          ),
        );
        if (!union)
          throw new ConflictError("Your token's union is not in the hub: ask your union to check its records");
        if (!union.within)
          throw new ForbiddenError(`This club is for workers of ${union.club_union} and the unions below it`);
        if (!club.recruiting) throw new ConflictError('The club is not taking new members now');
        const [existing] = await query(
          em,
          sql(
            `select 1 from club_members where club_id = ? and worker_id = ? and status in ('PENDING', 'ACTIVE')`,
            clubId,
            worker.workerId,
          ),
        );
        if (existing) throw new ConflictError('You are already a member of this club (or waiting for approval)');
        const pending = club.requiresApproval;
        if (!pending && isFull(club)) throw clubFull(club);
        const created = em.create(ClubMember, {
          club,
          workerId: worker.workerId,
          workerName: worker.name,
          phone: worker.phone,
          union: em.getReference(Union, worker.unionId),
          status: pending ? ClubMemberStatus.PENDING : ClubMemberStatus.ACTIVE,
        });
        if (!pending) club.memberCount += 1;
        await em.flush();
        await audit(memberSubjects(created, club));
        return created;
      },
      'WORKER',
    );
    return this.payload(ctx, member.id);
  }

  @Mutation(() => ClubMemberPayload, {
    description:
      'A worker leaves a club (or withdraws a PENDING request): the membership stays, LEFT, as history. CONFLICT ' +
      'when they are neither a member nor waiting. Needs a worker token.',
  })
  async leaveClub(@Arg('clubId', () => ID) clubGlobalId: string, @Ctx() ctx: Context): Promise<ClubMemberPayload> {
    const clubId = decodeId(clubGlobalId, 'Club', 'clubId');
    const memberId = await inTransaction(
      ctx,
      async (em, audit) => {
        const worker = requireWorker(ctx);
        const club = await findOrFail(em, Club, clubId, { lock: true });
        const [row] = await query<{ id: number }>(
          em,
          sql(
            `select id from club_members where club_id = ? and worker_id = ? and status in ('PENDING', 'ACTIVE')`,
            clubId,
            worker.workerId,
          ),
        );
        if (!row) throw new ConflictError('You are not a member of this club');
        const member = (await em.findOne(ClubMember, row.id))!;
        if (member.status === ClubMemberStatus.ACTIVE) club.memberCount -= 1;
        member.status = ClubMemberStatus.LEFT;
        member.leftAt = new Date();
        await em.flush();
        await audit(memberSubjects(member, club));
        return member.id;
      },
      'WORKER',
    );
    return this.payload(ctx, memberId);
  }

  @Mutation(() => ClubMemberPayload, {
    description:
      "Admits a PENDING member; staff of the club's union's subtree. CONFLICT when it is not PENDING; CAPACITY_FULL " +
      'at the member limit.',
  })
  async approveClubMember(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<ClubMemberPayload> {
    const id = decodeId(globalId, 'ClubMember');
    await inTransaction(ctx, async (em, audit) => {
      const { club, member } = await lockMember(em, id, globalId);
      await assertWithinSubtree(ctx, em, [club.union.id], 'The club');
      if (member.status !== ClubMemberStatus.PENDING)
        throw new ConflictError(`Only a PENDING request is approved; this one is ${member.status}`);
      if (isFull(club)) throw clubFull(club);
      member.status = ClubMemberStatus.ACTIVE;
      member.decidedAt = new Date();
      club.memberCount += 1;
      await em.flush();
      await audit(memberSubjects(member, club));
    });
    return this.payload(ctx, id);
  }

  @Mutation(() => ClubMemberPayload, {
    description: "Declines a PENDING request, with a reason the worker sees; staff of the club's union's subtree.",
  })
  async declineClubMember(
    @Arg('input', () => DeclineClubMemberInput) input: DeclineClubMemberInput,
    @Ctx() ctx: Context,
  ): Promise<ClubMemberPayload> {
    const id = decodeId(input.memberId, 'ClubMember', 'memberId');
    await inTransaction(ctx, async (em, audit) => {
      const { club, member } = await lockMember(em, id, input.memberId);
      await assertWithinSubtree(ctx, em, [club.union.id], 'The club');
      if (member.status !== ClubMemberStatus.PENDING)
        throw new ConflictError(`Only a PENDING request is declined; this one is ${member.status}`);
      member.status = ClubMemberStatus.DECLINED;
      member.decidedAt = new Date();
      member.declineReason = clean(input.reason);
      await em.flush();
      await audit(memberSubjects(member, club));
    });
    return this.payload(ctx, id);
  }

  private async payload(ctx: Context, memberId: number): Promise<ClubMemberPayload> {
    // Read like any other membership: whoever may make the change may see it.
    const member = (await clubMemberById(ctx).load(memberId))!;
    return { member, club: (await clubById(ctx).load(member.club.id))! };
  }
}

/** A worker's own memberships. */
@Resolver(() => Viewer)
export class ViewerClubsResolver {
  @FieldResolver(() => ClubMemberConnection, {
    nullable: true,
    description:
      "A worker's own memberships (ACTIVE, PENDING, and as history DECLINED and LEFT), oldest first, each with its " +
      '`club`; null for staff.',
  })
  async clubs(
    @Arg('status', () => ClubMemberStatus, { nullable: true }) status: ClubMemberStatus | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (ctx.viewer?.role !== 'WORKER') return null;
    return ClubMemberConnection.of(
      await memberPage(ctx, 0, { workerId: ctx.viewer.workerId }, status ?? null, pageRequest(page, ctx, info)),
    );
  }
}
