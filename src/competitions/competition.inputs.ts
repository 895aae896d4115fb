import { ArrayMaxSize, ArrayMinSize, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { NameText, PlausibleTime, ShortList } from '../common/validation.js';
import { CompetitionFormat } from './competition-enums.js';

/** Bulk mutations take at most this many items at once. */
const BULK_MAX = 200;
const MAX_SCORE = 9999;

const Score =
  (field: string): PropertyDecorator =>
  (target, key) => {
    Min(0, { message: `${field} must not be negative` })(target, key);
    Max(MAX_SCORE, { message: `${field} must be at most ${MAX_SCORE}` })(target, key);
  };

@InputType({
  description: 'Fields left out stay as they are. Refused once any match has started or any judge has scored.',
})
export class SetCompetitionRulesInput {
  @Field(() => ID) competitionId!: string;

  @Field(() => CompetitionFormat, { nullable: true }) format?: CompetitionFormat | null;

  @Field(() => Int, { nullable: true, description: 'pointsForWin ≥ pointsForDraw ≥ pointsForLoss, each 0–100.' })
  @Min(0, { message: 'points must not be negative' })
  @Max(100, { message: 'points must be at most 100' })
  pointsForWin?: number | null;

  @Field(() => Int, { nullable: true })
  @Min(0, { message: 'points must not be negative' })
  @Max(100, { message: 'points must be at most 100' })
  pointsForDraw?: number | null;

  @Field(() => Int, { nullable: true })
  @Min(0, { message: 'points must not be negative' })
  @Max(100, { message: 'points must be at most 100' })
  pointsForLoss?: number | null;

  @Field(() => Boolean, { nullable: true }) dropHighestAndLowest?: boolean | null;
}

@InputType()
export class EntryInput {
  @Field(() => String, { description: 'Team or contestant name, unique within the competition.' })
  @NameText(200)
  name!: string;

  @Field(() => ID, { description: 'The union the entry comes from.' }) unionId!: string;

  @Field(() => [String], { nullable: true, description: 'Players or performers, at most 50.' })
  @ShortList(50, 100)
  members?: string[] | null;
}

@InputType()
export class RegisterEntriesInput {
  @Field(() => ID) competitionId!: string;

  @Field(() => [EntryInput], { description: `1 to ${BULK_MAX} entries.` })
  @ArrayMinSize(1, { message: 'entries must not be empty' })
  @ArrayMaxSize(BULK_MAX, { message: `entries may hold at most ${BULK_MAX} items` })
  @ValidateNested({ each: true })
  entries!: EntryInput[];
}

@InputType()
export class ScheduleMatchInput {
  @Field(() => String, { description: 'Round label, e.g. "小组赛 A 组第1轮".' })
  @NameText(100)
  round!: string;

  @Field(() => ID) homeEntryId!: string;
  @Field(() => ID) awayEntryId!: string;
  @Field(() => Date) @PlausibleTime() startsAt!: Date;
  @Field(() => ID, { nullable: true }) siteId?: string | null;
}

@InputType()
export class ScheduleMatchesInput {
  @Field(() => ID) competitionId!: string;

  @Field(() => [ScheduleMatchInput], { description: `1 to ${BULK_MAX} matches.` })
  @ArrayMinSize(1, { message: 'matches must not be empty' })
  @ArrayMaxSize(BULK_MAX, { message: `matches may hold at most ${BULK_MAX} items` })
  @ValidateNested({ each: true })
  matches!: ScheduleMatchInput[];
}

@InputType({ description: 'Absolute scores, so sending the same again changes nothing.' })
export class RecordScoreInput {
  @Field(() => ID) matchId!: string;
  @Field(() => Int) @Score('homeScore') homeScore!: number;
  @Field(() => Int) @Score('awayScore') awayScore!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'The version the scorer saw; a different current version answers CONFLICT.',
  })
  expectedVersion?: number | null;
}

@InputType({ description: 'Give both scores or neither (keep the live score).' })
export class FinishMatchInput {
  @Field(() => ID) matchId!: string;
  @Field(() => Int, { nullable: true }) @Score('homeScore') homeScore?: number | null;
  @Field(() => Int, { nullable: true }) @Score('awayScore') awayScore?: number | null;
}

@InputType()
export class CorrectMatchScoreInput {
  @Field(() => ID) matchId!: string;
  @Field(() => Int) @Score('homeScore') homeScore!: number;
  @Field(() => Int) @Score('awayScore') awayScore!: number;

  @Field(() => String, { description: 'Why, e.g. "记分员录入错误"; kept with the match.' })
  @NameText(500)
  reason!: string;
}

@InputType()
export class JudgeScoreInput {
  @Field(() => String, { description: "The judge's name." })
  @NameText(100)
  judge!: string;

  @Field(() => Float, { description: '0 to 100, at most two decimals.' })
  @Min(0, { message: 'score must be between 0 and 100' })
  @Max(100, { message: 'score must be between 0 and 100' })
  score!: number;
}

@InputType()
export class RecordJudgeScoresInput {
  @Field(() => ID) competitionId!: string;
  @Field(() => ID) entryId!: string;

  @Field(() => Int, { description: 'From 1.' })
  @Min(1, { message: 'round must be at least 1' })
  @Max(100, { message: 'round must be at most 100' })
  round!: number;

  @Field(() => [JudgeScoreInput], { description: 'One score per judge, at most 50.' })
  @ArrayMinSize(1, { message: 'scores must not be empty' })
  @ArrayMaxSize(50, { message: 'scores may hold at most 50 items' })
  @ValidateNested({ each: true })
  scores!: JudgeScoreInput[];
}

@InputType()
export class CorrectJudgeScoreInput {
  @Field(() => ID) competitionId!: string;
  @Field(() => ID) entryId!: string;

  @Field(() => Int)
  @Min(1, { message: 'round must be at least 1' })
  round!: number;

  @Field(() => String)
  @MaxLength(100, { message: 'judge must be at most 100 characters' })
  judge!: string;

  @Field(() => Float)
  @Min(0, { message: 'score must be between 0 and 100' })
  @Max(100, { message: 'score must be between 0 and 100' })
  score!: number;

  @Field(() => String)
  @NameText(500)
  reason!: string;
}
