import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { clean, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { MenuItem } from './menu-item.entity.js';
import { CreateMenuItemInput, OrderFilter, UpdateMenuItemInput, WithdrawMenuItemInput } from './menu.inputs.js';
import { itemFigures, menuItemById, orderPage } from './menu.loaders.js';
import { monthsOf } from './menu.rules.js';
import { MenuItemPayload, OrderConnection } from './menu.types.js';

@Resolver(() => MenuItem)
export class MenuItemResolver {
  @Query(() => MenuItem, { nullable: true, description: 'A menu item by id; null when there is none.' })
  async menuItem(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<MenuItem | undefined> {
    return menuItemById(ctx).load(decodeId(id, 'MenuItem'));
  }

  @FieldResolver(() => Union, { description: 'The union that offers it, to the unions below it.' })
  async offeredBy(@Root() item: MenuItem, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(item.union.id))!;
  }

  @FieldResolver(() => OrderConnection, { description: 'Its orders, newest first.' })
  async orders(
    @Root() item: MenuItem,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return OrderConnection.of(await orderPage(ctx, item.id, 'item', filter ?? {}, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => Int, { description: 'Orders placed, whatever became of them.' })
  async orderCount(@Root() item: MenuItem, @Ctx() ctx: Context): Promise<number> {
    return (await itemFigures(ctx).load(item.id)).orderCount;
  }

  @FieldResolver(() => Int, { description: 'Orders delivered (DELIVERED or RATED).' })
  async deliveryCount(@Root() item: MenuItem, @Ctx() ctx: Context): Promise<number> {
    return (await itemFigures(ctx).load(item.id)).deliveryCount;
  }

  @FieldResolver(() => Int)
  async ratingCount(@Root() item: MenuItem, @Ctx() ctx: Context): Promise<number> {
    return (await itemFigures(ctx).load(item.id)).ratingCount;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Mean of its ratings (1–5); null before the first.' })
  async averageRating(@Root() item: MenuItem, @Ctx() ctx: Context): Promise<number | null> {
    return (await itemFigures(ctx).load(item.id)).averageRating;
  }

  @Mutation(() => MenuItemPayload, {
    description: "Puts an item on a union's menu, for the unions below it to order; staff of the union's subtree.",
  })
  async createMenuItem(
    @Arg('input', () => CreateMenuItemInput) input: CreateMenuItemInput,
    @Ctx() ctx: Context,
  ): Promise<MenuItemPayload> {
    const unionId = decodeId(input.unionId, 'Union', 'unionId');
    const months = monthsOf(input.months, input.seasons);
    if (!months.length) throw new BadInputError('Name the months or seasons it can be delivered in', 'months');
    const item = await inTransaction(ctx, async (em, audit) => {
      const union = await findOrFail(em, Union, unionId);
      await assertWithinSubtree(ctx, em, [unionId], 'The offering union');
      const created = em.create(MenuItem, {
        union,
        title: clean(input.title),
        kind: input.kind,
        provider: clean(input.provider),
        description: optionalText(input.description) ?? null,
        months,
        durationMinutes: input.durationMinutes,
        places: input.places,
        quotaPerSeason: input.quotaPerSeason ?? null,
      });
      await em.flush();
      await audit({ subjects: [toGlobalId('MenuItem', created.id)], unionIds: [unionId] });
      return created;
    });
    return { item: (await menuItemById(ctx).load(item.id))! };
  }

  @Mutation(() => MenuItemPayload, {
    description: 'Changes an item on the menu; orders already accepted keep the activity they were scheduled as.',
  })
  async updateMenuItem(
    @Arg('input', () => UpdateMenuItemInput) input: UpdateMenuItemInput,
    @Ctx() ctx: Context,
  ): Promise<MenuItemPayload> {
    const id = decodeId(input.id, 'MenuItem');
    for (const field of ['title', 'kind', 'provider', 'durationMinutes', 'places', 'months', 'seasons'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    const newMonths = input.months || input.seasons ? monthsOf(input.months, input.seasons) : undefined;
    if (newMonths && !newMonths.length)
      throw new BadInputError('An item is delivered in one month at least', input.months ? 'months' : 'seasons');
    await inTransaction(ctx, async (em, audit) => {
      // Locked: acceptOrder counts the quota under the same lock.
      const item = await findOrFail(em, MenuItem, id, { lock: true });
      await assertWithinSubtree(ctx, em, [item.union.id], 'The menu item');
      if (item.withdrawnAt) throw new ConflictError('A withdrawn item is history: put a new one on the menu instead');
      if (input.title) item.title = clean(input.title);
      if (input.kind) item.kind = input.kind;
      if (input.provider) item.provider = clean(input.provider);
      if (input.description !== undefined) item.description = optionalText(input.description);
      if (newMonths) item.months = newMonths;
      if (input.durationMinutes) item.durationMinutes = input.durationMinutes;
      if (input.places) item.places = input.places;
      if (input.quotaPerSeason !== undefined) item.quotaPerSeason = input.quotaPerSeason;
      await em.flush();
      await audit({ subjects: [toGlobalId('MenuItem', id)], unionIds: [item.union.id] });
    });
    return { item: (await menuItemById(ctx).load(id))! };
  }

  @Mutation(() => MenuItemPayload, {
    description:
      'Takes an item off the menu. It stays, with its orders, as history: orders placed before may still be answered, ' +
      'no new ones are taken.',
  })
  async withdrawMenuItem(
    @Arg('input', () => WithdrawMenuItemInput) input: WithdrawMenuItemInput,
    @Ctx() ctx: Context,
  ): Promise<MenuItemPayload> {
    const id = decodeId(input.id, 'MenuItem');
    await inTransaction(ctx, async (em, audit) => {
      const item = await findOrFail(em, MenuItem, id, { lock: true });
      await assertWithinSubtree(ctx, em, [item.union.id], 'The menu item');
      if (item.withdrawnAt) throw new ConflictError('The item is already withdrawn');
      item.withdrawnAt = new Date();
      item.withdrawalReason = optionalText(input.reason) ?? null;
      await em.flush();
      await audit({ subjects: [toGlobalId('MenuItem', id)], unionIds: [item.union.id] });
    });
    return { item: (await menuItemById(ctx).load(id))! };
  }
}
