import { Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ActivityKind } from '../activities/activity-enums.js';
import { NameText, Text } from '../common/validation.js';
import { Fen } from './fen.js';

@InputType({ description: 'A rule of a budget (see SubsidyRule); at most one per kind, and one without a kind.' })
export class SubsidyRuleInput {
  @Field(() => ActivityKind, { nullable: true, description: 'The kind it pays for; null or absent: every other kind.' })
  kind?: ActivityKind | null;

  @Field(() => Fen, { defaultValue: 0 })
  perActivityFen!: number;

  @Field(() => Fen, { defaultValue: 0 })
  perAttendeeFen!: number;

  @Field(() => Int, { defaultValue: 0 })
  minAttendees!: number;

  @Field(() => Fen, { nullable: true })
  activityCapFen?: number | null;
}

@InputType({
  description:
    "Sets a union's budget for a year (creates it, or replaces the one it has): new rules hold for claims made from " +
    'now on; claims already made keep their amounts.',
})
export class SetSubsidyBudgetInput {
  @Field(() => ID, { description: 'The granting union: it pays the unions below it.' })
  unionId!: string;

  @Field(() => Int)
  @Min(2000, { message: 'year must be between 2000 and 2100' })
  @Max(2100, { message: 'year must be between 2000 and 2100' })
  year!: number;

  @Field(() => Fen)
  totalFen!: number;

  @Field(() => Fen, { nullable: true })
  unionCapFen?: number | null;

  @Field(() => [SubsidyRuleInput])
  rules!: SubsidyRuleInput[];

  @Field(() => String, { nullable: true })
  @Text(2000)
  note?: string | null;
}

@InputType()
export class ClaimSubsidyInput {
  @Field(() => ID, { description: 'A FINISHED activity, organised by a union of your subtree.' })
  activityId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The budget to claim from; absent: the year's budget of the nearest union above the organiser.",
  })
  budgetId?: string | null;

  @Field(() => String, { description: 'What shows it took place.' })
  @NameText(2000)
  evidence!: string;
}

@InputType({
  description: 'Computes a CLAIMED or REJECTED claim anew from the attendance recorded now, and claims it again.',
})
export class CorrectSubsidyClaimInput {
  @Field(() => ID)
  claimId!: string;

  @Field(() => String, { nullable: true, description: 'New evidence; absent: as it was.' })
  @Text(2000)
  evidence?: string | null;

  @Field(() => String)
  @NameText(500)
  reason!: string;
}

@InputType()
export class ApproveSubsidyClaimInput {
  @Field(() => ID)
  claimId!: string;

  @Field(() => Fen, { nullable: true, description: 'Less than claimed, with a reason; absent: the claimed amount.' })
  amountFen?: number | null;

  @Field(() => String, { nullable: true })
  @Text(500)
  reason?: string | null;
}

@InputType({ description: 'Rejects or withdraws a claim, with a reason.' })
export class SubsidyClaimReasonInput {
  @Field(() => ID)
  claimId!: string;

  @Field(() => String)
  @NameText(500)
  reason!: string;
}

@InputType()
export class PaySubsidyClaimInput {
  @Field(() => ID)
  claimId!: string;

  @Field(() => String, { nullable: true, description: 'The payment reference (voucher number…).' })
  @Text(200)
  reference?: string | null;
}
