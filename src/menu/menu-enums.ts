import { registerEnumType } from 'type-graphql';
import { ActivityKind } from '../activities/activity-enums.js';

/** What a menu offers: the kinds of activity a union delivers at another's site. */
export enum MenuItemKind {
  COURSE = 'COURSE',
  LECTURE = 'LECTURE',
  PERFORMANCE = 'PERFORMANCE',
  OUTREACH_SERVICE = 'OUTREACH_SERVICE',
}

registerEnumType(MenuItemKind, {
  name: 'MenuItemKind',
  valuesConfig: {
    COURSE: { description: '课程/培训: a course, e.g. yoga, 八段锦, AI skills, short-video making' },
    LECTURE: { description: '宣讲: a lecture or talk, e.g. on labour law' },
    PERFORMANCE: { description: '展演: a performance brought to the site' },
    OUTREACH_SERVICE: { description: '服务: an outreach service, e.g. health checks or haircuts on the bus' },
  },
});

/** The activity that delivers an item is of the same kind. */
export const ACTIVITY_KIND: Record<MenuItemKind, ActivityKind> = {
  COURSE: ActivityKind.COURSE,
  LECTURE: ActivityKind.LECTURE,
  PERFORMANCE: ActivityKind.PERFORMANCE,
  OUTREACH_SERVICE: ActivityKind.OUTREACH_SERVICE,
};

/** The seasons of the menu, by months in Asia/Shanghai. Winter runs from December to February. */
export enum Season {
  SPRING = 'SPRING',
  SUMMER = 'SUMMER',
  AUTUMN = 'AUTUMN',
  WINTER = 'WINTER',
}

registerEnumType(Season, {
  name: 'Season',
  valuesConfig: {
    SPRING: { description: 'March to May' },
    SUMMER: { description: 'June to August' },
    AUTUMN: { description: 'September to November' },
    WINTER: { description: 'December to February (the quota counts it as one season across the new year)' },
  },
});

export const SEASON_MONTHS: Record<Season, readonly number[]> = {
  SPRING: [3, 4, 5],
  SUMMER: [6, 7, 8],
  AUTUMN: [9, 10, 11],
  WINTER: [12, 1, 2],
};

export enum OrderStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DELIVERED = 'DELIVERED',
  RATED = 'RATED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  valuesConfig: {
    REQUESTED: { description: 'Placed by the ordering union; the offering union has not answered yet' },
    ACCEPTED: { description: 'Scheduled: the activity that delivers it exists' },
    DELIVERED: { description: 'Its activity finished' },
    RATED: { description: "Delivered and rated by the ordering union's staff" },
    DECLINED: { description: 'Turned down by the offering union, with a reason' },
    CANCELLED: { description: 'Called off before delivery, or its activity was cancelled' },
  },
});

/** Orders that hold (or held) a delivery: these count against the quota. */
export const SCHEDULED_STATUSES: readonly OrderStatus[] = [
  OrderStatus.ACCEPTED,
  OrderStatus.DELIVERED,
  OrderStatus.RATED,
];
