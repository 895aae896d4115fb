import { Field, ObjectType } from 'type-graphql';
import { connectionOf } from '../common/relay.js';
import { Activity } from './activity.entity.js';
import { Programme } from './programme.entity.js';
import { SignUp } from './sign-up.entity.js';

export const ActivityConnection = connectionOf(Activity);
export const ProgrammeConnection = connectionOf(Programme);
export const SignUpConnection = connectionOf(SignUp);

@ObjectType()
export class ActivityPayload {
  @Field(() => Activity) activity!: Activity;
}

@ObjectType()
export class ProgrammePayload {
  @Field(() => Programme) programme!: Programme;
}

@ObjectType({ description: "A sign-up as it now stands, with its activity's new counts." })
export class SignUpPayload {
  @Field(() => SignUp) signUp!: SignUp;
  @Field(() => Activity) activity!: Activity;
}
