import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { appendWriteMark } from '../../live/event-log.js';
import { withAdvisoryLock } from '../database.js';
import { buildServiceCircles } from './circles.js';
import { seedClubs } from './clubs.js';
import { daysSinceDemoNow, DIRECTORY_CREATED, formatTime, generateDataset, pgArray } from './generate.js';
import { seedMenus } from './menu-rows.js';
import { seedSubsidies } from './subsidies.js';
import { seedWorkers } from './workers.js';

export interface SeedOptions {
  /**
   * Size relative to Jiaxing (1 ≈ 3,300 sites, 2,400 unions, 12,000 activities); widens
   * the tree below the counties, the sites, activities and sign-ups. Fractions shrink it.
   * @default 1
   */
  scale?: number;
  /** Called after every batch of rows (and once at 0) with rows written, rows in all, and the table. */
  onProgress?: (done: number, total: number, stage: string) => void;
  /**
   * The demo is generated around a fixed "now", 2026-11-21 10:00 +08:00; every time it
   * holds moves by whole days so that its "now" is the last 10:00 +08:00 at or before
   * this instant, and its statuses agree with the clock (the sweep moves the activities
   * of the hours in between at start). @default the current time
   */
  now?: Date;
}

export interface SeedSummary {
  unions: number;
  sites: number;
  programmes: number;
  activities: number;
  signUps: number;
  competitions: number;
  competitionEntries: number;
  matches: number;
  judgeScores: number;
  menuItems: number;
  orders: number;
  checkIns: number;
  clubs: number;
  clubMembers: number;
  clubHonours: number;
  clubMeetings: number;
  serviceCircles: number;
}

/** Rows per INSERT: large enough to be fast, small enough to keep statements under a few hundred kB. */
const BATCH = 1000;
const TABLES = [
  'unions',
  'sites',
  'programmes',
  'activities',
  'sign_ups',
  'competition_entries',
  'matches',
  'judge_scores',
  'menu_items',
  'orders',
  'activity_sessions',
  'check_ins',
  'clubs',
  'club_members',
  'club_honours',
  'club_honour_corrections',
  'service_circles',
  'subsidy_budgets',
  'subsidy_claims',
  'subsidy_claim_steps',
] as const;

/** The columns that hold times and days: each moves by the days between the demo's "now" and today. */
const TIME_COLUMNS = new Set([
  'created_at',
  'updated_at',
  'starts_at',
  'ends_at',
  'rated_at',
  'decided_at',
  'left_at',
  'checked_in_at',
  'cancellation_deadline',
  'sign_up_closes_at',
]);
const DATE_COLUMNS = new Set(['starts_on', 'ends_on']);
const DATE_LIST_COLUMNS = new Set(['wished_dates']);

/**
 * Loads the deterministic Jiaxing demo into an empty database in one transaction, with
 * multi-row INSERTs and explicit ids (the unit of work would take minutes), then moves
 * every id sequence past the largest id. Its times are moved to today (SeedOptions.now).
 */
export async function seedDatabase(em: EntityManager, options: SeedOptions = {}): Promise<SeedSummary> {
  const data = generateDataset(options.scale ?? 1);
  const circles = buildServiceCircles(data.unions, data.sites, formatTime(DIRECTORY_CREATED));
  const summary: SeedSummary = {
    unions: data.unions.length,
    sites: data.sites.length,
    programmes: data.programmes.length,
    activities: data.activities.length,
    signUps: data.signUpTotal + data.workers.signUps.length,
    competitions: data.competitions.competitions.length,
    competitionEntries: data.competitions.entries.length,
    matches: data.competitions.matches.length,
    judgeScores: data.competitions.judgeScores.length,
    menuItems: data.menu.items.length,
    orders: data.menu.orders.length,
    checkIns: data.workers.checkIns.length,
    clubs: data.clubs.clubs.length,
    clubMembers: data.clubs.members.length,
    clubHonours: data.clubs.honours.length + data.clubs.corrections.length,
    clubMeetings: data.clubs.meetings.length,
    serviceCircles: circles.length,
  };
  const total = Object.values(summary).reduce((sum, n) => sum + n, 0);
  let done = 0;
  options.onProgress?.(0, total, 'unions');

  // An integer of our own making, so it is written into the statement.
  const days = daysSinceDemoNow(options.now ?? new Date());
  const placeholder = (column: string) =>
    TIME_COLUMNS.has(column)
      ? `?::timestamptz + interval '${days * 24} hours'`
      : DATE_COLUMNS.has(column)
        ? `?::date + ${days}`
        : DATE_LIST_COLUMNS.has(column)
          ? `array(select d + ${days} from unnest(?::date[]) with ordinality as t(d, n) order by n)`
          : '?';

  await em.transactional(async (tx) => {
    // Everything changes: the write mark says so, and the row triggers need not note each row.
    await tx.execute(`select set_config('unionhub.touched', '*', true)`);
    const insert = async <T>(
      table: string,
      columns: readonly string[],
      rows: Iterable<T>,
      values: (row: T) => unknown[],
    ) => {
      const group = `(${columns.map(placeholder).join(', ')})`;
      const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
      let params: unknown[] = [];
      let count = 0;
      const flush = async () => {
        if (!count) return;
        await tx.execute(head + Array(count).fill(group).join(', '), params);
        done += count;
        options.onProgress?.(done, total, table);
        params = [];
        count = 0;
      };
      for (const row of rows) {
        params.push(...values(row));
        if (++count === BATCH) await flush();
      }
      await flush();
    };

    await insert(
      'unions',
      [
        'id',
        'created_at',
        'updated_at',
        'name',
        'level',
        'parent_id',
        'path',
        'region',
        'member_count',
        'latitude',
        'longitude',
      ],
      data.unions,
      (u) => [
        u.id,
        u.createdAt,
        u.createdAt,
        u.name,
        u.level,
        u.parentId,
        u.path,
        u.region,
        u.memberCount,
        u.latitude,
        u.longitude,
      ],
    );
    await insert(
      'sites',
      [
        'id',
        'created_at',
        'updated_at',
        'name',
        'kind',
        'union_id',
        'address',
        'latitude',
        'longitude',
        'area_sqm',
        'opening_hours',
        'facilities',
        'rating',
        'honours',
      ],
      data.sites,
      (s) => [
        s.id,
        s.createdAt,
        s.createdAt,
        s.name,
        s.kind,
        s.unionId,
        s.address,
        s.latitude,
        s.longitude,
        s.areaSqm,
        s.openingHours,
        s.facilities,
        s.rating,
        s.honours,
      ],
    );
    await insert(
      'programmes',
      ['id', 'created_at', 'updated_at', 'name', 'description', 'union_id', 'starts_on', 'ends_on'],
      data.programmes,
      (p) => [p.id, p.createdAt, p.createdAt, p.name, p.description, p.unionId, p.startsOn, p.endsOn],
    );
    await insert(
      'activities',
      [
        'id',
        'created_at',
        'updated_at',
        'kind',
        'title',
        'description',
        'organiser_id',
        'site_id',
        'programme_id',
        'starts_at',
        'ends_at',
        'status',
        'capacity',
        'sign_up_count',
        'attendance_count',
        'waitlist_count',
        'cancellation_deadline',
        'sign_up_closes_at',
        'contact',
      ],
      data.activities,
      (a) => [
        a.id,
        a.createdAt,
        a.updatedAt,
        a.kind,
        a.title,
        a.description,
        a.organiserId,
        a.siteId,
        a.programmeId,
        a.startsAt,
        a.endsAt,
        a.status,
        a.capacity,
        a.signUpCount,
        a.attendanceCount,
        a.waitlistCount ?? 0,
        a.cancellationDeadline ?? null,
        a.signUpClosesAt ?? null,
        a.contact ?? null,
      ],
    );
    await insert(
      'sign_ups',
      ['id', 'created_at', 'updated_at', 'activity_id', 'worker_name', 'phone', 'union_id', 'status', 'attended'],
      data.signUps(),
      (s) => [s.id, s.createdAt, s.createdAt, s.activityId, s.workerName, s.phone, s.unionId, s.status, s.attended],
    );

    const { competitions, entries, matches, judgeScores } = data.competitions;
    await insert(
      'competitions',
      ['activity_id', 'format', 'points_for_win', 'points_for_draw', 'points_for_loss', 'drop_highest_and_lowest'],
      competitions,
      (c) => [c.activityId, c.format, c.pointsForWin, c.pointsForDraw, c.pointsForLoss, c.dropHighestAndLowest],
    );
    await insert(
      'competition_entries',
      ['id', 'created_at', 'updated_at', 'competition_id', 'name', 'union_id', 'members'],
      entries,
      (e) => [e.id, e.createdAt, e.createdAt, e.competitionId, e.name, e.unionId, pgArray(e.members)],
    );
    await insert(
      'matches',
      [
        'id',
        'created_at',
        'updated_at',
        'competition_id',
        'round',
        'home_entry_id',
        'away_entry_id',
        'starts_at',
        'site_id',
        'status',
        'home_score',
        'away_score',
        'version',
      ],
      matches,
      (m) => [
        m.id,
        m.createdAt,
        m.updatedAt,
        m.competitionId,
        m.round,
        m.homeEntryId,
        m.awayEntryId,
        m.startsAt,
        m.siteId,
        m.status,
        m.homeScore,
        m.awayScore,
        m.version,
      ],
    );
    await insert(
      'judge_scores',
      ['id', 'created_at', 'updated_at', 'competition_id', 'entry_id', 'round', 'judge', 'score'],
      judgeScores,
      (j) => [j.id, j.createdAt, j.createdAt, j.competitionId, j.entryId, j.round, j.judge, j.score],
    );

    await seedMenus(insert, data.menu);
    await seedWorkers(insert, data.workers);
    // Club meetings take the ids after every other activity, whoever added those.
    const [{ last }] = await tx.execute<{ last: number }[]>('select coalesce(max(id), 0)::int as last from activities');
    await seedClubs(insert, last, data.clubs);

    await insert('service_circles', ['id', 'created_at', 'updated_at', 'name', 'hub_site_id'], circles, (c) => [
      c.id,
      c.createdAt,
      c.createdAt,
      c.name,
      c.hubSiteId,
    ]);
    await insert(
      'service_circle_sites',
      ['circle_id', 'site_id'],
      circles.flatMap((c) => c.siteIds.map((siteId) => ({ circleId: c.id, siteId }))),
      (m) => [m.circleId, m.siteId],
    );
    await seedSubsidies(tx);

    // Explicit ids leave the sequences at 1; the next row the app inserts must not collide.
    for (const table of TABLES) {
      await tx.execute(
        `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`,
      );
    }
    // Caches on running instances must see that everything changed (see appendWriteMark).
    await appendWriteMark(tx, 'SEEDED');
  });
  return summary;
}

/** True when the database holds no union, hence nothing else (every row hangs off a union). */
export async function isDatabaseEmpty(em: EntityManager): Promise<boolean> {
  const rows = await em.execute<{ present: boolean }[]>('select exists (select 1 from "unions") as "present"');
  return !rows[0]?.present;
}

/**
 * SEED=demo at start: loads the demo into an empty database. Instances starting at once
 * take turns (the lock `npm run seed` takes too), so only the first one seeds.
 */
export async function seedIfEmpty(orm: MikroORM, log: (message: string) => void): Promise<void> {
  await withAdvisoryLock(orm, 'unionhub.seed', async () => {
    const em = orm.em.fork();
    if (!(await isDatabaseEmpty(em))) return;
    log('empty database: seeding the Jiaxing demo…');
    const summary = await seedDatabase(em);
    log(
      `seeded ${Object.entries(summary)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
    );
  });
}
