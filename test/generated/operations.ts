/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** Who may sign themselves up. */
export type ActivityAudience =
  /** Any worker */
  | 'ANYONE'
  /** Workers whose union lies in the organiser's subtree */
  | 'MEMBERS';

export type ActivityEventType =
  /** Attendance was recorded, or corrected with a reason */
  | 'ATTENDANCE_CHANGED'
  /** Called off */
  | 'CANCELLED'
  /** Announced */
  | 'CREATED'
  /** Removed; `activity` is null from now on */
  | 'DELETED'
  /** Over */
  | 'FINISHED'
  /** The last place was taken */
  | 'FULL'
  /** Sign-up opened */
  | 'OPENED'
  /** A worker signed up, joined the waitlist or gave a place back */
  | 'SIGN_UPS_CHANGED'
  /** Under way */
  | 'STARTED'
  /** Title, times, place or capacity changed */
  | 'UPDATED'
  /** A place given back went to the first waiting worker(s) */
  | 'WAITLIST_PROMOTED';

export type ActivityKind =
  /** 比赛/大赛: contests, tournaments */
  | 'COMPETITION'
  /** 课程/培训: courses and training */
  | 'COURSE'
  /** 展: photography, calligraphy and painting shows */
  | 'EXHIBITION'
  /** 宣讲: lectures and talks */
  | 'LECTURE'
  /** 服务: outreach services such as health checks at parks */
  | 'OUTREACH_SERVICE'
  /** 展演: performances and showcases */
  | 'PERFORMANCE'
  /** 阅读: reading hours and book clubs */
  | 'READING';

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

export type ClubKind =
  /** 文艺: a dance, chorus, drama, music, calligraphy or photography team */
  | 'ARTS'
  /** Any other interest group */
  | 'OTHER'
  /** 阅读: a book club or reading-sharing group */
  | 'READING'
  /** 技能: a skills or craftsmanship studio, e.g. a model workers’ innovation studio */
  | 'SKILLS'
  /** 体育: a team or interest group of a sport, e.g. air volleyball, table tennis, running */
  | 'SPORTS'
  /** 志愿: a volunteer service team */
  | 'VOLUNTEERING';

export type ClubMemberStatus =
  /** A member: holds one of the club’s places */
  | 'ACTIVE'
  /** The club’s staff declined the request, with a reason */
  | 'DECLINED'
  /** Left the club (or withdrew the request); kept as history */
  | 'LEFT'
  /** Asked to join a club that needs staff approval; takes no place until approved */
  | 'PENDING';

export type CompetitionEventType =
  /** The competition was called off (`reason`: its note); the last event, the subscription then completes */
  | 'CANCELLED'
  /** The competition was deleted (it held no entries or results); the last event, the subscription then completes */
  | 'DELETED'
  /** Teams or contestants joined */
  | 'ENTRIES_REGISTERED'
  /** Judges scored an entry in a round */
  | 'JUDGE_SCORES_RECORDED'
  /** One judge's score was corrected */
  | 'JUDGE_SCORE_CORRECTED'
  /** Matches were added to the schedule */
  | 'MATCHES_SCHEDULED'
  /** A match was called off */
  | 'MATCH_CANCELLED'
  /** A match ended; standings moved */
  | 'MATCH_FINISHED'
  /** A match went LIVE at 0:0 */
  | 'MATCH_STARTED'
  /** Format or points changed */
  | 'RULES_CHANGED'
  /** A live score changed */
  | 'SCORE_CHANGED'
  /** A finished match's score was corrected */
  | 'SCORE_CORRECTED';

export type CompetitionFormat =
  /** Judges score each entry per round; standings by total */
  | 'JUDGED'
  /** Home-versus-away matches with scores; standings by points */
  | 'MATCHES';

export type HonourLevel =
  /** 市级 */
  | 'CITY'
  /** 县(市、区)级 */
  | 'COUNTY'
  /** 全国: e.g. by the All-China Federation of Trade Unions */
  | 'NATIONAL'
  /** 省级: e.g. by the Zhejiang Federation of Trade Unions */
  | 'PROVINCIAL';

export type MatchStatus =
  /** Called off; never counts */
  | 'CANCELLED'
  /** Over; counts in the standings */
  | 'FINISHED'
  /** Under way; the score changes */
  | 'LIVE'
  /** Not started; no score yet */
  | 'SCHEDULED';

export type OrderEventType =
  /** The offering union scheduled it: its activity exists */
  | 'ACCEPTED'
  /** Called off, or its activity was cancelled */
  | 'CANCELLED'
  /** The offering union turned it down */
  | 'DECLINED'
  /** Its activity finished */
  | 'DELIVERED'
  /** The ordering union rated it */
  | 'RATED'
  /** A union placed an order */
  | 'REQUESTED';

export type OrderStatus =
  /** Scheduled: the activity that delivers it exists */
  | 'ACCEPTED'
  /** Called off before delivery, or its activity was cancelled */
  | 'CANCELLED'
  /** Turned down by the offering union, with a reason */
  | 'DECLINED'
  /** Its activity finished */
  | 'DELIVERED'
  /** Delivered and rated by the ordering union's staff */
  | 'RATED'
  /** Placed by the ordering union; the offering union has not answered yet */
  | 'REQUESTED';

export type SignUpStatus =
  /** Gave the place (or the wait) up */
  | 'CANCELLED'
  /** Holds a place */
  | 'SIGNED_UP'
  /** Waits for a place: the first to wait gets the next one given back */
  | 'WAITLISTED';

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

/** CLAIMED → APPROVED (possibly for less, with a reason) → PAID; or REJECTED (with a reason), or WITHDRAWN. */
export type SubsidyClaimStatus =
  /** Approved by the granting union's staff, for the claimed amount or less */
  | 'APPROVED'
  /** Claimed by the organiser's staff (or corrected and claimed again); awaiting a decision */
  | 'CLAIMED'
  /** The approved amount was paid out */
  | 'PAID'
  /** Turned down, with a reason; the organiser may correct it and claim again */
  | 'REJECTED'
  /** Withdrawn by the organiser, with a reason; the activity may be claimed anew */
  | 'WITHDRAWN';

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

export type AcceptOrderMutationVariables = Exact<{
  orderId: string | number;
  startsAt: string;
}>;


export type AcceptOrderMutation = { acceptOrder: { order: { id: string, status: OrderStatus }, activity: { id: string, title: string, status: ActivityStatus, startsAt: string, endsAt: string | null, capacity: number | null, organiser: { name: string }, site: { name: string } | null } | null } };

export type ActivityChangedSubscriptionVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ActivityChangedSubscription = { activityChanged: { cursor: string, type: ActivityEventType, signUpCount: number, placesLeft: number | null, activity: { title: string, status: ActivityStatus } | null } };

export type ApproveClubMemberMutationVariables = Exact<{
  memberId: string | number;
}>;


export type ApproveClubMemberMutation = { approveClubMember: { member: { status: ClubMemberStatus }, club: { memberCount: number, placesLeft: number | null } } };

export type ApproveSubsidyClaimMutationVariables = Exact<{
  claimId: string | number;
  amountFen: number;
}>;


export type ApproveSubsidyClaimMutation = { approveSubsidyClaim: { claim: { id: string, status: SubsidyClaimStatus, claimedFen: number, approvedFen: number | null, reason: string | null, history: Array<{ status: SubsidyClaimStatus, approvedFen: number | null, reason: string | null }> } } };

export type CheckInCodeQueryVariables = Exact<{
  siteId: string | number;
}>;


export type CheckInCodeQuery = { checkInCode: { code: string, validUntil: string, rotatesEverySeconds: number } };

export type CheckInMutationVariables = Exact<{
  code: string;
}>;


export type CheckInMutation = { checkIn: { signUp: { attended: boolean, sessionsAttended: number, sessionCount: number }, activity: { title: string, attendanceCount: number } } };

export type ClaimSubsidyMutationVariables = Exact<{
  activityId: string | number;
}>;


export type ClaimSubsidyMutation = { claimSubsidy: { claim: { id: string, status: SubsidyClaimStatus, attendance: number, claimedFen: number, budget: { year: number, union: { name: string } }, history: Array<{ status: SubsidyClaimStatus, claimedFen: number }> } } };

export type ClubRequestsQueryVariables = Exact<{
  clubId: string | number;
}>;


export type ClubRequestsQuery = { club: { name: string, members: { totalCount: number, nodes: Array<{ id: string, displayName: string, phone: string | null, union: { name: string } | null }> } } | null };

export type ClubsNearQueryVariables = Exact<{
  latitude: number;
  longitude: number;
}>;


export type ClubsNearQuery = { clubs: { nodes: Array<{ id: string, name: string, kind: ClubKind, requiresApproval: boolean, placesLeft: number | null, homeSite: { name: string, address: string | null } | null, meetings: { nodes: Array<{ title: string, startsAt: string, status: ActivityStatus }> } }> } };

export type CompetitionUpdatedSubscriptionVariables = Exact<{
  competitionId: string | number;
  after?: string | null | undefined;
}>;


export type CompetitionUpdatedSubscription = { competitionUpdated: { cursor: string, type: CompetitionEventType, homeScore: number | null, awayScore: number | null, matchStatus: MatchStatus | null, match: { round: string, homeEntry: { name: string }, awayEntry: { name: string } } | null, standings: Array<{ rank: number, points: number, entry: { name: string } }> } };

export type CountyOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type CountyOverviewQuery = { unions: { totalCount: number, nodes: Array<{ name: string, stats: { unionCount: number, siteCount: number, activityCount: number, signUpCount: number, attendanceCount: number } }> } };

export type CountySubsidiesQueryVariables = Exact<{
  county: string | number;
  year: number;
  from: string;
  to: string;
}>;


export type CountySubsidiesQuery = { union: { name: string, subsidyBudgets: Array<{ id: string, year: number, totalFen: number, approvedFen: number, paidFen: number, leftFen: number, unionCapFen: number | null, rules: Array<{ kind: ActivityKind | null, perActivityFen: number, perAttendeeFen: number, minAttendees: number, activityCapFen: number | null }> }>, subsidies: { claimCount: number, claimedFen: number, approvedFen: number, paidFen: number, activitiesLeveraged: number, attendees: number, spendPerAttendeeFen: number | null }, subsidyClaims: { totalCount: number, nodes: Array<{ id: string, status: SubsidyClaimStatus, claimedFen: number, attendance: number, evidence: string, union: { name: string }, activity: { title: string, kind: ActivityKind } }> } } | null };

export type EverythingUnderPinghuQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type EverythingUnderPinghuQuery = { unions: { nodes: Array<{ name: string, stats: { unionCount: number, siteCount: number, activityCount: number, sitesByKind: Array<{ kind: SiteKind, count: number }>, activitiesByStatus: Array<{ status: ActivityStatus, count: number }> }, readingRooms: { totalCount: number, nodes: Array<{ name: string, rating: SiteRating | null, union: { name: string } }> }, thisMonth: { totalCount: number, nodes: Array<{ title: string, kind: ActivityKind, startsAt: string, status: ActivityStatus, site: { name: string } | null }> } }> } };

export type JoinClubMutationVariables = Exact<{
  clubId: string | number;
}>;


export type JoinClubMutation = { joinClub: { member: { id: string, status: ClubMemberStatus, displayName: string }, club: { name: string, memberCount: number, placesLeft: number | null } } };

export type LiveScoreboardQueryVariables = Exact<{ [key: string]: never; }>;


export type LiveScoreboardQuery = { latestEventCursor: string, activities: { nodes: Array<{ title: string, competition: { id: string, matches: { nodes: Array<{ id: string, round: string, version: number, homeScore: number | null, awayScore: number | null, homeEntry: { name: string }, awayEntry: { name: string } }> }, standings: Array<{ rank: number, points: number, entry: { name: string } }> } | null }> } };

export type MyBookingsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyBookingsQuery = { viewer: { name: string, signUps: { totalCount: number, nodes: Array<{ id: string, sessionsAttended: number, sessionCount: number, activity: { title: string, startsAt: string, site: { name: string, address: string | null } | null } }> } | null } | null };

export type MyClubsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyClubsQuery = { viewer: { clubs: { nodes: Array<{ club: { name: string, homeSite: { name: string } | null, meetings: { nodes: Array<{ title: string, startsAt: string, status: ActivityStatus }> } } }> } | null } | null };

export type NanhuCirclesQueryVariables = Exact<{ [key: string]: never; }>;


export type NanhuCirclesQuery = { unions: { nodes: Array<{ name: string, serviceCircles: { totalCount: number, nodes: Array<{ name: string, hub: { name: string, kind: SiteKind }, union: { name: string }, sites: Array<{ name: string }> }> } }> } };

export type NanhuTeamsQueryVariables = Exact<{
  nanhu: string | number;
}>;


export type NanhuTeamsQuery = { union: { name: string, clubs: { totalCount: number, nodes: Array<{ id: string, name: string, kind: ClubKind, leader: string | null, memberCount: number, recruiting: boolean, union: { name: string }, homeSite: { name: string } | null, honours: Array<{ level: HonourLevel, title: string, year: number }> }> } } | null };

export type OpenCoursesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type OpenCoursesQuery = { activities: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, title: string, startsAt: string, capacity: number | null, placesLeft: number | null, site: { name: string, address: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OrderFeedSubscriptionVariables = Exact<{
  unionId: string | number;
  after?: string | null | undefined;
}>;


export type OrderFeedSubscription = { orderFeed: { cursor: string, type: OrderEventType, status: OrderStatus, title: string, orderingUnionId: string, activityId: string | null } };

export type PinghuCoverageQueryVariables = Exact<{ [key: string]: never; }>;


export type PinghuCoverageQuery = { unions: { nodes: Array<{ name: string, coverage: { placeCount: number, coveredCount: number, ratio: number | null, uncoveredMemberCount: number, areas: Array<{ placeCount: number, coveredCount: number, ratio: number | null, union: { name: string } }>, places: { totalCount: number, nodes: Array<{ distanceMeters: number | null, union: { name: string, memberCount: number }, nearestSite: { name: string, kind: SiteKind } | null }> } } }> } };

export type PinghuTrendsQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type PinghuTrendsQuery = { unions: { nodes: Array<{ name: string, held: Array<{ startsAt: string, value: number }>, fillRate: Array<{ startsAt: string, value: number }>, signUps: Array<{ startsAt: string, endsAt: string, value: number }> }> } };

export type PlaceOrderMutationVariables = Exact<{
  itemId: string | number;
  village: string | number;
  siteId: string | number;
  days: Array<string> | string;
}>;


export type PlaceOrderMutation = { placeOrder: { order: { id: string, status: OrderStatus, wishedDates: Array<string>, offeringUnion: { name: string }, item: { title: string } } } };

export type RateOrderMutationVariables = Exact<{
  orderId: string | number;
}>;


export type RateOrderMutation = { rateOrder: { order: { id: string, status: OrderStatus, rating: number | null, ratingComment: string | null, item: { title: string, deliveryCount: number, averageRating: number | null } } } };

export type RecordScoreMutationVariables = Exact<{
  matchId: string | number;
  home: number;
  away: number;
  version?: number | null | undefined;
}>;


export type RecordScoreMutation = { recordScore: { match: { homeScore: number | null, awayScore: number | null, version: number } } };

export type SignMeUpMutationVariables = Exact<{
  activityId: string | number;
}>;


export type SignMeUpMutation = { signMeUp: { signUp: { id: string, status: SignUpStatus, workerName: string }, activity: { placesLeft: number | null, waitlistCount: number } } };

export type SignUpMutationVariables = Exact<{
  activityId: string | number;
}>;


export type SignUpMutation = { signUp: { signUp: { id: string, status: SignUpStatus }, activity: { title: string, signUpCount: number, placesLeft: number | null } } };

export type SitesNearQueryVariables = Exact<{
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}>;


export type SitesNearQuery = { sites: { totalCount: number, nodes: Array<{ name: string, kind: SiteKind, address: string | null, openingHours: string | null, location: { latitude: number, longitude: number } | null, union: { name: string } }> } };

export type TownByNameQueryVariables = Exact<{ [key: string]: never; }>;


export type TownByNameQuery = { unions: { nodes: Array<{ id: string, name: string, level: UnionLevel, ancestors: Array<{ name: string }>, children: { totalCount: number, nodes: Array<{ name: string }> } }> } };

export type VillageMenuQueryVariables = Exact<{
  village: string | number;
  month?: number | null | undefined;
}>;


export type VillageMenuQuery = { union: { name: string, menu: { nodes: Array<{ id: string, title: string, provider: string, durationMinutes: number, places: number, quotaPerSeason: number | null, deliveryCount: number, averageRating: number | null, offeredBy: { name: string } }> }, sites: { nodes: Array<{ id: string, name: string }> } } | null };

export type YogaNearQueryVariables = Exact<{
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}>;


export type YogaNearQuery = { sites: { nodes: Array<{ id: string, name: string, activities: { nodes: Array<{ id: string, title: string, startsAt: string, placesLeft: number | null, audience: ActivityAudience }> } }> } };

export type ScreenActivityChangedSubscriptionVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ScreenActivityChangedSubscription = { activityChanged: { cursor: string, type: ActivityEventType, activityId: string, status: ActivityStatus, capacity: number | null, placesLeft: number | null, signUpCount: number, waitlistCount: number, attendanceCount: number } };

export type ScreenActivityFeedSubscriptionVariables = Exact<{
  unionId: string | number;
  after?: string | null | undefined;
}>;


export type ScreenActivityFeedSubscription = { activityFeed: { cursor: string, type: ActivityEventType, occurredAt: string, activityId: string, title: string, kind: ActivityKind, status: ActivityStatus, capacity: number | null, placesLeft: number | null, signUpCount: number, activity: { startsAt: string, site: { name: string } | null } | null } };

export type ScreenCheckInCodeQueryVariables = Exact<{
  siteId: string | number;
}>;


export type ScreenCheckInCodeQuery = { checkInCode: { code: string, validUntil: string, rotatesEverySeconds: number } };

export type ScreenCompetitionQueryVariables = Exact<{
  id: string | number;
}>;


export type ScreenCompetitionQuery = { competition: { id: string, format: CompetitionFormat, dropHighestAndLowest: boolean, activity: { title: string, status: ActivityStatus, site: { name: string } | null }, live: { nodes: Array<{ id: string, round: string, status: MatchStatus, version: number, homeScore: number | null, awayScore: number | null, startsAt: string, homeEntry: { name: string }, awayEntry: { name: string } }> }, finished: { nodes: Array<{ id: string, round: string, status: MatchStatus, version: number, homeScore: number | null, awayScore: number | null, startsAt: string, homeEntry: { name: string }, awayEntry: { name: string } }> }, judgeScores: Array<{ judge: string, score: number, round: number, entry: { id: string, name: string } }>, standings: Array<{ rank: number, points: number, played: number, won: number, drawn: number, lost: number, scoreFor: number, scoreAgainst: number, total: number | null, roundScores: Array<number>, entry: { id: string, name: string } }> } | null };

export type ScreenCompetitionUpdatedSubscriptionVariables = Exact<{
  competitionId: string | number;
  after?: string | null | undefined;
}>;


export type ScreenCompetitionUpdatedSubscription = { competitionUpdated: { cursor: string, type: CompetitionEventType, occurredAt: string, matchId: string | null, matchStatus: MatchStatus | null, matchVersion: number | null, homeScore: number | null, awayScore: number | null, judgeRound: number | null, reason: string | null, match: { id: string, round: string, startsAt: string, homeEntry: { name: string }, awayEntry: { name: string } } | null, entry: { id: string, name: string } | null, judgeScores: Array<{ judge: string, score: number }> | null, standings: Array<{ rank: number, points: number, played: number, won: number, drawn: number, lost: number, scoreFor: number, scoreAgainst: number, total: number | null, roundScores: Array<number>, entry: { id: string, name: string } }> } };

export type ScreenDashboardQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
}>;


export type ScreenDashboardQuery = { union: { id: string, name: string, level: UnionLevel, ancestors: Array<{ id: string, name: string }>, stats: { unionCount: number, siteCount: number, memberCount: number, villagesWithoutSite: number, activityCount: number, signUpCount: number, attendanceCount: number, activitiesByKind: Array<{ kind: ActivityKind, count: number }> }, children: { totalCount: number, nodes: Array<{ id: string, name: string, level: UnionLevel, stats: { siteCount: number, activityCount: number, signUpCount: number, attendanceCount: number } }> } } | null };

export type ScreenDashboardSeriesQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
}>;


export type ScreenDashboardSeriesQuery = { union: { held: Array<{ startsAt: string, value: number }>, attendance: Array<{ startsAt: string, value: number }>, coverage: { placeCount: number, coveredCount: number, ratio: number | null, places: { totalCount: number, nodes: Array<{ distanceMeters: number | null, union: { id: string, name: string, memberCount: number }, nearestSite: { name: string } | null }> } } } | null };

export type ScreenFeedQueryVariables = Exact<{
  unionId: string | number;
  from: string;
  to: string;
}>;


export type ScreenFeedQuery = { union: { id: string, name: string, stats: { activityCount: number, signUpCount: number, attendanceCount: number, activitiesByStatus: Array<{ status: ActivityStatus, count: number }> }, activities: { nodes: Array<{ id: string, title: string, kind: ActivityKind, status: ActivityStatus, startsAt: string, capacity: number | null, placesLeft: number | null, signUpCount: number, site: { name: string } | null }> } } | null };

export type ScreenLatestEventCursorQueryVariables = Exact<{ [key: string]: never; }>;


export type ScreenLatestEventCursorQuery = { latestEventCursor: string };

export type ScreenSiteQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
}>;


export type ScreenSiteQuery = { site: { id: string, name: string, address: string | null, openingHours: string | null, union: { id: string, name: string }, activities: { nodes: Array<{ id: string, title: string, kind: ActivityKind, status: ActivityStatus, startsAt: string, endsAt: string | null, capacity: number | null, placesLeft: number | null, signUpCount: number, waitlistCount: number, attendanceCount: number }> } } | null };
