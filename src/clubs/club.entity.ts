import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Site } from '../sites/site.entity.js';
import { Union } from '../unions/union.entity.js';
import { ClubKind } from './club-enums.js';

/** A union's interest group or culture team (兴趣小组, 职工文化团队), which workers join. */
@ObjectType({
  implements: Node,
  description:
    "A union's interest group or culture team (兴趣小组, 职工文化团队): workers join it with their own token (staff " +
    'approve them where it says so), it meets at activities of its own (`meetings`) and wins honours. Its members are ' +
    "personal data: `members` lists them to ADMIN, to staff of the club's union's subtree and, by display name only, " +
    'to its own members.',
})
@Entity({ tableName: 'clubs' })
export class Club extends BaseEntity<
  'leader' | 'description' | 'homeSite' | 'recruiting' | 'memberLimit' | 'requiresApproval' | 'memberCount'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Club', this.id);
  }

  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  union!: Rel<Union>;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => ClubKind)
  @Enum({ items: () => ClubKind, nativeEnumName: 'club_kind' })
  kind!: ClubKind;

  @Field(() => String, {
    nullable: true,
    description:
      'Who leads it (团长, 队长), as the union publishes it on the club’s page, like a competition entry’s names: ' +
      'a name only, never a phone.',
  })
  @Property({ type: 'string', length: 100, nullable: true })
  leader?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne(() => Site, { nullable: true, deleteRule: 'restrict', index: true })
  homeSite?: Rel<Site> | null;

  @Field(() => Boolean, { description: 'Whether it takes new members now (社团招募); joinClub is refused otherwise.' })
  @Property({ type: 'boolean', default: true })
  recruiting: boolean = true;

  @Field(() => Int, { nullable: true, description: 'At most this many ACTIVE members; null: no limit.' })
  @Property({ type: 'integer', nullable: true })
  memberLimit?: number | null;

  @Field(() => Boolean, {
    description: 'Whether a worker who joins waits (PENDING) until the staff of its union approve them.',
  })
  @Property({ type: 'boolean', default: false })
  requiresApproval: boolean = false;

  @Field(() => Int, { description: 'ACTIVE members: a count, public like an activity’s signUpCount.' })
  @Property({ type: 'integer', default: 0 })
  memberCount: number = 0;

  @Field(() => Int, { nullable: true, description: 'Places left under the member limit; null without one.' })
  get placesLeft(): number | null {
    return this.memberLimit == null ? null : Math.max(0, this.memberLimit - this.memberCount);
  }
}
