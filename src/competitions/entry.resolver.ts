import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { assertWithinSubtree } from '../auth/access.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { intArray, query, sql } from '../common/sql.js';
import { clean, cleanList } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import { appendEvents } from '../live/event-log.js';
import { inTransaction } from '../transaction.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { CompetitionEventType } from './competition-enums.js';
import { Competition } from './competition.entity.js';
import { RegisterEntriesInput } from './competition.inputs.js';
import { competitionById, competitionEntryById } from './competition.loaders.js';
import { competitionEvent, lockCompetition } from './competition.rules.js';
import { RegisterEntriesPayload } from './competition.types.js';

@Resolver(() => CompetitionEntry)
export class CompetitionEntryResolver {
  @FieldResolver(() => Union, { description: 'The union the entry comes from.' })
  async union(@Root() entry: CompetitionEntry, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(entry.union.id))!;
  }

  @FieldResolver(() => Competition)
  async competition(@Root() entry: CompetitionEntry, @Ctx() ctx: Context): Promise<Competition> {
    return (await competitionById(ctx).load(entry.competition.id))!;
  }

  @Mutation(() => RegisterEntriesPayload, {
    description: 'Registers teams or contestants in bulk, until the competition is FINISHED or CANCELLED.',
  })
  async registerEntries(
    @Arg('input', () => RegisterEntriesInput) input: RegisterEntriesInput,
    @Ctx() ctx: Context,
  ): Promise<RegisterEntriesPayload> {
    const id = decodeId(input.competitionId, 'Competition', 'competitionId');
    const entries = input.entries.map((e, i) => ({
      name: clean(e.name),
      union: decodeId(e.unionId, 'Union', `entries.${i}.unionId`),
      unionGlobalId: e.unionId,
      members: cleanList(e.members),
    }));
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.name)) throw new BadInputError(`"${e.name}" appears twice`, `entries.${i}.name`);
      seen.add(e.name);
    });
    const ids = await inTransaction(ctx, async (em, audit) => {
      const { activity } = await lockCompetition(ctx, em, id);
      const taken = await query<{ name: string }>(
        em,
        sql(
          'select name from competition_entries where competition_id = ? and name in (select jsonb_array_elements_text(?::jsonb))',
          id,
          JSON.stringify([...seen]),
        ),
      );
      if (taken.length) throw new ConflictError(`Already registered: ${taken.map((t) => t.name).join('、')}`);
      const unions = new Set(
        (
          await query<{ id: number }>(
            em,
            sql(`select id from unions where id = any(${intArray(entries.map((e) => e.union)).text})`),
          )
        ).map((u) => u.id),
      );
      const missing = entries.find((e) => !unions.has(e.union));
      if (missing) throw new NotFoundError('Union', missing.unionGlobalId);
      // An entry holds its union (which then cannot be deleted): only unions the staff may change.
      await assertWithinSubtree(
        ctx,
        em,
        entries.map((e) => e.union),
        (union) => `The union of entry "${entries.find((e) => e.union === union)!.name}"`,
      );
      const created = entries.map((e) =>
        em.create(CompetitionEntry, {
          competition: em.getReference(Activity, id),
          name: e.name,
          union: em.getReference(Union, e.union),
          members: e.members,
        }),
      );
      await em.flush();
      const entryIds = created.map((e) => e.id);
      await appendEvents(em, [competitionEvent(id, CompetitionEventType.ENTRIES_REGISTERED, { entryIds })]);
      await audit({
        subjects: [
          toGlobalId('Competition', id),
          ...entryIds.map((entryId) => toGlobalId('CompetitionEntry', entryId)),
        ],
        unionIds: [activity.organiser.id],
      });
      return entryIds;
    });
    return {
      competition: (await competitionById(ctx).load(id))!,
      entries: (await competitionEntryById(ctx).loadMany(ids)) as CompetitionEntry[],
    };
  }
}
