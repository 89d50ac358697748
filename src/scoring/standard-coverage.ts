import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { coverageAreas } from '../isochrone/isochrones.js';
import type { DrawOptions } from '../isochrone/options.js';
import type { Analysis } from './analyze.js';
import { metresPerMinute } from './rule-distance.js';

export interface CoverageAreaProperties {
  category: string;
  /** The threshold as the rules state it: minutes, or metres for a rule in metres. */
  minutes: number | null;
  meters: number | null;
  /** The rules that use this threshold, e.g. "convenient urban", "quality rural outer". */
  rules: string[];
  facilities: number;
}

/**
 * `coverage.geojson`: for each category the standard scores and each threshold its rules use, the
 * ground within that threshold of any facility of the category. One multi-source search per category
 * draws all its thresholds.
 */
export function standardCoverage(analysis: Analysis, facilities: readonly Feature[], opts: DrawOptions = {}): FeatureCollection<MultiPolygon, CoverageAreaProperties> {
  const features: Feature<MultiPolygon, CoverageAreaProperties>[] = [];
  for (const category of analysis.categories) {
    const rules = analysis.standard.rules.filter((r) => r.category === category);
    const members = analysis.facilities.filter((f) => f.category === category && f.linked).map((f) => facilities[f.index]);
    // Thresholds grouped by walking speed, each in minutes at that speed (a rule in metres converts).
    const bySpeed = new Map<number, Map<string, { minutes: number; meters: number | null; minutesStated: number | null; rules: string[] }>>();
    for (const r of rules) {
      const speed = r.speedKmh;
      const minutes = r.minutes ?? (r.meters as number) / metresPerMinute(speed);
      const key = r.minutes !== undefined ? `min:${r.minutes}` : `m:${r.meters}`;
      const group = bySpeed.get(speed) ?? new Map();
      bySpeed.set(speed, group);
      const entry = group.get(key) ?? { minutes, meters: r.meters ?? null, minutesStated: r.minutes ?? null, rules: [] };
      group.set(key, entry);
      entry.rules.push([r.level, r.kind, r.zone].filter(Boolean).join(' '));
    }
    for (const [speedKmh, group] of [...bySpeed].sort((a, b) => a[0] - b[0])) {
      const entries = [...group.values()].sort((a, b) => a.minutes - b.minutes);
      if (members.length === 0) {
        for (const e of entries) features.push(empty(category, e));
        continue;
      }
      const areas = coverageAreas(analysis.network, members, entries.map((e) => e.minutes), { ...opts, speedKmh, source: 'facilities' });
      areas.features.forEach((f, k) => features.push({
        type: 'Feature',
        properties: { category, minutes: entries[k].minutesStated, meters: entries[k].meters, rules: entries[k].rules, facilities: f.properties.facilities },
        geometry: f.geometry,
      }));
    }
  }
  return { type: 'FeatureCollection', features };
}

function empty(category: string, e: { meters: number | null; minutesStated: number | null; rules: string[] }): Feature<MultiPolygon, CoverageAreaProperties> {
  return {
    type: 'Feature',
    properties: { category, minutes: e.minutesStated, meters: e.meters, rules: e.rules, facilities: 0 },
    geometry: { type: 'MultiPolygon', coordinates: [] },
  };
}
