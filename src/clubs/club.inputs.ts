import { Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NameText, Text } from '../common/validation.js';
import { ClubKind, HonourLevel } from './club-enums.js';

/** Fields shared by create and update (only the subclasses appear in the schema). */
@InputType()
class ClubDetailsInput {
  @Field(() => String, { nullable: true, description: 'Who leads it: a name as the union publishes it.' })
  @Text(100)
  leader?: string | null;

  @Field(() => String, { nullable: true })
  @Text(5000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Where it usually meets: a site of your subtree.' })
  homeSiteId?: string | null;

  @Field(() => Int, { nullable: true, description: 'At most this many ACTIVE members (1–100000); null: no limit.' })
  @Min(1, { message: 'memberLimit must be at least 1' })
  @Max(100_000, { message: 'memberLimit is too large' })
  memberLimit?: number | null;
}

@InputType()
export class CreateClubInput extends ClubDetailsInput {
  @Field(() => ID, { description: 'The union whose club it is.' })
  unionId!: string;

  @Field(() => String, { description: 'Unique among the clubs of its union.' })
  @NameText(200)
  name!: string;

  @Field(() => ClubKind)
  kind!: ClubKind;

  @Field(() => Boolean, { nullable: true, description: 'Taking new members. @default true' })
  recruiting?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'New members wait for staff approval. @default false' })
  requiresApproval?: boolean | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateClubInput extends ClubDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @NameText(200)
  name?: string | null;

  @Field(() => ClubKind, { nullable: true })
  kind?: ClubKind | null;

  @Field(() => Boolean, { nullable: true })
  recruiting?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Turning it off leaves PENDING requests for the staff to approve or decline.',
  })
  requiresApproval?: boolean | null;
}

@InputType()
export class DeclineClubMemberInput {
  @Field(() => ID, { description: 'A PENDING membership.' })
  memberId!: string;

  @Field(() => String, { description: 'Why: kept with the membership, shown to the worker.' })
  @NameText(500)
  reason!: string;
}

@InputType()
export class RecordClubHonourInput {
  @Field(() => ID)
  clubId!: string;

  @Field(() => HonourLevel)
  level!: HonourLevel;

  @Field(() => String)
  @NameText(300)
  title!: string;

  @Field(() => Int, { description: 'The year it was won (1949–2100).' })
  @Min(1949, { message: 'year must be 1949 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year!: number;

  @Field(() => String, { nullable: true })
  @Text(200)
  awardedBy?: string | null;
}

@InputType({ description: 'What an honour should say; fields left out stay. The reason is kept with the correction.' })
export class CorrectClubHonourInput {
  @Field(() => ID)
  id!: string;

  @Field(() => HonourLevel, { nullable: true })
  level?: HonourLevel | null;

  @Field(() => String, { nullable: true })
  @NameText(300)
  title?: string | null;

  @Field(() => Int, { nullable: true })
  @Min(1949, { message: 'year must be 1949 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year?: number | null;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @Text(200)
  awardedBy?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: recorded by mistake; it stays, marked withdrawn.' })
  withdrawn?: boolean | null;

  @Field(() => String)
  @NameText(500)
  reason!: string;
}
