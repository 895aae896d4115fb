import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { toGlobalId } from '../common/relay.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { inTransaction } from '../transaction.js';
import { assertAdmin, requireStaff } from './access.js';
import { REVOCATION_CHANNEL } from './auth.js';

@ObjectType({ description: 'The signed-in staff member, as their token says.' })
export class Viewer {
  @Field(() => String) staffId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, {
    description: "STAFF: changes within `unionId`'s subtree. ADMIN: anywhere, root unions included.",
  })
  role!: string;
  @Field(() => ID, { description: 'The union whose subtree this staff member may change.' }) unionId!: string;
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
    const staff = ctx.viewer;
    if (!staff) return null;
    return {
      staffId: staff.staffId,
      name: staff.name,
      role: staff.role,
      unionId: toGlobalId('Union', staff.unionId),
      tokenId: staff.tokenId,
      expiresAt: staff.expiresAt,
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
