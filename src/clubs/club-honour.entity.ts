import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { HonourLevel } from './club-enums.js';
import { Club } from './club.entity.js';

/** An honour a club won, as the articles record them. Never deleted: corrected, with a reason. */
@ObjectType({
  implements: Node,
  description:
    'An honour a club won (national, provincial, city or county), recorded by staff. Public. It is never deleted: ' +
    'correctClubHonour changes it or marks it withdrawn, with a reason, and `corrections` keeps what it said before.',
})
@Entity({ tableName: 'club_honours' })
export class ClubHonour extends BaseEntity<'awardedBy' | 'withdrawn'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('ClubHonour', this.id);
  }

  @ManyToOne(() => Club, { deleteRule: 'restrict' })
  club!: Rel<Club>;

  @Field(() => HonourLevel)
  @Enum({ items: () => HonourLevel, nativeEnumName: 'honour_level' })
  level!: HonourLevel;

  @Field(() => String, { description: 'What was won, as the award names it.' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  year!: number;

  @Field(() => String, { nullable: true, description: 'Who awarded it.' })
  @Property({ type: 'string', length: 200, nullable: true })
  awardedBy?: string | null;

  @Field(() => Boolean, { description: 'Recorded by mistake and withdrawn by a correction; kept as history.' })
  @Property({ type: 'boolean', default: false })
  withdrawn: boolean = false;
}

/** What an honour said before a correction, and why it changed. */
@ObjectType({ description: 'One correction of an honour: what it said before, why and when it changed.' })
@Entity({ tableName: 'club_honour_corrections' })
export class ClubHonourCorrection extends BaseEntity<'previousAwardedBy' | 'correctedAt'> {
  @ManyToOne(() => ClubHonour, { deleteRule: 'restrict' })
  honour!: Rel<ClubHonour>;

  @Field(() => HonourLevel)
  @Enum({ items: () => HonourLevel, nativeEnumName: 'honour_level' })
  previousLevel!: HonourLevel;

  @Field(() => String)
  @Property({ type: 'string', length: 300 })
  previousTitle!: string;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  previousYear!: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  previousAwardedBy?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  previousWithdrawn!: boolean;

  @Field(() => String)
  @Property({ type: 'text' })
  reason!: string;

  @Field(() => Date)
  get correctedAt(): Date {
    return this.createdAt;
  }
}
