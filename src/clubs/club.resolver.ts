import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ActivityConnection } from '../activities/activity.types.js';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { clean, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { Site } from '../sites/site.entity.js';
import { NearInput } from '../sites/site.inputs.js';
import { siteById } from '../sites/site.loaders.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { ClubKind, ClubMemberStatus } from './club-enums.js';
import { ClubHonour } from './club-honour.entity.js';
import { Club } from './club.entity.js';
import { CreateClubInput, UpdateClubInput } from './club.inputs.js';
import { clubById, clubPage, honoursOf, meetingPage, memberPage } from './club.loaders.js';
import { ClubConnection, ClubMemberConnection, ClubPayload } from './club.types.js';

/** A home site a change sets: NOT_FOUND without one, FORBIDDEN outside the staff member's subtree. */
async function homeSite(ctx: Context, em: EntityManager, globalId: string): Promise<Site> {
  const site = await findOrFail(em, Site, decodeId(globalId, 'Site', 'homeSiteId'));
  await assertWithinSubtree(ctx, em, [site.union.id], 'The home site');
  return site;
}

@Resolver(() => Club)
export class ClubResolver {
  @Query(() => Club, { nullable: true, description: 'A club by id; null when there is none.' })
  async club(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Club | undefined> {
    return clubById(ctx).load(decodeId(id, 'Club'));
  }

  @Query(() => ClubConnection, {
    description:
      'Clubs whose home site lies within a radius of a point (up to 50 km), nearest first, found through the site ' +
      'location index as `sites(filter: { near })` finds sites: a "join a club near me" screen.',
  })
  async clubs(
    @Arg('near', () => NearInput) near: NearInput,
    @Arg('kind', () => ClubKind, { nullable: true }) kind: ClubKind | null,
    @Arg('recruiting', () => Boolean, { nullable: true, description: 'Only clubs taking members (true) or not.' })
    recruiting: boolean | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ClubConnection.of(await clubPage(ctx, 0, { kind, recruiting }, near, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => Union, { description: 'The union whose club it is.' })
  async union(@Root() club: Club, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(club.union.id))!;
  }

  @FieldResolver(() => Site, { nullable: true, description: 'Where it usually meets.' })
  async homeSite(@Root() club: Club, @Ctx() ctx: Context): Promise<Site | undefined> {
    return club.homeSite ? siteById(ctx).load(club.homeSite.id) : undefined;
  }

  @FieldResolver(() => ClubMemberConnection, {
    description:
      "Its members, oldest membership first, as the viewer may see them: ADMIN and staff of the club's union's " +
      'subtree all of them; a worker who is an ACTIVE member the ACTIVE members by display name (and their own ' +
      'membership whole); anyone else none (`totalCount` 0; `memberCount` is public).',
  })
  async members(
    @Root() club: Club,
    @Arg('status', () => ClubMemberStatus, { nullable: true }) status: ClubMemberStatus | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ClubMemberConnection.of(
      await memberPage(ctx, club.id, 'club', status ?? null, pageRequest(page, ctx, info)),
    );
  }

  @FieldResolver(() => ActivityConnection, {
    description: 'Its meetings: the activities created with its `clubId`, by their start.',
  })
  async meetings(
    @Root() club: Club,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ActivityConnection.of(await meetingPage(ctx, club.id, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => [ClubHonour], { description: 'The honours it won, newest year first.' })
  async honours(
    @Root() club: Club,
    @Arg('includeWithdrawn', () => Boolean, {
      defaultValue: false,
      description: 'Also those withdrawn by a correction.',
    })
    includeWithdrawn: boolean,
    @Ctx() ctx: Context,
  ): Promise<ClubHonour[]> {
    return honoursOf(ctx, includeWithdrawn).load(club.id);
  }

  @Mutation(() => ClubPayload, {
    description: "Founds a club of a union; staff of the union's subtree. Its name is unique among the union's clubs.",
  })
  async createClub(@Arg('input', () => CreateClubInput) input: CreateClubInput, @Ctx() ctx: Context) {
    const unionId = decodeId(input.unionId, 'Union', 'unionId');
    const club = await inTransaction(ctx, async (em, audit) => {
      const union = await findOrFail(em, Union, unionId);
      await assertWithinSubtree(ctx, em, [unionId], 'The union');
      const created = em.create(Club, {
        union,
        name: clean(input.name),
        kind: input.kind,
        leader: clean(input.leader) || null,
        description: optionalText(input.description) ?? null,
        homeSite: input.homeSiteId ? await homeSite(ctx, em, input.homeSiteId) : null,
        recruiting: input.recruiting ?? true,
        memberLimit: input.memberLimit ?? null,
        requiresApproval: input.requiresApproval ?? false,
      });
      await em.flush();
      await audit({ subjects: [toGlobalId('Club', created.id)], unionIds: [unionId] });
      return created;
    });
    return { club: (await clubById(ctx).load(club.id))! };
  }

  @Mutation(() => ClubPayload, {
    description:
      "Changes a club; staff of its union's subtree. A member limit below the ACTIVE members is CONFLICT: the " +
      'members stay members.',
  })
  async updateClub(@Arg('input', () => UpdateClubInput) input: UpdateClubInput, @Ctx() ctx: Context) {
    const id = decodeId(input.id, 'Club');
    for (const field of ['name', 'kind', 'recruiting', 'requiresApproval'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    await inTransaction(ctx, async (em, audit) => {
      // Locked: joins and approvals count members under the same lock.
      const club = await findOrFail(em, Club, id, { lock: true });
      await assertWithinSubtree(ctx, em, [club.union.id], 'The club');
      if (input.memberLimit != null && input.memberLimit < club.memberCount) {
        throw new ConflictError(`memberLimit cannot go below the club's ${club.memberCount} members`);
      }
      if (input.name) club.name = clean(input.name);
      if (input.kind) club.kind = input.kind;
      if (input.leader !== undefined) club.leader = clean(input.leader) || null;
      if (input.description !== undefined) club.description = optionalText(input.description);
      if (input.homeSiteId !== undefined)
        club.homeSite = input.homeSiteId ? await homeSite(ctx, em, input.homeSiteId) : null;
      if (input.recruiting != null) club.recruiting = input.recruiting;
      if (input.memberLimit !== undefined) club.memberLimit = input.memberLimit;
      if (input.requiresApproval != null) club.requiresApproval = input.requiresApproval;
      await em.flush();
      await audit({ subjects: [toGlobalId('Club', id)], unionIds: [club.union.id] });
    });
    return { club: (await clubById(ctx).load(id))! };
  }
}
