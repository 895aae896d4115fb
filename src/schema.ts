import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, getMetadataStorage, type PubSub } from 'type-graphql';
import { ActivityResolver } from './activities/activity.resolver.js';
import { ActivitySubscriptionResolver } from './activities/activity.subscription.js';
import { ActivitySessionsResolver, CheckInResolver } from './activities/check-in.resolver.js';
import { MySignUpsResolver } from './activities/my-sign-ups.resolver.js';
import { ProgrammeResolver } from './activities/programme.resolver.js';
import { SignUpResolver } from './activities/sign-up.resolver.js';
import { SignUpSubscriptionResolver } from './activities/sign-up.subscription.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { nameMutationCalls } from './audit/mutation-call.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { ClubHonourResolver } from './clubs/club-honour.resolver.js';
import { ActivityClubResolver, UnionClubsResolver } from './clubs/club-links.resolver.js';
import { ClubMemberResolver, ViewerClubsResolver } from './clubs/club-member.resolver.js';
import { ClubResolver } from './clubs/club.resolver.js';
import { hasRules, validateArgs } from './common/validation.js';
import { ActivityCompetitionResolver, CompetitionResolver } from './competitions/competition.resolver.js';
import { CompetitionSubscriptionResolver } from './competitions/competition.subscription.js';
import { CompetitionEntryResolver } from './competitions/entry.resolver.js';
import { JudgeScoreResolver } from './competitions/judge.resolver.js';
import { MatchResolver } from './competitions/match.resolver.js';
import {
  CoverageAreaResolver,
  CoveragePlaceResolver,
  CoverageResolver,
  ServiceCircleResolver,
  UnionCoverageResolver,
} from './coverage/coverage.resolver.js';
import { EventLogResolver } from './live/event-log.resolver.js';
import { MenuItemResolver } from './menu/menu-item.resolver.js';
import { OrderStatsResolver } from './menu/order-stats.resolver.js';
import { OrderResolver } from './menu/order.resolver.js';
import { OrderSubscriptionResolver } from './menu/order.subscription.js';
import { UnionMenuResolver } from './menu/union-menu.resolver.js';
import { NodeResolver } from './node.resolver.js';
import { UnionSeriesResolver } from './series/series.resolver.js';
import { SiteResolver } from './sites/site.resolver.js';
import { SubsidyBudgetResolver, SubsidyClaimResolver, UnionSubsidiesResolver } from './subsidies/subsidy.resolver.js';
import { UnionResolver } from './unions/union.resolver.js';

/**
 * type-graphql insists on a PubSub once a schema has subscriptions, although ours all
 * bring their own `subscribe` over the event log. Events are only ever written inside a
 * mutation's transaction (appendEvents), so publishing from outside is refused.
 */
const transactionalEventsOnly: PubSub = {
  publish() {
    throw new Error('Events are appended inside the transaction that makes the change: use appendEvents');
  },
  subscribe() {
    throw new Error('Subscriptions read the event log through EventHub.subscribe');
  },
};

/**
 * Validation only where there is something to check: an argument whose input class
 * declares class-validator rules (mutation inputs, filters) is validated by validateArgs;
 * the others (a page's first/after, ids, enums, scalars) are not handed to a validator at
 * all, so the hundreds of pages of a dashboard cost no validator call. The same arguments
 * as before are checked: validateArgs skipped classes without rules anyway.
 */
function validateOnlyArgumentsWithRules(): void {
  for (const param of getMetadataStorage().params) {
    const arg =
      param.kind === 'arg' || param.kind === 'args' ? param : param.kind === 'custom' ? param.options.arg : undefined;
    if (!arg || arg.validateFn) continue;
    const type: unknown = arg.getType();
    if (typeof type === 'function' && hasRules(type as abstract new () => object)) arg.validateFn = validateArgs;
  }
}

/** The executable schema over every feature module; every Mutation field knows its name (nameMutationCalls). */
export async function createSchema(): Promise<GraphQLSchema> {
  validateOnlyArgumentsWithRules();
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      UnionResolver,
      UnionCoverageResolver,
      UnionSeriesResolver,
      CoverageResolver,
      CoverageAreaResolver,
      CoveragePlaceResolver,
      ServiceCircleResolver,
      SiteResolver,
      ProgrammeResolver,
      ActivityResolver,
      ActivitySubscriptionResolver,
      SignUpResolver,
      MySignUpsResolver,
      CheckInResolver,
      ActivitySessionsResolver,
      SignUpSubscriptionResolver,
      ActivityCompetitionResolver,
      CompetitionResolver,
      CompetitionEntryResolver,
      MatchResolver,
      JudgeScoreResolver,
      CompetitionSubscriptionResolver,
      EventLogResolver,
      AuthResolver,
      AuditResolver,
      MenuItemResolver,
      OrderResolver,
      UnionMenuResolver,
      OrderStatsResolver,
      OrderSubscriptionResolver,
      ClubResolver,
      ClubMemberResolver,
      ViewerClubsResolver,
      ClubHonourResolver,
      UnionClubsResolver,
      ActivityClubResolver,
      SubsidyBudgetResolver,
      SubsidyClaimResolver,
      UnionSubsidiesResolver,
    ],
    pubSub: transactionalEventsOnly,
    // RFC 3339 date-times with any offset in, UTC out.
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // Inputs are validated with class-validator where they declare rules (see
    // validateOnlyArgumentsWithRules); null and absent optional fields are left to the resolvers.
    validate: false,
  });
  return nameMutationCalls(schema);
}

/** The schema as SDL, sorted so that diffs show only real changes. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
