import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { activityById, programmeById, signUpById } from './activities/activity.loaders.js';
import { clubById, clubMemberById, honourById } from './clubs/club.loaders.js';
import { Node, parseGlobalId, type NodeTypeName } from './common/relay.js';
import { competitionById, competitionEntryById, matchById } from './competitions/competition.loaders.js';
import type { Context } from './context.js';
import { serviceCircleById } from './coverage/service-circle.loaders.js';
import { BadInputError } from './errors.js';
import { menuItemById, orderById } from './menu/menu.loaders.js';
import { siteById } from './sites/site.loaders.js';
import { budgetById, claimById } from './subsidies/subsidy.loaders.js';
import { unionById } from './unions/union.loaders.js';

export const NODE_LOADERS: Record<NodeTypeName, (ctx: Context) => { load(id: number): Promise<object | undefined> }> = {
  Union: unionById,
  Site: siteById,
  Activity: activityById,
  Programme: programmeById,
  SignUp: signUpById,
  Competition: competitionById,
  CompetitionEntry: competitionEntryById,
  Match: matchById,
  MenuItem: menuItemById,
  Order: orderById,
  Club: clubById,
  ClubMember: clubMemberById,
  ClubHonour: honourById,
  ServiceCircle: serviceCircleById,
  SubsidyBudget: budgetById,
  SubsidyClaim: claimById,
};

/** The object of any global id; `field` names the argument that holds it. */
function load(ctx: Context, id: string, field: string): Promise<object | undefined> {
  const parsed = parseGlobalId(id);
  if (!parsed) throw new BadInputError(`"${String(id).slice(0, 64)}" is not a valid id`, field);
  return NODE_LOADERS[parsed.type](ctx).load(parsed.id);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when there is none.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | undefined> {
    return load(ctx, id, 'id');
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Objects by global id, in the order asked; null where there is none.',
  })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context): Promise<(object | undefined)[]> {
    if (ids.length > ctx.config.maxPageSize)
      throw new BadInputError(`At most ${ctx.config.maxPageSize} ids at once`, 'ids');
    return Promise.all(ids.map((id, i) => load(ctx, id, `ids.${i}`)));
  }
}
