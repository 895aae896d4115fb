import { Field, ObjectType } from 'type-graphql';
import { connectionOf } from '../common/relay.js';
import { ClubHonour } from './club-honour.entity.js';
import { ClubMember } from './club-member.entity.js';
import { Club } from './club.entity.js';

export const ClubConnection = connectionOf(Club);
export const ClubMemberConnection = connectionOf(ClubMember);

@ObjectType()
export class ClubPayload {
  @Field(() => Club) club!: Club;
}

@ObjectType({ description: 'A membership as it now stands, and its club with the new count.' })
export class ClubMemberPayload {
  @Field(() => ClubMember) member!: ClubMember;
  @Field(() => Club) club!: Club;
}

@ObjectType()
export class ClubHonourPayload {
  @Field(() => ClubHonour) honour!: ClubHonour;
}
