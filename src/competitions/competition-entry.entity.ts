import { Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';

/** A team or an individual taking part in a competition, for one union. */
@ObjectType({ implements: Node, description: 'A team or contestant (参赛队/选手) in a competition, from one union.' })
@Entity({ tableName: 'competition_entries' })
@Index({ properties: ['competition', 'createdAt'] })
export class CompetitionEntry extends BaseEntity<'members'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('CompetitionEntry', this.id);
  }

  @ManyToOne(() => Activity, { deleteRule: 'cascade' })
  competition!: Rel<Activity>;

  @Field(() => String, { description: 'Unique within the competition.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @ManyToOne(() => Union, { deleteRule: 'restrict', index: true })
  union!: Rel<Union>;

  @Field(() => [String], { description: 'Names of the players or performers; may be empty.' })
  @Property({ type: 'text[]', default: '{}' })
  members: string[] = [];
}
