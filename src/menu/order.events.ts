import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../common/relay.js';
import type { NewEvent } from '../live/event-log.js';
import { LoggedEvent } from '../live/logged-event.js';
import { MenuItemKind, OrderStatus } from './menu-enums.js';
import type { Order } from './order.entity.js';

export enum OrderEventType {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  DELIVERED = 'DELIVERED',
  RATED = 'RATED',
}

registerEnumType(OrderEventType, {
  name: 'OrderEventType',
  valuesConfig: {
    REQUESTED: { description: 'A union placed an order' },
    ACCEPTED: { description: 'The offering union scheduled it: its activity exists' },
    DECLINED: { description: 'The offering union turned it down' },
    CANCELLED: { description: 'Called off, or its activity was cancelled' },
    DELIVERED: { description: 'Its activity finished' },
    RATED: { description: 'The ordering union rated it' },
  },
});

/** Each status an order reaches is announced by the event of the same name. */
const EVENT_OF: Record<OrderStatus, OrderEventType> = {
  REQUESTED: OrderEventType.REQUESTED,
  ACCEPTED: OrderEventType.ACCEPTED,
  DECLINED: OrderEventType.DECLINED,
  CANCELLED: OrderEventType.CANCELLED,
  DELIVERED: OrderEventType.DELIVERED,
  RATED: OrderEventType.RATED,
};

/** The payload field that places an order event at the offering union too (see EventQuery.underUnion). */
export const OFFERING_UNION_FIELD = 'offeringUnionId';

/** The order as committed, for the log; the item's title and kind as they were then. */
export function orderEvent(order: Order, item: { title: string; kind: MenuItemKind }): NewEvent {
  return {
    topic: 'order',
    type: EVENT_OF[order.status],
    subjectId: order.id,
    payload: {
      status: order.status,
      title: item.title,
      kind: item.kind,
      itemId: order.item.id,
      [OFFERING_UNION_FIELD]: order.offeringUnion.id,
      orderingUnionId: order.orderingUnion.id,
      activityId: order.activity?.id ?? null,
      rating: order.rating ?? null,
    },
  };
}

@ObjectType({
  description:
    'Something that happened to an order. The scalar fields are as of that commit; `order` is the order as it stands now.',
})
export class OrderEvent extends LoggedEvent {
  @Field(() => OrderEventType)
  get type(): OrderEventType {
    return this.event.type as OrderEventType;
  }

  @Field(() => ID)
  get orderId(): string {
    return toGlobalId('Order', this.event.subjectId);
  }

  @Field(() => OrderStatus)
  get status(): OrderStatus {
    return this.event.payload.status as OrderStatus;
  }

  @Field(() => String, { description: "The item's title." })
  get title(): string {
    return this.event.payload.title as string;
  }

  @Field(() => MenuItemKind)
  get kind(): MenuItemKind {
    return this.event.payload.kind as MenuItemKind;
  }

  @Field(() => ID)
  get itemId(): string {
    return toGlobalId('MenuItem', this.event.payload.itemId as number);
  }

  @Field(() => ID)
  get offeringUnionId(): string {
    return toGlobalId('Union', this.event.payload[OFFERING_UNION_FIELD] as number);
  }

  @Field(() => ID)
  get orderingUnionId(): string {
    return toGlobalId('Union', this.event.payload.orderingUnionId as number);
  }

  @Field(() => ID, { nullable: true, description: 'The activity that delivers it, once accepted.' })
  get activityId(): string | null {
    const id = this.event.payload.activityId as number | null;
    return id == null ? null : toGlobalId('Activity', id);
  }

  @Field(() => Int, { nullable: true })
  get rating(): number | null {
    return (this.event.payload.rating as number | null) ?? null;
  }
}
