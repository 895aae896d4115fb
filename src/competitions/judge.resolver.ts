import type { EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import type { AuditSubjects } from '../audit/audit-log.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import { clean } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { inTransaction } from '../transaction.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { CompetitionEventType, CompetitionFormat } from './competition-enums.js';
import { CorrectJudgeScoreInput, RecordJudgeScoresInput } from './competition.inputs.js';
import { competitionById, competitionEntryById, judgeScoresOf } from './competition.loaders.js';
import { assertFormat, assertRunning, competitionEvent, lockCompetition, toHundredths } from './competition.rules.js';
import { JudgeScoresPayload } from './competition.types.js';
import { JudgeScore } from './judge-score.entity.js';

/** NOT_FOUND for no such entry; BAD_USER_INPUT for an entry of another competition. */
async function assertEntryOf(
  em: EntityManager,
  competitionId: number,
  entryId: number,
  globalId: string,
): Promise<void> {
  const [row] = await query<{ competition_id: number }>(
    em,
    sql('select competition_id from competition_entries where id = ?', entryId),
  );
  if (!row) throw new NotFoundError('CompetitionEntry', globalId);
  if (row.competition_id !== competitionId)
    throw new BadInputError(`Entry ${globalId} belongs to another competition`, 'entryId');
}

/** Judges' scores are recorded against an entry of a competition; the organiser's subtree owns them. */
function judgedSubjects(competition: Activity, entryId: number): AuditSubjects {
  return {
    subjects: [toGlobalId('Competition', competition.id), toGlobalId('CompetitionEntry', entryId)],
    unionIds: [competition.organiser.id],
  };
}

@Resolver(() => JudgeScore)
export class JudgeScoreResolver {
  @FieldResolver(() => CompetitionEntry)
  async entry(@Root() score: JudgeScore, @Ctx() ctx: Context): Promise<CompetitionEntry> {
    return (await competitionEntryById(ctx).load(score.entry.id))!;
  }

  @Mutation(() => JudgeScoresPayload, {
    description:
      "Records judges' scores for an entry in a round (JUDGED format, competition RUNNING). A judge who already scored it answers CONFLICT: use correctJudgeScore.",
  })
  async recordJudgeScores(
    @Arg('input', () => RecordJudgeScoresInput) input: RecordJudgeScoresInput,
    @Ctx() ctx: Context,
  ): Promise<JudgeScoresPayload> {
    const id = decodeId(input.competitionId, 'Competition', 'competitionId');
    const entryId = decodeId(input.entryId, 'CompetitionEntry', 'entryId');
    const scores = input.scores.map((s, i) => ({
      judge: clean(s.judge),
      hundredths: toHundredths(s.score, `scores.${i}.score`),
    }));
    const judges = new Set<string>();
    scores.forEach((s, i) => {
      if (judges.has(s.judge)) throw new BadInputError(`Judge "${s.judge}" appears twice`, `scores.${i}.judge`);
      judges.add(s.judge);
    });
    await inTransaction(ctx, async (em, audit) => {
      const { activity, rules } = await lockCompetition(ctx, em, id);
      assertFormat(rules, CompetitionFormat.JUDGED);
      assertRunning(activity);
      await assertEntryOf(em, id, entryId, input.entryId);
      const done = await query<{ judge: string }>(
        em,
        sql(
          'select judge from judge_scores where entry_id = ? and round = ? and judge in (select jsonb_array_elements_text(?::jsonb)) order by judge',
          entryId,
          input.round,
          JSON.stringify([...judges]),
        ),
      );
      if (done.length) {
        throw new ConflictError(
          `Already scored this entry in round ${input.round}: ${done.map((d) => d.judge).join('、')}; use correctJudgeScore to change a score`,
        );
      }
      for (const s of scores) {
        em.create(JudgeScore, {
          competition: em.getReference(Activity, id),
          entry: em.getReference(CompetitionEntry, entryId),
          round: input.round,
          judge: s.judge,
          score: s.hundredths / 100,
        });
      }
      await em.flush();
      const payload = {
        entryId,
        round: input.round,
        scores: scores.map((s) => ({ judge: s.judge, score: s.hundredths / 100 })),
      };
      await appendEvents(em, [competitionEvent(id, CompetitionEventType.JUDGE_SCORES_RECORDED, payload)]);
      await audit(judgedSubjects(activity, entryId));
    });
    return this.payload(ctx, id, entryId, input.round);
  }

  @Mutation(() => JudgeScoresPayload, {
    description:
      "Changes one judge's recorded score, keeping the reason and the time; also once the competition is FINISHED, never once it is CANCELLED.",
  })
  async correctJudgeScore(
    @Arg('input', () => CorrectJudgeScoreInput) input: CorrectJudgeScoreInput,
    @Ctx() ctx: Context,
  ): Promise<JudgeScoresPayload> {
    const id = decodeId(input.competitionId, 'Competition', 'competitionId');
    const entryId = decodeId(input.entryId, 'CompetitionEntry', 'entryId');
    const hundredths = toHundredths(input.score, 'score');
    const judge = clean(input.judge);
    await inTransaction(ctx, async (em, audit) => {
      const { activity, rules } = await lockCompetition(ctx, em, id, 'correction');
      assertFormat(rules, CompetitionFormat.JUDGED);
      await assertEntryOf(em, id, entryId, input.entryId);
      const [row] = await query<EntityDictionary<JudgeScore>>(
        em,
        sql('select * from judge_scores where entry_id = ? and round = ? and judge = ?', entryId, input.round, judge),
      );
      if (!row) throw new NotFoundError('JudgeScore', `${judge} / round ${input.round}`);
      const score = em.map(JudgeScore, row);
      const previousScore = score.score;
      if (Math.round(previousScore * 100) === hundredths)
        throw new ConflictError(`The score is already ${previousScore}`);
      score.score = hundredths / 100;
      score.correctedAt = new Date();
      score.correctionReason = clean(input.reason);
      await em.flush();
      const payload = {
        entryId,
        round: input.round,
        judge,
        score: score.score,
        previousScore,
        reason: score.correctionReason,
      };
      await appendEvents(em, [competitionEvent(id, CompetitionEventType.JUDGE_SCORE_CORRECTED, payload)]);
      await audit(judgedSubjects(activity, entryId));
    });
    return this.payload(ctx, id, entryId, input.round);
  }

  private async payload(
    ctx: Context,
    competitionId: number,
    entryId: number,
    round: number,
  ): Promise<JudgeScoresPayload> {
    const [competition, entry, scores] = await Promise.all([
      competitionById(ctx).load(competitionId),
      competitionEntryById(ctx).load(entryId),
      judgeScoresOf(ctx, competitionId, { entry: entryId, round }),
    ]);
    return { competition: competition!, entry: entry!, scores };
  }
}
