import type { FeatureCollection, Point } from 'geojson';
// '#csv-stringify' (package.json "imports"): csv-stringify's browser build for bundlers, its Node build in Node;
// the Node build touches Buffer when it loads, which would break the core in a browser.
import { stringify } from '#csv-stringify';
import { SAFE_CSV_CAST } from './csv-cell.js';
import type { KindSummary } from '../scoring/city-summary.js';
import type { SitePlan, SuggestedSite } from '../planning/suggest-sites.js';

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The id a suggested site carries, so `analyze --remove` can name it and `--add` keeps it. */
export function suggestedSiteId(site: SuggestedSite): string {
  return `new-${site.category}-${site.categoryRank}`;
}

/** One flat row per site: the properties of suggestions.geojson and the columns of suggestions.csv. */
export function suggestionRows(plan: SitePlan): Record<string, string | number | null>[] {
  return plan.sites.map((s) => ({
    id: suggestedSiteId(s),
    rank: s.rank,
    category: s.category,
    // The type the rules need (a health station, not a hospital), so `analyze --add` counts the site as planned.
    facility_type: s.type ?? null,
    category_rank: s.categoryRank,
    // Full precision, so `analyze --add` links the site exactly where the plan measured it; the names
    // say WGS-84, so a CSV reader that assumes GCJ-02 for Chinese POI tables does not shift the sites.
    lon_wgs84: s.lon,
    lat_wgs84: s.lat,
    gain_people: round(s.gain, 1),
    newly_covered_people: round(s.newlyCovered, 1),
    // One count and one id list per level of the standard, in its order (newly_convenient, newly_quality, ...).
    ...Object.fromEntries(Object.entries(s.newlyAttained).map(([level, ids]) => [`newly_${level}`, ids.length])),
    ...Object.fromEntries(Object.entries(s.newlyAttained).map(([level, ids]) => [`newly_${level}_ids`, ids.join(';')])),
    communities_reached: s.communitiesReached.join(';'),
    candidate_id: s.candidateId ?? null,
  }));
}

/**
 * `suggestions.geojson`: ranked Points whose `category` and `id` make the file a valid
 * `analyze --add` input as it is; a map layer can style by `category` and size by `gain_people`.
 */
export function suggestionsGeoJson(plan: SitePlan): FeatureCollection<Point> {
  const rows = suggestionRows(plan);
  return {
    type: 'FeatureCollection',
    features: plan.sites.map((s, i) => ({
      type: 'Feature',
      id: rows[i].id as string,
      properties: rows[i],
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
    })),
  };
}

/** `suggestions.csv`: UTF-8 with a BOM, so Excel shows Chinese community names right. */
export function suggestionsCsv(plan: SitePlan): string {
  const levels = plan.levels;
  const columns = ['id', 'rank', 'category', 'facility_type', 'category_rank', 'lon_wgs84', 'lat_wgs84', 'gain_people', 'newly_covered_people',
    ...levels.map((l) => `newly_${l}`), ...levels.map((l) => `newly_${l}_ids`), 'communities_reached', 'candidate_id'];
  const rows = suggestionRows(plan);
  return '\ufeff' + stringify(rows.map((r) => columns.map((c) => r[c] ?? '')), { header: true, columns, cast: SAFE_CSV_CAST });
}

/** `plan.json`: how the sites were chosen, why each category stopped, and attainment before and after. */
export function planSummary(plan: SitePlan): Record<string, unknown> {
  const kinds = (list: KindSummary[]) => list.map((k) => ({
    kind: k.kind, scored: k.scored, attained: k.attained,
    share: Object.fromEntries(Object.entries(k.share).map(([l, v]) => [l, round(v, 4)])), targets: k.targets, needed: k.needed,
  }));
  return {
    mode: plan.mode,
    objective: plan.objective,
    guarantee: plan.guarantee,
    candidates: plan.candidates,
    sites: plan.sites.length,
    categories: plan.categories.map((c) => ({ ...c, newlyCovered: round(c.newlyCovered, 1) })),
    before: kinds(plan.before),
    after: kinds(plan.after),
    targetsMet: plan.targetsMet,
    shortfall: plan.shortfall,
  };
}
