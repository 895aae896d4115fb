import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../common/relay.js';
import { LoggedEvent } from '../live/logged-event.js';
import { CompetitionEventType, MatchStatus } from './competition-enums.js';

@ObjectType({ description: "One judge's score, as recorded by the event." })
export class JudgeScoreValue {
  @Field(() => String) judge!: string;
  @Field(() => Float) score!: number;
}

const optional = <T>(value: unknown): T | null => (value === undefined ? null : (value as T));

@ObjectType({
  description:
    'A change to a competition. The scalar fields are as of that commit (a replayed event shows the score it had then); ' +
    '`competition`, `match`, `entry` and `standings` are as they stand now.',
})
export class CompetitionEvent extends LoggedEvent {
  private get payload(): Record<string, unknown> {
    return this.event.payload;
  }

  @Field(() => CompetitionEventType)
  get type(): CompetitionEventType {
    return this.event.type as CompetitionEventType;
  }

  @Field(() => ID)
  get competitionId(): string {
    return toGlobalId('Competition', this.event.subjectId);
  }

  @Field(() => ID, { nullable: true, description: 'The match of a match event.' })
  get matchId(): string | null {
    return this.payload.matchId == null ? null : toGlobalId('Match', Number(this.payload.matchId));
  }

  @Field(() => Int, { nullable: true, description: 'Match events: the home score then.' })
  get homeScore(): number | null {
    return optional(this.payload.homeScore);
  }

  @Field(() => Int, { nullable: true, description: 'Match events: the away score then.' })
  get awayScore(): number | null {
    return optional(this.payload.awayScore);
  }

  @Field(() => MatchStatus, { nullable: true, description: 'Match events: the match status then.' })
  get matchStatus(): MatchStatus | null {
    return optional(this.payload.status);
  }

  @Field(() => Int, { nullable: true, description: 'Match events: the match version then.' })
  get matchVersion(): number | null {
    return optional(this.payload.version);
  }

  @Field(() => Int, { nullable: true, description: 'SCORE_CORRECTED: the home score before the correction.' })
  get previousHomeScore(): number | null {
    return optional(this.payload.previousHomeScore);
  }

  @Field(() => Int, { nullable: true, description: 'SCORE_CORRECTED: the away score before the correction.' })
  get previousAwayScore(): number | null {
    return optional(this.payload.previousAwayScore);
  }

  @Field(() => String, { nullable: true, description: 'Corrections and CANCELLED: why.' })
  get reason(): string | null {
    return optional(this.payload.reason);
  }

  @Field(() => Int, { nullable: true, description: 'Judge events: the round.' })
  get judgeRound(): number | null {
    return this.payload.entryId == null ? null : optional(this.payload.round);
  }

  @Field(() => [JudgeScoreValue], {
    nullable: true,
    description:
      'Judge events: the scores recorded (JUDGE_SCORES_RECORDED) or the corrected one (JUDGE_SCORE_CORRECTED).',
  })
  get judgeScores(): JudgeScoreValue[] | null {
    if (Array.isArray(this.payload.scores)) return this.payload.scores as JudgeScoreValue[];
    if (this.payload.judge != null) return [{ judge: String(this.payload.judge), score: Number(this.payload.score) }];
    return null;
  }

  @Field(() => Float, { nullable: true, description: 'JUDGE_SCORE_CORRECTED: the score before the correction.' })
  get previousScore(): number | null {
    return optional(this.payload.previousScore);
  }

  /** Entry of a judge event, database id. */
  get entryDbId(): number | undefined {
    return this.payload.entryId == null ? undefined : Number(this.payload.entryId);
  }

  /** Match of a match event, database id. */
  get matchDbId(): number | undefined {
    return this.payload.matchId == null ? undefined : Number(this.payload.matchId);
  }
}
