import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointOnFeature from '@turf/point-on-feature';
import type { Feature, Position } from 'geojson';
import { featurePosition } from '../geo/feature-point.js';
import { isPointColumns, type PointColumns } from '../geo/point-columns.js';
import { checkLonLat } from '../geo/validate-coordinates.js';
import { localPlane } from '../geo/local-plane.js';
import { float64s } from '../network/shareable-arrays.js';
import { InputError } from '../errors.js';
import { count, type Community } from './communities.js';
import { CommunityLocator } from './community-locator.js';

/**
 * The people whose walks are measured: weighted points, grouped by community. Community c's residents
 * are [start[c], start[c + 1]). Weights are people where the data allow it: population points are
 * scaled so each community's sum equals its stated `population`; grid samples share it equally.
 */
export interface Residents {
  readonly count: number;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly weight: Float64Array;
  /**
   * The same weights where they are people, 0 where they are not: grid samples of a community that
   * states no population share a weight of 1 between them, which counts for its shares but must not
   * enter head counts (served population, 2SFCA demand).
   */
  readonly people: Float64Array;
  readonly start: Int32Array;
  /** How each community's residents were found. */
  readonly method: ResidentMethod[];
  /** Population points that fall in no community (not scored), and their total weight. */
  readonly outsidePoints: number;
  readonly outsideWeight: number;
}

/**
 * `points`: population points inside it; `grid`: sample points on a regular grid (no population layer,
 * or none of its points inside a community that states a population); `none`: nobody to measure.
 */
export type ResidentMethod = 'points' | 'grid' | 'none';

export interface ResidentOptions {
  /**
   * Population points (GeoJSON Points or Polygons, e.g. buildings), or points as columns (a large
   * layer read without a Feature per point); omit for grid sampling.
   */
  population?: readonly Feature[] | PointColumns;
  /** Property holding each feature's weight (columns name their own). Default "population". */
  weightField?: string;
  /** Grid spacing for sampling, metres. Default 100. */
  gridSpacingM?: number;
  /** Most grid cells (over the communities' boxes) to test; more is refused before sampling. */
  maxGridCells?: number;
  source?: string;
  /** The communities' file, named when a community's grid is too large. */
  communitiesSource?: string;
  /**
   * Whether `people` is made in shared memory, for a router's workers to read without a copy (they
   * sum the served populations: `CatchmentRouter.startNearestSums`). Changes no value. Default false.
   */
  shared?: boolean;
}

export const DEFAULT_GRID_SPACING_M = 100;

/** 10 million cells: 100,000 km² of community boxes at 100 m, a few seconds and about 1 GB. */
export const DEFAULT_MAX_GRID_CELLS = 10_000_000;

/** The grid cells gridSamples would test for a community: its box at the spacing (Infinity when absurd). */
export function gridCellCount(community: Community, spacingM: number): number {
  const all = rings(community).flat();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of all) { if (x < minX) minX = x; if (y < minY) minY = y; if (x > maxX) maxX = x; if (y > maxY) maxY = y; }
  const plane = localPlane((minX + maxX) / 2, (minY + maxY) / 2);
  const nx = Math.floor((maxX - minX) / (spacingM / plane.kx)), ny = Math.floor((maxY - minY) / (spacingM / plane.ky));
  const cells = (nx + 1) * (ny + 1);
  return Number.isFinite(cells) ? cells : Infinity;
}

/**
 * Refuses, before any sampling, a grid larger than `maxCells` over all communities sampled on it:
 * `--grid-m 0.01` or a community the size of a continent would otherwise fill memory.
 */
function checkGridSize(communities: readonly Community[], sampled: readonly number[], spacingM: number, maxCells: number, file: string | undefined): void {
  if (!(spacingM > 0) || !Number.isFinite(spacingM)) {
    throw new InputError(`the grid spacing must be a positive number of metres, got ${spacingM}`, undefined, undefined, 'gridSpacingM');
  }
  let total = 0, largest = -1, largestCells = 0;
  for (const c of sampled) {
    const cells = gridCellCount(communities[c], spacingM);
    total += cells;
    if (cells > largestCells) { largestCells = cells; largest = c; }
  }
  if (total > maxCells) {
    throw new InputError(
      `a ${spacingM} m sampling grid over the communities' extents needs ${Number.isFinite(total) ? Math.round(total) : 'infinitely many'} cells, over the limit of ${maxCells} ` +
        `(the largest is community ${JSON.stringify(communities[largest].id)}, ${Number.isFinite(largestCells) ? Math.round(largestCells) : 'infinitely many'} cells); ` +
        'use a larger --grid-m, give population points (--population), check that community for a wrong coordinate, or raise the limit with --max-grid-cells',
      file, largest, 'geometry',
    );
  }
}

export function residentsOf(communities: readonly Community[], opts: ResidentOptions = {}): Residents {
  const n = communities.length;
  const hasPopulation = Boolean(opts.population);
  const points = opts.population ? placePoints(communities, opts.population, opts) : undefined;
  const pointCount = new Int32Array(n);
  const layerSum = new Float64Array(n);
  if (points) {
    // Summed in the points' order, as the weights will be scaled by it.
    for (let i = 0; i < points.community.length; i++) {
      const c = points.community[i];
      if (c >= 0) { pointCount[c]++; layerSum[c] += points.weight[i]; }
    }
  }

  const gridded: number[] = [];
  for (let c = 0; c < n; c++) {
    const com = communities[c];
    if (!(hasPopulation && layerSum[c] > 0) && !(com.population === 0 || (hasPopulation && com.population === undefined))) gridded.push(c);
  }
  if (gridded.length) {
    checkGridSize(communities, gridded, opts.gridSpacingM ?? DEFAULT_GRID_SPACING_M, opts.maxGridCells ?? DEFAULT_MAX_GRID_CELLS, opts.communitiesSource);
  }

  const method: ResidentMethod[] = [];
  const grids = new Map<number, Position[]>();
  const start = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) {
    const com = communities[c];
    let size = 0;
    if (hasPopulation && layerSum[c] > 0) {
      method.push('points');
      size = pointCount[c];
    } else if (com.population === 0 || (hasPopulation && com.population === undefined)) {
      method.push('none');
    } else {
      method.push('grid');
      const grid = gridSamples(com, opts.gridSpacingM ?? DEFAULT_GRID_SPACING_M);
      grids.set(c, grid);
      size = grid.length;
    }
    start[c + 1] = start[c] + size;
  }

  const total = start[n];
  const lon = new Float64Array(total), lat = new Float64Array(total), weight = new Float64Array(total), people = float64s(total, opts.shared ?? false);
  if (points) {
    // Each community's points in the file's order; scaled to the stated population, so that 2SFCA
    // and quotas count people, not building areas.
    const next = start.slice(0, n);
    const byPoints = new Uint8Array(n), stated = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      byPoints[c] = method[c] === 'points' ? (communities[c].population !== undefined ? 2 : 1) : 0;
      stated[c] = communities[c].population ?? 0;
    }
    const { community, lon: pointLon, lat: pointLat, weight: pointWeight } = points;
    for (let i = 0; i < community.length; i++) {
      const c = community[i];
      if (c < 0 || byPoints[c] === 0) continue;
      const k = next[c]++;
      lon[k] = pointLon[i];
      lat[k] = pointLat[i];
      weight[k] = byPoints[c] === 2 ? pointWeight[i] * (stated[c] / layerSum[c]) : pointWeight[i];
    }
  }
  for (const [c, grid] of grids) {
    const each = (communities[c].population ?? 1) / grid.length;
    grid.forEach((p, k) => { lon[start[c] + k] = p[0]; lat[start[c] + k] = p[1]; weight[start[c] + k] = each; });
  }
  for (let c = 0; c < n; c++) {
    if (method[c] === 'points' || communities[c].population !== undefined) people.set(weight.subarray(start[c], start[c + 1]), start[c]);
  }
  return { count: total, lon, lat, weight, people, start, method, outsidePoints: points?.outsidePoints ?? 0, outsideWeight: points?.outsideWeight ?? 0 };
}

/** Population points with their weights and the community holding each (-1: none), in the input's order. */
interface PlacedPoints {
  lon: Float64Array;
  lat: Float64Array;
  weight: Float64Array;
  community: Int32Array;
  outsidePoints: number;
  outsideWeight: number;
}

/**
 * Checks each population point (its position, its weight) in order, as features or as columns with
 * the same messages, and finds its community.
 */
function placePoints(communities: readonly Community[], population: readonly Feature[] | PointColumns, opts: ResidentOptions): PlacedPoints {
  const file = opts.source ?? 'population';
  const locator = new CommunityLocator(communities);
  const columns = isPointColumns(population) ? population : undefined;
  const features = columns ? undefined : population as readonly Feature[];
  const n = columns ? columns.count : features!.length;
  // Columns are read in place (checked, not copied: 24 MB of fresh memory for a million points).
  const lon = columns ? columns.lon : new Float64Array(n), lat = columns ? columns.lat : new Float64Array(n);
  const weight = columns ? columns.weight : new Float64Array(n), community = new Int32Array(n);
  let outsidePoints = 0;
  let outsideWeight = 0;
  const field = columns ? columns.field : opts.weightField ?? 'population';
  for (let i = 0; i < n; i++) {
    let x: number, y: number, w: number;
    if (columns) {
      x = lon[i];
      y = lat[i];
      checkLonLat(x, y, file, i, 'geometry.coordinates');
      w = count(weight[i], file, i, field)!;
    } else {
      const f = features![i];
      const p = featurePosition(f, file, i);
      const raw = f.properties?.[field];
      const stated = count(raw, file, i, field);
      if (stated === undefined) {
        throw new InputError(`each population point needs a weight, got ${JSON.stringify(raw)}`, file, i, `properties.${field}`);
      }
      x = p[0]; y = p[1]; w = stated;
      lon[i] = x; lat[i] = y; weight[i] = w;
    }
    const c = locator.locate(x, y);
    community[i] = c;
    if (c < 0) { outsidePoints++; outsideWeight += w; }
  }
  return { lon, lat, weight, community, outsidePoints, outsideWeight };
}

/** Each resident's community (its index): residents are stored community by community (`start`). */
export function residentCommunities(residents: Pick<Residents, 'count' | 'start'>): Int32Array {
  const of = new Int32Array(residents.count);
  for (let c = 0; c + 1 < residents.start.length; c++) of.fill(c, residents.start[c], residents.start[c + 1]);
  return of;
}

/** Community polygons' boxes in a static R-tree, for point-in-community on many points. */
export function communityIndex(communities: readonly Community[]): Flatbush {
  const index = new Flatbush(communities.length);
  for (const c of communities) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const ring of rings(c)) for (const [x, y] of ring) {
      if (x < minX) minX = x; if (y < minY) minY = y; if (x > maxX) maxX = x; if (y > maxY) maxY = y;
    }
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();
  return index;
}

/** The community containing a point (the first in input order where polygons overlap), or -1. */
export function containingCommunity(index: Flatbush, communities: readonly Community[], p: Position): number {
  let found = -1;
  for (const c of index.search(p[0], p[1], p[0], p[1])) {
    if ((found < 0 || c < found) && booleanPointInPolygon(p, communities[c].feature)) found = c;
  }
  return found;
}

/**
 * A regular grid of points inside the polygon, at least one: a community smaller
 * than the grid spacing still gets its interior point.
 */
export function gridSamples(community: Community, spacingM: number): Position[] {
  const all = rings(community).flat();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of all) { if (x < minX) minX = x; if (y < minY) minY = y; if (x > maxX) maxX = x; if (y > maxY) maxY = y; }
  const plane = localPlane((minX + maxX) / 2, (minY + maxY) / 2);
  const stepLon = spacingM / plane.kx, stepLat = spacingM / plane.ky;
  // Centre the grid on the box so the samples do not all hug one edge.
  const nx = Math.floor((maxX - minX) / stepLon), ny = Math.floor((maxY - minY) / stepLat);
  const x0 = (minX + maxX) / 2 - (nx / 2) * stepLon, y0 = (minY + maxY) / 2 - (ny / 2) * stepLat;
  const out: Position[] = [];
  for (let j = 0; j <= ny; j++) for (let i = 0; i <= nx; i++) {
    const p = [x0 + i * stepLon, y0 + j * stepLat];
    if (booleanPointInPolygon(p, community.feature)) out.push(p);
  }
  if (out.length === 0) out.push(pointOnFeature(community.feature).geometry.coordinates);
  return out;
}

function rings(c: Community): Position[][] {
  const g = c.feature.geometry;
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}
