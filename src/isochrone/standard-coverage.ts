import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import type { Network } from '../network/network.js';
import type { MetresRule, MinutesRule, StandardRule } from '../standards/standard.js';
import { metresPerMinute } from '../geo/walking-speed.js';
import { coverageAreas, IsochroneWorkspace } from './isochrones.js';
import { NetworkSearch } from '../routing/network-search.js';
import { DEFAULT_CELL_M, type DrawOptions } from './options.js';

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
  /**
   * Draw at the isochrone defaults (25 m cells, outlines as traced, 7 decimals) however large the
   * city. Off by default: see `cityCoverageOptions`.
   */
  full?: boolean;
}

/** Cells the raster of a whole city may have before its cells grow; about 50 m cells over 80 x 55 km. */
export const CITY_COVERAGE_CELLS = 2_000_000;

/**
 * Drawing options for coverage at city extent, unless given: cells of 25 m while the network's
 * extent fits in CITY_COVERAGE_CELLS of them, larger (in steps of 5 m) beyond, so that drawing costs
 * about the same for any city; rings simplified to the cell size, the raster's own precision; 5
 * decimals (about 1 m). On the spread-L city (80 x 55 km, 50 m cells) coverage.geojson went from 187 MB
 * (25 m cells, unsimplified, 7 decimals) to 28.5 MB with half-cell simplification and 6 decimals, and
 * below that with these (benchmarks/RESULTS.md).
 */
export function cityCoverageOptions(network: Network, opts: DrawOptions = {}): DrawOptions {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const { vertexX, vertexY } = network;
  for (let v = 0; v < vertexX.length; v++) {
    const x = vertexX[v], y = vertexY[v];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const area = vertexX.length ? (maxX - minX) * (maxY - minY) : 0;
  const cellM = opts.cellM ?? Math.max(DEFAULT_CELL_M, Math.ceil(Math.sqrt(area / CITY_COVERAGE_CELLS) / 5) * 5);
  return { ...opts, cellM, simplifyM: opts.simplifyM ?? cellM, decimals: opts.decimals ?? 5 };
}

export function standardCoverage(analysis: CoverageSource, opts: StandardCoverageOptions = {}): FeatureCollection<MultiPolygon, CoverageAreaProperties> {
  const features: Feature<MultiPolygon, CoverageAreaProperties>[] = [];
  const { onCategory, full, ...given } = opts;
  const drawOptions = full ? given : cityCoverageOptions(analysis.network, given);
  // One search and one drawing workspace for every category: at city extent each category's reached
  // pieces and raster take tens of MB, which allocating afresh per category would pay for again.
  const search = new NetworkSearch(analysis.network);
  const workspace = new IsochroneWorkspace();
  for (const [done, category] of analysis.categories.entries()) {
    // Presence rules draw no walking area.
    const rules = analysis.standard.rules.filter((r): r is MinutesRule | MetresRule => r.category === category && r.within === undefined);
    const members = analysis.facilities.filter((f) => f.category === category && f.linked).map((f) => f.position);
    // Thresholds grouped by walking speed, each in minutes at that speed (a rule in metres converts).
    const bySpeed = new Map<number, Map<string, { minutes: number; meters: number | null; minutesStated: number | null; rules: string[] }>>();
    for (const r of rules) {
      const speed = r.speedKmh;
      const minutes = r.minutes !== undefined ? r.minutes : r.meters! / metresPerMinute(speed);
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
      const areas = coverageAreas(analysis.network, members, entries.map((e) => e.minutes), { ...drawOptions, speedKmh, source: 'facilities', search, workspace });
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
