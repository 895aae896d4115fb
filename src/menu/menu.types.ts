import { Field, ObjectType } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { connectionOf } from '../common/relay.js';
import { MenuItem } from './menu-item.entity.js';
import { Order } from './order.entity.js';

export const MenuItemConnection = connectionOf(MenuItem);
export const OrderConnection = connectionOf(Order);

@ObjectType()
export class MenuItemPayload {
  @Field(() => MenuItem) item!: MenuItem;
}

@ObjectType({ description: 'An order as it now stands, and the activity that delivers it once accepted.' })
export class OrderPayload {
  @Field(() => Order) order!: Order;
  @Field(() => Activity, { nullable: true }) activity!: Activity | null;
}
