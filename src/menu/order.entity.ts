import { ArrayType, Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Site } from '../sites/site.entity.js';
import { Union } from '../unions/union.entity.js';
import { OrderStatus } from './menu-enums.js';
import { MenuItem } from './menu-item.entity.js';

/** A day as YYYY-MM-DD, however the driver hands a `date` over. */
function isoDay(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** An order of a menu item by a union below the one that offers it. */
@ObjectType({
  implements: Node,
  description:
    'An order (点单) of a menu item by a union below the one that offers it: REQUESTED → ACCEPTED (scheduled as an ' +
    "activity at the orderer's site) → DELIVERED (the activity finished) → RATED; or DECLINED, or CANCELLED.",
})
@Entity({ tableName: 'orders' })
export class Order extends BaseEntity<
  'note' | 'status' | 'activity' | 'declineReason' | 'cancelReason' | 'rating' | 'ratingComment' | 'ratedAt'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Order', this.id);
  }

  @ManyToOne(() => MenuItem, { deleteRule: 'restrict' })
  item!: Rel<MenuItem>;

  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  offeringUnion!: Rel<Union>;

  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  orderingUnion!: Rel<Union>;

  @ManyToOne(() => Site, { deleteRule: 'restrict' })
  site!: Rel<Site>;

  @Field(() => [String], { description: 'Days the orderer would like it on, YYYY-MM-DD (Asia/Shanghai).' })
  @Property({ type: new ArrayType(isoDay), columnType: 'date[]' })
  wishedDates!: string[];

  @Field(() => Int)
  @Property({ type: 'integer' })
  expectedAttendees!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => OrderStatus)
  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status', default: OrderStatus.REQUESTED })
  status: OrderStatus = OrderStatus.REQUESTED;

  @ManyToOne(() => Activity, { nullable: true, deleteRule: 'restrict' })
  activity?: Rel<Activity> | null;

  @Field(() => String, { nullable: true, description: 'Why the offering union declined it.' })
  @Property({ type: 'text', nullable: true })
  declineReason?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled, when a reason was given.' })
  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;

  @Field(() => Int, { nullable: true, description: '1 to 5, given by the ordering union once delivered.' })
  @Property({ type: 'smallint', nullable: true })
  rating?: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  ratingComment?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  ratedAt?: Date | null;
}
