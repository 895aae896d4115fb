import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ActivityOrder } from '../activities/activity-enums.js';
import { ActivityFilter } from '../activities/activity.inputs.js';
import { activityPage, programmePage, toActivityConditions } from '../activities/activity.loaders.js';
import { ActivityConnection, ProgrammeConnection } from '../activities/activity.types.js';
import { assertAdmin, assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { DeletePayload } from '../common/payloads.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { selects } from '../common/selection.js';
import { assertNameFree } from '../common/sibling-names.js';
import { query, sql } from '../common/sql.js';
import { clean, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { SiteFilter } from '../sites/site.inputs.js';
import { sitePage } from '../sites/site.loaders.js';
import { SiteConnection } from '../sites/site.types.js';
import { inTransaction } from '../transaction.js';
import { scopeOf } from './scope.js';
import { UnionLevel } from './union-level.js';
import { unionStats, UnionStats } from './union-stats.js';
import { Union } from './union.entity.js';
import { CreateUnionInput, MoveUnionInput, UnionFilter, UpdateUnionInput } from './union.inputs.js';
import { unionAncestors, unionById, unionPage, unionWithParentById } from './union.loaders.js';
import { assertLevelFits, deleteLeafUnion, insertUnion, moveSubtree } from './union.tree.js';
import { UnionConnection, UnionPayload } from './union.types.js';

/**
 * Taking a union out of its place (moving or deleting it) changes its parent, so the
 * parent must lie in the staff member's subtree: staff can move what is below their
 * union, not their union itself. A root needs an ADMIN.
 */
async function assertMayDetach(ctx: Context, em: EntityManager, id: number, doing: string): Promise<number | null> {
  const [row] = await query<{ parent_id: number | null }>(em, sql('select parent_id from unions where id = ?', id));
  if (!row) return null; // NOT_FOUND comes from the tree module
  if (row.parent_id === null) assertAdmin(ctx, `${doing} a root union`);
  else await assertWithinSubtree(ctx, em, [row.parent_id], `${doing} this union changes its parent, which`);
  return row.parent_id;
}

@Resolver(() => Union)
export class UnionResolver {
  @Query(() => Union, { nullable: true, description: 'A union by id; null when there is none.' })
  async union(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Union | undefined> {
    return (selects(info, 'parent') ? unionWithParentById(ctx) : unionById(ctx)).load(decodeId(id, 'Union'));
  }

  @Query(() => UnionConnection, { description: "All unions, the tree's top first; filter by level or name." })
  async unions(
    @Arg('filter', () => UnionFilter, { nullable: true }) filter: UnionFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return UnionConnection.of(await unionPage(ctx, 0, 'all', filter, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => Union, { nullable: true })
  async parent(@Root() union: Union, @Ctx() ctx: Context): Promise<Union | undefined> {
    return union.parent ? unionById(ctx).load(union.parent.id) : undefined;
  }

  @FieldResolver(() => [Union], { description: 'The chain from the root down to the parent: a breadcrumb.' })
  async ancestors(@Root() union: Union, @Ctx() ctx: Context): Promise<Union[]> {
    return unionAncestors(ctx).load(union.id);
  }

  @FieldResolver(() => UnionConnection)
  async children(
    @Root() union: Union,
    @Arg('filter', () => UnionFilter, { nullable: true }) filter: UnionFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return UnionConnection.of(await unionPage(ctx, union.id, 'children', filter, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => UnionConnection, {
    description: 'Every union below this one at any depth; `level` picks one level.',
  })
  async descendants(
    @Root() union: Union,
    @Arg('level', () => UnionLevel, { nullable: true }) level: UnionLevel | null,
    @Arg('filter', () => UnionFilter, { nullable: true }) filter: UnionFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const merged: UnionFilter = { ...filter, levels: level ? [level] : filter?.levels };
    return UnionConnection.of(await unionPage(ctx, union.id, 'descendants', merged, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => SiteConnection, {
    description: 'Sites this union runs; with includeDescendants, those of its whole subtree.',
  })
  async sites(
    @Root() union: Union,
    @Arg('includeDescendants', () => Boolean, { defaultValue: false }) includeDescendants: boolean,
    @Arg('filter', () => SiteFilter, { nullable: true }) filter: SiteFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return SiteConnection.of(
      await sitePage(ctx, union.id, scopeOf(includeDescendants), filter, pageRequest(page, ctx, info)),
    );
  }

  @FieldResolver(() => ActivityConnection, {
    description: "Activities this union organises; with includeDescendants, its whole subtree's.",
  })
  async activities(
    @Root() union: Union,
    @Arg('includeDescendants', () => Boolean, { defaultValue: false }) includeDescendants: boolean,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | null,
    @Arg('orderBy', () => ActivityOrder, { defaultValue: ActivityOrder.STARTS_AT_ASC }) orderBy: ActivityOrder,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ActivityConnection.of(
      await activityPage(
        ctx,
        union.id,
        { union: scopeOf(includeDescendants) },
        toActivityConditions(filter, orderBy),
        pageRequest(page, ctx, info),
      ),
    );
  }

  @FieldResolver(() => ProgrammeConnection)
  async programmes(
    @Root() union: Union,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ProgrammeConnection.of(await programmePage(ctx, union.id, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => UnionStats, {
    description: "Totals over this union's whole subtree; activity figures for those starting in [from, to).",
  })
  async stats(
    @Root() union: Union,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Ctx() ctx: Context,
  ): Promise<UnionStats> {
    if (from && to && from > to) throw new BadInputError('from must not be after to', 'from');
    return unionStats(ctx, union.id, { from, to });
  }

  @Mutation(() => UnionPayload)
  async createUnion(
    @Arg('input', () => CreateUnionInput) input: CreateUnionInput,
    @Ctx() ctx: Context,
  ): Promise<UnionPayload> {
    const parentId = input.parentId == null ? undefined : decodeId(input.parentId, 'Union', 'parentId');
    const union = await inTransaction(ctx, async (em, audit) => {
      if (parentId === undefined) assertAdmin(ctx, 'Creating a root union');
      else await assertWithinSubtree(ctx, em, [parentId], 'The parent union');
      const created = await insertUnion(em, {
        name: clean(input.name),
        level: input.level,
        parentId,
        region: optionalText(input.region),
        memberCount: input.memberCount,
        location: input.location,
      });
      await audit({ subjects: [toGlobalId('Union', created.id)], unionIds: [created.id] });
      return created;
    });
    return { union: (await unionById(ctx).load(union.id))! };
  }

  @Mutation(() => UnionPayload)
  async updateUnion(
    @Arg('input', () => UpdateUnionInput) input: UpdateUnionInput,
    @Ctx() ctx: Context,
  ): Promise<UnionPayload> {
    const id = decodeId(input.id, 'Union');
    // null would store 0 members or keep the level silently: refused like a null name.
    for (const field of ['name', 'level', 'memberCount'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    await inTransaction(ctx, async (em, audit) => {
      const union = await findOrFail(em, Union, id, { lock: true });
      await assertWithinSubtree(ctx, em, [id], 'The union');
      if (input.level && input.level !== union.level) await assertLevelFits(em, union, input.level);
      if (input.name) {
        union.name = clean(input.name);
        await assertNameFree(em, 'Union', union.name, union.parent?.id ?? null, union.id);
      }
      if (input.level) union.level = input.level;
      if (input.region !== undefined) union.region = optionalText(input.region);
      if (input.memberCount != null) union.memberCount = input.memberCount;
      if (input.location !== undefined) {
        union.latitude = input.location?.latitude ?? null;
        union.longitude = input.location?.longitude ?? null;
      }
      await em.flush();
      await audit({ subjects: [toGlobalId('Union', id)], unionIds: [id] });
    });
    return { union: (await unionById(ctx).load(id))! };
  }

  @Mutation(() => UnionPayload, { description: 'Moves a union with its whole subtree under another parent.' })
  async moveUnion(
    @Arg('input', () => MoveUnionInput) input: MoveUnionInput,
    @Ctx() ctx: Context,
  ): Promise<UnionPayload> {
    const id = decodeId(input.id, 'Union');
    const newParentId = decodeId(input.newParentId, 'Union', 'newParentId');
    await inTransaction(ctx, async (em, audit) => {
      const oldParentId = await assertMayDetach(ctx, em, id, 'Moving');
      await assertWithinSubtree(ctx, em, [newParentId], 'The new parent');
      await moveSubtree(em, id, newParentId);
      // The union's new path, and its old place through the old parent's path.
      await audit({ subjects: [toGlobalId('Union', id)], unionIds: [id, oldParentId] });
    });
    return { union: (await unionById(ctx).load(id))! };
  }

  @Mutation(() => DeletePayload, {
    description: 'Deletes a union that holds no unions, sites, activities or programmes.',
  })
  async deleteUnion(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<DeletePayload> {
    const id = decodeId(globalId, 'Union');
    await inTransaction(ctx, async (em, audit) => {
      await assertMayDetach(ctx, em, id, 'Deleting');
      // Recorded while the union, and so its path, still exists.
      await audit({ subjects: [toGlobalId('Union', id)], unionIds: [id] });
      await deleteLeafUnion(em, id);
    });
    return { deletedId: globalId };
  }
}
