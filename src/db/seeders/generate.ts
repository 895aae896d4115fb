/**
 * Deterministic generation of the Jiaxing demo: the same scale always yields the same
 * rows, byte for byte. Randomness comes from seeded mulberry32 streams (one per stage,
 * one per activity for its sign-ups), time from the fixed demo year 2026 in
 * Asia/Shanghai; nothing reads the clock or Math.random. Seeding moves the times to the
 * seeding day (daysSinceDemoNow).
 */
import { buildClubs, type ClubData } from './clubs.js';
import { buildCompetitions, type CompetitionData } from './competitions.js';
import {
  ACTIVITY_BLURBS,
  ACTIVITY_TITLES,
  BALL_GAMES,
  BOOKS,
  CITY,
  CITY_PROGRAMMES,
  COMMUNITY_FIRST,
  COMMUNITY_SECOND,
  COUNTIES,
  COUNTY_INDUSTRIES,
  COUNTY_PROGRAMMES,
  FIRM_CORE_FIRST,
  FIRM_CORE_SECOND,
  FIRM_INDUSTRIES,
  FIRM_SUFFIXES,
  FOUR_SEASONS,
  GIVEN_NAMES,
  KNOWN_GRASSROOTS,
  KNOWN_VILLAGES,
  NIGHT_COURSES,
  OPENING_HOURS,
  PARK_LANDMARKS,
  PARKS,
  PHONE_PREFIXES,
  ROAD_FIRST,
  ROAD_SECOND,
  SITE_AREA,
  SITE_FACILITIES,
  SITE_HONOURS,
  SITE_NAME_PATTERNS,
  SPORT_COURSES,
  SURNAMES,
  TALK_TOPICS,
  TOWER_FIRST,
  TOWER_SECOND,
  TOWN_FIRST,
  TOWN_INDUSTRIES,
  TOWN_PROGRAMMES,
  TOWN_SECOND,
  VILLAGE_FIRST,
  VILLAGE_LANDMARKS,
  VILLAGE_SECOND,
  countyUnionName,
  townUnionName,
  villageUnionName,
  type ActivityKindName,
  type ProgrammePattern,
  type SiteKindName,
} from './jiaxing-names.js';
import { buildMenus, type MenuData } from './menu.js';
import { buildWorkers, type WorkerData } from './workers.js';

// ---------------------------------------------------------------- randomness

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for demo data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, for naming random streams. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two integers into a well-spread 32-bit hash (murmur3 finaliser). */
function mix(a: number, b: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(b >>> 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

class Random {
  private readonly next: () => number;
  constructor(seed: number | string) {
    this.next = mulberry32(typeof seed === 'string' ? hashString(seed) : seed);
  }
  /** [0, 1) */
  float(): number {
    return this.next();
  }
  /** [min, max) */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  /** An integer whose mean is `mean`: floor(mean), plus one with the fractional part's probability. */
  count(mean: number): number {
    if (mean <= 0) return 0;
    const whole = Math.floor(mean);
    return whole + (this.next() < mean - whole ? 1 : 0);
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

// ---------------------------------------------------------------- time

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Asia/Shanghai has no daylight saving: always +08:00. */
const OFFSET = 8 * HOUR;

/** The demo year: every activity starts in 2026 (Asia/Shanghai). */
const DEMO_YEAR = 2026;
const YEAR_START = Date.UTC(DEMO_YEAR, 0, 1) - OFFSET;
const YEAR_DAYS = 365;
const YEAR_END = YEAR_START + YEAR_DAYS * DAY - MINUTE;
/** The fixed "now" the statuses are consistent with: 2026-11-21 10:00 +08:00. */
const DEMO_NOW = Date.UTC(DEMO_YEAR, 10, 21, 10) - OFFSET;

/**
 * Whole days from the demo's "now" to `now` (the last 10:00 +08:00 at or before it).
 * Seeding moves every time by as many days, so the demo's statuses agree with the clock
 * of the day it is seeded; whole days keep every time of day and the programmes' dates.
 */
export function daysSinceDemoNow(now: Date): number {
  return Math.floor((now.getTime() - DEMO_NOW) / DAY);
}
/** When the federation "entered" its tree and sites. */
export const DIRECTORY_CREATED = Date.UTC(2025, 11, 1, 9) - OFFSET;
const PROGRAMMES_CREATED = Date.UTC(2025, 11, 20, 9) - OFFSET;

/** A timestamptz literal in +08:00, e.g. 2026-03-05T18:30:00+08:00. */
export function formatTime(ms: number): string {
  return `${new Date(ms + OFFSET).toISOString().slice(0, 19)}+08:00`;
}

/** Local midnight of a day of the demo year (0 = 1 January). */
const dayStart = (day: number): number => YEAR_START + day * DAY;
/** 0 = Sunday … 6 = Saturday, of a day of the demo year. */
const weekday = (day: number): number => new Date(Date.UTC(DEMO_YEAR, 0, 1 + day)).getUTCDay();
const isoDay = (month: number, day: number): string =>
  `${DEMO_YEAR}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const monthDays = (month: number): number => new Date(Date.UTC(DEMO_YEAR, month, 0)).getUTCDate();
/** Day of year of a YYYY-MM-DD in the demo year. */
const dayOfYear = (iso: string): number =>
  Math.round(
    (Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) -
      Date.UTC(DEMO_YEAR, 0, 1)) /
      DAY,
  );

// ---------------------------------------------------------------- rows

type UnionLevelName = 'CITY' | 'COUNTY' | 'TOWN' | 'VILLAGE' | 'GRASSROOTS';
type UnionKind =
  'city' | 'county' | 'street' | 'town' | 'community' | 'village' | 'park' | 'enterprise' | 'building' | 'industry';
type ActivityStatusName = 'PLANNED' | 'OPEN' | 'RUNNING' | 'FINISHED' | 'CANCELLED';

export interface UnionRow {
  id: number;
  name: string;
  level: UnionLevelName;
  parentId: number | null;
  path: string;
  region: string;
  memberCount: number;
  /** Its centre: a village's or community's near its town, a town's near its county's seat. */
  latitude: number;
  longitude: number;
  createdAt: string;
}

interface GenUnion extends UnionRow {
  kind: UnionKind;
  /** Short name for titles: 平湖市, 大桥镇, 福莱新材料. */
  label: string;
  /** Base of its site names: the name without 工会. */
  siteBase: string;
  /** Address up to the street: 嘉兴市平湖市当湖街道. */
  addressBase: string;
  countyIndex: number;
  /** Honour its sites share (a park's 繁星点位). */
  honour?: string;
  /** Fixed site kinds of a known union. */
  siteKinds?: readonly SiteKindName[];
  children: number[];
}

export interface SiteRow {
  id: number;
  name: string;
  kind: SiteKindName;
  unionId: number;
  address: string;
  latitude: number;
  longitude: number;
  areaSqm: number;
  openingHours: string;
  /** PostgreSQL array literal. */
  facilities: string;
  rating: 'NATIONAL' | 'PROVINCIAL' | 'CITY' | null;
  /** PostgreSQL array literal. */
  honours: string;
  createdAt: string;
}

interface ProgrammeRow {
  id: number;
  name: string;
  description: string;
  unionId: number;
  startsOn: string;
  endsOn: string;
  createdAt: string;
}

interface GenProgramme extends ProgrammeRow {
  startMs: number;
  /** Exclusive: midnight after the last day. */
  endMs: number;
  kinds?: readonly ActivityKindName[];
}

export interface ActivityRow {
  id: number;
  kind: ActivityKindName;
  title: string;
  description: string;
  organiserId: number;
  siteId: number | null;
  programmeId: number | null;
  startsAt: string;
  endsAt: string;
  status: ActivityStatusName;
  capacity: number | null;
  signUpCount: number;
  attendanceCount: number;
  createdAt: string;
  updatedAt: string;
  /** Set by the workers' stage (workers.ts) only. */
  waitlistCount?: number;
  cancellationDeadline?: string | null;
  signUpClosesAt?: string | null;
  contact?: string | null;
}

interface GenActivity extends ActivityRow {
  startMs: number;
  endMs: number;
  createdMs: number;
  /** Sign-up rows with status CANCELLED, on top of signUpCount. */
  cancelledSignUps: number;
  /** Tie-breaker for a stable order before ids are given. */
  seq: number;
}

interface SignUpRow {
  id: number;
  activityId: number;
  workerName: string;
  phone: string;
  unionId: number | null;
  status: 'SIGNED_UP' | 'CANCELLED';
  attended: boolean;
  createdAt: string;
}

export interface Dataset {
  scale: number;
  unions: readonly UnionRow[];
  sites: readonly SiteRow[];
  programmes: readonly ProgrammeRow[];
  activities: readonly ActivityRow[];
  /** Rules, entries, matches and judge scores of the two demo competitions (their activities follow the others). */
  competitions: Omit<CompetitionData, 'activities'>;
  /** The counties' menus and their orders (the activities delivering them come last). */
  menu: Omit<MenuData, 'activities'>;
  /** Workers who signed themselves up, their sign-ups, sessions and check-ins (their activities come last). */
  workers: Omit<WorkerData, 'activities'>;
  /** Clubs and teams, their members, honours and meetings (activities inserted after all others). */
  clubs: ClubData;
  /** Number of rows signUps() yields. */
  signUpTotal: number;
  /** Sign-up rows in id order, generated lazily (there may be a million at scale 10). */
  signUps(): Generator<SignUpRow>;
}

/** A text[] literal; the names contain no quotes or backslashes, but be safe. */
export function pgArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const fill = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? '');

// ---------------------------------------------------------------- the union tree

interface TreeBuild {
  unions: GenUnion[];
  /** Real towns at scale 1 divided by towns at this scale: how much wider each town's subtree gets. */
  widthFactor: number;
}

function buildUnions(scale: number): TreeBuild {
  const rng = new Random('unions');
  const unions: GenUnion[] = [];
  const created = formatTime(DIRECTORY_CREATED);
  const add = (
    fields: Omit<GenUnion, 'id' | 'path' | 'parentId' | 'children' | 'createdAt'>,
    parent?: GenUnion,
  ): GenUnion => {
    const id = unions.length + 1;
    const union: GenUnion = {
      ...fields,
      id,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path}.${id}` : String(id),
      children: [],
      createdAt: created,
    };
    parent?.children.push(id);
    unions.push(union);
    return union;
  };
  const near = (lat: number, lon: number, radius: number, min = 0): [number, number] => {
    const angle = rng.range(0, 2 * Math.PI);
    const r = radius * (min + (1 - min) * Math.sqrt(rng.float()));
    // A degree of longitude is ~0.86 of a degree of latitude at 30°N.
    return [round6(lat + r * Math.sin(angle)), round6(lon + (r * Math.cos(angle)) / 0.86)];
  };

  const city = add({
    name: CITY.name,
    level: 'CITY',
    region: CITY.region,
    memberCount: CITY.memberCount,
    kind: 'city',
    label: CITY.label,
    siteBase: CITY.label,
    addressBase: '嘉兴市南湖区',
    countyIndex: -1,
    latitude: CITY.latitude,
    longitude: CITY.longitude,
  });

  const counties = COUNTIES.map((c, i) =>
    add(
      {
        name: countyUnionName(c.label),
        level: 'COUNTY',
        region: `${CITY.region}${c.label}`,
        memberCount: rng.int(45, 120),
        kind: 'county',
        label: c.label,
        siteBase: c.label,
        addressBase: `嘉兴市${c.label}`,
        countyIndex: i,
        latitude: c.latitude,
        longitude: c.longitude,
      },
      city,
    ),
  );

  // Towns: the real ones, fewer when scale < 1 (evenly spread), synthetic extras when > 1.
  const usedTownNames = new Set(COUNTIES.flatMap((c) => c.towns));
  const synthTown = (): string => {
    for (let attempt = 0; ; attempt++) {
      const core =
        attempt < 60
          ? rng.pick(TOWN_FIRST) + rng.pick(TOWN_SECOND)
          : rng.pick(TOWN_FIRST) + rng.pick(TOWN_FIRST) + rng.pick(TOWN_SECOND);
      if (core[0] === core[1]) continue;
      const name = core + (rng.chance(0.6) ? '镇' : '街道');
      if (!usedTownNames.has(name) && !usedTownNames.has(core + '镇') && !usedTownNames.has(core + '街道')) {
        usedTownNames.add(name);
        return name;
      }
    }
  };
  const towns: GenUnion[] = [];
  let realTowns = 0;
  COUNTIES.forEach((c, ci) => {
    realTowns += c.towns.length;
    const n = Math.max(1, Math.round(c.towns.length * scale));
    const names =
      n <= c.towns.length
        ? Array.from({ length: n }, (_, i) => c.towns[Math.floor((i * c.towns.length) / n)])
        : [...c.towns, ...Array.from({ length: n - c.towns.length }, synthTown)];
    for (const label of names) {
      const street = label.endsWith('街道');
      const [latitude, longitude] = street
        ? near(c.latitude, c.longitude, c.spread * 0.45)
        : near(c.latitude, c.longitude, c.spread, 0.35);
      towns.push(
        add(
          {
            name: townUnionName(label),
            level: 'TOWN',
            region: `${counties[ci].region}${label}`,
            memberCount: rng.int(80, 600),
            kind: street ? 'street' : 'town',
            label,
            siteBase: label,
            addressBase: `嘉兴市${c.label}${label}`,
            countyIndex: ci,
            latitude,
            longitude,
          },
          counties[ci],
        ),
      );
    }
  });
  const widthFactor = (scale * realTowns) / towns.length;

  // Villages (村) and communities (社区), named uniquely across the city (two syllables while they last).
  const villages: GenUnion[] = [];
  const usedVillageNames = new Set<string>();
  const reservedVillageNames = new Set(Object.values(KNOWN_VILLAGES).flat());
  for (const town of towns) {
    const street = town.kind === 'street';
    let nVillages = rng.count((street ? rng.int(0, 3) : rng.int(9, 18)) * widthFactor);
    let nCommunities = rng.count((street ? rng.int(6, 14) : rng.int(1, 4)) * widthFactor);
    if (nVillages + nCommunities === 0) {
      if (street) nCommunities = 1;
      else nVillages = 1;
    }
    const known = (KNOWN_VILLAGES[town.label] ?? []).slice();
    const make = (community: boolean) => {
      let label = known.find((k) => k.endsWith(community ? '社区' : '村') && !usedVillageNames.has(k));
      for (let attempt = 0; !label; attempt++) {
        const first = community ? COMMUNITY_FIRST : VILLAGE_FIRST;
        const second = community ? COMMUNITY_SECOND : VILLAGE_SECOND;
        const core = rng.pick(first) + (attempt > 40 ? rng.pick(first) : '') + rng.pick(second);
        const candidate = core + (community ? '社区' : '村');
        if (
          core[0] !== core[1] &&
          !usedVillageNames.has(candidate) &&
          !reservedVillageNames.has(candidate) &&
          !usedTownNames.has(candidate)
        )
          label = candidate;
      }
      usedVillageNames.add(label);
      const [latitude, longitude] = near(town.latitude, town.longitude, street ? 0.015 : 0.035, 0.1);
      villages.push(
        add(
          {
            name: villageUnionName(label),
            level: 'VILLAGE',
            region: `${town.region}${label}`,
            memberCount: community ? rng.int(40, 400) : rng.int(30, 300),
            kind: community ? 'community' : 'village',
            label,
            siteBase: `${town.label}${label}`,
            addressBase: `${town.addressBase}${label}`,
            countyIndex: town.countyIndex,
            latitude,
            longitude,
          },
          town,
        ),
      );
    };
    // Interleave so a street's few villages do not all come last.
    for (let i = 0; i < nVillages; i++) make(false);
    for (let i = 0; i < nCommunities; i++) make(true);
  }

  // Grassroots: parks and county-wide industry unions, the known firms, then the synthetic ones.
  const usedNames = new Set(unions.map((u) => u.name));
  const memberTier = (): number => {
    const tier = rng.weighted([60, 30, 10]);
    return tier === 0 ? rng.int(20, 150) : tier === 1 ? rng.int(150, 800) : rng.int(800, 3000);
  };
  const grassroots = (
    parent: GenUnion,
    fields: Pick<GenUnion, 'name' | 'kind' | 'label' | 'siteBase' | 'memberCount'> & Partial<GenUnion>,
    radius = 0.008,
  ): GenUnion => {
    usedNames.add(fields.name);
    const [latitude, longitude] = near(parent.latitude, parent.longitude, radius);
    return add(
      {
        level: 'GRASSROOTS',
        region: parent.region,
        addressBase: parent.addressBase,
        countyIndex: parent.countyIndex,
        latitude,
        longitude,
        honour: parent.honour,
        ...fields,
      },
      parent,
    );
  };
  const firm = (parent: GenUnion, place: string): GenUnion => {
    for (;;) {
      const first = rng.pick(FIRM_CORE_FIRST);
      const second = rng.pick(FIRM_CORE_SECOND);
      if (first === second) continue;
      const industry = rng.pick(FIRM_INDUSTRIES);
      const prefix = rng.pick(['浙江', '嘉兴', place, place]);
      const company = `${prefix}${first}${second}${industry}${rng.pick(FIRM_SUFFIXES)}`;
      const name = `${company}工会`;
      if (usedNames.has(name)) continue;
      return grassroots(parent, {
        name,
        kind: 'enterprise',
        label: `${first}${second}${industry}`,
        siteBase: company,
        memberCount: memberTier(),
      });
    }
  };

  const parks = new Map<string, GenUnion>();
  for (const park of PARKS) {
    const ci = COUNTIES.findIndex((c) => c.label === park.county);
    const county = counties[ci];
    const union = grassroots(
      county,
      {
        name: park.name,
        kind: 'park',
        label: park.label,
        siteBase: park.label,
        memberCount: park.memberCount,
        addressBase: `嘉兴市${county.label}${park.label}`,
        honour: park.honour,
      },
      COUNTIES[ci].spread * 0.7,
    );
    parks.set(park.name, union);
  }
  for (const county of counties) {
    for (const industry of COUNTY_INDUSTRIES) {
      grassroots(
        county,
        {
          name: `${county.label}${industry}联合工会`,
          kind: 'industry',
          label: `${county.label}${industry}`,
          siteBase: `${county.label}${industry}`,
          memberCount: rng.int(300, 5000),
        },
        0.02,
      );
    }
  }
  for (const known of KNOWN_GRASSROOTS) {
    const county = counties[COUNTIES.findIndex((c) => c.label === known.county)];
    const parent =
      (known.park && parks.get(known.park)) ||
      towns.find((t) => t.label === known.town && t.countyIndex === county.countyIndex) ||
      county;
    grassroots(parent, {
      name: known.name,
      kind: known.kind,
      label: known.label,
      siteBase: known.siteBase,
      memberCount: known.memberCount,
      siteKinds: known.sites,
    });
  }
  for (const town of towns) {
    const street = town.kind === 'street';
    const place = COUNTIES[town.countyIndex].short;
    const firms = rng.count((street ? rng.int(3, 6) : rng.int(6, 12)) * widthFactor);
    for (let i = 0; i < firms; i++) firm(town, place);
    if (street) {
      const towers = new Set<string>();
      const buildings = rng.count(rng.int(1, 3) * widthFactor);
      for (let i = 0; i < buildings; i++) {
        let tower = '';
        for (let attempt = 0; !tower || towers.has(tower) || usedNames.has(`${tower}楼宇联合工会`); attempt++) {
          // Two syllables give 140 towers; a wide tree needs the street's name in front.
          tower = (attempt > 20 ? town.label : '') + rng.pick(TOWER_FIRST) + rng.pick(TOWER_SECOND);
        }
        towers.add(tower);
        grassroots(town, {
          name: `${tower}楼宇联合工会`,
          kind: 'building',
          label: tower,
          siteBase: `${tower}楼宇`,
          memberCount: rng.int(300, 3000),
        });
      }
    }
    const industries = rng
      .shuffle(TOWN_INDUSTRIES)
      .slice(0, Math.min(TOWN_INDUSTRIES.length, rng.count(rng.int(1, 2) * widthFactor)));
    for (const industry of industries) {
      const name = `${town.label}${industry}联合工会`;
      if (!usedNames.has(name))
        grassroots(town, {
          name,
          kind: 'industry',
          label: `${town.label}${industry}`,
          siteBase: `${town.label}${industry}`,
          memberCount: rng.int(80, 1500),
        });
    }
  }
  for (const village of villages) {
    const place = COUNTIES[village.countyIndex].short;
    const firms = rng.count((village.kind === 'village' ? 0.45 : 0.12) * rng.range(0.5, 1.5));
    for (let i = 0; i < firms; i++) firm(village, place);
  }
  for (const park of parks.values()) {
    const firms = rng.count(rng.int(10, 25) * scale);
    for (let i = 0; i < firms; i++) firm(park, COUNTIES[park.countyIndex].short);
  }
  return { unions, widthFactor };
}

// ---------------------------------------------------------------- sites

const READING_RATINGS: Record<'top' | 'county' | 'town' | 'base', readonly number[]> = {
  // NATIONAL, PROVINCIAL, CITY, none
  top: [1, 0, 0, 0],
  county: [0.4, 0.6, 0, 0],
  town: [0.06, 0.3, 0.4, 0.24],
  base: [0.015, 0.07, 0.2, 0.715],
};
const RATINGS = ['NATIONAL', 'PROVINCIAL', 'CITY', null] as const;

function siteKindsFor(u: GenUnion, rng: Random): SiteKindName[] {
  const kinds: SiteKindName[] = [];
  const maybe = (p: number, kind: SiteKindName) => {
    if (rng.chance(p)) kinds.push(kind);
  };
  const times = (mean: number, kind: SiteKindName) => {
    for (let i = rng.count(mean); i > 0; i--) kinds.push(kind);
  };
  if (u.siteKinds) return [...u.siteKinds];
  switch (u.kind) {
    case 'city':
      return [
        'CULTURAL_PALACE',
        'SERVICE_CENTER',
        'WELLBEING_CENTER',
        'ENERGY_STATION',
        'READING_ROOM',
        'SPORTS_ROOM',
        'OUTDOOR_STATION',
        'OUTDOOR_STATION',
      ];
    case 'county':
      kinds.push('CULTURAL_PALACE', 'SERVICE_CENTER', 'READING_ROOM', 'SPORTS_ROOM');
      maybe(0.8, 'ENERGY_STATION');
      maybe(0.6, 'WELLBEING_CENTER');
      times(rng.int(2, 4), 'OUTDOOR_STATION');
      return kinds;
    case 'street':
    case 'town':
      kinds.push('SERVICE_CENTER', 'WORKERS_HOME', 'READING_ROOM');
      maybe(0.8, 'SPORTS_ROOM');
      maybe(0.6, 'ENERGY_STATION');
      maybe(0.15, 'WELLBEING_CENTER');
      times(rng.range(1.5, 4.5), 'OUTDOOR_STATION');
      return kinds;
    case 'village':
    case 'community':
      maybe(0.45, 'WORKERS_HOME');
      maybe(0.26, 'READING_ROOM');
      maybe(0.25, 'SPORTS_ROOM');
      maybe(u.kind === 'community' ? 0.12 : 0.05, 'OUTDOOR_STATION');
      maybe(0.03, 'ENERGY_STATION');
      return kinds;
    case 'park':
      kinds.push('SERVICE_CENTER', 'WORKERS_HOME', 'OUTDOOR_STATION');
      maybe(0.7, 'READING_ROOM');
      maybe(0.7, 'SPORTS_ROOM');
      maybe(0.6, 'ENERGY_STATION');
      maybe(0.3, 'WELLBEING_CENTER');
      return kinds;
    case 'building':
      kinds.push('WORKERS_HOME');
      maybe(0.6, 'READING_ROOM');
      maybe(0.4, 'ENERGY_STATION');
      maybe(0.2, 'WELLBEING_CENTER');
      return kinds;
    case 'industry':
      times(1.5, 'OUTDOOR_STATION');
      maybe(0.4, 'WORKERS_HOME');
      return kinds;
    case 'enterprise': {
      const big = u.memberCount >= 300;
      maybe(big ? 0.85 : 0.45, 'WORKERS_HOME');
      maybe(big ? 0.35 : 0.12, 'READING_ROOM');
      maybe(big ? 0.45 : 0.15, 'SPORTS_ROOM');
      maybe(big ? 0.12 : 0.02, 'ENERGY_STATION');
      maybe(big ? 0.06 : 0.005, 'WELLBEING_CENTER');
      return kinds;
    }
  }
}

function buildSites(unions: readonly GenUnion[]): SiteRow[] {
  const rng = new Random('sites');
  const sites: SiteRow[] = [];
  const created = formatTime(DIRECTORY_CREATED);
  const haining = COUNTIES.findIndex((c) => c.label === '海宁市');
  for (const u of unions) {
    const usedRoads = new Set<string>();
    const road = (): string => {
      for (let i = 0; ; i++) {
        const r = rng.pick(ROAD_FIRST) + rng.pick(ROAD_SECOND);
        if (!usedRoads.has(r) || i > 20) {
          usedRoads.add(r);
          return r;
        }
      }
    };
    const names = new Set<string>();
    for (const kind of siteKindsFor(u, rng)) {
      const roadName = road();
      const pattern = rng.pick(SITE_NAME_PATTERNS[kind]);
      let name = fill(pattern, { base: u.siteBase, road: roadName });
      // Site names are unique within a union (a unique index says so). Two stations of one
      // union may draw the same pattern: the road tells them apart, else a number. No
      // random draw here, so every other row stays as it was.
      if (names.has(name) && !pattern.includes('{road}'))
        name = `${u.siteBase}${roadName}${name.slice(u.siteBase.length)}`;
      for (let n = 2; names.has(name); n++) name = `${name.replace(/（\d+）$/, '')}（${n}）`;
      names.add(name);
      const spot =
        u.kind === 'village' || u.kind === 'community'
          ? rng.pick(VILLAGE_LANDMARKS)
          : u.kind === 'park'
            ? rng.pick(PARK_LANDMARKS)
            : `${roadName}${rng.int(1, 1999)}号`;
      const [minArea, maxArea] = SITE_AREA[kind];
      const area =
        u.kind === 'city' && kind === 'CULTURAL_PALACE' ? 32000 : Math.round(rng.range(minArea, maxArea) * 10) / 10;
      const facilities = SITE_FACILITIES[kind];
      const nFacilities = Math.min(facilities.length, kind === 'CULTURAL_PALACE' ? rng.int(8, 12) : rng.int(3, 7));
      const chosen = rng
        .shuffle(facilities.map((_, i) => i))
        .slice(0, nFacilities)
        .sort((a, b) => a - b)
        .map((i) => facilities[i]);
      if (kind === 'OUTDOOR_STATION' && !chosen.includes('饮水机')) chosen.unshift('饮水机');

      let rating: SiteRow['rating'] = null;
      const honours: string[] = [];
      if (kind === 'READING_ROOM') {
        const weights =
          u.kind === 'city'
            ? READING_RATINGS.top
            : u.kind === 'county'
              ? READING_RATINGS.county
              : u.level === 'TOWN' || u.kind === 'park'
                ? READING_RATINGS.town
                : READING_RATINGS.base;
        rating = RATINGS[rng.weighted(weights)];
        if (rating) honours.push(SITE_HONOURS.readingRoom[rating]);
      } else if (kind === 'WORKERS_HOME') {
        const boost = u.countyIndex === haining ? 2.5 : 1;
        rating = RATINGS[rng.weighted([0.01, 0.05 * boost, 0.14 * boost, 1])];
        if (rating) honours.push(SITE_HONOURS.workersHome[rating]);
      } else if (kind === 'OUTDOOR_STATION' && rng.chance(0.05)) {
        honours.push(SITE_HONOURS.outdoorStation);
      } else if (kind === 'CULTURAL_PALACE' && u.kind === 'city') {
        honours.push(SITE_HONOURS.palace);
      }
      if ((u.level === 'TOWN' || u.level === 'VILLAGE') && rng.chance(0.08)) honours.push(SITE_HONOURS.serviceCircle);
      if (u.honour) honours.push(u.honour);

      const jitter = u.level === 'COUNTY' || u.level === 'CITY' ? 0.012 : u.level === 'TOWN' ? 0.008 : 0.003;
      sites.push({
        id: sites.length + 1,
        name,
        kind,
        unionId: u.id,
        address: `${u.addressBase}${spot}`,
        latitude: round6(u.latitude + rng.range(-jitter, jitter)),
        longitude: round6(u.longitude + rng.range(-jitter, jitter) / 0.86),
        areaSqm: area,
        openingHours: rng.pick(OPENING_HOURS[kind]),
        facilities: pgArray(chosen),
        rating,
        honours: pgArray(honours),
        createdAt: created,
      });
    }
  }
  return sites;
}

// ---------------------------------------------------------------- programmes

function buildProgrammes(unions: readonly GenUnion[]): GenProgramme[] {
  const rng = new Random('programmes');
  const programmes: GenProgramme[] = [];
  const created = formatTime(PROGRAMMES_CREATED);
  const add = (union: GenUnion, pattern: ProgrammePattern, startsOn: string, endsOn: string) => {
    programmes.push({
      id: programmes.length + 1,
      name: fill(pattern.name, { org: union.label }),
      description: fill(pattern.description, { org: union.label }),
      unionId: union.id,
      startsOn,
      endsOn,
      createdAt: created,
      startMs: dayStart(dayOfYear(startsOn)),
      endMs: dayStart(dayOfYear(endsOn) + 1),
      kinds: pattern.kinds,
    });
  };
  const fixed = (union: GenUnion, pattern: ProgrammePattern) =>
    add(union, pattern, `${DEMO_YEAR}-${pattern.starts}`, `${DEMO_YEAR}-${pattern.ends}`);
  for (const u of unions) {
    if (u.kind === 'city') {
      for (const p of CITY_PROGRAMMES) fixed(u, p);
      for (const p of FOUR_SEASONS) fixed(u, p);
    } else if (u.kind === 'county') {
      for (const p of FOUR_SEASONS) fixed(u, p);
      for (const p of COUNTY_PROGRAMMES[u.label] ?? []) fixed(u, p);
    } else if (u.level === 'TOWN') {
      if (u.label === '大桥镇') add(u, TOWN_PROGRAMMES[1], `${DEMO_YEAR}-04-01`, `${DEMO_YEAR}-11-30`);
      if (rng.chance(0.3)) {
        const month = rng.pick([3, 4, 5, 6, 9, 10, 11]);
        add(u, TOWN_PROGRAMMES[0], isoDay(month, 1), isoDay(month, monthDays(month)));
      }
    }
  }
  return programmes;
}

// ---------------------------------------------------------------- activities

const KINDS: readonly ActivityKindName[] = [
  'COMPETITION',
  'PERFORMANCE',
  'EXHIBITION',
  'COURSE',
  'LECTURE',
  'READING',
  'OUTREACH_SERVICE',
];
const KIND_WEIGHTS: Record<UnionKind, readonly number[]> = {
  city: [30, 22, 18, 10, 6, 6, 8],
  county: [24, 14, 10, 20, 10, 8, 14],
  street: [15, 10, 5, 25, 15, 10, 20],
  town: [15, 10, 5, 25, 15, 10, 20],
  village: [6, 10, 3, 25, 20, 22, 14],
  community: [6, 10, 3, 25, 20, 22, 14],
  enterprise: [15, 5, 3, 18, 38, 14, 7],
  park: [15, 8, 5, 20, 15, 7, 30],
  building: [12, 8, 6, 25, 14, 25, 10],
  industry: [18, 8, 2, 22, 20, 5, 25],
};
/** Activities in 2026 per union at scale 1; the city's and counties' grow with scale, the rest grow by having more unions. */
const ACTIVITIES_PER_UNION: Record<UnionKind, readonly [number, number]> = {
  city: [110, 110],
  county: [100, 100],
  street: [20, 50],
  town: [20, 50],
  village: [1, 6],
  community: [1, 6],
  enterprise: [1, 7],
  park: [8, 16],
  building: [6, 14],
  industry: [2, 8],
};
const MONTH_WEIGHTS = [0.7, 0.5, 1, 1, 1.3, 1, 0.8, 0.8, 1.1, 1.2, 1.1, 0.9];
const SITE_PREFERENCE: Record<ActivityKindName, readonly SiteKindName[]> = {
  COMPETITION: ['SPORTS_ROOM', 'CULTURAL_PALACE', 'SERVICE_CENTER'],
  PERFORMANCE: ['CULTURAL_PALACE', 'SERVICE_CENTER', 'WORKERS_HOME'],
  EXHIBITION: ['CULTURAL_PALACE', 'SERVICE_CENTER', 'READING_ROOM'],
  COURSE: ['ENERGY_STATION', 'WORKERS_HOME', 'SERVICE_CENTER', 'CULTURAL_PALACE'],
  LECTURE: ['WORKERS_HOME', 'SERVICE_CENTER', 'ENERGY_STATION'],
  READING: ['READING_ROOM', 'WORKERS_HOME'],
  OUTREACH_SERVICE: ['OUTDOOR_STATION', 'WORKERS_HOME', 'SERVICE_CENTER'],
};
/** Share of activities that take sign-ups, and their usual capacity. */
const SIGN_UP_RULES: Record<ActivityKindName, { tracked: number; capacity: readonly [number, number] }> = {
  COMPETITION: { tracked: 0.75, capacity: [12, 48] },
  PERFORMANCE: { tracked: 0.15, capacity: [50, 150] },
  EXHIBITION: { tracked: 0.05, capacity: [30, 80] },
  COURSE: { tracked: 0.9, capacity: [10, 25] },
  LECTURE: { tracked: 0.2, capacity: [20, 60] },
  READING: { tracked: 0.7, capacity: [8, 24] },
  OUTREACH_SERVICE: { tracked: 0.2, capacity: [20, 60] },
};

interface Context {
  rng: Random;
  unions: readonly GenUnion[];
  sites: readonly SiteRow[];
  /** Per union: site indices of its subtree, all and by kind. */
  subtreeSites: Map<number, { all: number[]; byKind: Map<SiteKindName, number[]> }>;
  ownSites: Map<number, number[]>;
  subtreeUnions: readonly number[][];
  programmesByUnion: Map<number, GenProgramme[]>;
}

interface ActivityOverrides {
  title?: string;
  kind?: ActivityKindName;
  startMs?: number;
  endMs?: number;
  siteId?: number | null;
  capacity?: number | null;
  programmeId?: number | null;
  /** Sign-ups as a share of capacity (1 = full). */
  fill?: number;
  /** Only for future anchors: OPEN rather than a random OPEN or PLANNED. */
  status?: ActivityStatusName;
}

const ancestorsOf = (unions: readonly GenUnion[], u: GenUnion): GenUnion[] => {
  const out: GenUnion[] = [];
  for (let p = u.parentId; p !== null; p = unions[p - 1].parentId) out.push(unions[p - 1]);
  return out;
};

function chooseSite(ctx: Context, u: GenUnion, kind: ActivityKindName): SiteRow | null {
  const { rng, sites } = ctx;
  if (rng.chance(0.04)) return null; // online, or at a workshop or square that is not a site
  const preferred = SITE_PREFERENCE[kind];
  const fromList = (indices: readonly number[]): SiteRow | null => {
    if (!indices.length) return null;
    const good = indices.filter((i) => preferred.includes(sites[i].kind));
    return sites[rng.pick(good.length && rng.chance(0.8) ? good : indices)];
  };
  const own = ctx.ownSites.get(u.id) ?? [];
  const ownShare = u.level === 'CITY' ? 0.45 : u.level === 'COUNTY' ? 0.35 : u.level === 'TOWN' ? 0.5 : 0.75;
  if (own.length && rng.chance(ownShare)) return fromList(own);
  const subtree = ctx.subtreeSites.get(u.id);
  if (subtree && subtree.all.length) {
    // A uniform pick among the preferred kinds, without concatenating (the city's subtree is every site).
    const lists = preferred.map((k) => subtree.byKind.get(k) ?? []);
    const total = lists.reduce((sum, l) => sum + l.length, 0);
    if (total && rng.chance(0.8)) {
      let r = rng.int(0, total - 1);
      for (const l of lists) {
        if (r < l.length) return sites[l[r]];
        r -= l.length;
      }
    }
    return sites[rng.pick(subtree.all)];
  }
  // Nothing below: borrow the nearest ancestor's site (a village uses its town's home).
  for (const a of ancestorsOf(ctx.unions, u)) {
    const theirs = ctx.ownSites.get(a.id);
    if (theirs?.length) return rng.chance(0.85) ? fromList(theirs) : null;
  }
  return null;
}

function chooseProgramme(
  ctx: Context,
  u: GenUnion,
  kind: ActivityKindName,
  startMs: number,
  endMs: number,
): GenProgramme | null {
  const eligible: GenProgramme[] = [];
  for (const owner of [u, ...ancestorsOf(ctx.unions, u)]) {
    for (const p of ctx.programmesByUnion.get(owner.id) ?? []) {
      if (startMs >= p.startMs && startMs < p.endMs && (!p.kinds || p.kinds.includes(kind))) eligible.push(p);
    }
  }
  if (!eligible.length || !ctx.rng.chance(0.55)) return null;
  const own = eligible.filter((p) => p.unionId === u.id);
  const chosen = ctx.rng.pick(own.length && ctx.rng.chance(0.7) ? own : eligible);
  // The hub keeps an activity of a programme within its days, end included. Checked after
  // the draws, so they, and with them the rest of the demo, stay as they were.
  return endMs <= chosen.endMs ? chosen : null;
}

/** Label of a park, firm or village below `u` (or `u` itself), for "…进{place}" titles. */
function placeBelow(ctx: Context, u: GenUnion): string {
  const below = ctx.subtreeUnions[u.id - 1];
  if (below.length <= 1) return u.label;
  for (let i = 0; i < 4; i++) {
    const other = ctx.unions[ctx.rng.pick(below) - 1];
    if (other.id !== u.id && other.level !== 'COUNTY' && other.level !== 'TOWN') return other.label;
  }
  return u.label;
}

function makeTitle(
  ctx: Context,
  u: GenUnion,
  kind: ActivityKindName,
): { title: string; league: boolean; briefing: boolean } {
  const { rng } = ctx;
  const top = u.level === 'CITY' || u.level === 'COUNTY';
  const base = u.level === 'GRASSROOTS' || u.level === 'VILLAGE';
  const patterns = ACTIVITY_TITLES[kind].filter((p) => (p[0] === '^' ? top : p[0] === '*' ? base : true));
  let pattern = rng.pick(patterns);
  const league = pattern[0] === '=';
  const briefing = pattern.includes('班前十分钟');
  if ('^*='.includes(pattern[0])) pattern = pattern.slice(1);
  const title = fill(pattern, {
    org: u.label,
    place: pattern.includes('{place}') ? placeBelow(ctx, u) : '',
    n: String(rng.int(2, 15)),
    ball: rng.pick(BALL_GAMES),
    sport: rng.pick(SPORT_COURSES),
    course: rng.pick(NIGHT_COURSES),
    topic: rng.pick(TALK_TOPICS),
    book: rng.pick(BOOKS),
  });
  return { title, league, briefing };
}

/** Start and end of an activity of `kind` on a day drawn from the year's rhythm. */
function schedule(rng: Random, kind: ActivityKindName, league: boolean, briefing: boolean): [number, number] {
  const month = rng.weighted(MONTH_WEIGHTS) + 1;
  let day = dayOfYear(isoDay(month, rng.int(1, monthDays(month))));
  const toWeekend = () => {
    const dow = weekday(day);
    if (dow !== 0 && dow !== 6) day = day + 6 - dow <= YEAR_DAYS - 1 ? day + 6 - dow : day - dow - 1;
  };
  const toWeekday = () => {
    const dow = weekday(day);
    if (dow === 0) day = day < YEAR_DAYS - 1 ? day + 1 : day - 2;
    else if (dow === 6) day = day > 0 ? day - 1 : day + 2;
  };
  const at = (d: number, hh: number, mm = 0) => dayStart(d) + hh * HOUR + mm * MINUTE;
  let start: number;
  let end: number;
  switch (kind) {
    case 'COMPETITION': {
      if (rng.chance(0.6)) toWeekend();
      if (league) {
        const [h, m] = rng.pick([
          [9, 0],
          [19, 0],
        ] as const);
        start = at(day, h, m);
        end = at(day + rng.int(14, 35), h === 9 ? 17 : 21, 30);
      } else if (rng.chance(0.25)) {
        start = at(day, 9);
        end = at(day + rng.int(1, 3), 17, 30);
      } else {
        const [h, m] = rng.pick([
          [9, 0],
          [13, 30],
          [14, 0],
          [19, 0],
        ] as const);
        start = at(day, h, m);
        end = start + rng.int(5, 10) * 30 * MINUTE;
      }
      break;
    }
    case 'PERFORMANCE': {
      if (rng.chance(0.5)) toWeekend();
      const [h, m] = rng.pick([
        [14, 30],
        [19, 0],
        [19, 30],
      ] as const);
      start = at(day, h, m);
      end = start + rng.int(4, 5) * 30 * MINUTE;
      break;
    }
    case 'EXHIBITION':
      start = at(day, 9);
      end = at(day + rng.int(6, 29), 17);
      break;
    case 'COURSE': {
      if (rng.chance(0.2)) {
        toWeekday();
        const [h, m] = rng.pick([
          [18, 30],
          [19, 0],
        ] as const);
        start = at(day, h, m);
        end = at(day + 7 * rng.int(3, 8), h + 2, m);
      } else if (rng.chance(0.65)) {
        toWeekday();
        const [h, m] = rng.pick([
          [12, 0],
          [18, 30],
          [19, 0],
        ] as const);
        start = at(day, h, m);
        end = start + rng.int(3, 4) * 30 * MINUTE;
      } else {
        toWeekend();
        start = at(day, rng.pick([9, 14]), 30);
        end = start + rng.int(3, 4) * 30 * MINUTE;
      }
      break;
    }
    case 'LECTURE':
      toWeekday();
      if (briefing) {
        const [h, m] = rng.pick([
          [7, 50],
          [8, 0],
          [8, 20],
          [19, 50],
        ] as const);
        start = at(day, h, m);
        end = start + 10 * MINUTE;
      } else {
        const [h, m] = rng.pick([
          [9, 30],
          [14, 0],
          [15, 0],
          [19, 0],
        ] as const);
        start = at(day, h, m);
        end = start + rng.int(2, 4) * 30 * MINUTE;
      }
      break;
    case 'READING': {
      const [h, m] = rng.pick([
        [19, 0],
        [14, 30],
        [12, 15],
      ] as const);
      if (h === 14) toWeekend();
      start = at(day, h, m);
      end = start + rng.int(2, 4) * 30 * MINUTE;
      break;
    }
    case 'OUTREACH_SERVICE': {
      const [h, m, minutes] = rng.pick([
        [9, 0, 150],
        [14, 0, 180],
        [17, 30, 180],
        [8, 30, 450],
      ] as const);
      start = at(day, h, m);
      end = start + minutes * MINUTE;
      break;
    }
  }
  return [start, Math.min(end, Math.max(start, YEAR_END))];
}

function statusAt(rng: Random, startMs: number, endMs: number): ActivityStatusName {
  if (endMs <= DEMO_NOW) return rng.chance(0.04) ? 'CANCELLED' : 'FINISHED';
  if (startMs <= DEMO_NOW) return 'RUNNING';
  if (rng.chance(0.03)) return 'CANCELLED';
  const daysAhead = (startMs - DEMO_NOW) / DAY;
  return rng.chance(daysAhead <= 21 ? 0.9 : 0.35) ? 'OPEN' : 'PLANNED';
}

function makeActivity(ctx: Context, u: GenUnion, seq: number, o: ActivityOverrides = {}): GenActivity {
  const { rng } = ctx;
  const kind = o.kind ?? KINDS[rng.weighted(KIND_WEIGHTS[u.kind])];
  const made = makeTitle(ctx, u, kind);
  const title = o.title ?? made.title;
  const briefing = title.includes('班前十分钟');
  let [startMs, endMs] = schedule(rng, kind, made.league, briefing);
  if (o.startMs !== undefined) [startMs, endMs] = [o.startMs, o.endMs ?? o.startMs + 2 * HOUR];
  const site = o.siteId !== undefined ? (o.siteId === null ? null : ctx.sites[o.siteId - 1]) : chooseSite(ctx, u, kind);
  const programmeId =
    o.programmeId !== undefined ? o.programmeId : (chooseProgramme(ctx, u, kind, startMs, endMs)?.id ?? null);
  const drawn = statusAt(rng, startMs, endMs);
  const status = o.status && startMs > DEMO_NOW ? o.status : drawn;

  const rules = SIGN_UP_RULES[kind];
  const tracked =
    o.capacity !== undefined ? o.capacity !== null || o.fill !== undefined : !briefing && rng.chance(rules.tracked);
  let capacity: number | null = null;
  let signUps = 0;
  let attended = 0;
  let cancelled = 0;
  if (tracked) {
    capacity =
      o.capacity !== undefined ? o.capacity : rng.chance(0.1) ? null : rng.int(rules.capacity[0], rules.capacity[1]);
    const room = capacity ?? rng.int(8, 30);
    let share = 0;
    if (o.fill !== undefined) share = status === 'PLANNED' ? 0 : o.fill;
    else if (status === 'FINISHED' || status === 'RUNNING') share = rng.chance(0.15) ? 1 : rng.range(0.3, 0.9);
    else if (status === 'CANCELLED') share = rng.range(0.05, 0.6);
    else if (status === 'OPEN') share = rng.chance(0.1) ? 1 : rng.range(0, 0.9);
    signUps = Math.min(room, Math.round(room * share));
    if (status === 'FINISHED') attended = Math.round(signUps * rng.range(0.7, 0.98));
    else if (status === 'RUNNING') attended = Math.round(signUps * rng.range(0.4, 0.9));
    if (status !== 'PLANNED') cancelled = Math.round(signUps * rng.range(0, 0.12));
  }

  // Entered a few weeks ahead; never after "now".
  const createdMs = Math.min(
    DEMO_NOW - rng.int(60, 20 * 24 * 60) * MINUTE,
    Math.max(DIRECTORY_CREATED, startMs - rng.int(7, 45) * DAY + rng.int(0, 8 * 60) * MINUTE),
  );
  const updatedMs =
    status === 'FINISHED'
      ? Math.min(DEMO_NOW, endMs + 2 * HOUR)
      : status === 'RUNNING'
        ? Math.min(DEMO_NOW, startMs)
        : status === 'CANCELLED'
          ? Math.max(createdMs, Math.min(DEMO_NOW, startMs - DAY))
          : createdMs;

  const blurb = fill(rng.pick(ACTIVITY_BLURBS[kind]), { org: u.name });
  return {
    id: 0,
    seq,
    kind,
    title,
    description: site ? `${blurb}地点：${site.name}。` : blurb,
    organiserId: u.id,
    siteId: site?.id ?? null,
    programmeId,
    startsAt: formatTime(startMs),
    endsAt: formatTime(endMs),
    startMs,
    endMs,
    status,
    capacity,
    signUpCount: signUps,
    attendanceCount: attended,
    cancelledSignUps: cancelled,
    createdMs,
    createdAt: formatTime(createdMs),
    updatedAt: formatTime(Math.max(createdMs, updatedMs)),
  };
}

const local = (month: number, day: number, hh: number, mm = 0): number =>
  Date.UTC(DEMO_YEAR, month - 1, day, hh, mm) - OFFSET;

/** Activities the articles report, pinned around "now" so the screens have something live. */
function anchorActivities(
  ctx: Context,
  unions: readonly GenUnion[],
  programmes: readonly GenProgramme[],
  seq: () => number,
): GenActivity[] {
  const byName = (name: string) => unions.find((u) => u.name === name);
  const siteOf = (u: GenUnion | undefined, kind: SiteKindName): number | null => {
    const own = u ? (ctx.ownSites.get(u.id) ?? []) : [];
    const hit = own.find((i) => ctx.sites[i].kind === kind) ?? own[0];
    return hit === undefined ? null : ctx.sites[hit].id;
  };
  const programme = (name: string): number | null => programmes.find((p) => p.name === name)?.id ?? null;
  const specs: {
    union: string;
    o: ActivityOverrides & { title: string; kind: ActivityKindName };
    site?: SiteKindName;
  }[] = [
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '“你是主角”嘉兴市新就业形态劳动者歌手大赛',
        kind: 'COMPETITION',
        startMs: local(11, 17, 19),
        endMs: local(11, 28, 21, 30),
        capacity: 80,
        fill: 0.9,
        programmeId: programme('“你是主角”新就业形态劳动者文化季'),
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '全国职工摄影展（嘉兴站）',
        kind: 'EXHIBITION',
        startMs: local(11, 1, 9),
        endMs: local(11, 30, 17),
        capacity: null,
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '全省职工台球赛',
        kind: 'COMPETITION',
        startMs: local(9, 12, 9),
        endMs: local(9, 13, 17, 30),
        capacity: 64,
        fill: 1,
        programmeId: programme('嘉兴市职工文化体育节'),
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '嘉兴市职工微话剧（小品）展演',
        kind: 'PERFORMANCE',
        startMs: local(11, 25, 19),
        endMs: local(11, 25, 21, 30),
        capacity: 400,
        fill: 0.55,
        status: 'OPEN',
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '嘉兴市职工脱口秀大赛',
        kind: 'COMPETITION',
        startMs: local(12, 12, 19),
        endMs: local(12, 12, 21, 30),
        capacity: 30,
        fill: 1,
        status: 'OPEN',
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '嘉兴市职工书画展',
        kind: 'EXHIBITION',
        startMs: local(12, 1, 9),
        endMs: local(12, 20, 17),
        capacity: null,
        status: 'OPEN',
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'SPORTS_ROOM',
      o: {
        title: '嘉兴市职工篮球赛',
        kind: 'COMPETITION',
        startMs: local(10, 10, 9),
        endMs: local(10, 31, 17),
        capacity: 160,
        fill: 0.95,
        programmeId: programme('嘉兴市职工文化体育节'),
      },
    },
    {
      union: '嘉兴市总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '嘉兴市职工合唱比赛',
        kind: 'COMPETITION',
        startMs: local(6, 20, 14),
        endMs: local(6, 20, 17, 30),
        capacity: 48,
        fill: 0.9,
      },
    },
    {
      union: '南湖区总工会',
      site: 'CULTURAL_PALACE',
      o: {
        title: '情景诗朗诵《千万个平凡》专场',
        kind: 'PERFORMANCE',
        startMs: local(11, 21, 9, 30),
        endMs: local(11, 21, 11, 30),
        capacity: 300,
        fill: 0.8,
      },
    },
    {
      union: '海盐县总工会',
      site: 'ENERGY_STATION',
      o: {
        title: '“一人一技”瑜伽公益培训',
        kind: 'COURSE',
        startMs: local(11, 3, 19),
        endMs: local(12, 22, 20, 30),
        capacity: 40,
        fill: 1,
        programmeId: programme('“一人一技”体育公益培训'),
      },
    },
    {
      union: '嘉善县总工会',
      site: 'ENERGY_STATION',
      o: {
        title: '“善工课堂”茶艺培训班',
        kind: 'COURSE',
        startMs: local(11, 26, 18, 30),
        endMs: local(11, 26, 20, 30),
        capacity: 30,
        fill: 0.6,
        programmeId: programme('“善工课堂”送课入企'),
        status: 'OPEN',
      },
    },
    {
      union: '桐乡市总工会',
      site: 'SERVICE_CENTER',
      o: {
        title: '桐乡市职工文化讲师团直播电商培训',
        kind: 'COURSE',
        startMs: local(11, 28, 14),
        endMs: local(11, 28, 16, 30),
        capacity: 50,
        fill: 0.4,
        programmeId: programme('桐乡市职工文化讲师团点单课堂'),
        status: 'OPEN',
      },
    },
    {
      union: '平湖市总工会',
      site: 'SPORTS_ROOM',
      o: {
        title: '“‘享’来你就来”平湖市职工气排球联赛',
        kind: 'COMPETITION',
        startMs: local(11, 1, 19),
        endMs: local(11, 30, 21, 30),
        capacity: 240,
        fill: 0.9,
        programmeId: programme('“‘享’来你就来”职工文体服务'),
      },
    },
    {
      union: '大桥镇工会',
      site: 'SPORTS_ROOM',
      o: {
        title: '“10分运动”大桥镇职工羽毛球赛',
        kind: 'COMPETITION',
        startMs: local(11, 21, 8, 30),
        endMs: local(11, 21, 12),
        capacity: 48,
        fill: 1,
        programmeId: programme('大桥镇“10分运动”职工健身季'),
      },
    },
    {
      union: '丰泽高新技术产业园联合工会',
      site: 'OUTDOOR_STATION',
      o: {
        title: '“福乐巴士”进丰泽高新园',
        kind: 'OUTREACH_SERVICE',
        startMs: local(11, 21, 9),
        endMs: local(11, 21, 16),
        capacity: null,
      },
    },
    {
      union: '浙江福莱新材料股份有限公司工会',
      site: 'SPORTS_ROOM',
      o: {
        title: '“班前十分钟”安全生产宣讲',
        kind: 'LECTURE',
        startMs: local(11, 23, 8),
        endMs: local(11, 23, 8, 10),
        capacity: null,
        status: 'OPEN',
      },
    },
    {
      union: '浙江福莱新材料股份有限公司工会',
      site: 'ENERGY_STATION',
      o: {
        title: '福莱新材料元气八段锦公益课',
        kind: 'COURSE',
        startMs: local(11, 24, 17, 30),
        endMs: local(11, 24, 18, 30),
        capacity: 25,
        fill: 0.7,
        status: 'OPEN',
      },
    },
    {
      union: '“楼社YI家”楼宇联合工会',
      site: 'WORKERS_HOME',
      o: {
        title: '“楼社YI家”职工读书分享会',
        kind: 'READING',
        startMs: local(11, 27, 19),
        endMs: local(11, 27, 20, 30),
        capacity: 40,
        fill: 1,
        status: 'OPEN',
      },
    },
    {
      union: '秀洲区总工会',
      site: 'READING_ROOM',
      o: {
        title: '秀洲区金秋读书月好书共读：《人世间》',
        kind: 'READING',
        startMs: local(10, 15, 19),
        endMs: local(10, 15, 20, 30),
        capacity: 30,
        fill: 0.9,
        programmeId: programme('秀洲区金秋读书月'),
      },
    },
    {
      union: '浙江亚特电器股份有限公司工会',
      site: 'WELLBEING_CENTER',
      o: {
        title: '亚特电器职工心理健康讲座',
        kind: 'LECTURE',
        startMs: local(12, 3, 14),
        endMs: local(12, 3, 15, 30),
        capacity: 60,
        fill: 0.3,
        status: 'OPEN',
      },
    },
  ];
  const out: GenActivity[] = [];
  for (const spec of specs) {
    const u = byName(spec.union);
    if (!u) continue; // a town that a small scale left out
    out.push(makeActivity(ctx, u, seq(), { ...spec.o, siteId: spec.site ? siteOf(u, spec.site) : undefined }));
  }
  return out;
}

function buildActivities(
  scale: number,
  unions: readonly GenUnion[],
  sites: readonly SiteRow[],
  programmes: readonly GenProgramme[],
  subtreeUnions: readonly number[][],
): GenActivity[] {
  const rng = new Random('activities');
  const ownSites = new Map<number, number[]>();
  const subtreeSites = new Map<number, { all: number[]; byKind: Map<SiteKindName, number[]> }>();
  sites.forEach((site, index) => {
    const list = ownSites.get(site.unionId);
    if (list) list.push(index);
    else ownSites.set(site.unionId, [index]);
    for (let id: number | null = site.unionId; id !== null; id = unions[id - 1].parentId) {
      let entry = subtreeSites.get(id);
      if (!entry) subtreeSites.set(id, (entry = { all: [], byKind: new Map() }));
      entry.all.push(index);
      const byKind = entry.byKind.get(site.kind);
      if (byKind) byKind.push(index);
      else entry.byKind.set(site.kind, [index]);
    }
  });
  const programmesByUnion = new Map<number, GenProgramme[]>();
  for (const p of programmes) programmesByUnion.set(p.unionId, [...(programmesByUnion.get(p.unionId) ?? []), p]);
  const ctx: Context = { rng, unions, sites, ownSites, subtreeSites, subtreeUnions, programmesByUnion };

  let seq = 0;
  const activities = anchorActivities(ctx, unions, programmes, () => seq++);
  for (const u of unions) {
    const [min, max] = ACTIVITIES_PER_UNION[u.kind];
    const grows = u.level === 'CITY' || u.level === 'COUNTY';
    const n = rng.count(rng.range(min, max) * (grows ? scale : 1));
    for (let i = 0; i < n; i++) activities.push(makeActivity(ctx, u, seq++));
  }
  // Ids in time order, like a real year of records.
  activities.sort((a, b) => a.startMs - b.startMs || a.organiserId - b.organiserId || a.seq - b.seq);
  activities.forEach((a, i) => (a.id = i + 1));
  return activities;
}

// ---------------------------------------------------------------- sign-ups

/** A worker of a union, always the same for the same (union, index): name and mobile. */
function worker(unionId: number, index: number): { name: string; phone: string } {
  const h1 = mix(unionId, index);
  const h2 = mix(h1, 0x5eed);
  const h3 = mix(h2, index);
  const name = SURNAMES[h1 % SURNAMES.length] + GIVEN_NAMES[h2 % GIVEN_NAMES.length];
  const phone = PHONE_PREFIXES[h2 % PHONE_PREFIXES.length] + String(h3 % 100_000_000).padStart(8, '0');
  return { name, phone };
}

function* generateSignUps(
  activities: readonly GenActivity[],
  unions: readonly GenUnion[],
  subtreeUnions: readonly number[][],
): Generator<SignUpRow> {
  let id = 0;
  const pool = (u: GenUnion) => Math.min(600, Math.max(40, u.memberCount));
  for (const a of activities) {
    const n = a.signUpCount + a.cancelledSignUps;
    if (!n) continue;
    const rng = new Random(mix(a.id, 0x51c0));
    const organiser = unions[a.organiserId - 1];
    const below = subtreeUnions[organiser.id - 1];
    const leaf = below.length === 1;
    const around = organiser.parentId === null ? below : subtreeUnions[organiser.parentId - 1];
    const phones = new Set<string>();
    // Between the activity's creation and its start (or "now", for future ones), mostly in the last month.
    const windowEnd = Math.min(a.startMs, DEMO_NOW) - 10 * MINUTE;
    const windowStart = Math.max(a.createdMs, Math.min(a.startMs - 30 * DAY, windowEnd - 10 * DAY));
    const rows: (SignUpRow & { ms: number; order: number })[] = [];
    for (let i = 0; i < n; i++) {
      let unionId: number | null = null;
      let person = { name: '', phone: '' };
      for (let attempt = 0; attempt < 12; attempt++) {
        if (rng.chance(0.04)) {
          unionId = null; // not (yet) a union member, e.g. a new rider
          person = worker(0, rng.int(0, 99_999));
        } else {
          unionId = leaf
            ? rng.chance(0.85)
              ? organiser.id
              : rng.pick(around)
            : rng.chance(0.25)
              ? organiser.id
              : rng.pick(below);
          person = worker(unionId, rng.int(0, pool(unions[unionId - 1]) - 1));
        }
        if (!phones.has(person.phone)) break;
      }
      if (phones.has(person.phone))
        person = {
          name: worker(0, a.id * 1000 + i).name,
          phone: `19${String((a.id * 1000 + i) % 1e9).padStart(9, '0')}`,
        };
      phones.add(person.phone);
      const signedUp = i < a.signUpCount;
      const ms = windowStart + Math.floor(rng.float() * (windowEnd - windowStart + 1));
      rows.push({
        id: 0,
        activityId: a.id,
        workerName: person.name,
        phone: person.phone,
        unionId,
        status: signedUp ? 'SIGNED_UP' : 'CANCELLED',
        attended: signedUp && i < a.attendanceCount,
        createdAt: formatTime(ms),
        ms,
        order: i,
      });
    }
    rows.sort((x, y) => x.ms - y.ms || x.order - y.order);
    for (const { ms: _ms, order: _order, ...row } of rows) {
      row.id = ++id;
      yield row;
    }
  }
}

// ---------------------------------------------------------------- everything

/** The whole demo at `scale` (1 = Jiaxing's real size; 0.25 shrinks, 10 widens the tree). */
export function generateDataset(scale = 1): Dataset {
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  const { unions } = buildUnions(scale);
  const subtreeUnions: number[][] = unions.map(() => []);
  for (const u of unions) {
    for (let id: number | null = u.id; id !== null; id = unions[id - 1].parentId) subtreeUnions[id - 1].push(u.id);
  }
  const sites = buildSites(unions);
  const programmes = buildProgrammes(unions);
  const activities = buildActivities(scale, unions, sites, programmes, subtreeUnions);
  const signUpTotal = activities.reduce((sum, a) => sum + a.signUpCount + a.cancelledSignUps, 0);
  // Appended last, with a stream of their own, so every earlier id and row stays the same.
  const { activities: competitionActivities, ...competitions } = buildCompetitions(unions, sites, activities.length, {
    rng: new Random('competitions'),
    now: DEMO_NOW,
    formatTime,
  });
  // The menus after them, likewise.
  const { activities: menuActivities, ...menu } = buildMenus(
    unions,
    sites,
    activities.length + competitionActivities.length,
    { rng: new Random('menus'), now: DEMO_NOW, formatTime },
  );
  // The workers who serve themselves after them, likewise; their sign-ups after all others.
  const { activities: workerActivities, ...workers } = buildWorkers(
    unions,
    sites,
    activities.length + competitionActivities.length + menuActivities.length,
    signUpTotal,
    { rng: new Random('workers'), now: DEMO_NOW, formatTime },
  );
  return {
    scale,
    unions,
    sites,
    programmes,
    activities: [...activities, ...competitionActivities, ...menuActivities, ...workerActivities],
    competitions,
    menu,
    workers,
    // The clubs last, with a stream of their own.
    clubs: buildClubs(unions, sites, { rng: new Random('clubs'), now: DEMO_NOW, formatTime }),
    signUpTotal,
    signUps: () => generateSignUps(activities, unions, subtreeUnions),
  };
}
