import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { assertWithinSubtree, requireStaff } from '../auth/access.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { connectionOf, decodeId } from '../common/relay.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { AuditEntry } from './audit-entry.entity.js';
import { auditPage } from './audit.loaders.js';

const AuditEntryConnection = connectionOf(AuditEntry);

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description:
      'The audit trail, newest first: one entry per committed mutation. ADMIN sees every entry; STAFF the entries ' +
      'concerning their subtree. Needs a sign-in.',
  })
  async auditLog(
    @Arg('underUnion', () => ID, {
      nullable: true,
      description: "Only entries concerning this union's subtree; STAFF may name only unions in their own.",
    })
    underUnion: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Entries made at or after this time.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Entries made before this time.' }) to: Date | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const viewer = requireStaff(ctx);
    if (from && to && from > to) throw new BadInputError('from must not be after to', 'from');
    const unionId = underUnion == null ? undefined : decodeId(underUnion, 'Union', 'underUnion');
    if (unionId !== undefined) await assertWithinSubtree(ctx, ctx.em, [unionId], 'The union');
    return AuditEntryConnection.of(
      await auditPage(ctx, { viewer, underUnion: unionId, from, to }, pageRequest(page, ctx, info)),
    );
  }
}
