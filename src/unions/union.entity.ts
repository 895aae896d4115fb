import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType, ID } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { UnionLevel } from './union-level.js';

/**
 * A union organisation in the federation tree. `path` is an ltree of ancestor ids
 * ("1.4.37"), so a subtree or an ancestor chain is one indexed statement at any depth.
 */
@ObjectType({ implements: Node, description: 'A trade-union organisation: a node of the federation tree.' })
@Entity({ tableName: 'unions' })
export class Union extends BaseEntity<'memberCount' | 'region' | 'depth' | 'latitude' | 'longitude'> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Union', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => UnionLevel)
  @Enum({ items: () => UnionLevel, nativeEnumName: 'union_level' })
  level!: UnionLevel;

  @ManyToOne(() => Union, { nullable: true, deleteRule: 'restrict' })
  parent?: Rel<Union> | null;

  /** Materialised path of ids from the root; maintained by the tree module only. */
  @Index({ type: 'gist' })
  @Property({ type: 'string', columnType: 'ltree' })
  path!: string;

  @Field(() => String, { nullable: true, description: 'Administrative region, e.g. 浙江省嘉兴市平湖市.' })
  @Property({ type: 'string', length: 200, nullable: true })
  region?: string | null;

  @Field(() => Int, { description: 'Members of this union itself, not of its subtree.' })
  @Property({ type: 'integer', default: 0 })
  memberCount: number = 0;

  /** Where its village or community centre is (WGS 84); `Union.location` in src/coverage. */
  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Field(() => Int, { description: 'Depth in the tree; a root is 1.' })
  get depth(): number {
    return this.path.split('.').length;
  }
}
