import { ArrayMaxSize, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ActivityStatus } from '../activities/activity-enums.js';
import { NameText, PlausibleTime, Text } from '../common/validation.js';
import { MenuItemKind, OrderStatus, Season } from './menu-enums.js';

/** Fields shared by create and update (only the subclasses appear in the schema). */
@InputType()
class MenuItemDetailsInput {
  @Field(() => String, { nullable: true })
  @Text(5000)
  description?: string | null;

  @Field(() => [Int], {
    nullable: true,
    description: 'Months (1–12) in which it can be delivered; with `seasons`, the months of both.',
  })
  @ArrayMaxSize(12, { message: 'months may hold at most 12 items' })
  months?: number[] | null;

  @Field(() => [Season], { nullable: true, description: 'Seasons in which it can be delivered (their months).' })
  @ArrayMaxSize(4, { message: 'seasons may hold at most 4 items' })
  seasons?: Season[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Deliveries it can make per season; null: no limit. Lowering it leaves orders already accepted as they are.',
  })
  @Min(0, { message: 'quotaPerSeason must not be negative' })
  @Max(100_000, { message: 'quotaPerSeason is too large' })
  quotaPerSeason?: number | null;
}

@InputType()
export class CreateMenuItemInput extends MenuItemDetailsInput {
  @Field(() => ID, { description: 'The union that offers it, to the unions below it.' })
  unionId!: string;

  @Field(() => String)
  @NameText(200)
  title!: string;

  @Field(() => MenuItemKind)
  kind!: MenuItemKind;

  @Field(() => String)
  @NameText(200)
  provider!: string;

  @Field(() => Int, { description: 'Length of one delivery, in minutes (1–1440).' })
  @Min(1, { message: 'durationMinutes must be at least 1' })
  @Max(1440, { message: 'durationMinutes must be at most 1440 (a day)' })
  durationMinutes!: number;

  @Field(() => Int, { description: 'Places at one delivery.' })
  @Min(1, { message: 'places must be at least 1' })
  @Max(100_000, { message: 'places is too large' })
  places!: number;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateMenuItemInput extends MenuItemDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @NameText(200)
  title?: string | null;

  @Field(() => MenuItemKind, { nullable: true })
  kind?: MenuItemKind | null;

  @Field(() => String, { nullable: true })
  @NameText(200)
  provider?: string | null;

  @Field(() => Int, { nullable: true })
  @Min(1, { message: 'durationMinutes must be at least 1' })
  @Max(1440, { message: 'durationMinutes must be at most 1440 (a day)' })
  durationMinutes?: number | null;

  @Field(() => Int, { nullable: true })
  @Min(1, { message: 'places must be at least 1' })
  @Max(100_000, { message: 'places is too large' })
  places?: number | null;
}

@InputType()
export class WithdrawMenuItemInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Why, e.g. "讲师调离"; shown with the item.' })
  @Text(2000)
  reason?: string | null;
}

@InputType()
export class PlaceOrderInput {
  @Field(() => ID, { description: 'An item offered by a union above the ordering one.' })
  itemId!: string;

  @Field(() => ID, { description: 'The union that orders it; staff order for their own subtree.' })
  orderingUnionId!: string;

  @Field(() => ID, { description: "Where it is to be delivered: a site of the ordering union's subtree." })
  siteId!: string;

  @Field(() => [String], {
    description: "1 to 5 days it would be welcome on, YYYY-MM-DD, not past, in the item's months.",
  })
  @ArrayMaxSize(5, { message: 'wishedDates may hold at most 5 days' })
  wishedDates!: string[];

  @Field(() => Int)
  @Min(1, { message: 'expectedAttendees must be at least 1' })
  @Max(100_000, { message: 'expectedAttendees is too large' })
  expectedAttendees!: number;

  @Field(() => String, { nullable: true })
  @Text(2000)
  note?: string | null;
}

@InputType()
export class AcceptOrderInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => Date, {
    description:
      "When it is delivered: in one of the item's months; it ends `durationMinutes` later. Not within the season's quota: CONFLICT.",
  })
  @PlausibleTime()
  startsAt!: Date;

  @Field(() => ActivityStatus, {
    nullable: true,
    description: 'The status of the activity that delivers it: PLANNED or OPEN. @default OPEN',
  })
  status?: ActivityStatus | null;

  @Field(() => String, { nullable: true, description: "A note on the activity, for the orderer's staff and workers." })
  @Text(2000)
  note?: string | null;
}

@InputType()
export class DeclineOrderInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => String, { description: 'Why, e.g. "本季名额已满"; the orderer sees it.' })
  @NameText(500)
  reason!: string;
}

@InputType()
export class CancelOrderInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => String, { nullable: true })
  @Text(500)
  reason?: string | null;
}

@InputType()
export class RateOrderInput {
  @Field(() => ID)
  orderId!: string;

  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  @Min(1, { message: 'rating must be between 1 and 5' })
  @Max(5, { message: 'rating must be between 1 and 5' })
  rating!: number;

  @Field(() => String, { nullable: true })
  @Text(2000)
  comment?: string | null;
}

@InputType({ description: 'Narrows a list of orders; all given conditions must hold.' })
export class OrderFilter {
  @Field(() => [OrderStatus], { nullable: true })
  statuses?: OrderStatus[] | null;
}

@InputType({ description: 'Narrows a menu; all given conditions must hold.' })
export class MenuFilter {
  @Field(() => [MenuItemKind], { nullable: true })
  kinds?: MenuItemKind[] | null;

  @Field(() => Int, { nullable: true, description: 'Only items that can be delivered in this month (1–12).' })
  @Min(1, { message: 'month must be between 1 and 12' })
  @Max(12, { message: 'month must be between 1 and 12' })
  month?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Also items taken off the menu. @default false' })
  includeWithdrawn?: boolean | null;
}
