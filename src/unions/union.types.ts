import { Field, ObjectType } from 'type-graphql';
import { connectionOf } from '../common/relay.js';
import { Union } from './union.entity.js';

export const UnionConnection = connectionOf(Union);

@ObjectType()
export class UnionPayload {
  @Field(() => Union) union!: Union;
}
