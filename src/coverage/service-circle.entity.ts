import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Site } from '../sites/site.entity.js';

/**
 * A service circle (服务圈): a hub site and the sites it serves, as Nanhu groups its
 * 1,200-odd places into 122 circles. It belongs to the hub's union; a site serves in one
 * circle at most (`service_circle_sites`), and a deleted hub takes its circle with it.
 */
@ObjectType({ implements: Node, description: 'A service circle (服务圈): a hub site and the sites it serves.' })
@Entity({ tableName: 'service_circles' })
export class ServiceCircle extends BaseEntity {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('ServiceCircle', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @ManyToOne(() => Site, { fieldName: 'hub_site_id', deleteRule: 'cascade' })
  hub!: Rel<Site>;
}
