import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';
import { SignUpStatus } from './activity-enums.js';
import { Activity } from './activity.entity.js';

/** A worker's place in an activity. One active sign-up per phone number and activity. */
@ObjectType({ implements: Node, description: 'A worker signed up for an activity.' })
@Entity({ tableName: 'sign_ups' })
@Index({ properties: ['activity', 'createdAt'] })
export class SignUp extends BaseEntity<'status' | 'attended' | 'union'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('SignUp', this.id);
  }

  @ManyToOne(() => Activity, { deleteRule: 'cascade' })
  activity!: Rel<Activity>;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  workerName!: string;

  /** Personal data: exposed through SignUpResolver.phone to the organiser's staff only. */
  @Property({ type: 'string', length: 20 })
  phone!: string;

  @ManyToOne(() => Union, { nullable: true, deleteRule: 'set null', index: true })
  union?: Rel<Union> | null;

  @Field(() => SignUpStatus)
  @Enum({ items: () => SignUpStatus, nativeEnumName: 'sign_up_status', default: SignUpStatus.SIGNED_UP })
  status: SignUpStatus = SignUpStatus.SIGNED_UP;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  attended: boolean = false;
}
