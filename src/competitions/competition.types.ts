import { Field, Float, Int, ObjectType } from 'type-graphql';
import { connectionOf } from '../common/relay.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { Competition } from './competition.entity.js';
import { JudgeScore } from './judge-score.entity.js';
import { Match } from './match.entity.js';

export const CompetitionEntryConnection = connectionOf(CompetitionEntry);
export const MatchConnection = connectionOf(Match);

@ObjectType({
  description:
    "One line of a competition's table. MATCHES: only FINISHED matches count; order by points, score difference, scores for, " +
    'wins (all descending), then name; entries equal on points, difference, scores for and wins share a rank. ' +
    'JUDGED: order by total, then best single round (descending), then name; equal total and best round share a rank.',
})
export class Standing {
  @Field(() => Int, { description: 'Equal entries share a rank; the next rank skips (1, 2, 2, 4).' }) rank!: number;
  @Field(() => CompetitionEntry) entry!: CompetitionEntry;
  @Field(() => Int, { description: 'MATCHES: finished matches played; 0 in JUDGED.' }) played!: number;
  @Field(() => Int) won!: number;
  @Field(() => Int) drawn!: number;
  @Field(() => Int) lost!: number;
  @Field(() => Int) scoreFor!: number;
  @Field(() => Int) scoreAgainst!: number;
  @Field(() => Int) scoreDifference!: number;
  @Field(() => Int, {
    description: 'MATCHES: won × pointsForWin + drawn × pointsForDraw + lost × pointsForLoss; 0 in JUDGED.',
  })
  points!: number;
  @Field(() => [Float], {
    description:
      'JUDGED: the score of each round, index 0 = round 1, up to the last round anyone was scored in; 0 where this entry has no score yet. ' +
      "A round score is the mean of its judges' scores, after dropping the highest and the lowest when dropHighestAndLowest is on and at least 3 judges scored, rounded half up to 2 decimals. Empty in MATCHES.",
  })
  roundScores!: number[];
  @Field(() => Float, { nullable: true, description: 'JUDGED: sum of roundScores; null in MATCHES.' }) total!:
    number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'JUDGED: the best single round score, the first tie-break; null in MATCHES.',
  })
  bestRound!: number | null;
}

@ObjectType({ description: "The competition's rules as they now stand." })
export class CompetitionPayload {
  @Field(() => Competition) competition!: Competition;
}

@ObjectType({ description: 'The entries just registered, in the order given.' })
export class RegisterEntriesPayload {
  @Field(() => Competition) competition!: Competition;
  @Field(() => [CompetitionEntry]) entries!: CompetitionEntry[];
}

@ObjectType({ description: 'The matches just scheduled, in the order given.' })
export class ScheduleMatchesPayload {
  @Field(() => Competition) competition!: Competition;
  @Field(() => [Match]) matches!: Match[];
}

@ObjectType({ description: 'A match as it now stands, with its competition (for the new standings).' })
export class MatchPayload {
  @Field(() => Match) match!: Match;
  @Field(() => Competition) competition!: Competition;
}

@ObjectType({ description: 'All judge scores of the entry in that round as they now stand, with the competition.' })
export class JudgeScoresPayload {
  @Field(() => [JudgeScore]) scores!: JudgeScore[];
  @Field(() => CompetitionEntry) entry!: CompetitionEntry;
  @Field(() => Competition) competition!: Competition;
}
