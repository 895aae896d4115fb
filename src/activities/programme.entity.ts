import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';

/** A named series of activities, such as Zhangye's "four seasons". */
@ObjectType({ implements: Node, description: 'A named series of activities, e.g. Zhangye\'s "four seasons".' })
@Entity({ tableName: 'programmes' })
export class Programme extends BaseEntity<'description' | 'startsOn' | 'endsOn'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Programme', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne(() => Union, { deleteRule: 'restrict', index: true })
  union!: Rel<Union>;

  @Field(() => String, { nullable: true, description: 'First day, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;
}
