import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { PageArgs, pageRequest } from '../common/pagination.js';
import { selects } from '../common/selection.js';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { SiteKind } from '../sites/site-kind.js';
import { GeoPoint, Site } from '../sites/site.entity.js';
import { siteById } from '../sites/site.loaders.js';
import { UnionLevel } from '../unions/union-level.js';
import { Union } from '../unions/union.entity.js';
import { unionById } from '../unions/union.loaders.js';
import { coverageAreas, coveragePlaces, coverageTotals } from './coverage.loaders.js';
import {
  Coverage,
  CoverageArea,
  CoveragePlace,
  CoveragePlaceConnection,
  ServiceCircleConnection,
} from './coverage.types.js';
import { ServiceCircle } from './service-circle.entity.js';
import { serviceCirclePage, serviceCircleSites } from './service-circle.loaders.js';

/** A walk of ten minutes is about 800 m (the programme's promise); Shengzhou's fifteen, about 1,200 m. */
const TEN_MINUTE_WALK_M = 800;
const MAX_RADIUS_M = 50_000;
const COUNT_FIELDS = ['placeCount', 'coveredCount', 'ratio', 'uncoveredMemberCount', 'unlocatedCount'];

@Resolver(() => Union)
export class UnionCoverageResolver {
  @FieldResolver(() => GeoPoint, {
    nullable: true,
    description: 'Where its village or community centre is; null when nobody set it.',
  })
  location(@Root() union: Union): GeoPoint | null {
    return union.latitude == null || union.longitude == null
      ? null
      : { latitude: union.latitude, longitude: union.longitude };
  }

  @FieldResolver(() => Coverage, {
    description:
      "The ten-minute circle over this union's subtree: which villages and communities have a site (of `kinds`) within `radiusMeters` of their centre.",
  })
  async coverage(
    @Root() union: Union,
    @Arg('radiusMeters', () => Int, {
      defaultValue: TEN_MINUTE_WALK_M,
      description: `The walking radius in metres, 1 to ${MAX_RADIUS_M}. @default ${TEN_MINUTE_WALK_M}, a ten-minute walk`,
    })
    radiusMeters: number,
    @Arg('kinds', () => [SiteKind], {
      nullable: true,
      description: 'The kinds of site that count; every kind when left out.',
    })
    kinds: SiteKind[] | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Coverage> {
    if (!Number.isInteger(radiusMeters) || radiusMeters < 1 || radiusMeters > MAX_RADIUS_M) {
      throw new BadInputError(`radiusMeters must be between 1 and ${MAX_RADIUS_M}`, 'radiusMeters');
    }
    if (kinds && !kinds.length) {
      throw new BadInputError('kinds must name at least one kind of site; leave it out for every kind', 'kinds');
    }
    const question = { unionId: union.id, radiusMeters, kinds: kinds ? [...new Set(kinds)].sort() : null };
    const coverage = new Coverage();
    coverage.question = question;
    coverage.radiusMeters = radiusMeters;
    coverage.kinds = question.kinds;
    // The counts cost a pass over the subtree's places: only when asked for.
    if (COUNT_FIELDS.some((name) => selects(info, name))) Object.assign(coverage, await coverageTotals(ctx, question));
    return coverage;
  }

  @FieldResolver(() => ServiceCircleConnection, {
    description: "Service circles whose hub is run by a union of this one's subtree, by name.",
  })
  async serviceCircles(
    @Root() union: Union,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ServiceCircleConnection.of(await serviceCirclePage(ctx, union.id, pageRequest(page, ctx, info)));
  }
}

@Resolver(() => Coverage)
export class CoverageResolver {
  @FieldResolver(() => [CoverageArea], {
    description:
      'The coverage ratio per level: every union of `level` in the subtree (the union itself included), least covered first.',
  })
  async areas(
    @Root() coverage: Coverage,
    @Arg('level', () => UnionLevel) level: UnionLevel,
    @Ctx() ctx: Context,
  ): Promise<CoverageArea[]> {
    if (level === UnionLevel.GRASSROOTS) {
      throw new BadInputError('GRASSROOTS unions hold no villages or communities; ask for a level above', 'level');
    }
    return coverageAreas(ctx, coverage.question, level);
  }

  @FieldResolver(() => CoveragePlaceConnection, {
    description:
      'The villages and communities with their nearest site, most members first: with `covered: false`, where the next site goes.',
  })
  async places(
    @Root() coverage: Coverage,
    @Arg('covered', () => Boolean, {
      nullable: true,
      description: 'Only the covered (true) or uncovered (false) ones.',
    })
    covered: boolean | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return CoveragePlaceConnection.of(
      await coveragePlaces(ctx, coverage.question, covered ?? null, pageRequest(page, ctx, info)),
    );
  }
}

@Resolver(() => CoverageArea)
export class CoverageAreaResolver {
  @FieldResolver(() => Union)
  async union(@Root() area: CoverageArea, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(area.unionId))!;
  }
}

@Resolver(() => CoveragePlace)
export class CoveragePlaceResolver {
  @FieldResolver(() => Union, { description: 'The village or community union.' })
  async union(@Root() place: CoveragePlace, @Ctx() ctx: Context): Promise<Union> {
    return (await unionById(ctx).load(place.unionId))!;
  }

  @FieldResolver(() => Site, {
    nullable: true,
    description: 'The nearest site of the kinds asked; null when there is none.',
  })
  async nearestSite(@Root() place: CoveragePlace, @Ctx() ctx: Context): Promise<Site | null> {
    return place.siteId === null ? null : ((await siteById(ctx).load(place.siteId)) ?? null);
  }
}

@Resolver(() => ServiceCircle)
export class ServiceCircleResolver {
  @FieldResolver(() => Site, { description: 'The hub: the site the circle is organised around.' })
  async hub(@Root() circle: ServiceCircle, @Ctx() ctx: Context): Promise<Site> {
    return (await siteById(ctx).load(circle.hub.id))!;
  }

  @FieldResolver(() => Union, { description: "The union that runs the hub, the circle's owner." })
  async union(@Root() circle: ServiceCircle, @Ctx() ctx: Context): Promise<Union> {
    const hub = (await siteById(ctx).load(circle.hub.id))!;
    return (await unionById(ctx).load(hub.union.id))!;
  }

  @FieldResolver(() => [Site], { description: 'The sites the circle serves besides its hub, by name.' })
  async sites(@Root() circle: ServiceCircle, @Ctx() ctx: Context): Promise<Site[]> {
    return serviceCircleSites(ctx).load(circle.id);
  }
}
