import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { PageArgs, pageRequest } from '../common/pagination.js';
import type { Context } from '../context.js';
import { scopeOf } from '../unions/scope.js';
import { Union } from '../unions/union.entity.js';
import { MenuFilter, OrderFilter } from './menu.inputs.js';
import { menuPage, orderPage } from './menu.loaders.js';
import { MenuItemConnection, OrderConnection } from './menu.types.js';

/** What the menu adds to a union: its menu, the orders it placed and those it received. */
@Resolver(() => Union)
export class UnionMenuResolver {
  @FieldResolver(() => MenuItemConnection, {
    description:
      'The menu (点单) by title: the items this union offers and, with `fromAbove` (the default), those the unions ' +
      'above it offer, which it may order.',
  })
  async menu(
    @Root() union: Union,
    @Arg('fromAbove', () => Boolean, {
      defaultValue: true,
      description: 'Also the items offered by the unions above it.',
    })
    fromAbove: boolean,
    @Arg('filter', () => MenuFilter, { nullable: true }) filter: MenuFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return MenuItemConnection.of(
      await menuPage(ctx, union.id, fromAbove ? 'available' : 'own', filter ?? {}, pageRequest(page, ctx, info)),
    );
  }

  @FieldResolver(() => OrderConnection, { description: 'Orders this union placed, newest first.' })
  async orders(
    @Root() union: Union,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: false,
      description: 'Also the orders of every union below it.',
    })
    includeDescendants: boolean,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return OrderConnection.of(
      await orderPage(
        ctx,
        union.id,
        { placedBy: scopeOf(includeDescendants) },
        filter ?? {},
        pageRequest(page, ctx, info),
      ),
    );
  }

  @FieldResolver(() => OrderConnection, { description: "Orders made to this union's menu, newest first." })
  async receivedOrders(
    @Root() union: Union,
    @Arg('includeDescendants', () => Boolean, {
      defaultValue: false,
      description: 'Also the orders made to the menus of the unions below it.',
    })
    includeDescendants: boolean,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return OrderConnection.of(
      await orderPage(
        ctx,
        union.id,
        { receivedBy: scopeOf(includeDescendants) },
        filter ?? {},
        pageRequest(page, ctx, info),
      ),
    );
  }
}
