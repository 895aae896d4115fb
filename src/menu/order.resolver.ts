import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ActivityStatus } from '../activities/activity-enums.js';
import { assertStatusFitsClock } from '../activities/activity.clock.js';
import { Activity } from '../activities/activity.entity.js';
import { activityEvent, ActivityEventType } from '../activities/activity.events.js';
import { cancelSignUpsOf } from '../activities/activity.history.js';
import { activityById } from '../activities/activity.loaders.js';
import { activityReferences } from '../activities/activity.references.js';
import { assertStatusChange, assertTimes } from '../activities/activity.rules.js';
import { assertAnyWithinSubtree, assertWithinSubtree } from '../auth/access.js';
import { findOrFail, nodeNotFound } from '../common/find-or-fail.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import { clean, optionalText } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { appendEvents, type NewEvent } from '../live/event-log.js';
import { Site } from '../sites/site.entity.js';
import { siteById } from '../sites/site.loaders.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { ACTIVITY_KIND, OrderStatus } from './menu-enums.js';
import { MenuItem } from './menu-item.entity.js';
import {
  AcceptOrderInput,
  CancelOrderInput,
  DeclineOrderInput,
  PlaceOrderInput,
  RateOrderInput,
} from './menu.inputs.js';
import { menuItemById, orderById } from './menu.loaders.js';
import {
  assertDatesInMonths,
  assertOrderMove,
  assertQuotaLeft,
  assertWishedDates,
  describeMonths,
  localMonth,
} from './menu.rules.js';
import { OrderPayload } from './menu.types.js';
import { Order } from './order.entity.js';
import { orderEvent } from './order.events.js';

const MINUTE = 60_000;

/** The payload of an order mutation: the order and its activity as committed. */
async function payload(ctx: Context, id: number): Promise<OrderPayload> {
  const order = (await orderById(ctx).load(id))!;
  return { order, activity: order.activity ? ((await activityById(ctx).load(order.activity.id)) ?? null) : null };
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: 'An order by id; null when there is none.' })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Order | undefined> {
    return orderById(ctx).load(decodeId(id, 'Order'));
  }

  @FieldResolver(() => MenuItem)
  async item(@Root() order: Order, @Ctx() ctx: Context): Promise<MenuItem> {
    return (await menuItemById(ctx).load(order.item.id))!;
  }

  @FieldResolver(() => Union, { description: "The union whose menu it was ordered from: the item's union." })
  async offeringUnion(@Root() order: Order, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(order.offeringUnion.id))!;
  }

  @FieldResolver(() => Union)
  async orderingUnion(@Root() order: Order, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(order.orderingUnion.id))!;
  }

  @FieldResolver(() => Site, { description: 'Where it is delivered.' })
  async site(@Root() order: Order, @Ctx() ctx: Context): Promise<Site> {
    return (await siteById(ctx).load(order.site.id))!;
  }

  @FieldResolver(() => Activity, {
    nullable: true,
    description: 'The activity that delivers it, organised by the offering union at the site; null until accepted.',
  })
  async activity(@Root() order: Order, @Ctx() ctx: Context): Promise<Activity | undefined> {
    return order.activity ? activityById(ctx).load(order.activity.id) : undefined;
  }

  @Mutation(() => OrderPayload, {
    description:
      "Orders a menu item for a union of the staff member's subtree, from the menu of a union above it, to be delivered " +
      "at one of its own sites. REQUESTED until the offering union's staff accept or decline it.",
  })
  async placeOrder(@Arg('input', () => PlaceOrderInput) input: PlaceOrderInput, @Ctx() ctx: Context) {
    const itemId = decodeId(input.itemId, 'MenuItem', 'itemId');
    const orderingUnionId = decodeId(input.orderingUnionId, 'Union', 'orderingUnionId');
    const siteId = decodeId(input.siteId, 'Site', 'siteId');
    const wishedDates = assertWishedDates(input.wishedDates);
    const order = await inTransaction(ctx, async (em, audit) => {
      const orderer = await findOrFail(em, Union, orderingUnionId);
      await assertWithinSubtree(ctx, em, [orderingUnionId], 'The ordering union');
      const item = await findOrFail(em, MenuItem, itemId);
      if (item.withdrawnAt) throw new ConflictError(`${item.title} was taken off the menu: it takes no new orders`);
      const site = await findOrFail(em, Site, siteId);
      const [where] = await query<{ item_above: boolean; site_within: boolean; offerer: string }>(
        em,
        sql(
          `select (o.path <@ i.path and o.id <> i.id) as item_above, s.path <@ o.path as site_within, i.name as offerer
           from unions o, unions i, unions s where o.id = ? and i.id = ? and s.id = ?`,
          orderingUnionId,
          item.union.id,
          site.union.id,
        ),
      );
      if (!where!.item_above)
        throw new BadInputError(
          `${item.title} is offered by ${where!.offerer} to the unions below it; ${orderer.name} is not one of them`,
          'itemId',
        );
      if (!where!.site_within)
        throw new BadInputError(`${site.name} is not a site of ${orderer.name} or the unions below it`, 'siteId');
      assertDatesInMonths(wishedDates, item);
      if (input.expectedAttendees > item.places)
        throw new BadInputError(
          `${item.title} has ${item.places} places per delivery; order it twice for more`,
          'expectedAttendees',
        );
      const created = em.create(Order, {
        item,
        offeringUnion: item.union,
        orderingUnion: orderer,
        site,
        wishedDates,
        expectedAttendees: input.expectedAttendees,
        note: optionalText(input.note) ?? null,
      });
      await em.flush();
      await appendEvents(em, [orderEvent(created, item)]);
      await audit({ subjects: [toGlobalId('Order', created.id)], unionIds: [orderingUnionId, item.union.id] });
      return created;
    });
    return payload(ctx, order.id);
  }

  @Mutation(() => OrderPayload, {
    description:
      "Accepts a REQUESTED order made to the staff member's union (or one below it) and schedules it: creates the " +
      "activity that delivers it, organised by the offering union at the orderer's site, with the item's kind, title, " +
      'duration and places, under the rules of createActivity. The quota of the season is never exceeded: CONFLICT.',
  })
  async acceptOrder(@Arg('input', () => AcceptOrderInput) input: AcceptOrderInput, @Ctx() ctx: Context) {
    const id = decodeId(input.orderId, 'Order', 'orderId');
    const status = input.status ?? ActivityStatus.OPEN;
    if (status !== ActivityStatus.PLANNED && status !== ActivityStatus.OPEN) {
      throw new BadInputError('The activity of an accepted order is PLANNED or OPEN', 'status');
    }
    await inTransaction(ctx, async (em, audit) => {
      const order = await findOrFail(em, Order, id, { lock: true });
      await assertWithinSubtree(ctx, em, [order.offeringUnion.id], 'The union the order was made to');
      assertOrderMove(order, OrderStatus.ACCEPTED);
      // The item's lock makes concurrent accepts of it count the quota one after another.
      const item = await findOrFail(em, MenuItem, order.item.id, { lock: true });
      const endsAt = new Date(input.startsAt.getTime() + item.durationMinutes * MINUTE);
      assertTimes(input.startsAt, endsAt);
      if (!item.months.includes(localMonth(input.startsAt)))
        throw new BadInputError(
          `${item.title} is delivered in ${describeMonths(item.months)} only (Asia/Shanghai)`,
          'startsAt',
        );
      assertStatusFitsClock(status, input.startsAt, endsAt);
      await assertQuotaLeft(em, item, input.startsAt);
      const { site } = await activityReferences(ctx, em, { siteId: toGlobalId('Site', order.site.id) });
      const activity = em.create(Activity, {
        kind: ACTIVITY_KIND[item.kind],
        title: item.title,
        description: item.description ?? null,
        organiser: item.union,
        site: site ?? null,
        programme: null,
        startsAt: input.startsAt,
        endsAt,
        status,
        capacity: item.places,
        note: clean(input.note) || null,
      });
      await em.flush();
      order.status = OrderStatus.ACCEPTED;
      order.activity = activity;
      await em.flush();
      await appendEvents(em, [activityEvent(activity, ActivityEventType.CREATED), orderEvent(order, item)]);
      await audit({
        subjects: [toGlobalId('Order', id), toGlobalId('Activity', activity.id)],
        unionIds: [order.offeringUnion.id, order.orderingUnion.id],
      });
    });
    return payload(ctx, id);
  }

  @Mutation(() => OrderPayload, {
    description: "Turns down a REQUESTED order made to the staff member's union, with a reason the orderer sees.",
  })
  async declineOrder(@Arg('input', () => DeclineOrderInput) input: DeclineOrderInput, @Ctx() ctx: Context) {
    const id = decodeId(input.orderId, 'Order', 'orderId');
    await inTransaction(ctx, async (em, audit) => {
      const order = await findOrFail(em, Order, id, { lock: true });
      await assertWithinSubtree(ctx, em, [order.offeringUnion.id], 'The union the order was made to');
      assertOrderMove(order, OrderStatus.DECLINED);
      const item = await findOrFail(em, MenuItem, order.item.id);
      order.status = OrderStatus.DECLINED;
      order.declineReason = clean(input.reason);
      await em.flush();
      await appendEvents(em, [orderEvent(order, item)]);
      await audit({
        subjects: [toGlobalId('Order', id)],
        unionIds: [order.offeringUnion.id, order.orderingUnion.id],
      });
    });
    return payload(ctx, id);
  }

  @Mutation(() => OrderPayload, {
    description:
      'Calls off a REQUESTED or ACCEPTED order; staff of the ordering or of the offering union. An accepted one takes ' +
      'its activity with it (CANCELLED, its sign-ups released), unless that is already over: CONFLICT.',
  })
  async cancelOrder(@Arg('input', () => CancelOrderInput) input: CancelOrderInput, @Ctx() ctx: Context) {
    const id = decodeId(input.orderId, 'Order', 'orderId');
    await inTransaction(ctx, async (em, audit) => {
      // The activity is locked before the order, as the status sweep and updateActivity do.
      const [seen] = await query<{ activity_id: number | null; ordering_union_id: number; offering_union_id: number }>(
        em,
        sql('select activity_id, ordering_union_id, offering_union_id from orders where id = ?', id),
      );
      if (!seen) throw nodeNotFound('Order', id);
      await assertAnyWithinSubtree(ctx, em, [
        { id: seen.ordering_union_id, is: 'the ordering union' },
        { id: seen.offering_union_id, is: 'the union the order was made to' },
      ]);
      const activity = seen.activity_id ? await findOrFail(em, Activity, seen.activity_id, { lock: true }) : null;
      const order = await findOrFail(em, Order, id, { lock: true });
      assertOrderMove(order, OrderStatus.CANCELLED);
      const item = await findOrFail(em, MenuItem, order.item.id);
      const events: NewEvent[] = [];
      if (order.status === OrderStatus.ACCEPTED && activity) {
        assertStatusChange(activity.status, ActivityStatus.CANCELLED);
        activity.status = ActivityStatus.CANCELLED;
        events.push(...(await cancelSignUpsOf(em, activity)));
      }
      order.status = OrderStatus.CANCELLED;
      order.cancelReason = optionalText(input.reason) ?? null;
      await em.flush();
      if (activity?.status === ActivityStatus.CANCELLED)
        events.unshift(activityEvent(activity, ActivityEventType.CANCELLED));
      await appendEvents(em, [...events, orderEvent(order, item)]);
      await audit({
        subjects: [toGlobalId('Order', id), ...(activity ? [toGlobalId('Activity', activity.id)] : [])],
        unionIds: [order.orderingUnion.id, order.offeringUnion.id],
      });
    });
    return payload(ctx, id);
  }

  @Mutation(() => OrderPayload, {
    description: "Rates a DELIVERED order, 1 to 5 with a comment; staff of the ordering union's subtree.",
  })
  async rateOrder(@Arg('input', () => RateOrderInput) input: RateOrderInput, @Ctx() ctx: Context) {
    const id = decodeId(input.orderId, 'Order', 'orderId');
    await inTransaction(ctx, async (em, audit) => {
      const order = await findOrFail(em, Order, id, { lock: true });
      await assertWithinSubtree(ctx, em, [order.orderingUnion.id], 'The ordering union');
      assertOrderMove(order, OrderStatus.RATED);
      const item = await findOrFail(em, MenuItem, order.item.id);
      order.status = OrderStatus.RATED;
      order.rating = input.rating;
      order.ratingComment = optionalText(input.comment) ?? null;
      order.ratedAt = new Date();
      await em.flush();
      await appendEvents(em, [orderEvent(order, item)]);
      await audit({ subjects: [toGlobalId('Order', id)], unionIds: [order.orderingUnion.id, order.offeringUnion.id] });
    });
    return payload(ctx, id);
  }
}
