import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Node, toGlobalId } from '../common/relay.js';
import { Union } from '../unions/union.entity.js';
import { SiteKind, SiteRating } from './site-kind.js';

@ObjectType()
export class GeoPoint {
  @Field(() => Float) latitude!: number;
  @Field(() => Float) longitude!: number;
}

/** A cultural site run by one union: a palace, a reading room, an outdoor station… */
@ObjectType({ implements: Node, description: 'A cultural site (阵地) run by one union.' })
@Entity({ tableName: 'sites' })
export class Site extends BaseEntity<
  'facilities' | 'honours' | 'rating' | 'address' | 'areaSqm' | 'openingHours' | 'latitude' | 'longitude'
> {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return toGlobalId('Site', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => SiteKind)
  @Enum({ items: () => SiteKind, nativeEnumName: 'site_kind' })
  kind!: SiteKind;

  @Index()
  @ManyToOne(() => Union, { deleteRule: 'restrict' })
  union!: Rel<Union>;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 300, nullable: true })
  address?: string | null;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Field(() => GeoPoint, { nullable: true })
  get location(): GeoPoint | null {
    return this.latitude == null || this.longitude == null
      ? null
      : { latitude: this.latitude, longitude: this.longitude };
  }

  @Field(() => Float, { nullable: true, description: 'Floor area in square metres.' })
  @Property({ type: 'double', nullable: true })
  areaSqm?: number | null;

  @Field(() => String, { nullable: true, description: 'Opening hours as published, e.g. "Mon–Sun 08:30–21:00".' })
  @Property({ type: 'string', length: 200, nullable: true })
  openingHours?: string | null;

  @Field(() => [String])
  @Property({ type: 'array', columnType: 'text[]', default: '{}' })
  facilities: string[] = [];

  @Field(() => SiteRating, { nullable: true })
  @Enum({ items: () => SiteRating, nativeEnumName: 'site_rating', nullable: true })
  rating?: SiteRating | null;

  @Field(() => [String], { description: 'Honours and titles the site holds.' })
  @Property({ type: 'array', columnType: 'text[]', default: '{}' })
  honours: string[] = [];
}
