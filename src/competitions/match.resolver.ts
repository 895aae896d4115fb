import type { EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { assertWithinSubtree } from '../auth/access.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { intArray, query, sql } from '../common/sql.js';
import { clean } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { Site } from '../sites/site.entity.js';
import { siteById } from '../sites/site.loaders.js';
import { inTransaction } from '../transaction.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { CompetitionEventType, CompetitionFormat, MatchStatus } from './competition-enums.js';
import { Competition } from './competition.entity.js';
import {
  CorrectMatchScoreInput,
  FinishMatchInput,
  RecordScoreInput,
  ScheduleMatchesInput,
} from './competition.inputs.js';
import { competitionById, competitionEntryById, matchById } from './competition.loaders.js';
import {
  assertFormat,
  assertMatchStatus,
  assertRunning,
  competitionEvent,
  competitionOfMatch,
  competitionSnapshot,
  type CompetitionWrite,
  lockCompetition,
  SNAPSHOT_MAX_ENTRIES,
  type FinishedRow,
  type LockedMatch,
  matchEventPayload,
} from './competition.rules.js';
import { MatchPayload, ScheduleMatchesPayload } from './competition.types.js';
import { Match } from './match.entity.js';

/** Locks the match's competition, then reads the match: every match write starts here. */
async function lockMatch(
  ctx: Context,
  em: EntityManager,
  globalId: string,
  field: string,
  write: CompetitionWrite,
): Promise<LockedMatch> {
  const id = decodeId(globalId, 'Match', field);
  const locked = await lockCompetition(ctx, em, await competitionOfMatch(em, id, globalId), write);
  // The same statement brings what screens show with the event (see competitionSnapshot):
  // the competition's entries and its finished matches, read under the competition's lock.
  const [row] = await query<Record<string, unknown>>(
    em,
    sql(
      `select m.*,
        (select coalesce(jsonb_agg(to_jsonb(e) order by e.id), '[]') from (select * from competition_entries where competition_id = m.competition_id limit ${SNAPSHOT_MAX_ENTRIES + 1}) e) as snapshot_entries,
        (select coalesce(jsonb_agg(jsonb_build_array(f.id, f.home_entry_id, f.away_entry_id, f.home_score, f.away_score)), '[]')
           from matches f where f.competition_id = m.competition_id and f.status = 'FINISHED') as snapshot_finished
      from matches m where m.id = ?`,
      id,
    ),
  );
  if (!row) throw new NotFoundError('Match', globalId);
  const { snapshot_entries: entries, snapshot_finished: finished, ...matchRow } = row;
  return {
    ...locked,
    match: em.map(Match, matchRow as EntityDictionary<Match>),
    entryRows: entries as Record<string, unknown>[],
    finished: finished as FinishedRow[],
  };
}

@Resolver(() => Match)
export class MatchResolver {
  @FieldResolver(() => CompetitionEntry)
  async homeEntry(@Root() match: Match, @Ctx() ctx: Context): Promise<CompetitionEntry> {
    return (await competitionEntryById(ctx).load(match.homeEntry.id))!;
  }

  @FieldResolver(() => CompetitionEntry)
  async awayEntry(@Root() match: Match, @Ctx() ctx: Context): Promise<CompetitionEntry> {
    return (await competitionEntryById(ctx).load(match.awayEntry.id))!;
  }

  @FieldResolver(() => Site, { nullable: true })
  async site(@Root() match: Match, @Ctx() ctx: Context): Promise<Site | undefined> {
    return match.site ? siteById(ctx).load(match.site.id) : undefined;
  }

  @FieldResolver(() => Competition)
  async competition(@Root() match: Match, @Ctx() ctx: Context): Promise<Competition> {
    return (await competitionById(ctx).load(match.competition.id))!;
  }

  @Mutation(() => ScheduleMatchesPayload, {
    description: 'Schedules matches in bulk (MATCHES format) between entries of this competition.',
  })
  async scheduleMatches(
    @Arg('input', () => ScheduleMatchesInput) input: ScheduleMatchesInput,
    @Ctx() ctx: Context,
  ): Promise<ScheduleMatchesPayload> {
    const id = decodeId(input.competitionId, 'Competition', 'competitionId');
    const planned = input.matches.map((m, i) => {
      const field = `matches.${i}`;
      const home = decodeId(m.homeEntryId, 'CompetitionEntry', `${field}.homeEntryId`);
      const away = decodeId(m.awayEntryId, 'CompetitionEntry', `${field}.awayEntryId`);
      if (home === away) throw new BadInputError('A match needs two different entries', `${field}.awayEntryId`);
      if (Number.isNaN(m.startsAt.getTime()))
        throw new BadInputError('startsAt is not a valid time', `${field}.startsAt`);
      const site = m.siteId ? decodeId(m.siteId, 'Site', `${field}.siteId`) : null;
      return { round: clean(m.round), home, away, startsAt: m.startsAt, site, input: m };
    });
    const ids = await inTransaction(ctx, async (em, audit) => {
      const { activity, rules } = await lockCompetition(ctx, em, id);
      assertFormat(rules, CompetitionFormat.MATCHES);
      const entryIds = planned.flatMap((m) => [m.home, m.away]);
      const owners = new Map(
        (
          await query<{ id: number; competition_id: number }>(
            em,
            sql(`select id, competition_id from competition_entries where id = any(${intArray(entryIds).text})`),
          )
        ).map((r) => [r.id, r.competition_id]),
      );
      planned.forEach((m, i) => {
        for (const [entry, globalId, side] of [
          [m.home, m.input.homeEntryId, 'homeEntryId'],
          [m.away, m.input.awayEntryId, 'awayEntryId'],
        ] as const) {
          if (!owners.has(entry)) throw new NotFoundError('CompetitionEntry', globalId);
          if (owners.get(entry) !== id)
            throw new BadInputError(`Entry ${globalId} belongs to another competition`, `matches.${i}.${side}`);
        }
      });
      const siteIds = planned.flatMap((m) => (m.site ? [m.site] : []));
      const sites = new Map(
        (
          await query<{ id: number; name: string; union_id: number }>(
            em,
            sql(`select id, name, union_id from sites where id = any(${intArray(siteIds).text})`),
          )
        ).map((s) => [s.id, s]),
      );
      const noSite = planned.find((m) => m.site && !sites.has(m.site));
      if (noSite) throw new NotFoundError('Site', String(noSite.input.siteId));
      // A match holds its site (which then cannot be deleted): only sites of unions the staff may change.
      const siteRows = [...sites.values()];
      await assertWithinSubtree(
        ctx,
        em,
        siteRows.map((s) => s.union_id),
        (union) => `The site ${siteRows.find((s) => s.union_id === union)!.name}`,
      );
      const created = planned.map((m) =>
        em.create(Match, {
          competition: em.getReference(Activity, id),
          round: m.round,
          homeEntry: em.getReference(CompetitionEntry, m.home),
          awayEntry: em.getReference(CompetitionEntry, m.away),
          startsAt: m.startsAt,
          site: m.site ? em.getReference(Site, m.site) : null,
        }),
      );
      await em.flush();
      const matchIds = created.map((m) => m.id);
      await appendEvents(em, [competitionEvent(id, CompetitionEventType.MATCHES_SCHEDULED, { matchIds })]);
      await audit({
        subjects: [toGlobalId('Competition', id), ...matchIds.map((matchId) => toGlobalId('Match', matchId))],
        unionIds: [activity.organiser.id],
      });
      return matchIds;
    });
    return {
      competition: (await competitionById(ctx).load(id))!,
      matches: (await matchById(ctx).loadMany(ids)) as Match[],
    };
  }

  @Mutation(() => MatchPayload, { description: 'SCHEDULED → LIVE at 0:0; the competition activity must be RUNNING.' })
  async startMatch(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<MatchPayload> {
    return this.change(ctx, globalId, 'id', 'change', ({ activity, match }) => {
      assertRunning(activity);
      assertMatchStatus(match, [MatchStatus.SCHEDULED], 'start');
      match.status = MatchStatus.LIVE;
      match.homeScore = 0;
      match.awayScore = 0;
      match.version += 1;
      return { type: CompetitionEventType.MATCH_STARTED };
    });
  }

  @Mutation(() => MatchPayload, {
    description:
      'Sets the absolute score of a LIVE match (the competition RUNNING). The same score again changes nothing and succeeds, ' +
      'so a retry is harmless; otherwise a stale expectedVersion answers CONFLICT.',
  })
  async recordScore(
    @Arg('input', () => RecordScoreInput) input: RecordScoreInput,
    @Ctx() ctx: Context,
  ): Promise<MatchPayload> {
    return this.change(ctx, input.matchId, 'matchId', 'change', ({ activity, match }) => {
      assertRunning(activity);
      assertMatchStatus(match, [MatchStatus.LIVE], 'score');
      if (match.homeScore === input.homeScore && match.awayScore === input.awayScore) return undefined;
      if (input.expectedVersion != null && input.expectedVersion !== match.version) {
        throw new ConflictError(
          `The score changed meanwhile: version ${match.version} is ${match.homeScore}:${match.awayScore}, not version ${input.expectedVersion}`,
        );
      }
      match.homeScore = input.homeScore;
      match.awayScore = input.awayScore;
      match.version += 1;
      return { type: CompetitionEventType.SCORE_CHANGED };
    });
  }

  @Mutation(() => MatchPayload, {
    description: 'LIVE → FINISHED, with the final score if given; the match then counts in the standings.',
  })
  async finishMatch(
    @Arg('input', () => FinishMatchInput) input: FinishMatchInput,
    @Ctx() ctx: Context,
  ): Promise<MatchPayload> {
    if ((input.homeScore == null) !== (input.awayScore == null))
      throw new BadInputError('Give both scores or neither', input.homeScore == null ? 'homeScore' : 'awayScore');
    return this.change(ctx, input.matchId, 'matchId', 'change', ({ match }) => {
      assertMatchStatus(match, [MatchStatus.LIVE], 'finish');
      if (
        input.homeScore != null &&
        input.awayScore != null &&
        (input.homeScore !== match.homeScore || input.awayScore !== match.awayScore)
      ) {
        match.homeScore = input.homeScore;
        match.awayScore = input.awayScore;
        match.version += 1;
      }
      match.status = MatchStatus.FINISHED;
      return { type: CompetitionEventType.MATCH_FINISHED };
    });
  }

  @Mutation(() => MatchPayload, { description: 'SCHEDULED or LIVE → CANCELLED; a cancelled match never counts.' })
  async cancelMatch(@Arg('id', () => ID) globalId: string, @Ctx() ctx: Context): Promise<MatchPayload> {
    return this.change(ctx, globalId, 'id', 'change', ({ match }) => {
      assertMatchStatus(match, [MatchStatus.SCHEDULED, MatchStatus.LIVE], 'cancel');
      match.status = MatchStatus.CANCELLED;
      return { type: CompetitionEventType.MATCH_CANCELLED };
    });
  }

  @Mutation(() => MatchPayload, {
    description:
      'Corrects the score of a FINISHED match, keeping the reason and the time; also once the competition is FINISHED, never once it is CANCELLED.',
  })
  async correctMatchScore(
    @Arg('input', () => CorrectMatchScoreInput) input: CorrectMatchScoreInput,
    @Ctx() ctx: Context,
  ): Promise<MatchPayload> {
    return this.change(ctx, input.matchId, 'matchId', 'correction', ({ match }) => {
      assertMatchStatus(match, [MatchStatus.FINISHED], 'correct');
      if (match.homeScore === input.homeScore && match.awayScore === input.awayScore) {
        throw new ConflictError(`The score is already ${input.homeScore}:${input.awayScore}`);
      }
      const previous = { previousHomeScore: match.homeScore, previousAwayScore: match.awayScore };
      match.homeScore = input.homeScore;
      match.awayScore = input.awayScore;
      match.version += 1;
      match.correctedAt = new Date();
      match.correctionReason = clean(input.reason);
      return { type: CompetitionEventType.SCORE_CORRECTED, extra: { ...previous, reason: match.correctionReason } };
    });
  }

  /**
   * One match change in one transaction; `apply` returns the event to write, or nothing
   * when nothing changed. `field` is the argument that holds the match id; `write` says
   * whether it is a correction (see lockCompetition).
   */
  private async change(
    ctx: Context,
    globalId: string,
    field: 'id' | 'matchId',
    write: CompetitionWrite,
    apply: (locked: LockedMatch) => { type: CompetitionEventType; extra?: Record<string, unknown> } | undefined,
  ): Promise<MatchPayload> {
    const { matchId, competitionId } = await inTransaction(ctx, async (em, audit) => {
      const locked = await lockMatch(ctx, em, globalId, field, write);
      const event = apply(locked);
      if (event) {
        await em.flush();
        const snapshot = competitionSnapshot(em, locked);
        await appendEvents(em, [
          competitionEvent(locked.activity.id, event.type, {
            ...matchEventPayload(locked.match),
            ...event.extra,
            ...(snapshot && { snapshot }),
          }),
        ]);
      }
      // Recorded even when nothing changed (a retried score): the mutation ran.
      await audit({
        subjects: [toGlobalId('Match', locked.match.id), toGlobalId('Competition', locked.activity.id)],
        unionIds: [locked.activity.organiser.id],
      });
      return { matchId: locked.match.id, competitionId: locked.activity.id };
    });
    return {
      match: (await matchById(ctx).load(matchId))!,
      competition: (await competitionById(ctx).load(competitionId))!,
    };
  }
}
