import type { MenuData } from './menu.js';

/** How seed.ts inserts rows: a table, its columns, the rows and each row's values. */
type Insert = <T>(
  table: string,
  columns: readonly string[],
  rows: Iterable<T>,
  values: (row: T) => unknown[],
) => Promise<void>;

const intArray = (items: readonly number[]): string => `{${items.join(',')}}`;

/** The menus and their orders, after every activity (those delivering orders among them). */
export async function seedMenus(insert: Insert, menu: Omit<MenuData, 'activities'>): Promise<void> {
  await insert(
    'menu_items',
    [
      'id',
      'created_at',
      'updated_at',
      'union_id',
      'title',
      'kind',
      'provider',
      'description',
      'months',
      'duration_minutes',
      'places',
      'quota_per_season',
    ],
    menu.items,
    (i) => [
      i.id,
      i.createdAt,
      i.createdAt,
      i.unionId,
      i.title,
      i.kind,
      i.provider,
      i.description,
      intArray(i.months),
      i.durationMinutes,
      i.places,
      i.quotaPerSeason,
    ],
  );
  await insert(
    'orders',
    [
      'id',
      'created_at',
      'updated_at',
      'item_id',
      'offering_union_id',
      'ordering_union_id',
      'site_id',
      'wished_dates',
      'expected_attendees',
      'note',
      'status',
      'activity_id',
      'decline_reason',
      'cancel_reason',
      'rating',
      'rating_comment',
      'rated_at',
    ],
    menu.orders,
    (o) => [
      o.id,
      o.createdAt,
      o.updatedAt,
      o.itemId,
      o.offeringUnionId,
      o.orderingUnionId,
      o.siteId,
      `{${o.wishedDates.join(',')}}`,
      o.expectedAttendees,
      o.note,
      o.status,
      o.activityId,
      o.declineReason,
      o.cancelReason,
      o.rating,
      o.ratingComment,
      o.ratedAt,
    ],
  );
}
