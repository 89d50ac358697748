import type { Analysis } from '../scoring/analyze.js';

/**
 * One row per community, shared by the CSV and the GeoJSON so the two never disagree: the leading
 * columns, then per category `<category>_share` and `<category>_median_min`, then 2SFCA places per 1,000
 * for categories whose facilities state a capacity. Numbers are rounded for people, not for machines:
 * shares floored to 4 decimals, minutes rounded to 2.
 */
export function communityRows(analysis: Analysis): Record<string, string | number | null>[] {
  // Column names built once, not per community (a city has thousands of rows of some fifty columns).
  const levels = analysis.standard.levels.map(({ id }) => ({ id, missingKey: `missing_${id}` }));
  const categories = analysis.categories.map((category) => ({ category, shareKey: `${category}_share`, medianKey: `${category}_median_min` }));
  const per1000 = [...analysis.accessPer1000].map(([category, per]) => ({ key: `${category}_places_per_1000`, per }));
  return analysis.communities.map((s, ci) => {
    const row: Record<string, string | number | null> = {
      id: s.community.id,
      name: s.community.name,
      kind: s.community.kind,
      zone: s.community.zone ?? '',
      population: s.population === undefined ? null : round(s.population, 1),
    };
    for (const { id } of levels) row[id] = yesNo(s.scored ? s.attained[id] : undefined);
    for (const { id, missingKey } of levels) row[missingKey] = (s.missing[id] ?? []).join(';');
    for (const { category, shareKey, medianKey } of categories) {
      const c = s.categories.get(category);
      // Floored, not rounded: 0.79996 must not print as 0.8 beside a rule that is not met.
      row[shareKey] = c?.share === undefined ? null : floorTo(c.share, 4);
      row[medianKey] = c === undefined || !Number.isFinite(c.medianMin) ? null : round(c.medianMin, 2);
    }
    for (const { key, per } of per1000) row[key] = Number.isFinite(per[ci]) ? round(per[ci], 2) : null;
    return row;
  });
}

/** `yes`/`no`, or `n/a` for a community with nobody to measure. */
export function yesNo(v: boolean | undefined): string {
  return v === undefined ? 'n/a' : v ? 'yes' : 'no';
}

export function floorTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.floor(x * f + 1e-9) / f;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

