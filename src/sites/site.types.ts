import { Field, ObjectType } from 'type-graphql';
import { connectionOf } from '../common/relay.js';
import { Site } from './site.entity.js';

export const SiteConnection = connectionOf(Site);

@ObjectType()
export class SitePayload {
  @Field(() => Site) site!: Site;
}
