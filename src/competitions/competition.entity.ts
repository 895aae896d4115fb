import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../common/relay.js';
import { CompetitionFormat } from './competition-enums.js';

export const DEFAULT_RULES = {
  format: CompetitionFormat.MATCHES,
  pointsForWin: 3,
  pointsForDraw: 1,
  pointsForLoss: 0,
  dropHighestAndLowest: true,
} as const;

/**
 * The rules of a COMPETITION activity, keyed by the activity id. A competition without a
 * row plays by DEFAULT_RULES; the loader fills them in, so readers never see the difference.
 */
@ObjectType({
  implements: Node,
  description: 'How a COMPETITION activity is played and ranked; its id is "Competition:<activity id>".',
})
@Entity({ tableName: 'competitions' })
export class Competition {
  [OptionalProps]?:
    'nodeId' | 'format' | 'pointsForWin' | 'pointsForDraw' | 'pointsForLoss' | 'dropHighestAndLowest' | 'updatedAt';

  /** The activity id. */
  @PrimaryKey({ type: 'integer', fieldName: 'activity_id', autoincrement: false })
  id!: number;

  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Competition', this.id);
  }

  @Field(() => CompetitionFormat)
  @Enum({ items: () => CompetitionFormat, nativeEnumName: 'competition_format' })
  format: CompetitionFormat = DEFAULT_RULES.format;

  @Field(() => Int, { description: 'Standing points for a win (MATCHES). @default 3; volleyball often uses 2' })
  @Property({ type: 'integer' })
  pointsForWin: number = DEFAULT_RULES.pointsForWin;

  @Field(() => Int, { description: '@default 1' })
  @Property({ type: 'integer' })
  pointsForDraw: number = DEFAULT_RULES.pointsForDraw;

  @Field(() => Int, { description: '@default 0' })
  @Property({ type: 'integer' })
  pointsForLoss: number = DEFAULT_RULES.pointsForLoss;

  @Field(() => Boolean, {
    description:
      'JUDGED: drop the highest and the lowest judge score of a round when at least 3 judges scored. @default true',
  })
  @Property({ type: 'boolean' })
  dropHighestAndLowest: boolean = DEFAULT_RULES.dropHighestAndLowest;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
