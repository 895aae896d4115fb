import { registerEnumType } from 'type-graphql';

export enum UnionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
  GRASSROOTS = 'GRASSROOTS',
}

registerEnumType(UnionLevel, {
  name: 'UnionLevel',
  description:
    'Where a union sits in the federation: the spine province → city → county → town → village, and grassroots unions (enterprise, park, building, industry) below any level.',
  valuesConfig: {
    PROVINCE: { description: '省总工会, an optional root' },
    CITY: { description: '市总工会' },
    COUNTY: { description: '县(市、区)总工会' },
    TOWN: { description: '镇(街道)工会' },
    VILLAGE: { description: '村(社区)工会' },
    GRASSROOTS: { description: '企业 / 园区 / 楼宇 / 行业联合工会: enterprise, park, building and industry unions' },
  },
});

const SPINE: readonly UnionLevel[] = [
  UnionLevel.PROVINCE,
  UnionLevel.CITY,
  UnionLevel.COUNTY,
  UnionLevel.TOWN,
  UnionLevel.VILLAGE,
];

/**
 * Whether a union of level `child` may sit directly under one of level `parent`
 * (`undefined` for a root). The spine only goes down; grassroots unions hang anywhere,
 * also under another grassroots union (a park's enterprises), but hold no spine level.
 */
export function canHold(parent: UnionLevel | undefined, child: UnionLevel): boolean {
  if (parent === undefined) return child !== UnionLevel.GRASSROOTS;
  if (child === UnionLevel.GRASSROOTS) return true;
  if (parent === UnionLevel.GRASSROOTS) return false;
  return SPINE.indexOf(child) > SPINE.indexOf(parent);
}
