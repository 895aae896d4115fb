import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { PageArgs, pageRequest } from '../common/pagination.js';
import type { Context } from '../context.js';
import { Union } from '../unions/union.entity.js';
import { ClubKind } from './club-enums.js';
import { Club } from './club.entity.js';
import { clubById, clubPage } from './club.loaders.js';
import { ClubConnection } from './club.types.js';

/** What clubs add to a union: its clubs and those of every union below it. */
@Resolver(() => Union)
export class UnionClubsResolver {
  @FieldResolver(() => ClubConnection, {
    description: 'The clubs of this union and of every union below it (the tree index), by name.',
  })
  async clubs(
    @Root() union: Union,
    @Arg('kind', () => ClubKind, { nullable: true }) kind: ClubKind | null,
    @Arg('recruiting', () => Boolean, { nullable: true, description: 'Only clubs taking members (true) or not.' })
    recruiting: boolean | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ClubConnection.of(await clubPage(ctx, union.id, { kind, recruiting }, null, pageRequest(page, ctx, info)));
  }
}

/** What clubs add to an activity: the club it is a meeting of. */
@Resolver(() => Activity)
export class ActivityClubResolver {
  @FieldResolver(() => Club, { nullable: true, description: 'The club this activity is a meeting of.' })
  async club(@Root() activity: Activity, @Ctx() ctx: Context): Promise<Club | undefined> {
    return activity.club ? clubById(ctx).load(activity.club.id) : undefined;
  }
}
