import { IsLatitude, IsLongitude, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { NameText, SEARCH_MAX, ShortList, Text } from '../common/validation.js';
import { SiteKind, SiteRating } from './site-kind.js';

/** Latitude and longitude (WGS 84); shared by GeoPointInput and NearInput (only those appear in the schema). */
@InputType()
class PointInput {
  @Field(() => Float)
  @IsLatitude({ message: 'latitude must be between -90 and 90' })
  latitude!: number;

  @Field(() => Float)
  @IsLongitude({ message: 'longitude must be between -180 and 180' })
  longitude!: number;
}

/** Mainland China, Hong Kong, Macao and Taiwan fit in this box (documented in the README). */
const CHINA = { south: 3.5, north: 53.6, west: 73.4, east: 135.1 } as const;
const CHINA_BOX = `latitude ${CHINA.south}–${CHINA.north}, longitude ${CHINA.west}–${CHINA.east}`;

@InputType({ description: "Where a site is. It must lie in China's bounding box unless `outsideChina` is true." })
export class GeoPointInput extends PointInput {
  @Field(() => Boolean, {
    defaultValue: false,
    description: `true: the site is abroad, so the point is not held to China's bounding box (${CHINA_BOX}). (0, 0) is refused either way.`,
  })
  outsideChina!: boolean;
}

function outsideChina(point: GeoPointInput): boolean {
  const { latitude, longitude } = point;
  return latitude < CHINA.south || latitude > CHINA.north || longitude < CHINA.west || longitude > CHINA.east;
}

/**
 * A site's location is a real place: never (0, 0), what a failed GPS fix or an empty form
 * sends, and inside China unless the input says the site is abroad.
 */
export function RealPlace(): PropertyDecorator {
  return ValidateBy({
    name: 'realPlace',
    validator: {
      // Coordinates off the globe are left to the latitude and longitude rules.
      validate: (point: GeoPointInput) =>
        Math.abs(point.latitude) > 90 ||
        Math.abs(point.longitude) > 180 ||
        (!(point.latitude === 0 && point.longitude === 0) && (point.outsideChina || !outsideChina(point))),
      defaultMessage: (args) =>
        (args?.value as GeoPointInput).latitude === 0 && (args?.value as GeoPointInput).longitude === 0
          ? 'location (0, 0) is no real place; leave location out when it is unknown'
          : `location must lie in China (${CHINA_BOX}); for a site abroad set outsideChina: true`,
    },
  });
}

@InputType({ description: 'A circle on the map: sites within `radiusMeters` of a point, nearest first.' })
export class NearInput extends PointInput {
  @Field(() => Float, { defaultValue: 1000, description: 'At most 50 km. @default 1000, about a ten-minute walk' })
  @Min(1, { message: 'radiusMeters must be at least 1' })
  @Max(50_000, { message: 'radiusMeters must be at most 50000' })
  radiusMeters!: number;
}

@InputType({ description: 'Narrows a list of sites; all given conditions must hold.' })
export class SiteFilter {
  @Field(() => [SiteKind], { nullable: true })
  kinds?: SiteKind[] | null;

  @Field(() => [SiteRating], { nullable: true })
  ratings?: SiteRating[] | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, e.g. "书屋".' })
  @Text(SEARCH_MAX)
  search?: string | null;

  @Field(() => NearInput, {
    nullable: true,
    description: 'Only sites within a radius of a point; the list then runs nearest first.',
  })
  @ValidateNested()
  near?: NearInput | null;
}

/** What describes a site besides its name, kind and union; shared by create and update (only the subclasses appear in the schema). */
@InputType()
class SiteDetailsInput {
  @Field(() => String, { nullable: true })
  @Text(300)
  address?: string | null;

  @Field(() => GeoPointInput, { nullable: true })
  @ValidateNested()
  @RealPlace()
  location?: GeoPointInput | null;

  @Field(() => Float, { nullable: true })
  @Min(0, { message: 'areaSqm must not be negative' })
  @Max(10_000_000, { message: 'areaSqm is too large' })
  areaSqm?: number | null;

  @Field(() => String, { nullable: true })
  @Text(200)
  openingHours?: string | null;

  @Field(() => [String], { nullable: true })
  @ShortList(50, 100)
  facilities?: string[] | null;

  @Field(() => SiteRating, { nullable: true })
  rating?: SiteRating | null;

  @Field(() => [String], { nullable: true })
  @ShortList(50, 200)
  honours?: string[] | null;
}

@InputType()
export class CreateSiteInput extends SiteDetailsInput {
  @Field(() => ID, { description: 'The union that runs the site.' })
  unionId!: string;

  @Field(() => String)
  @NameText(200)
  name!: string;

  @Field(() => SiteKind)
  kind!: SiteKind;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field.' })
export class UpdateSiteInput extends SiteDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Hand the site to another union.' })
  unionId?: string | null;

  @Field(() => String, { nullable: true })
  @NameText(200)
  name?: string | null;

  @Field(() => SiteKind, { nullable: true })
  kind?: SiteKind | null;
}
