import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, type PubSub } from 'type-graphql';
import { ActivityResolver } from './activities/activity.resolver.js';
import { ActivitySubscriptionResolver } from './activities/activity.subscription.js';
import { ProgrammeResolver } from './activities/programme.resolver.js';
import { SignUpResolver } from './activities/sign-up.resolver.js';
import { ActivityCompetitionResolver, CompetitionResolver } from './competitions/competition.resolver.js';
import { CompetitionEntryResolver } from './competitions/entry.resolver.js';
import { JudgeScoreResolver } from './competitions/judge.resolver.js';
import { MatchResolver } from './competitions/match.resolver.js';
import { NodeResolver } from './node.resolver.js';
import { SiteResolver } from './sites/site.resolver.js';
import { UnionResolver } from './unions/union.resolver.js';

/** The executable schema over every feature module; `pubSub` feeds its subscriptions. */
export async function createSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      NodeResolver,
      UnionResolver,
      SiteResolver,
      ProgrammeResolver,
      ActivityResolver,
      ActivitySubscriptionResolver,
      SignUpResolver,
      ActivityCompetitionResolver,
      CompetitionResolver,
      CompetitionEntryResolver,
      MatchResolver,
      JudgeScoreResolver,
    ],
    pubSub,
    // RFC 3339 date-times with any offset in, UTC out.
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // Validate inputs with class-validator; null and absent optional fields are left to the resolvers.
    validate: { forbidUnknownValues: false, skipMissingProperties: true },
  });
}

/** The schema as SDL, sorted so that diffs show only real changes. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
