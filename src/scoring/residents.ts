import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointOnFeature from '@turf/point-on-feature';
import type { Feature, Position } from 'geojson';
import { featurePosition } from '../geo/feature-point.js';
import { localPlane } from '../geo/local-plane.js';
import { InputError } from '../errors.js';
import { count, type Community } from './communities.js';

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
  /** Population points (GeoJSON Points or Polygons, e.g. buildings); omit for grid sampling. */
  population?: readonly Feature[];
  /** Property holding each point's weight. Default "population". */
  weightField?: string;
  /** Grid spacing for sampling, metres. Default 100. */
  gridSpacingM?: number;
  /** Most grid cells (over the communities' boxes) to test; more is refused before sampling. */
  maxGridCells?: number;
  source?: string;
  /** The communities' file, named when a community's grid is too large. */
  communitiesSource?: string;
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
  const index = communityIndex(communities);
  const lists: { lon: number[]; lat: number[]; w: number[] }[] = communities.map(() => ({ lon: [], lat: [], w: [] }));
  let outsidePoints = 0;
  let outsideWeight = 0;

  if (opts.population) {
    const file = opts.source ?? 'population';
    const field = opts.weightField ?? 'population';
    opts.population.forEach((f, i) => {
      const p = featurePosition(f, file, i);
      const raw = f.properties?.[field];
      const w = count(raw, file, i, field);
      if (w === undefined) {
        throw new InputError(`each population point needs a weight, got ${JSON.stringify(raw)}`, file, i, `properties.${field}`);
      }
      const c = containingCommunity(index, communities, p);
      if (c < 0) { outsidePoints++; outsideWeight += w; return; }
      lists[c].lon.push(p[0]); lists[c].lat.push(p[1]); lists[c].w.push(w);
    });
  }

  const gridded: number[] = [];
  for (let c = 0; c < n; c++) {
    const layerSum = lists[c].w.reduce((a, b) => a + b, 0);
    const com = communities[c];
    if (!(opts.population && layerSum > 0) && !(com.population === 0 || (opts.population && com.population === undefined))) gridded.push(c);
  }
  if (gridded.length) {
    checkGridSize(communities, gridded, opts.gridSpacingM ?? DEFAULT_GRID_SPACING_M, opts.maxGridCells ?? DEFAULT_MAX_GRID_CELLS, opts.communitiesSource);
  }

  const method: ResidentMethod[] = [];
  for (let c = 0; c < n; c++) {
    const com = communities[c];
    const list = lists[c];
    const layerSum = list.w.reduce((a, b) => a + b, 0);
    if (opts.population && layerSum > 0) {
      method.push('points');
      // Scale to the stated population, so that 2SFCA and quotas count people, not building areas.
      if (com.population !== undefined) for (let k = 0; k < list.w.length; k++) list.w[k] *= com.population / layerSum;
      continue;
    }
    if (com.population === 0 || (opts.population && com.population === undefined)) {
      method.push('none');
      list.lon.length = list.lat.length = list.w.length = 0;
      continue;
    }
    method.push('grid');
    const grid = gridSamples(com, opts.gridSpacingM ?? DEFAULT_GRID_SPACING_M);
    const each = (com.population ?? 1) / grid.length;
    list.lon = grid.map((p) => p[0]);
    list.lat = grid.map((p) => p[1]);
    list.w = grid.map(() => each);
  }

  const start = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) start[c + 1] = start[c] + lists[c].w.length;
  const total = start[n];
  const lon = new Float64Array(total), lat = new Float64Array(total), weight = new Float64Array(total), people = new Float64Array(total);
  for (let c = 0; c < n; c++) {
    lon.set(lists[c].lon, start[c]);
    lat.set(lists[c].lat, start[c]);
    weight.set(lists[c].w, start[c]);
    if (method[c] === 'points' || communities[c].population !== undefined) people.set(lists[c].w, start[c]);
  }
  return { count: total, lon, lat, weight, people, start, method, outsidePoints, outsideWeight };
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
