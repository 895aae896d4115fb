import { Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Day, NameText, PlausibleTime, SEARCH_MAX, Text, WebUrl } from '../common/validation.js';
import { ActivityAudience, ActivityKind, ActivityStatus } from './activity-enums.js';
import { ActivitySessionInput } from './check-in.js';

@InputType({ description: 'Narrows a list of activities; all given conditions must hold.' })
export class ActivityFilter {
  @Field(() => [ActivityKind], { nullable: true })
  kinds?: ActivityKind[] | null;

  @Field(() => [ActivityStatus], { nullable: true })
  statuses?: ActivityStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Activities starting at or after this instant.' })
  startsFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Activities starting before this instant.' })
  startsBefore?: Date | null;

  @Field(() => String, { nullable: true, description: 'Part of the title, e.g. "排球".' })
  @Text(SEARCH_MAX)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  programmeId?: string | null;
}

/** Fields shared by create and update (only the subclasses appear in the schema). */
@InputType()
class ActivityDetailsInput {
  @Field(() => String, { nullable: true })
  @Text(5000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Where it is held.' })
  siteId?: string | null;

  @Field(() => ID, { nullable: true })
  programmeId?: string | null;

  @Field(() => Date, { nullable: true })
  @PlausibleTime()
  endsAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A note for staff and readers; the only field that changes once the activity is FINISHED or CANCELLED.',
  })
  @Text(2000)
  note?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Places; null means no limit. An update never sets it below the current sign-ups.',
  })
  @Min(0, { message: 'capacity must not be negative' })
  @Max(1_000_000, { message: 'capacity is too large' })
  capacity?: number | null;

  @Field(() => Date, { nullable: true, description: 'When sign-up opens; before the start. Null: once OPEN.' })
  @PlausibleTime()
  signUpOpensAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When sign-up closes; after it opens, not after the start. Null: at the start.',
  })
  @PlausibleTime()
  signUpClosesAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Workers cancel their own sign-up before this; not after the start. Null: before the start.',
  })
  @PlausibleTime()
  cancellationDeadline?: Date | null;

  @Field(() => ActivityAudience, { nullable: true, description: 'Who may sign themselves up. @default ANYONE' })
  audience?: ActivityAudience | null;

  @Field(() => String, { nullable: true, description: 'Whom to ask, at most 200 characters.' })
  @Text(200)
  contact?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL of a cover image, at most 2000 characters.' })
  @WebUrl(2000)
  coverImageUrl?: string | null;

  @Field(() => [ActivitySessionInput], {
    nullable: true,
    description:
      'For a course held over several sessions (8 weekly yoga classes): each within the activity, in order. ' +
      'Replaces the sessions; null or [] makes it one held once. Fixed once anyone checked in.',
  })
  @ValidateNested({ each: true })
  sessions?: ActivitySessionInput[] | null;
}

@InputType()
export class CreateActivityInput extends ActivityDetailsInput {
  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => String)
  @NameText(200)
  title!: string;

  @Field(() => ID, { description: 'The union that organises it.' })
  organiserId!: string;

  @Field(() => Date)
  @PlausibleTime()
  startsAt!: Date;

  @Field(() => ActivityStatus, { nullable: true, description: 'PLANNED or OPEN. @default PLANNED' })
  status?: ActivityStatus | null;

  @Field(() => ID, {
    nullable: true,
    description: "The club it is a meeting of (`Club.meetings`); the club's union must be in your subtree.",
  })
  clubId?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateActivityInput extends ActivityDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ActivityKind, { nullable: true })
  kind?: ActivityKind | null;

  @Field(() => String, { nullable: true })
  @NameText(200)
  title?: string | null;

  @Field(() => Date, { nullable: true })
  @PlausibleTime()
  startsAt?: Date | null;

  @Field(() => ActivityStatus, {
    nullable: true,
    description: 'PLANNED → OPEN → RUNNING → FINISHED; any but FINISHED may become CANCELLED.',
  })
  status?: ActivityStatus | null;
}

@InputType()
export class SignUpInput {
  @Field(() => ID)
  activityId!: string;

  @Field(() => String)
  @NameText(100)
  workerName!: string;

  @Field(() => String, { description: 'Mainland mobile number, 11 digits.' })
  @Text(20)
  phone!: string;

  @Field(() => ID, { nullable: true, description: "The worker's own union." })
  unionId?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'When the activity is full, put the worker on its waitlist instead of being refused.',
  })
  waitlist!: boolean;
}

@InputType()
export class RecordAttendanceInput {
  @Field(() => ID)
  signUpId!: string;

  @Field(() => Boolean, { defaultValue: true })
  attended!: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'For a course of several sessions, the start of the session this is about; without it, the session held now. ' +
      'Not for an activity held once.',
  })
  sessionStartsAt?: Date | null;
}

@InputType()
export class CorrectAttendanceInput {
  @Field(() => ID)
  signUpId!: string;

  @Field(() => Boolean)
  attended!: boolean;

  @Field(() => String, { description: 'Why, e.g. "签到表补录"; kept with the sign-up.' })
  @NameText(500)
  reason!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'For a course of several sessions (then required), the start of the session to correct.',
  })
  sessionStartsAt?: Date | null;
}

@InputType()
export class CreateProgrammeInput {
  @Field(() => ID)
  unionId!: string;

  @Field(() => String)
  @NameText(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @Text(5000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Day()
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Day()
  endsOn?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateProgrammeInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @NameText(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @Text(5000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Day()
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Day()
  endsOn?: string | null;
}
