import type { Network } from '../network/network.js';
import { linkPoints, DEFAULT_MIN_ISLAND_VERTICES, type LinkOptions, type Links } from '../network/link-points.js';
import { toLat, toLon } from '../geo/local-plane.js';
import { extentOf } from '../geo/extent.js';
import { featureId, featurePosition } from '../geo/feature-point.js';
import { InputError } from '../errors.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';

/**
 * Places where a new facility could go, linked to the network once. `categories[i]` restricts what
 * candidate i may host (a vacant clinic building, say); undefined means any category.
 */
export interface CandidateSites {
  readonly count: number;
  readonly links: Links;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** The candidate's id: from the candidate file, or undefined for generated network sites. */
  readonly id: (string | number | undefined)[];
  readonly categories: (readonly string[] | undefined)[];
  /** How they were made, for the report. */
  readonly source: 'network' | 'file';
  /** File candidates that are farther than snapMaxM from every street (never suggested). */
  readonly unlinked: number;
}

export const DEFAULT_CANDIDATE_SPACING_M = 200;

/** More network candidate sites than this is refused before any is made (raise with `maxSites`). */
export const DEFAULT_MAX_CANDIDATE_SITES = 500_000;

/**
 * Network locations on a regular spacing: every edge is cut into equal pieces no longer than
 * `spacingM` (ends included), then the points are thinned to one per `spacingM` grid cell, the one
 * nearest the cell's centre. Every street point is then within about one spacing of a candidate, and
 * the count grows with the city's area, not with how finely its streets are drawn.
 */
export function networkCandidates(
  network: Network,
  spacingM = DEFAULT_CANDIDATE_SPACING_M,
  opts: LinkOptions & { maxSites?: number } = {},
): CandidateSites {
  if (!(spacingM > 0) || !Number.isFinite(spacingM)) throw new InputError(`the candidate spacing must be a positive number of metres, got ${spacingM}`, undefined, undefined, 'spacingM');
  const { edgeCount, edgeLengthM, edgeGeomStart, geomVertex, geomOffsetM, vertexX, vertexY, edgeFrom, nodeComponent, componentVertexCount } = network;
  // Islands are left out: a point there links to a larger component whenever one is within reach.
  const minIsland = Math.min(opts.minIslandVertices ?? DEFAULT_MIN_ISLAND_VERTICES, network.stats.largestComponentVertices);
  checkCandidateCount(network, spacingM, minIsland, opts.maxSites ?? DEFAULT_MAX_CANDIDATE_SITES);
  const best = new Map<string, number>();
  let kept = 0;
  const xs: number[] = [], ys: number[] = [], d2s: number[] = [];
  for (let e = 0; e < edgeCount; e++) {
    if (componentVertexCount[nodeComponent[edgeFrom[e]]] < minIsland) continue;
    const length = edgeLengthM[e];
    const pieces = Math.max(1, Math.ceil(length / spacingM));
    let k = edgeGeomStart[e];
    for (let j = 0; j <= pieces; j++) {
      const offset = (length * j) / pieces;
      while (k < edgeGeomStart[e + 1] - 2 && geomOffsetM[k + 1] < offset) k++;
      const span = geomOffsetM[k + 1] - geomOffsetM[k];
      const t = span > 0 ? Math.min(1, Math.max(0, (offset - geomOffsetM[k]) / span)) : 0;
      const v0 = geomVertex[k], v1 = geomVertex[k + 1];
      const x = vertexX[v0] + t * (vertexX[v1] - vertexX[v0]);
      const y = vertexY[v0] + t * (vertexY[v1] - vertexY[v0]);
      const cx = Math.floor(x / spacingM), cy = Math.floor(y / spacingM);
      const dx = x - (cx + 0.5) * spacingM, dy = y - (cy + 0.5) * spacingM;
      const d2 = dx * dx + dy * dy;
      const key = `${cx},${cy}`;
      const held = best.get(key);
      if (held !== undefined && d2s[held] <= d2) continue;
      const slot = held ?? kept++;
      if (held === undefined) best.set(key, slot);
      xs[slot] = x; ys[slot] = y; d2s[slot] = d2;
    }
  }
  const n = kept;
  // Linked from their longitude and latitude, as `analyze --add` will link them from suggestions.geojson,
  // so the plan measures each site exactly where the re-scoring will put it (where streets cross
  // without joining, the tie between them is broken the same way both times).
  const lon = Float64Array.from(xs, (x) => toLon(network.plane, x));
  const lat = Float64Array.from(ys, (y) => toLat(network.plane, y));
  const links = linkPoints(network, Array.from(lon, (x, i) => [x, lat[i]]), opts);
  return {
    count: n,
    links,
    lon,
    lat,
    id: new Array(n).fill(undefined),
    categories: new Array(n).fill(undefined),
    source: 'network',
    unlinked: links.unlinked,
  };
}

/**
 * Counts, before making any, an upper bound of the sites a spacing gives: the cut points along the
 * streets, and the grid cells over the network's extent (one site per cell at most). A spacing of a
 * centimetre would otherwise fill memory, and one of 1e-320 m would cut edges forever.
 */
function checkCandidateCount(network: Network, spacingM: number, minIsland: number, maxSites: number): void {
  const { edgeCount, edgeLengthM, edgeFrom, nodeComponent, componentVertexCount, vertexX, vertexY } = network;
  let cuts = 0;
  for (let e = 0; e < edgeCount; e++) {
    if (componentVertexCount[nodeComponent[edgeFrom[e]]] < minIsland) continue;
    cuts += Math.ceil(edgeLengthM[e] / spacingM) + 1;
    if (cuts > maxSites) break;
  }
  const [minX, minY, maxX, maxY] = extentOf(vertexX, vertexY);
  const cells = (Math.floor((maxX - minX) / spacingM) + 2) * (Math.floor((maxY - minY) / spacingM) + 2);
  const bound = Math.min(cuts, cells);
  if (!(bound <= maxSites)) {
    throw new InputError(
      `a candidate spacing of ${spacingM} m gives up to ${Number.isFinite(bound) ? Math.round(bound) : 'infinitely many'} sites, over the limit of ${maxSites}; ` +
        'use a larger --spacing-m, or raise the limit with --max-candidates',
      undefined, undefined, 'spacingM',
    );
  }
}

/**
 * Candidates the user names (e.g. vacant public buildings): GeoJSON Points or Polygons. An optional
 * `category` property (a category id, or several separated by `;` or `,`) limits what each may host.
 */
export function fileCandidates(network: Network, input: FeatureInput, opts: LinkOptions & { source?: string } = {}): CandidateSites {
  const file = opts.source ?? 'candidates';
  const features = featureList(input, file);
  if (features.length === 0) throw new InputError('the candidate file has no features', file);
  const positions = features.map((f, i) => featurePosition(f, file, i));
  const links = linkPoints(network, positions, opts);
  const categories = features.map((f, i) => {
    const raw = f.properties?.category ?? f.properties?.categories;
    if (raw === undefined || raw === null || raw === '') return undefined;
    const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[;,]/) : null;
    if (!list) throw new InputError(`expected a category id or a list of them, got ${JSON.stringify(raw)}`, file, i, 'properties.category');
    return list.map((s) => s.trim()).filter(Boolean);
  });
  return {
    count: features.length,
    links,
    lon: Float64Array.from(positions, (p) => p[0]),
    lat: Float64Array.from(positions, (p) => p[1]),
    id: features.map((f, i) => featureId(f, i)),
    categories,
    source: 'file',
    unlinked: links.unlinked,
  };
}
