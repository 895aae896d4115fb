import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Club } from '../clubs/club.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Site } from '../sites/site.entity.js';
import { Union } from '../unions/union.entity.js';
import { ActivityAudience, ActivityKind, ActivityStatus } from './activity-enums.js';
import { Programme } from './programme.entity.js';

/** An activity a union organises: a contest, a course, a lecture, a show… */
@ObjectType({ implements: Node, description: 'An activity (活动) organised by a union, usually held at a site.' })
@Entity({ tableName: 'activities' })
@Index({ properties: ['organiser', 'startsAt'] })
@Index({ properties: ['site', 'startsAt'] })
export class Activity extends BaseEntity<
  | 'description'
  | 'status'
  | 'capacity'
  | 'signUpCount'
  | 'attendanceCount'
  | 'site'
  | 'programme'
  | 'endsAt'
  | 'note'
  | 'signUpOpensAt'
  | 'signUpClosesAt'
  | 'cancellationDeadline'
  | 'audience'
  | 'contact'
  | 'coverImageUrl'
  | 'waitlistCount'
  | 'club'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Activity', this.id);
  }

  @Field(() => ActivityKind)
  @Enum({ items: () => ActivityKind, nativeEnumName: 'activity_kind' })
  kind!: ActivityKind;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  organiser!: Rel<Union>;

  @ManyToOne(() => Site, { nullable: true, deleteRule: 'restrict' })
  site?: Rel<Site> | null;

  @ManyToOne(() => Programme, { nullable: true, deleteRule: 'set null', index: true })
  programme?: Rel<Programme> | null;

  /** The club this activity is a meeting of (clubs/: `Activity.club`, `Club.meetings`). */
  @ManyToOne(() => Club, { nullable: true, deleteRule: 'restrict' })
  club?: Rel<Club> | null;

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startsAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  endsAt?: Date | null;

  @Field(() => ActivityStatus)
  @Enum({ items: () => ActivityStatus, nativeEnumName: 'activity_status', default: ActivityStatus.PLANNED })
  status: ActivityStatus = ActivityStatus.PLANNED;

  @Field(() => Int, { nullable: true, description: 'Places; null means no limit.' })
  @Property({ type: 'integer', nullable: true })
  capacity?: number | null;

  @Field(() => Int, { description: 'Active sign-ups; never more than capacity.' })
  @Property({ type: 'integer', default: 0 })
  signUpCount: number = 0;

  @Field(() => Int, { description: 'Workers waiting for a place (WAITLISTED sign-ups).' })
  @Property({ type: 'integer', default: 0 })
  waitlistCount: number = 0;

  @Field(() => Int, { description: 'Sign-ups recorded as attended.' })
  @Property({ type: 'integer', default: 0 })
  attendanceCount: number = 0;

  @Field(() => String, {
    nullable: true,
    description:
      "Staff's note, e.g. why it was cancelled or what was corrected: the one field that still changes once the activity is over.",
  })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When sign-up opens (with status OPEN); null: as soon as the activity is OPEN.',
  })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  signUpOpensAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When sign-up closes; null: at the start.' })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  signUpClosesAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Workers cancel their own sign-up before this; null: before the start.',
  })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  cancellationDeadline?: Date | null;

  @Field(() => ActivityAudience, { description: 'Who may sign themselves up.' })
  @Enum({ items: () => ActivityAudience, nativeEnumName: 'activity_audience', default: ActivityAudience.ANYONE })
  audience: ActivityAudience = ActivityAudience.ANYONE;

  @Field(() => String, { nullable: true, description: 'Whom to ask: a name, a phone, a WeChat group.' })
  @Property({ type: 'string', length: 200, nullable: true })
  contact?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL of a cover image.' })
  @Property({ type: 'string', length: 2000, nullable: true })
  coverImageUrl?: string | null;

  @Field(() => Int, { nullable: true, description: 'Places left; null when there is no limit.' })
  get placesLeft(): number | null {
    return this.capacity == null ? null : Math.max(0, this.capacity - this.signUpCount);
  }
}
