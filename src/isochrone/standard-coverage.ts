import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import type { Network } from '../network/network.js';
import type { MetresRule, MinutesRule, StandardRule } from '../standards/standard.js';
import { metresPerMinute } from '../geo/walking-speed.js';
import { linkPoints, subsetLinks, type Links } from '../network/link-points.js';
import { toX, toY } from '../geo/local-plane.js';
import { extentOf } from '../geo/extent.js';
import type { CategoryFields } from '../routing/field-router.js';
import { drawCoverageGroups, type CoverageGroup } from './coverage-stack.js';
import { DEFAULT_CELL_M, resolveDrawOptions, type DrawOptions, type ResolvedDrawOptions } from './options.js';

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
  /** The facilities linked to the network, in the same order (an Analysis keeps them); linked again when absent. */
  readonly facilityLinks?: Links;
  /** Each category's distance at every node, unbounded (an Analysis keeps the route stage's); categories without one are searched. */
  readonly categoryFields?: CategoryFields;
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
  const { vertexX, vertexY } = network;
  const [minX, minY, maxX, maxY] = extentOf(vertexX, vertexY);
  const area = vertexX.length ? (maxX - minX) * (maxY - minY) : 0;
  const cellM = opts.cellM ?? Math.max(DEFAULT_CELL_M, Math.ceil(Math.sqrt(area / CITY_COVERAGE_CELLS) / 5) * 5);
  return { ...opts, cellM, simplifyM: opts.simplifyM ?? cellM, decimals: opts.decimals ?? 5 };
}

export function standardCoverage(analysis: CoverageSource, opts: StandardCoverageOptions = {}): FeatureCollection<MultiPolygon, CoverageAreaProperties> {
  const o = coverageDrawOptions(analysis.network, opts);
  const plan = coveragePlan(analysis, o);
  const shapes = drawCoverageGroups(analysis.network, plan.groups, o, { onGroup: groupProgress(analysis, plan, opts.onCategory) });
  return coverageFeatures(analysis, plan, shapes);
}

/** The drawing options `standardCoverage` uses: the city's (`cityCoverageOptions`) unless `full`. */
export function coverageDrawOptions(network: Network, opts: StandardCoverageOptions): ResolvedDrawOptions {
  const { onCategory: _, full, ...given } = opts;
  return resolveDrawOptions(full ? given : cityCoverageOptions(network, given));
}

/** Turns "groups drawn so far" into `onCategory`'s "categories done, of all" (groups come in category order). */
export function groupProgress(analysis: CoverageSource, plan: CoveragePlan, onCategory?: (done: number, total: number) => void): ((drawn: number) => void) | undefined {
  if (!onCategory) return undefined;
  const total = analysis.categories.length;
  // The categories complete once the first `drawn` groups are: those before the category of the next group.
  const categoryOf = plan.groups.map((_, g) => analysis.categories.indexOf(plan.layers.find((l) => l.group === g)!.category));
  return (drawn) => onCategory(drawn >= plan.groups.length ? total : categoryOf[drawn], total);
}

/** The features of coverage.geojson from the plan and its groups' shapes (group, then level). */
export function coverageFeatures(analysis: CoverageSource, plan: CoveragePlan, shapes: readonly (readonly MultiPolygon[])[]): FeatureCollection<MultiPolygon, CoverageAreaProperties> {
  const features: Feature<MultiPolygon, CoverageAreaProperties>[] = [];
  for (const category of analysis.categories) {
    for (const layer of plan.layers) {
      if (layer.category !== category) continue;
      features.push({
        type: 'Feature',
        properties: { category, minutes: layer.minutesStated, meters: layer.meters, rules: layer.rules, facilities: layer.facilities },
        geometry: layer.group < 0 ? { type: 'MultiPolygon', coordinates: [] } : shapes[layer.group][layer.level],
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

export interface CoveragePlan {
  readonly groups: CoverageGroup[];
  readonly layers: CoverageLayer[];
}

/** One layer of coverage.geojson: a category's threshold, drawn as `level` of `group` (-1: no facilities). */
interface CoverageLayer {
  category: string;
  minutesStated: number | null;
  meters: number | null;
  rules: string[];
  facilities: number;
  group: number;
  level: number;
}

/**
 * What to draw: for each category the standard scores and each walking pace its rules use, one group
 * (its linked facilities, the pace's thresholds as levels in metres); the layers in output order.
 */
export function coveragePlan(analysis: CoverageSource, o: ResolvedDrawOptions): CoveragePlan {
  const { network } = analysis;
  const groups: CoverageGroup[] = [];
  const layers: CoverageLayer[] = [];
  const given = analysis.facilityLinks;
  const links = given && given.count === analysis.facilities.length ? given : undefined;
  // Fields hold for the links they were routed from: after a what-if (new links) every group is searched.
  const fields = links && analysis.categoryFields?.facilityLinks === links ? analysis.categoryFields.nodeDistM : undefined;
  const fieldOf = (category: string) => fields?.get(category);
  for (const category of analysis.categories) {
    // Presence rules draw no walking area.
    const rules = analysis.standard.rules.filter((r): r is MinutesRule | MetresRule => r.category === category && r.within === undefined);
    const members: number[] = [];
    analysis.facilities.forEach((f, i) => { if (f.category === category && f.linked) members.push(i); });
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
    for (const [speedKmh, byKey] of [...bySpeed].sort((a, b) => a[0] - b[0])) {
      const entries = [...byKey.values()].sort((a, b) => a.minutes - b.minutes);
      const g = members.length > 0 ? groups.length : -1;
      if (g >= 0) {
        const positions = members.map((i) => analysis.facilities[i].position);
        const { plane } = network;
        groups.push({
          sources: links ? subsetLinks(links, members) : linkPoints(network, positions),
          sourceX: Float64Array.from(positions, (p) => toX(plane, p[0])),
          sourceY: Float64Array.from(positions, (p) => toY(plane, p[1])),
          levelsM: entries.map((e) => e.minutes * metresPerMinute(speedKmh) + o.slackM),
          ...(fieldOf(category) ? { nodeDistM: fieldOf(category) } : {}),
        });
      }
      entries.forEach((e, level) => layers.push({ category, minutesStated: e.minutesStated, meters: e.meters, rules: e.rules, facilities: g < 0 ? 0 : groups[g].sources.count - groups[g].sources.unlinked, group: g, level }));
    }
  }
  return { groups, layers };
}
