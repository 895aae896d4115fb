import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { ActivityStatus } from '../activities/activity-enums.js';
import { activityById } from '../activities/activity.loaders.js';
import { decodeId } from '../common/relay.js';
import { toEntity } from '../common/rows.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseCursor, type LiveEvent } from '../live/event-reader.js';
import { AFTER_DESCRIPTION } from '../live/logged-event.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { FINAL_COMPETITION_EVENTS } from './competition-enums.js';
import { Competition } from './competition.entity.js';
import { CompetitionEvent } from './competition.events.js';
import { competitionById, competitionEntryById, matchById, standingsByCompetition } from './competition.loaders.js';
import type { CompetitionSnapshot } from './competition.rules.js';
import { Standing } from './competition.types.js';
import { Match } from './match.entity.js';

const primed = new WeakSet<LiveEvent>();

/**
 * A live event at the head of the log carries the match, the entries and the standings as
 * its commit left them, which is how they stand now: the event's shared loaders start
 * with them, so resolving `match`, `standings` and their entries' names reads nothing.
 * Replayed events and events a later one already superseded load the state as it stands.
 */
function primeFromSnapshot(ctx: Context, event: LiveEvent): void {
  const snapshot = event.payload.snapshot as CompetitionSnapshot | undefined;
  if (!event.current || !snapshot || primed.has(event)) return;
  primed.add(event);
  const entries = new Map<number, CompetitionEntry>();
  for (const row of snapshot.entries) {
    const entry = toEntity(ctx.em, CompetitionEntry, row);
    entries.set(entry.id, entry);
    competitionEntryById(ctx).prime(entry.id, entry);
  }
  const match = toEntity(ctx.em, Match, snapshot.match);
  matchById(ctx).prime(match.id, match);
  standingsByCompetition(ctx).prime(
    event.subjectId,
    snapshot.standings.map(({ entryId, ...r }) => ({
      ...r,
      entry: entries.get(entryId)!,
      scoreDifference: r.scoreFor - r.scoreAgainst,
      roundScores: [],
      total: null,
      bestRound: null,
    })),
  );
}

interface UpdatedArgs {
  competitionId: string;
  after?: string | null;
}

@Resolver(() => CompetitionEvent)
export class CompetitionSubscriptionResolver {
  @Subscription(() => CompetitionEvent, {
    description:
      "Every committed change to a competition — entries, schedule, match states, live scores, judges' scores, corrections — " +
      'in commit order, with the standings as they stand. It completes after CANCELLED or DELETED, the last event of a ' +
      'competition (at once for one already cancelled, after replaying what follows `after`). Over graphql-ws only.',
    subscribe: async ({ args, context }: { args: UpdatedArgs; context: Context }) => {
      const id = decodeId(args.competitionId, 'Competition', 'competitionId');
      if (!(await competitionById(context).load(id))) throw new NotFoundError('Competition', args.competitionId);
      const stream = await context.events.subscribe({ topic: 'competition', subjectId: id }, parseCursor(args.after), {
        last: FINAL_COMPETITION_EVENTS,
      });
      // Read once the stream is in place: a cancellation that committed before it started
      // is in the log (replayed with an earlier `after`) and nothing will follow it.
      if ((await activityById(context).load(id))?.status === ActivityStatus.CANCELLED) stream.endWhenDrained();
      return stream;
    },
  })
  competitionUpdated(
    @Arg('competitionId', () => ID) _competitionId: string,
    @Arg('after', () => String, { nullable: true, description: AFTER_DESCRIPTION })
    _after: string | null,
    @Root() event: LiveEvent,
    @Ctx() ctx: Context,
  ): CompetitionEvent {
    primeFromSnapshot(ctx, event);
    return new CompetitionEvent(event);
  }

  @FieldResolver(() => Competition, {
    nullable: true,
    description: 'As it stands now; null once the activity is deleted.',
  })
  async competition(@Root() event: CompetitionEvent, @Ctx() ctx: Context): Promise<Competition | undefined> {
    return competitionById(ctx).load(event.event.subjectId);
  }

  @FieldResolver(() => Match, { nullable: true, description: 'Match events: the match as it stands now.' })
  async match(@Root() event: CompetitionEvent, @Ctx() ctx: Context): Promise<Match | undefined> {
    return event.matchDbId === undefined ? undefined : matchById(ctx).load(event.matchDbId);
  }

  @FieldResolver(() => CompetitionEntry, { nullable: true, description: 'Judge events: the entry scored.' })
  async entry(@Root() event: CompetitionEvent, @Ctx() ctx: Context): Promise<CompetitionEntry | undefined> {
    return event.entryDbId === undefined ? undefined : competitionEntryById(ctx).load(event.entryDbId);
  }

  @FieldResolver(() => [Standing], {
    description: 'The standings as they stand now (see Standing for the tie-breaks).',
  })
  async standings(@Root() event: CompetitionEvent, @Ctx() ctx: Context): Promise<Standing[]> {
    return standingsByCompetition(ctx).load(event.event.subjectId);
  }
}
