import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { toGlobalId } from '../common/relay.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { assertAdmin, requireStaff } from './access.js';
import { REVOCATION_CHANNEL } from './auth.js';

@ObjectType({ description: 'Who is signed in, as their token says: a staff member or a worker.' })
export class Viewer {
  @Field(() => String, { nullable: true, description: "The staff member's id; null for a worker." })
  staffId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The worker's stable id at the portal's identity provider (the token's subject); null for staff.",
  })
  workerId!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, {
    nullable: true,
    description: "The worker's own verified mobile number, as the token says; null for staff.",
  })
  phone!: string | null;
  @Field(() => String, {
    description:
      "STAFF: changes within `unionId`'s subtree. ADMIN: anywhere, root unions included. " +
      'WORKER: signs themselves up, cancels and checks in; sees their own sign-ups only.',
  })
  role!: string;
  @Field(() => ID, { description: "The union whose subtree this staff member may change; a worker's own union." })
  unionId!: string;
  @Field(() => String, { description: "The token's id, for revokeToken." }) tokenId!: string;
  @Field(() => Date) expiresAt!: Date;
}

@ObjectType()
export class RevokeTokenPayload {
  @Field(() => String) revokedTokenId!: string;
}

@Resolver()
export class AuthResolver {
  @Query(() => Viewer, { nullable: true, description: 'Who the request is signed in as; null when anonymous.' })
  viewer(@Ctx() ctx: Context): Viewer | null {
    const viewer = ctx.viewer;
    if (!viewer) return null;
    const worker = viewer.role === 'WORKER' ? viewer : null;
    return {
      staffId: viewer.role === 'WORKER' ? null : viewer.staffId,
      workerId: worker?.workerId ?? null,
      name: viewer.name,
      phone: worker?.phone ?? null,
      role: viewer.role,
      unionId: toGlobalId('Union', viewer.unionId),
      tokenId: viewer.tokenId,
      expiresAt: viewer.expiresAt,
    };
  }

  @Mutation(() => RevokeTokenPayload, {
    description:
      'Revokes a token on every instance at once: its requests are refused and its WebSocket closed (4403). ' +
      "Without `tokenId`, the caller's own token (signing out); another's needs an ADMIN.",
  })
  async revokeToken(
    @Arg('tokenId', () => String, { nullable: true }) tokenId: string | null,
    @Ctx() ctx: Context,
  ): Promise<RevokeTokenPayload> {
    const staff = requireStaff(ctx);
    const target = tokenId ?? staff.tokenId;
    if (target !== staff.tokenId) assertAdmin(ctx, "Revoking another staff member's token");
    if (!/^[\w-]{1,100}$/.test(target)) throw new BadInputError('tokenId is not a token id', 'tokenId');
    await inTransaction(ctx, async (em, audit) => {
      await em.execute('insert into revoked_tokens (token_id, revoked_by) values (?, ?) on conflict do nothing', [
        target,
        staff.staffId,
      ]);
      // Delivered at commit to every instance, this one included.
      await em.execute('select pg_notify(?, ?)', [REVOCATION_CHANNEL, target]);
      // A token is no node: its id is the subject. Tokens are not stored, so the entry
      // concerns the revoking staff member's union.
      await audit({ subjects: [target], unionIds: [staff.unionId] });
    });
    return { revokedTokenId: target };
  }
}
