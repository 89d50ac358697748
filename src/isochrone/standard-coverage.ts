import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import type { Network } from '../network/network.js';
import type { StandardRule } from '../standards/standard.js';
import { metresPerMinute } from '../geo/walking-speed.js';
import { coverageAreas } from './isochrones.js';
import type { DrawOptions } from './options.js';

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
 * What coverage drawing needs of an analysis; an `Analysis` (from `analyze` or `rescore`) is one.
 * Declared here so drawing does not depend on scoring.
 */
export interface CoverageSource {
  readonly network: Network;
  readonly standard: { readonly rules: readonly StandardRule[] };
  /** Categories to draw, in order. */
  readonly categories: readonly string[];
  readonly facilities: readonly { readonly category?: string; readonly linked: boolean; readonly position: Position }[];
}

/**
 * `coverage.geojson`: for each category the standard scores and each threshold its rules use, the
 * ground within that threshold of any facility of the category. One multi-source search per category
 * draws all its thresholds.
 */
export interface StandardCoverageOptions extends DrawOptions {
  /** Called after each category is drawn: categories done, of all. */
  onCategory?: (done: number, total: number) => void;
}

export function standardCoverage(analysis: CoverageSource, opts: StandardCoverageOptions = {}): FeatureCollection<MultiPolygon, CoverageAreaProperties> {
  const features: Feature<MultiPolygon, CoverageAreaProperties>[] = [];
  const { onCategory, ...drawOptions } = opts;
  for (const [done, category] of analysis.categories.entries()) {
    const rules = analysis.standard.rules.filter((r) => r.category === category);
    const members = analysis.facilities.filter((f) => f.category === category && f.linked).map((f) => f.position);
    // Thresholds grouped by walking speed, each in minutes at that speed (a rule in metres converts).
    const bySpeed = new Map<number, Map<string, { minutes: number; meters: number | null; minutesStated: number | null; rules: string[] }>>();
    for (const r of rules) {
      const speed = r.speedKmh;
      const minutes = r.minutes !== undefined ? r.minutes : r.meters / metresPerMinute(speed);
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
      const areas = coverageAreas(analysis.network, members, entries.map((e) => e.minutes), { ...drawOptions, speedKmh, source: 'facilities' });
      areas.features.forEach((f, k) => features.push({
        type: 'Feature',
        properties: { category, minutes: entries[k].minutesStated, meters: entries[k].meters, rules: entries[k].rules, facilities: f.properties.facilities },
        geometry: f.geometry,
      }));
    }
    onCategory?.(done + 1, analysis.categories.length);
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
