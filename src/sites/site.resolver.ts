import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ActivityOrder } from '../activities/activity-enums.js';
import { ActivityFilter } from '../activities/activity.inputs.js';
import { activityPage, toActivityConditions } from '../activities/activity.loaders.js';
import { ActivityConnection } from '../activities/activity.types.js';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { DeletePayload } from '../common/payloads.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { assertNameFree } from '../common/sibling-names.js';
import { query, sql } from '../common/sql.js';
import { clean, cleanList, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { scopeOf } from '../unions/scope.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { Site } from './site.entity.js';
import { CreateSiteInput, SiteFilter, UpdateSiteInput } from './site.inputs.js';
import { siteById, sitePage } from './site.loaders.js';
import { SiteConnection, SitePayload } from './site.types.js';

@Resolver(() => Site)
export class SiteResolver {
  @Query(() => Site, { nullable: true, description: 'A site by id; null when there is none.' })
  async site(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Site | undefined> {
    return siteById(ctx).load(decodeId(id, 'Site'));
  }

  @Query(() => SiteConnection, { description: 'Sites anywhere, or under one union with `underUnion`.' })
  async sites(
    @Arg('underUnion', () => ID, { nullable: true, description: "Only sites in this union's subtree." })
    underUnion: string | null,
    @Arg('filter', () => SiteFilter, { nullable: true }) filter: SiteFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const key = underUnion ? decodeId(underUnion, 'Union', 'underUnion') : 0;
    return SiteConnection.of(
      await sitePage(ctx, key, key ? scopeOf(true) : 'all', filter, pageRequest(page, ctx, info)),
    );
  }

  @FieldResolver(() => Union, { description: 'The union that runs the site.' })
  async union(@Root() site: Site, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(site.union.id))!;
  }

  @FieldResolver(() => ActivityConnection, { description: 'Activities held here, in start order.' })
  async activities(
    @Root() site: Site,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | null,
    @Arg('orderBy', () => ActivityOrder, { defaultValue: ActivityOrder.STARTS_AT_ASC }) orderBy: ActivityOrder,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ActivityConnection.of(
      await activityPage(ctx, site.id, 'site', toActivityConditions(filter, orderBy), pageRequest(page, ctx, info)),
    );
  }

  @Mutation(() => SitePayload)
  async createSite(
    @Arg('input', () => CreateSiteInput) input: CreateSiteInput,
    @Ctx() ctx: Context,
  ): Promise<SitePayload> {
    const unionId = decodeId(input.unionId, 'Union', 'unionId');
    const site = await inTransaction(ctx, async (em, audit) => {
      const union = await findOrFail(em, Union, unionId, { lock: true });
      await assertWithinSubtree(ctx, em, [unionId], "The site's union");
      await assertNameFree(em, 'Site', clean(input.name), unionId);
      const created = em.create(Site, {
        union,
        name: clean(input.name),
        kind: input.kind,
        address: optionalText(input.address) ?? null,
        latitude: input.location?.latitude ?? null,
        longitude: input.location?.longitude ?? null,
        areaSqm: input.areaSqm ?? null,
        openingHours: optionalText(input.openingHours) ?? null,
        facilities: cleanList(input.facilities),
        rating: input.rating ?? null,
        honours: cleanList(input.honours),
      });
      await em.flush();
      await audit({ subjects: [toGlobalId('Site', created.id)], unionIds: [unionId] });
      return created;
    });
    return { site: (await siteById(ctx).load(site.id))! };
  }

  @Mutation(() => SitePayload)
  async updateSite(
    @Arg('input', () => UpdateSiteInput) input: UpdateSiteInput,
    @Ctx() ctx: Context,
  ): Promise<SitePayload> {
    const id = decodeId(input.id, 'Site');
    for (const field of ['name', 'kind', 'unionId'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    await inTransaction(ctx, async (em, audit) => {
      const site = await findOrFail(em, Site, id, { lock: true });
      await assertWithinSubtree(ctx, em, [site.union.id], 'The site');
      // A site that moves concerns its old union and its new one.
      const unionIds = [site.union.id];
      if (input.unionId) {
        const union = await findOrFail(em, Union, decodeId(input.unionId, 'Union', 'unionId'));
        await assertWithinSubtree(ctx, em, [union.id], 'The new union');
        site.union = union;
        unionIds.push(union.id);
      }
      if (input.name) site.name = clean(input.name);
      if (input.kind) site.kind = input.kind;
      if (input.address !== undefined) site.address = optionalText(input.address);
      if (input.location !== undefined) {
        site.latitude = input.location?.latitude ?? null;
        site.longitude = input.location?.longitude ?? null;
      }
      if (input.areaSqm !== undefined) site.areaSqm = input.areaSqm;
      if (input.openingHours !== undefined) site.openingHours = optionalText(input.openingHours);
      if (input.facilities !== undefined) site.facilities = cleanList(input.facilities);
      if (input.rating !== undefined) site.rating = input.rating;
      if (input.honours !== undefined) site.honours = cleanList(input.honours);
      if (input.name || input.unionId) await assertNameFree(em, 'Site', site.name, site.union.id, site.id);
      await em.flush();
      await audit({ subjects: [toGlobalId('Site', id)], unionIds });
    });
    return { site: (await siteById(ctx).load(id))! };
  }

  @Mutation(() => DeletePayload, { description: 'Deletes a site that no activity refers to.' })
  async deleteSite(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<DeletePayload> {
    const id = decodeId(globalId, 'Site');
    await inTransaction(ctx, async (em, audit) => {
      const site = await findOrFail(em, Site, id, { lock: true });
      await assertWithinSubtree(ctx, em, [site.union.id], 'The site');
      const [{ activities }] = await query<{ activities: number }>(
        em,
        sql('select count(*)::int as activities from activities where site_id = ?', id),
      );
      if (activities > 0)
        throw new ConflictError(`The site still hosts ${activities} activities; move or delete them first`);
      await audit({ subjects: [toGlobalId('Site', id)], unionIds: [site.union.id] });
      await em.execute('delete from sites where id = ?', [id]);
    });
    return { deletedId: globalId };
  }
}
