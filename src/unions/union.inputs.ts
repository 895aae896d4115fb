import { Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NameText, SEARCH_MAX, Text } from '../common/validation.js';
import { GeoPointInput, RealPlace } from '../sites/site.inputs.js';
import { UnionLevel } from './union-level.js';

@InputType({ description: 'Narrows a list of unions; all given conditions must hold.' })
export class UnionFilter {
  @Field(() => [UnionLevel], { nullable: true })
  levels?: UnionLevel[] | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, e.g. "平湖".' })
  @Text(SEARCH_MAX)
  search?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: unions with a site in their own subtree; false: those without one, e.g. the villages to plan new sites for.',
  })
  hasSites?: boolean | null;
}

/** Fields shared by create and update (only the subclasses appear in the schema). */
@InputType()
class UnionDetailsInput {
  @Field(() => String, { nullable: true, description: 'Administrative region, e.g. 浙江省嘉兴市平湖市.' })
  @Text(200)
  region?: string | null;

  @Field(() => Int, { nullable: true, description: 'Members of the union itself; 0 for none, the default on create.' })
  @Min(0, { message: 'memberCount must not be negative' })
  @Max(100_000_000, { message: 'memberCount is too large' })
  memberCount?: number | null;

  @Field(() => GeoPointInput, {
    nullable: true,
    description: 'Where its village or community centre is, for coverage (Union.coverage); null clears it.',
  })
  @ValidateNested()
  @RealPlace()
  location?: GeoPointInput | null;
}

@InputType()
export class CreateUnionInput extends UnionDetailsInput {
  @Field(() => String)
  @NameText(100)
  name!: string;

  @Field(() => UnionLevel)
  level!: UnionLevel;

  @Field(() => ID, { nullable: true, description: 'The union above; none for a root.' })
  parentId?: string | null;
}

@InputType({
  description:
    'Fields left out stay as they are; null clears region and location, and is refused for name, level and memberCount. To move a union, use moveUnion.',
})
export class UpdateUnionInput extends UnionDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @NameText(100)
  name?: string | null;

  @Field(() => UnionLevel, { nullable: true })
  level?: UnionLevel | null;
}

@InputType()
export class MoveUnionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The new union above.' })
  newParentId!: string;
}
