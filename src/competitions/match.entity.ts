import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Site } from '../sites/site.entity.js';
import { CompetitionEntry } from './competition-entry.entity.js';
import { MatchStatus } from './competition-enums.js';

/** Home versus away in a MATCHES competition; scores are null until it starts. */
@ObjectType({ implements: Node, description: 'A match (比赛场次) between two entries of one competition.' })
@Entity({ tableName: 'matches' })
@Index({ properties: ['competition', 'startsAt'] })
export class Match extends BaseEntity<
  'site' | 'status' | 'homeScore' | 'awayScore' | 'version' | 'correctedAt' | 'correctionReason'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Match', this.id);
  }

  @ManyToOne(() => Activity, { deleteRule: 'cascade' })
  competition!: Rel<Activity>;

  @Field(() => String, { description: 'Round label, e.g. "小组赛 A 组第1轮".' })
  @Property({ type: 'string', length: 100 })
  round!: string;

  @ManyToOne(() => CompetitionEntry, { deleteRule: 'cascade', index: true })
  homeEntry!: Rel<CompetitionEntry>;

  @ManyToOne(() => CompetitionEntry, { deleteRule: 'cascade', index: true })
  awayEntry!: Rel<CompetitionEntry>;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startsAt!: Date;

  @ManyToOne(() => Site, { nullable: true, deleteRule: 'restrict' })
  site?: Rel<Site> | null;

  @Field(() => MatchStatus)
  @Enum({ items: () => MatchStatus, nativeEnumName: 'match_status', default: MatchStatus.SCHEDULED })
  status: MatchStatus = MatchStatus.SCHEDULED;

  @Field(() => Int, { nullable: true, description: 'Null until the match starts.' })
  @Property({ type: 'integer', nullable: true })
  homeScore?: number | null;

  @Field(() => Int, { nullable: true, description: 'Null until the match starts.' })
  @Property({ type: 'integer', nullable: true })
  awayScore?: number | null;

  @Field(() => Int, { description: 'Goes up by one on every score change; pass it as expectedVersion to recordScore.' })
  @Property({ type: 'integer', default: 0 })
  version: number = 0;

  @Field(() => Date, { nullable: true, description: 'When a finished score was last corrected.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  correctedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  correctionReason?: string | null;
}
