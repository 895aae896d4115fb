import { IsLatitude, IsLongitude, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { NameText, SEARCH_MAX, ShortList, Text } from '../common/validation.js';
import { SiteKind, SiteRating } from './site-kind.js';

@InputType()
class GeoPointInput {
  @Field(() => Float)
  @IsLatitude({ message: 'latitude must be between -90 and 90' })
  latitude!: number;

  @Field(() => Float)
  @IsLongitude({ message: 'longitude must be between -180 and 180' })
  longitude!: number;
}

@InputType({ description: 'A circle on the map: sites within `radiusMeters` of a point, nearest first.' })
export class NearInput extends GeoPointInput {
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
