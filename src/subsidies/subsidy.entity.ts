import { BigIntType, Entity, Enum, JsonType, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ActivityKind } from '../activities/activity-enums.js';
import { Activity } from '../activities/activity.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';
import { Fen } from './fen.js';
import { SubsidyClaimStatus } from './subsidy-enums.js';

/** bigint columns of fen, read as JavaScript numbers (exact below 2^53). */
const fen = () => new BigIntType('number');

@ObjectType({
  description:
    'How a budget pays for one activity: perActivityFen + perAttendeeFen × attendance, at most activityCapFen, ' +
    'nothing below minAttendees. A rule names an activity kind, or none: then it holds for every kind without a rule ' +
    "of its own (a differentiated scheme such as Zhangye's: more for a competition than for a reading hour).",
})
export class SubsidyRule {
  @Field(() => ActivityKind, { nullable: true, description: 'The kind it pays for; null: every other kind.' })
  kind!: ActivityKind | null;

  @Field(() => Fen)
  perActivityFen!: number;

  @Field(() => Fen)
  perAttendeeFen!: number;

  @Field(() => Int, { description: 'Recorded attendance below this pays nothing: the activity cannot be claimed.' })
  minAttendees!: number;

  @Field(() => Fen, { nullable: true, description: 'At most this much per activity; null: no cap.' })
  activityCapFen!: number | null;
}

/** A union's yearly budget for the subsidies it pays to the unions below it. */
@ObjectType({
  implements: Node,
  description:
    'A yearly budget (先举办后补助) a union sets for the unions below it: the total it may approve, an optional cap per ' +
    'claiming union, and the rules that compute each claim. Approved amounts never exceed the total.',
})
@Entity({ tableName: 'subsidy_budgets' })
export class SubsidyBudget extends BaseEntity<'unionCapFen' | 'note'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('SubsidyBudget', this.id);
  }

  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  union!: Rel<Union>;

  @Field(() => Int, { description: 'The calendar year (Asia/Shanghai) of the activities it pays for.' })
  @Property({ type: 'smallint' })
  year!: number;

  @Field(() => Fen, { description: 'What it may approve in the year, in fen.' })
  @Property({ type: fen() })
  totalFen!: number;

  @Field(() => Fen, { nullable: true, description: 'At most this much per claiming union in the year; null: no cap.' })
  @Property({ type: fen(), nullable: true })
  unionCapFen?: number | null;

  @Field(() => [SubsidyRule])
  @Property({ type: JsonType })
  rules!: SubsidyRule[];

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

/** A claim for one finished activity against the budget of a union above its organiser. */
@ObjectType({
  implements: Node,
  description:
    "A claim for a finished activity, made by its organiser's staff against a budget of a union above it. The server " +
    "computes the amount from the budget's rule and the recorded attendance. Every step stays in `history`.",
})
@Entity({ tableName: 'subsidy_claims' })
export class SubsidyClaim extends BaseEntity<
  'status' | 'approvedFen' | 'reason' | 'paidReference' | 'decidedAt' | 'paidAt'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('SubsidyClaim', this.id);
  }

  @ManyToOne(() => SubsidyBudget, { deleteRule: 'restrict' })
  budget!: Rel<SubsidyBudget>;

  /** The claiming union: the activity's organiser. */
  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  union!: Rel<Union>;

  @ManyToOne(() => Activity, { deleteRule: 'restrict' })
  activity!: Rel<Activity>;

  @Field(() => SubsidyClaimStatus)
  @Enum({
    items: () => SubsidyClaimStatus,
    nativeEnumName: 'subsidy_claim_status',
    default: SubsidyClaimStatus.CLAIMED,
  })
  status: SubsidyClaimStatus = SubsidyClaimStatus.CLAIMED;

  @Field(() => Int, {
    description: 'The attendance recorded when it was last claimed: what the amount was computed from.',
  })
  @Property({ type: 'integer' })
  attendance!: number;

  @Field(() => Fen, { description: "The amount the budget's rule gives for that attendance, in fen." })
  @Property({ type: fen() })
  claimedFen!: number;

  @Field(() => Fen, {
    nullable: true,
    description: 'The amount approved (at most the claimed one); null until approved.',
  })
  @Property({ type: fen(), nullable: true })
  approvedFen?: number | null;

  @Field(() => String, { description: 'What shows it took place: photos filed, sign-in sheets, press…' })
  @Property({ type: 'text' })
  evidence!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why its last step was taken: a lower approval, a rejection, a withdrawal or a correction.',
  })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'The payment reference, once paid.' })
  @Property({ type: 'text', nullable: true })
  paidReference?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was approved or rejected.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  paidAt?: Date | null;
}

@ObjectType({ description: 'One step of a claim, as it was taken: the claim as it stood after it.' })
export class SubsidyClaimStep {
  @Field(() => Date) at!: Date;
  @Field(() => SubsidyClaimStatus) status!: SubsidyClaimStatus;
  @Field(() => Int) attendance!: number;
  @Field(() => Fen) claimedFen!: number;
  @Field(() => Fen, { nullable: true }) approvedFen!: number | null;
  @Field(() => String) evidence!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
}
