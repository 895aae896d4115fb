/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type ActivityStatus =
  /** Called off */
  | 'CANCELLED'
  /** Over; attendance may still be recorded */
  | 'FINISHED'
  /** Open for sign-up */
  | 'OPEN'
  /** Announced; sign-up not open yet */
  | 'PLANNED'
  /** Under way */
  | 'RUNNING';

/** Kinds of cultural site (阵地) a union runs. */
export type SiteKind =
  /** 工人文化宫: workers' cultural palace */
  | 'CULTURAL_PALACE'
  /** 美好生活能量站: "good life energy station" */
  | 'ENERGY_STATION'
  /** 工会驿站 / 户外劳动者服务站: outdoor workers' station */
  | 'OUTDOOR_STATION'
  /** 职工书屋: workers' reading room */
  | 'READING_ROOM'
  /** 职工服务中心: service centre */
  | 'SERVICE_CENTER'
  /** 职工文体室 / 全民健身中心: sports room or fitness centre */
  | 'SPORTS_ROOM'
  /** 职工心理幸福体验馆: wellbeing centre */
  | 'WELLBEING_CENTER'
  /** 职工之家: workers' home */
  | 'WORKERS_HOME';

/** The highest level at which a site is rated (e.g. a national-level model reading room). */
export type SiteRating =
  | 'CITY'
  | 'NATIONAL'
  | 'PROVINCIAL';

/** Where a union sits in the federation: the spine province → city → county → town → village, and grassroots unions (enterprise, park, building, industry) below any level. */
export type UnionLevel =
  /** 市总工会 */
  | 'CITY'
  /** 县(市、区)总工会 */
  | 'COUNTY'
  /** 企业 / 园区 / 楼宇 / 行业联合工会: enterprise, park, building and industry unions */
  | 'GRASSROOTS'
  /** 省总工会, an optional root */
  | 'PROVINCE'
  /** 镇(街道)工会 */
  | 'TOWN'
  /** 村(社区)工会 */
  | 'VILLAGE';

export type CityDashboardQueryVariables = Exact<{
  id: string | number;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type CityDashboardQuery = { union: { name: string, stats: { unionCount: number, siteCount: number, activityCount: number, signUpCount: number, sitesByKind: Array<{ kind: SiteKind, count: number }> }, children: { totalCount: number, nodes: Array<{ name: string, level: UnionLevel, stats: { siteCount: number, activityCount: number, attendanceCount: number }, children: { totalCount: number, nodes: Array<{ name: string, activities: { totalCount: number, nodes: Array<{ title: string, startsAt: string, status: ActivityStatus }> }, children: { totalCount: number, nodes: Array<{ name: string, level: UnionLevel, sites: { totalCount: number, nodes: Array<{ name: string, kind: SiteKind, rating: SiteRating | null }> } }> } }> } }> } } | null };
