import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';
import { SignUpStatus } from './activity-enums.js';
import { Activity } from './activity.entity.js';

/**
 * A worker's place in an activity. One active sign-up per phone number and activity. The
 * whole sign-up is personal data, read only through the loaders that apply
 * visibleSignUps: whoever gets the object may see every field of it.
 */
@ObjectType({
  implements: Node,
  description:
    "A worker signed up for an activity: personal data, seen only by ADMIN, staff of the organiser's subtree, " +
    "staff whose subtree holds the worker's union and the worker themself (a sign-up they made with their own token); " +
    '`node` answers null to anyone else, as for an unknown id.',
})
@Entity({ tableName: 'sign_ups' })
@Index({ properties: ['activity', 'createdAt'] })
export class SignUp extends BaseEntity<
  'status' | 'attended' | 'union' | 'attendanceCorrectedAt' | 'attendanceCorrectionReason' | 'workerId'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('SignUp', this.id);
  }

  @ManyToOne(() => Activity, { deleteRule: 'cascade' })
  activity!: Rel<Activity>;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  workerName!: string;

  @Field(() => String, { description: "The worker's mobile number." })
  @Property({ type: 'string', length: 20 })
  phone!: string;

  @ManyToOne(() => Union, { nullable: true, deleteRule: 'set null', index: true })
  union?: Rel<Union> | null;

  /** The worker's subject at the identity provider when they signed themselves up; null when staff recorded it. */
  @Property({ type: 'text', nullable: true })
  workerId?: string | null;

  @Field(() => SignUpStatus)
  @Enum({ items: () => SignUpStatus, nativeEnumName: 'sign_up_status', default: SignUpStatus.SIGNED_UP })
  status: SignUpStatus = SignUpStatus.SIGNED_UP;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  attended: boolean = false;

  /** When correctAttendance last changed `attended`; kept, not shown: a sign-up shows no timestamps. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  attendanceCorrectedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why correctAttendance last changed `attended`.' })
  @Property({ type: 'text', nullable: true })
  attendanceCorrectionReason?: string | null;
}
