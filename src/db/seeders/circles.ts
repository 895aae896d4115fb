import type { SiteRow, UnionRow } from './generate.js';

/** A demo service circle: its hub and the sites it serves. */
export interface CircleRow {
  id: number;
  name: string;
  hubSiteId: number;
  siteIds: number[];
  createdAt: string;
}

/** Nanhu groups its 1,200-odd places into 122 circles (DOMAIN.md): about ten places a circle. */
const NANHU = { union: '南湖区总工会', placesPerCircle: 10 };
/** The other counties have begun with fewer, larger circles around their service centres. */
const ELSEWHERE_PLACES_PER_CIRCLE = 30;
/** The kinds a circle is organised around, when a county has enough of them. */
const HUB_KINDS = new Set(['SERVICE_CENTER', 'CULTURAL_PALACE', 'WORKERS_HOME', 'ENERGY_STATION']);

/** Squared distance on a local plane (a degree of longitude is ~0.86 of one of latitude at 30°N): enough to group sites. */
function apart(a: SiteRow, b: SiteRow): number {
  const dLat = a.latitude - b.latitude;
  const dLng = (a.longitude - b.longitude) * 0.86;
  return dLat * dLat + dLng * dLng;
}

/**
 * Service circles for every county, deterministic: hubs spread by farthest-point sampling
 * (from the hub-kind site nearest the county's centre, then each time the candidate
 * farthest from every hub so far), and every other site joins its nearest hub.
 */
export function buildServiceCircles(
  unions: readonly UnionRow[],
  sites: readonly SiteRow[],
  createdAt: string,
): CircleRow[] {
  const byId = new Map(unions.map((u) => [u.id, u]));
  const countyOf = (unionId: number): UnionRow | undefined => {
    const county = byId.get(unionId)?.path.split('.')[1];
    return county === undefined ? undefined : byId.get(Number(county));
  };
  const sitesByCounty = new Map<UnionRow, SiteRow[]>();
  for (const site of sites) {
    const county = countyOf(site.unionId);
    if (county) sitesByCounty.set(county, [...(sitesByCounty.get(county) ?? []), site]);
  }
  const circles: CircleRow[] = [];
  for (const [county, countySites] of sitesByCounty) {
    const perCircle = county.name === NANHU.union ? NANHU.placesPerCircle : ELSEWHERE_PLACES_PER_CIRCLE;
    const wanted = Math.max(1, Math.round(countySites.length / perCircle));
    const preferred = countySites.filter((s) => HUB_KINDS.has(s.kind));
    const candidates = preferred.length >= wanted ? preferred : countySites;
    const centre = {
      latitude: countySites.reduce((sum, s) => sum + s.latitude, 0) / countySites.length,
      longitude: countySites.reduce((sum, s) => sum + s.longitude, 0) / countySites.length,
    } as SiteRow;
    const nearest = (from: SiteRow, among: readonly SiteRow[]) =>
      among.reduce((best, s) => (apart(from, s) < apart(from, best) ? s : best));
    const hubs = [nearest(centre, candidates)];
    const gap = new Map(candidates.map((s) => [s, apart(s, hubs[0])]));
    while (hubs.length < wanted) {
      let farthest: SiteRow | undefined;
      for (const [s, d] of gap) if (!farthest || d > gap.get(farthest)!) farthest = s;
      if (!farthest || gap.get(farthest) === 0) break;
      hubs.push(farthest);
      for (const [s, d] of gap) gap.set(s, Math.min(d, apart(s, farthest)));
    }
    const members = new Map(hubs.map((hub) => [hub, [] as number[]]));
    for (const site of countySites) {
      if (members.has(site)) continue;
      members.get(nearest(site, hubs))!.push(site.id);
    }
    for (const hub of hubs) {
      circles.push({
        id: circles.length + 1,
        name: `${hub.name}服务圈`,
        hubSiteId: hub.id,
        siteIds: members.get(hub)!,
        createdAt,
      });
    }
  }
  return circles;
}
