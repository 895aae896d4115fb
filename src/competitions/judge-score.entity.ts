import { DecimalType, Entity, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Activity } from '../activities/activity.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { CompetitionEntry } from './competition-entry.entity.js';

/** One judge's score for one entry in one round of a JUDGED competition. */
@ObjectType({ description: "One judge's score (评委打分) for an entry in a round." })
@Entity({ tableName: 'judge_scores' })
@Unique({ properties: ['entry', 'round', 'judge'] })
export class JudgeScore extends BaseEntity<'correctedAt' | 'correctionReason'> {
  @ManyToOne(() => Activity, { deleteRule: 'cascade' })
  competition!: Rel<Activity>;

  @ManyToOne(() => CompetitionEntry, { deleteRule: 'cascade' })
  entry!: Rel<CompetitionEntry>;

  @Field(() => Int, { description: 'From 1.' })
  @Property({ type: 'integer' })
  round!: number;

  @Field(() => String, { description: "The judge's name." })
  @Property({ type: 'string', length: 100 })
  judge!: string;

  @Field(() => Float, { description: '0 to 100, two decimals.' })
  @Property({ type: new DecimalType('number'), columnType: 'numeric(5,2)' })
  score!: number;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  correctedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  correctionReason?: string | null;
}
