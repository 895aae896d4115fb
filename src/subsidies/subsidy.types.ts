import { Field, Int, ObjectType } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { connectionOf } from '../common/relay.js';
import { Fen } from './fen.js';
import { SubsidyBudget, SubsidyClaim } from './subsidy.entity.js';

export const SubsidyClaimConnection = connectionOf(SubsidyClaim);

@ObjectType()
export class SubsidyBudgetPayload {
  @Field(() => SubsidyBudget) budget!: SubsidyBudget;
}

@ObjectType({ description: 'A claim as it now stands, and the activity it is for.' })
export class SubsidyClaimPayload {
  @Field(() => SubsidyClaim) claim!: SubsidyClaim;
  @Field(() => Activity) activity!: Activity;
}

@ObjectType({
  description:
    'Subsidies claimed by the unions of a subtree for activities that started in a period (withdrawn claims left out).',
})
export class SubsidyTotals {
  @Field(() => Int, { description: 'Claims, in any status but WITHDRAWN.' }) claimCount!: number;
  @Field(() => Fen, { description: 'What those claims asked for.' }) claimedFen!: number;
  @Field(() => Fen, { description: 'Approved (and paid) amounts.' }) approvedFen!: number;
  @Field(() => Fen, { description: 'Paid amounts.' }) paidFen!: number;
  @Field(() => Int, { description: 'Activities with an approved or paid claim: what the money leveraged.' })
  activitiesLeveraged!: number;
  @Field(() => Int, { description: 'The attendance those approved claims were computed from.' }) attendees!: number;
  @Field(() => Fen, {
    nullable: true,
    description: 'approvedFen ÷ attendees, rounded down to the fen; null without attendees.',
  })
  spendPerAttendeeFen!: number | null;
}
