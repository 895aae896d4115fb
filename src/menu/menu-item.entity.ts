import { ArrayType, Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';
import { MenuItemKind, Season, SEASON_MONTHS } from './menu-enums.js';

/** Something a union offers to the unions below it, to be ordered and delivered at their sites. */
@ObjectType({
  implements: Node,
  description:
    'An item of a union\'s menu (点单, "culture takeaway"): a course, lecture, performance or outreach service it offers ' +
    'to the unions below it, who order it for one of their sites.',
})
@Entity({ tableName: 'menu_items' })
export class MenuItem extends BaseEntity<
  'description' | 'quotaPerSeason' | 'withdrawnAt' | 'withdrawalReason' | 'seasons'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('MenuItem', this.id);
  }

  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  union!: Rel<Union>;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field(() => MenuItemKind)
  @Enum({ items: () => MenuItemKind, nativeEnumName: 'menu_item_kind' })
  kind!: MenuItemKind;

  @Field(() => String, { description: 'Who delivers it: a teacher, a troupe, a clinic, a law firm…' })
  @Property({ type: 'string', length: 200 })
  provider!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => [Int], { description: 'Months (1–12, Asia/Shanghai) in which it can be delivered, in order.' })
  @Property({ type: new ArrayType((i) => Number(i)), columnType: 'smallint[]' })
  months!: number[];

  @Field(() => Int, { description: 'Length of one delivery, in minutes.' })
  @Property({ type: 'integer' })
  durationMinutes!: number;

  @Field(() => Int, { description: 'Places at one delivery: the capacity of the activity that delivers it.' })
  @Property({ type: 'integer' })
  places!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Deliveries it can make per season (orders accepted for that season); null: no limit.',
  })
  @Property({ type: 'integer', nullable: true })
  quotaPerSeason?: number | null;

  @Field(() => Date, { nullable: true, description: 'When it was taken off the menu; null while it is offered.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  withdrawnAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  withdrawalReason?: string | null;

  @Field(() => [Season], { description: 'The seasons all of whose months it can be delivered in.' })
  get seasons(): Season[] {
    return Object.values(Season).filter((season) => SEASON_MONTHS[season].every((m) => this.months.includes(m)));
  }
}
