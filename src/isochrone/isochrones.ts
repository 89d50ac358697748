import type { Feature, FeatureCollection, LineString, MultiPolygon, Position } from 'geojson';
import { checkNetwork, type Network } from '../network/network.js';
import { linkPoints, type LinkOptions, type Links } from '../network/link-points.js';
import { NetworkSearch } from '../routing/network-search.js';
import { seedLinks, singleLink } from '../routing/distance-field.js';
import { toX, toY } from '../geo/local-plane.js';
import { pointList, type PointInput } from '../geo/feature-input.js';
import { checkMinutes, DEFAULT_MINUTES, resolveDrawOptions, type DrawOptions, type ResolvedDrawOptions } from './options.js';
import { viewField, type ReachField, type SearchState } from './reach-field.js';
import { ReachedPieces } from './reached-pieces.js';
import { TimeRaster } from './time-raster.js';
import { contourPolygons } from './contour-polygons.js';
import { MarchWorkspace } from './march-squares.js';
import { linesFromPieces, type ReachedLineProperties } from './reached-lines.js';

/**
 * Scratch memory for drawing: the reached pieces and the raster, reused from one origin to the next so
 * a batch allocates once. Not shareable between concurrent drawings.
 */
export class IsochroneWorkspace {
  readonly pieces = new ReachedPieces();
  readonly raster = new TimeRaster();
  readonly march = new MarchWorkspace();
}

export interface FieldDrawOptions extends DrawOptions {
  workspace?: IsochroneWorkspace;
}

/**
 * Polygons of the ground within each threshold (minutes) of a field's sources, one MultiPolygon per
 * threshold in the order given, empty when nothing is reached. The field must have been searched at
 * least to the largest threshold plus `slackM`.
 *
 * How: the reached network as exact pieces (`ReachedPieces`), a raster of the shortest walk to each
 * cell centre with the off-street leg capped (`TimeRaster`), then marching squares at every threshold
 * (`contourPolygons`). One surface for all thresholds, so the polygons nest.
 */
export function isochroneFromField(network: Network, field: ReachField, thresholdsMin: readonly number[], opts: FieldDrawOptions = {}): MultiPolygon[] {
  checkMinutes(thresholdsMin);
  return draw(network, field, thresholdsMin, resolveDrawOptions(opts), opts.workspace ?? new IsochroneWorkspace());
}

function draw(network: Network, field: ReachField, thresholdsMin: readonly number[], o: ResolvedDrawOptions, ws: IsochroneWorkspace): MultiPolygon[] {
  const levelsM = thresholdsMin.map((t) => t * o.metresPerMinute + o.slackM);
  const maxLevelM = Math.max(...levelsM);
  const pieces = ws.pieces.collect(network, viewField(field), maxLevelM);
  if (pieces.count === 0) return levelsM.map(() => ({ type: 'MultiPolygon', coordinates: [] }));
  const raster = ws.raster.fit(pieces, o.cellM, o.capM, o.maxCells).splat(pieces, o.capM, maxLevelM);
  return contourPolygons(raster, levelsM, network.plane, o, ws.march);
}

export interface IsochroneOptions extends DrawOptions, LinkOptions {
  /** Thresholds, minutes. Default 5, 10, 15. */
  minutes?: readonly number[];
  /** Also return the reached street pieces of every origin, as lines with the time at each end. */
  lines?: boolean;
  /** Name of the origins' input, for error messages. */
  source?: string;
}

export interface IsochroneProperties {
  /** The origin's `id` property, else its GeoJSON id, else its index (an index for bare positions). */
  origin: string | number;
  minutes: number;
  /** False when the origin is farther than `snapMaxM` from every street: its polygons are empty. */
  linked: boolean;
}

export type IsochroneFeature = Feature<MultiPolygon, IsochroneProperties>;
export type ReachedLineFeature = Feature<LineString, ReachedLineProperties & { origin: string | number }>;

/**
 * Isochrones for one or many origins (a FeatureCollection or an array of features, whose Point or
 * interior point is used, or [lon, lat] positions): for each origin one bounded search to the largest
 * threshold and one polygon per threshold, in origin order, then threshold order as given.
 * An origin that cannot be linked gets empty polygons with `linked: false`.
 */
export function isochrones(network: Network, origins: PointInput, opts?: IsochroneOptions & { lines?: false }): FeatureCollection<MultiPolygon, IsochroneProperties>;
export function isochrones(network: Network, origins: PointInput, opts: IsochroneOptions & { lines: true }): FeatureCollection<MultiPolygon | LineString, IsochroneProperties | ReachedLineFeature['properties']>;
export function isochrones(network: Network, origins: PointInput, opts: IsochroneOptions = {}): FeatureCollection<MultiPolygon | LineString, IsochroneProperties | ReachedLineFeature['properties']> {
  checkNetwork(network, 'network');
  const minutes = checkMinutes(opts.minutes ?? DEFAULT_MINUTES);
  const o = resolveDrawOptions(opts);
  const { positions, ids } = pointList(origins, opts.source ?? 'origins');
  const links = linkPoints(network, positions, opts);
  const search = new NetworkSearch(network);
  const ws = new IsochroneWorkspace();
  const maxLevelM = Math.max(...minutes) * o.metresPerMinute + o.slackM;
  const lineLevelM = Math.max(...minutes) * o.metresPerMinute;
  const features: Feature<MultiPolygon | LineString, IsochroneProperties | ReachedLineFeature['properties']>[] = [];
  for (let i = 0; i < links.count; i++) {
    const origin = ids[i];
    const linked = links.edge[i] >= 0;
    let shapes: MultiPolygon[];
    let state: SearchState | undefined;
    if (linked) {
      state = searchFrom(network, search, links, i, positions[i], maxLevelM);
      shapes = draw(network, state, minutes, o, ws);
    } else {
      shapes = minutes.map(() => ({ type: 'MultiPolygon', coordinates: [] }));
    }
    shapes.forEach((geometry, k) => features.push({ type: 'Feature', properties: { origin, minutes: minutes[k], linked }, geometry }));
    if (opts.lines && state) {
      const pieces = ws.pieces.collect(network, viewField(state), lineLevelM);
      for (const line of linesFromPieces(pieces, network.plane, o.metresPerMinute, o.decimals)) {
        features.push({ type: 'Feature', properties: { origin, ...line.properties }, geometry: line.geometry });
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

/** One origin's search, bounded to `maxDistM`, left in `search` for drawing. */
function searchFrom(network: Network, search: NetworkSearch, links: Links, i: number, position: Position, maxDistM: number): SearchState {
  const sources = singleLink(links, i);
  seedLinks(network, search, sources);
  search.run(maxDistM);
  return { search, sources, sourceX: Float64Array.of(toX(network.plane, position[0])), sourceY: Float64Array.of(toY(network.plane, position[1])) };
}


export interface CoverageOptions extends DrawOptions, LinkOptions {
  /** Name of the facilities' input, for error messages. */
  source?: string;
  /** Scratch memory to reuse when drawing many sets of facilities in turn (e.g. one per category). */
  workspace?: IsochroneWorkspace;
  /** A search over `network` to reuse likewise. */
  search?: NetworkSearch;
}

export interface CoverageProperties {
  minutes: number;
  /** Facilities that took part (linked to the network). */
  facilities: number;
}

/**
 * The ground within each threshold of ANY of a set of facilities (e.g. every clinic): one multi-source
 * search to the largest threshold and the same drawing as `isochrones`, one MultiPolygon per threshold.
 * Facilities are features (a FeatureCollection or an array; Point, or a Polygon's interior point),
 * [lon, lat] positions, or already linked points (`Links`, then without the off-street leg drawn,
 * since their positions are not known).
 *
 * Why not the one-pass coverage stack (`drawCoverageGroups`, which `analyze`'s coverage.geojson uses):
 * the stack pays off by sharing the street geometry among many sets drawn together; one set gains
 * nothing from it, while its lattice spans the whole network (the per-piece raster here is fitted to
 * the ground reached) and its walks are kept in 16-bit steps, so outlines would move by centimetres
 * and the outermost one (cells beyond the largest threshold are written there) by a little more.
 * Same meaning, not the same bytes: kept as it is.
 */
export function coverageAreas(network: Network, facilities: Links | PointInput, thresholdsMin: readonly number[], opts: CoverageOptions = {}): FeatureCollection<MultiPolygon, CoverageProperties> {
  checkNetwork(network, 'network');
  checkMinutes(thresholdsMin);
  const o = resolveDrawOptions(opts);
  let sources: Links;
  let sourceX: Float64Array | undefined, sourceY: Float64Array | undefined;
  if (isLinks(facilities)) {
    sources = facilities;
  } else {
    const { positions } = pointList(facilities, opts.source ?? 'facilities');
    sources = linkPoints(network, positions, opts);
    sourceX = Float64Array.from(positions, (p) => toX(network.plane, p[0]));
    sourceY = Float64Array.from(positions, (p) => toY(network.plane, p[1]));
  }
  const search = opts.search ?? new NetworkSearch(network);
  seedLinks(network, search, sources);
  search.run(Math.max(...thresholdsMin) * o.metresPerMinute + o.slackM);
  const shapes = draw(network, { search, sources, sourceX, sourceY }, thresholdsMin, o, opts.workspace ?? new IsochroneWorkspace());
  const linked = sources.count - sources.unlinked;
  return {
    type: 'FeatureCollection',
    features: shapes.map((geometry, k) => ({ type: 'Feature', properties: { minutes: thresholdsMin[k], facilities: linked }, geometry })),
  };
}

function isLinks(x: Links | PointInput): x is Links {
  return !Array.isArray(x) && (x as Links).edge instanceof Int32Array;
}
