import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertWithinSubtree } from '../auth/access.js';
import { findOrFail } from '../common/find-or-fail.js';
import { decodeId, toGlobalId } from '../common/relay.js';
import { clean } from '../common/validation.js';
import type { Context } from '../context.js';
import { BadInputError, ConflictError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { ClubHonour, ClubHonourCorrection } from './club-honour.entity.js';
import { Club } from './club.entity.js';
import { CorrectClubHonourInput, RecordClubHonourInput } from './club.inputs.js';
import { clubById, correctionsOf, honourById } from './club.loaders.js';
import { ClubHonourPayload } from './club.types.js';

@Resolver(() => ClubHonour)
export class ClubHonourResolver {
  @FieldResolver(() => Club)
  async club(@Root() honour: ClubHonour, @Ctx() ctx: Context): Promise<Club> {
    return (await clubById(ctx).load(honour.club.id))!;
  }

  @FieldResolver(() => [ClubHonourCorrection], { description: 'Every correction, oldest first: what it said before.' })
  async corrections(@Root() honour: ClubHonour, @Ctx() ctx: Context): Promise<ClubHonourCorrection[]> {
    return correctionsOf(ctx).load(honour.id);
  }

  @Mutation(() => ClubHonourPayload, {
    description: "Records an honour a club won; staff of the club's union's subtree.",
  })
  async recordClubHonour(
    @Arg('input', () => RecordClubHonourInput) input: RecordClubHonourInput,
    @Ctx() ctx: Context,
  ): Promise<ClubHonourPayload> {
    const clubId = decodeId(input.clubId, 'Club', 'clubId');
    const honour = await inTransaction(ctx, async (em, audit) => {
      const club = await findOrFail(em, Club, clubId);
      await assertWithinSubtree(ctx, em, [club.union.id], 'The club');
      const created = em.create(ClubHonour, {
        club,
        level: input.level,
        title: clean(input.title),
        year: input.year,
        awardedBy: clean(input.awardedBy) || null,
      });
      await em.flush();
      await audit({ subjects: [toGlobalId('ClubHonour', created.id), input.clubId], unionIds: [club.union.id] });
      return created;
    });
    return { honour: (await honourById(ctx).load(honour.id))! };
  }

  @Mutation(() => ClubHonourPayload, {
    description:
      'Corrects an honour, or withdraws one recorded by mistake (`withdrawn: true`), with a reason; what it said ' +
      "before is kept in `corrections`. Honours are never deleted. Staff of the club's union's subtree.",
  })
  async correctClubHonour(
    @Arg('input', () => CorrectClubHonourInput) input: CorrectClubHonourInput,
    @Ctx() ctx: Context,
  ): Promise<ClubHonourPayload> {
    const id = decodeId(input.id, 'ClubHonour');
    for (const field of ['level', 'title', 'year', 'withdrawn'] as const) {
      if (input[field] === null) throw new BadInputError(`${field} cannot be cleared`, field);
    }
    await inTransaction(ctx, async (em, audit) => {
      const honour = await findOrFail(em, ClubHonour, id, { lock: true });
      const club = await findOrFail(em, Club, honour.club.id);
      await assertWithinSubtree(ctx, em, [club.union.id], 'The club');
      const next = {
        level: input.level ?? honour.level,
        title: input.title ? clean(input.title) : honour.title,
        year: input.year ?? honour.year,
        awardedBy: input.awardedBy === undefined ? (honour.awardedBy ?? null) : clean(input.awardedBy) || null,
        withdrawn: input.withdrawn ?? honour.withdrawn,
      };
      if (
        next.level === honour.level &&
        next.title === honour.title &&
        next.year === honour.year &&
        next.awardedBy === (honour.awardedBy ?? null) &&
        next.withdrawn === honour.withdrawn
      ) {
        throw new ConflictError('Nothing to correct: the honour already says this');
      }
      em.create(ClubHonourCorrection, {
        honour,
        previousLevel: honour.level,
        previousTitle: honour.title,
        previousYear: honour.year,
        previousAwardedBy: honour.awardedBy ?? null,
        previousWithdrawn: honour.withdrawn,
        reason: clean(input.reason),
      });
      Object.assign(honour, next);
      await em.flush();
      await audit({ subjects: [input.id, toGlobalId('Club', club.id)], unionIds: [club.union.id] });
    });
    return { honour: (await honourById(ctx).load(id))! };
  }
}
