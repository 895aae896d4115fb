import { Field, Float, Int, ObjectType } from 'type-graphql';
import { connectionOf } from '../common/relay.js';
import { SiteKind } from '../sites/site-kind.js';
import { ServiceCircle } from './service-circle.entity.js';

/** What a coverage question is about: a union's subtree, a walking radius and the kinds of site that count. */
export interface CoverageQuestion {
  unionId: number;
  radiusMeters: number;
  /** null: every kind. */
  kinds: SiteKind[] | null;
}

/** Counts over the villages and communities of a subtree, shared by Coverage and CoverageArea. */
@ObjectType()
export abstract class CoverageCounts {
  @Field(() => Int, { description: 'Villages and communities with a location: the places coverage is measured over.' })
  placeCount!: number;

  @Field(() => Int, { description: 'Of those, the ones with a site within the radius.' })
  coveredCount!: number;

  @Field(() => Float, { nullable: true, description: 'coveredCount / placeCount; null when there is no place.' })
  ratio!: number | null;

  @Field(() => Int, { description: 'Members of the villages and communities not covered.' })
  uncoveredMemberCount!: number;

  @Field(() => Int, {
    description: 'Villages and communities without a location, left out of the counts above (set it with updateUnion).',
  })
  unlocatedCount!: number;
}

@ObjectType({
  description:
    "The ten-minute circle over a union's subtree: which villages and communities (level VILLAGE) have a site within a walking radius of their centre.",
})
export class Coverage extends CoverageCounts {
  @Field(() => Int) radiusMeters!: number;

  @Field(() => [SiteKind], { nullable: true, description: 'The kinds of site that count; null for every kind.' })
  kinds!: SiteKind[] | null;

  question!: CoverageQuestion;
}

@ObjectType({ description: 'Coverage of the villages and communities under one union of the subtree.' })
export class CoverageArea extends CoverageCounts {
  unionId!: number;
}

@ObjectType({ description: 'A village or community and the nearest site (of the kinds asked) to its centre.' })
export class CoveragePlace {
  unionId!: number;
  siteId!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Great-circle distance from the place to its nearest site, in metres; null when there is no site.',
  })
  distanceMeters!: number | null;

  @Field(() => Boolean, { description: 'Whether the nearest site lies within the radius.' })
  covered!: boolean;
}

export const CoveragePlaceConnection = connectionOf(CoveragePlace);
export const ServiceCircleConnection = connectionOf(ServiceCircle);
