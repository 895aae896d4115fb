import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ActivityKind } from '../activities/activity-enums.js';
import { Activity } from '../activities/activity.entity.js';
import { activityById } from '../activities/activity.loaders.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { inTransaction } from '../transaction.js';
import { CompetitionEventType, CompetitionFormat, MatchStatus } from './competition-enums.js';
import { Competition } from './competition.entity.js';
import { SetCompetitionRulesInput } from './competition.inputs.js';
import { competitionById, entryPage, judgeScoresOf, matchPage, standingsByCompetition } from './competition.loaders.js';
import { competitionEvent, lockCompetition } from './competition.rules.js';
import { CompetitionEntryConnection, CompetitionPayload, MatchConnection, Standing } from './competition.types.js';
import { JudgeScore } from './judge-score.entity.js';

/** `Activity.competition`: the rules and results of a COMPETITION activity. */
@Resolver(() => Activity)
export class ActivityCompetitionResolver {
  @FieldResolver(() => Competition, {
    nullable: true,
    description: 'Entries, matches or judge scores, and standings; null unless kind is COMPETITION.',
  })
  async competition(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Competition | undefined> {
    return activity.kind === ActivityKind.COMPETITION ? competitionById(ctx).load(activity.id) : undefined;
  }
}

@Resolver(() => Competition)
export class CompetitionResolver {
  @Query(() => Competition, {
    nullable: true,
    description: 'A competition by its Competition id; null when there is none.',
  })
  async competition(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Competition | undefined> {
    return competitionById(ctx).load(decodeId(id, 'Competition'));
  }

  @FieldResolver(() => Activity, { description: 'The COMPETITION activity: title, organiser, site, schedule, status.' })
  async activity(@Root() competition: Competition, @Ctx() ctx: Context): Promise<Activity> {
    return (await activityById(ctx).load(competition.id))!;
  }

  @FieldResolver(() => CompetitionEntryConnection, { description: 'Teams or contestants in registration order.' })
  async entries(
    @Root() competition: Competition,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return CompetitionEntryConnection.of(await entryPage(ctx, competition.id, pageRequest(page, ctx, info)));
  }

  @FieldResolver(() => MatchConnection, {
    description: 'Matches by start time, then id (MATCHES format; empty otherwise).',
  })
  async matches(
    @Root() competition: Competition,
    @Arg('status', () => [MatchStatus], { nullable: true, description: 'Only matches in one of these statuses.' })
    status: MatchStatus[] | null,
    @Arg('round', () => String, { nullable: true, description: 'Only matches of this round label.' })
    round: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (round != null && round.length > 100) throw new BadInputError('round must be at most 100 characters', 'round');
    return MatchConnection.of(
      await matchPage(ctx, competition.id, { statuses: status, round }, pageRequest(page, ctx, info)),
    );
  }

  @FieldResolver(() => [Standing], { description: 'Every entry ranked; see Standing for the tie-breaks.' })
  async standings(@Root() competition: Competition, @Ctx() ctx: Context): Promise<Standing[]> {
    return standingsByCompetition(ctx).load(competition.id);
  }

  @FieldResolver(() => [JudgeScore], {
    description: 'Judge scores by round, entry and judge (JUDGED format; empty otherwise).',
  })
  async judgeScores(
    @Root() competition: Competition,
    @Arg('entryId', () => ID, { nullable: true }) entryId: string | null,
    @Arg('round', () => Int, { nullable: true }) round: number | null,
    @Ctx() ctx: Context,
  ): Promise<JudgeScore[]> {
    const entry = entryId ? decodeId(entryId, 'CompetitionEntry', 'entryId') : undefined;
    return judgeScoresOf(ctx, competition.id, { entry, round });
  }

  @Mutation(() => CompetitionPayload, {
    description: 'Sets format and points; only before any match has started and any judge has scored.',
  })
  async setCompetitionRules(
    @Arg('input', () => SetCompetitionRulesInput) input: SetCompetitionRulesInput,
    @Ctx() ctx: Context,
  ): Promise<CompetitionPayload> {
    const id = decodeId(input.competitionId, 'Competition', 'competitionId');
    for (const field of ['format', 'pointsForWin', 'pointsForDraw', 'pointsForLoss', 'dropHighestAndLowest'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    await inTransaction(ctx, async (em, audit) => {
      const { activity, rules } = await lockCompetition(ctx, em, id);
      const [state] = await query<{ results: boolean; matches: boolean }>(
        em,
        sql(
          `select exists (select 1 from matches where competition_id = ? and home_score is not null)
            or exists (select 1 from judge_scores where competition_id = ?) as results,
          exists (select 1 from matches where competition_id = ?) as matches`,
          id,
          id,
          id,
        ),
      );
      if (state.results) throw new ConflictError('Results exist already: the rules can no longer change');
      const next = {
        format: input.format ?? rules.format,
        pointsForWin: input.pointsForWin ?? rules.pointsForWin,
        pointsForDraw: input.pointsForDraw ?? rules.pointsForDraw,
        pointsForLoss: input.pointsForLoss ?? rules.pointsForLoss,
        dropHighestAndLowest: input.dropHighestAndLowest ?? rules.dropHighestAndLowest,
      };
      if (!(next.pointsForWin >= next.pointsForDraw && next.pointsForDraw >= next.pointsForLoss)) {
        // Name the field of the broken pair that the request gave.
        const [high, low] =
          next.pointsForWin < next.pointsForDraw
            ? (['pointsForWin', 'pointsForDraw'] as const)
            : (['pointsForDraw', 'pointsForLoss'] as const);
        throw new BadInputError(
          'Points must satisfy pointsForWin ≥ pointsForDraw ≥ pointsForLoss',
          input[high] != null ? high : low,
        );
      }
      if (next.format === CompetitionFormat.JUDGED && state.matches)
        throw new ConflictError('The competition has matches scheduled: it cannot become JUDGED');
      await em.execute(
        `insert into competitions (activity_id, format, points_for_win, points_for_draw, points_for_loss, drop_highest_and_lowest)
         values (?, ?, ?, ?, ?, ?)
         on conflict (activity_id) do update set format = excluded.format, points_for_win = excluded.points_for_win,
           points_for_draw = excluded.points_for_draw, points_for_loss = excluded.points_for_loss,
           drop_highest_and_lowest = excluded.drop_highest_and_lowest, updated_at = now()`,
        [id, next.format, next.pointsForWin, next.pointsForDraw, next.pointsForLoss, next.dropHighestAndLowest],
      );
      await appendEvents(em, [competitionEvent(id, CompetitionEventType.RULES_CHANGED, {})]);
      await audit({ subjects: [toGlobalId('Competition', id)], unionIds: [activity.organiser.id] });
    });
    return { competition: (await competitionById(ctx).load(id))! };
  }
}
