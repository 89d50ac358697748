import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { NetworkSearch, type RoutingGraph } from './network-search.js';

/**
 * Facility catchments over the walking network: for each facility, the weighted points (residents)
 * that lie within their own walking limit of it, by one bounded search from the facility. The first
 * step of 2SFCA (scoring/two-step-fca.ts) and the part of it that costs: tens of thousands of small
 * searches, each independent, so a router may spread them over threads (`CatchmentRouter`).
 *
 * The points are laid out grouped by the edge they lie on (`catchmentPoints`), each edge with a
 * summary of its points (`summarizeEdges`). A search then settles most edges with no test per point:
 * an edge whose nearest point is beyond every point's limit is passed over, and one whose farthest
 * point is within every limit is taken whole.
 */

/** What a catchment search reads of a network: its adjacency (with the edge of each arc) and each edge's ends and length. */
export type CatchmentGraph = RoutingGraph & Pick<Network, 'adjEdge' | 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>;

/** The link arrays a catchment reads of its facilities. */
export type CatchmentSources = Pick<Links, 'count' | 'edge' | 'offsetM' | 'offNetworkM'>;

/** Doubles per point in `CatchmentPoints.point`. */
export const POINT_STRIDE = 4;
const P_ALONG = 0, P_OFF = 1, P_REACH = 2, P_WEIGHT = 3;
/** Doubles per edge in `CatchmentPoints.edgeSummary`. */
export const EDGE_STRIDE = 8;
const E_MAX_LIMIT = 0, E_WHOLE_LIMIT = 1, E_MAX_OFF = 2, E_WEIGHT = 3, E_MIN_ALONG = 4, E_MAX_ALONG = 5, E_MIN_OFF = 6;
/** Rounding margin for the whole-edge test, far below any limit's tolerance. */
const WHOLE_EDGE_SLACK_M = 1e-9;

/**
 * Weighted points (residents) in the order of the edges they lie on: point k (the points of edge e
 * are k = `start[e] .. start[e + 1] - 1`) is `point[k * POINT_STRIDE ..]`: its position along the
 * edge, its off-street leg, its reach and its weight. It counts wherever its walk is at most
 * reach + `toleranceM` (a negative or NaN reach: nowhere). In edge order, a search reads the points
 * of an edge, and a summary the points of every edge, from one run of memory. The arrays may be
 * shared ones, which workers read without a copy.
 */
export interface CatchmentPoints {
  readonly start: Int32Array;
  readonly point: Float64Array;
  readonly toleranceM: number;
  /**
   * Per edge, `EDGE_STRIDE` doubles over its counted points (one cache line an edge): the largest
   * limit, the smallest less a rounding margin, the longest off-street leg, the weight, the least and
   * greatest position along the edge and the shortest off-street leg. Empty edges: -Infinity limits.
   */
  readonly edgeSummary: Float64Array;
}

/**
 * Lays out the points `index` (grouped by edge as `start`: see points-by-edge.ts) of `links` with
 * their weights, in shared memory when asked; the reaches are set apart (`setReaches`), and then
 * the summary (`summarizeEdges`).
 */
export function catchmentPoints(
  start: Int32Array, index: Int32Array, links: Pick<Links, 'offsetM' | 'offNetworkM'>, weight: Float64Array, toleranceM: number, shared = false,
): CatchmentPoints {
  const doubles = (n: number) => (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));
  const point = doubles(index.length * POINT_STRIDE);
  for (let k = 0; k < index.length; k++) {
    const r = index[k], p = k * POINT_STRIDE;
    point[p + P_ALONG] = links.offsetM[r];
    point[p + P_OFF] = links.offNetworkM[r];
    point[p + P_WEIGHT] = weight[r];
  }
  let ownStart = start;
  if (shared) {
    ownStart = new Int32Array(new SharedArrayBuffer(4 * start.length));
    ownStart.set(start);
  }
  return { start: ownStart, point, toleranceM, edgeSummary: doubles((start.length - 1) * EDGE_STRIDE) };
}

/** Whether point k counts anywhere (has a reach). */
export function counts(points: CatchmentPoints, k: number): boolean {
  return points.point[k * POINT_STRIDE + P_REACH] >= 0;
}

/** Sets point k's reach to `reachM[index[k]]`; tells whether any changed (NaN for NaN is no change). */
export function setReaches(points: CatchmentPoints, index: Int32Array, reachM: Float64Array): boolean {
  const { point } = points;
  let changed = false;
  for (let k = 0, p = P_REACH; k < index.length; k++, p += POINT_STRIDE) {
    const reach = reachM[index[k]], was = point[p];
    if (reach !== was && !(reach !== reach && was !== was)) { point[p] = reach; changed = true; }
  }
  return changed;
}

/** Fills `points.edgeSummary` from the points (again whenever a reach or weight changes). */
export function summarizeEdges(points: CatchmentPoints): void {
  const { start, point, toleranceM, edgeSummary } = points;
  const edgeCount = start.length - 1;
  for (let e = 0; e < edgeCount; e++) {
    let maxReach = -Infinity, minReach = Infinity, maxOff = 0, w = 0;
    let minAlong = Infinity, maxAlong = -Infinity, minOff = Infinity;
    for (let p = start[e] * POINT_STRIDE, end = start[e + 1] * POINT_STRIDE; p < end; p += POINT_STRIDE) {
      const reach = point[p + P_REACH];
      if (!(reach >= 0)) continue;
      const along = point[p + P_ALONG], off = point[p + P_OFF];
      w += point[p + P_WEIGHT];
      if (reach > maxReach) maxReach = reach;
      if (reach < minReach) minReach = reach;
      if (off > maxOff) maxOff = off;
      if (off < minOff) minOff = off;
      if (along < minAlong) minAlong = along;
      if (along > maxAlong) maxAlong = along;
    }
    const s = e * EDGE_STRIDE;
    edgeSummary[s + E_MAX_LIMIT] = maxReach + toleranceM;
    edgeSummary[s + E_WHOLE_LIMIT] = minReach === Infinity ? -Infinity : minReach + toleranceM - WHOLE_EDGE_SLACK_M;
    edgeSummary[s + E_MAX_OFF] = maxOff;
    edgeSummary[s + E_WEIGHT] = w;
    edgeSummary[s + E_MIN_ALONG] = minAlong;
    edgeSummary[s + E_MAX_ALONG] = maxAlong;
    edgeSummary[s + E_MIN_OFF] = minOff;
  }
}

/**
 * The catchments of facilities `from .. to - 1`: each one's weight within reach (`demand`), and who:
 * `pairs[pairEnd[j - from - 1] .. pairEnd[j - from] - 1]` (from 0 for the first) lists, for facility
 * j, points by their place k in edge order, and whole edges as `-1 - edge` (every counted point on it).
 */
export interface CatchmentPart {
  readonly from: number;
  readonly to: number;
  readonly demand: Float64Array;
  readonly pairEnd: Int32Array;
  readonly pairs: Int32Array;
}

/**
 * Computes catchments, facilities in order; a router may spread the facilities over threads, the
 * answers are the same. Parts come back in facility order and cover every facility once.
 */
export interface CatchmentRouter {
  /** Whether `catchmentPoints` should be laid out in shared memory for this router (its workers read them). */
  readonly sharesMemory?: boolean;
  /** Facility j's search goes `searchM[j]` metres (negative: none, its catchment is empty). */
  catchments(points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array): CatchmentPart[];
}

/**
 * What one thread needs to compute catchments: a search and per-edge stamps of its own, and a pair
 * buffer it grows once and reuses.
 */
export class CatchmentSearch {
  private readonly seen: Uint32Array;
  private token = 0;
  /** The edges of the last search, `edges[0 .. edgeCount - 1]`. */
  private readonly edges: Int32Array;
  private edgeCount = 0;
  private pairs: Int32Array = new Int32Array(1 << 16);

  constructor(readonly graph: CatchmentGraph, readonly search: NetworkSearch = new NetworkSearch(graph)) {
    this.seen = new Uint32Array(graph.edgeFrom.length);
    this.edges = new Int32Array(graph.edgeFrom.length);
  }

  /** Catchments of facilities `from .. to - 1` (see CatchmentPart). */
  part(points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, from: number, to: number): CatchmentPart {
    const { search } = this;
    const { edgeFrom, edgeTo, edgeLengthM } = this.graph;
    const { start, point, toleranceM, edgeSummary: es } = points;
    const demand = new Float64Array(to - from);
    const pairEnd = new Int32Array(to - from);
    let pairs = this.pairs, n = 0;

    for (let j = from; j < to; j++) {
      const own = facilities.edge[j], limit = searchM[j];
      let sum = 0;
      if (own >= 0 && limit >= 0) {
        const fOff = facilities.offNetworkM[j], fAlong = facilities.offsetM[j];
        search.reset();
        search.seed(edgeFrom[own], fOff + fAlong, 0);
        search.seed(edgeTo[own], fOff + (edgeLengthM[own] - fAlong), 0);
        search.run(limit);
        const edges = this.edgesReached(own);
        for (let i = 0, m = this.edgeCount; i < m; i++) {
          const edge = edges[i], x = edge * EDGE_STRIDE;
          const dA = search.distanceM(edgeFrom[edge]), dB = search.distanceM(edgeTo[edge]) + edgeLengthM[edge];
          const isOwn = edge === own;
          if (!isOwn) {
            // The nearest counted point beyond every limit on the edge: nobody on it is in reach.
            if (Math.min(dA + es[x + E_MIN_ALONG], dB - es[x + E_MAX_ALONG]) + es[x + E_MIN_OFF] > es[x + E_MAX_LIMIT]) continue;
            // The farthest point of the edge (the peak of min(dA + t, dB - t)) within every limit: all of it is.
            if ((dA + dB) / 2 + es[x + E_MAX_OFF] <= es[x + E_WHOLE_LIMIT]) {
              sum += es[x + E_WEIGHT];
              if (n === pairs.length) pairs = this.grow(n);
              pairs[n++] = -1 - edge;
              continue;
            }
          }
          for (let k = start[edge], kEnd = start[edge + 1]; k < kEnd; k++) {
            const p = k * POINT_STRIDE, t = point[p + P_ALONG];
            let d = Math.min(dA + t, dB - t);
            if (isOwn) d = Math.min(d, fOff + Math.abs(fAlong - t));
            d += point[p + P_OFF];
            // A negative or NaN reach fails this (d is never negative).
            if (d <= point[p + P_REACH] + toleranceM) {
              sum += point[p + P_WEIGHT];
              if (n === pairs.length) pairs = this.grow(n);
              pairs[n++] = k;
            }
          }
        }
      }
      demand[j - from] = sum;
      pairEnd[j - from] = n;
    }
    return { from, to, demand, pairEnd, pairs: pairs.slice(0, n) };
  }

  /** The edges the last search reached, each once: the facility's own edge first, then every edge at a settled node. */
  private edgesReached(own: number): Int32Array {
    const { seen, edges, search } = this;
    const { adjStart, adjEdge } = this.graph;
    if (this.token === 0xffffffff) { seen.fill(0); this.token = 0; }
    const token = ++this.token;
    seen[own] = token;
    edges[0] = own;
    let m = 1;
    const settled = search.settled;
    for (let s = 0, count = search.settledCount; s < count; s++) {
      const u = settled[s];
      for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
        const edge = adjEdge[a];
        if (seen[edge] !== token) { seen[edge] = token; edges[m++] = edge; }
      }
    }
    this.edgeCount = m;
    return edges;
  }

  private grow(n: number): Int32Array {
    const bigger = new Int32Array(this.pairs.length * 2);
    bigger.set(this.pairs.subarray(0, n));
    return (this.pairs = bigger);
  }
}

/** Facilities per part when catchments are computed in parts (small enough to share out evenly, large enough that a part's overhead is nothing). */
export const CATCHMENT_PART_SIZE = 64;

/** The catchments on this thread, one part after another, with one search reused. */
export function sequentialCatchments(network: CatchmentGraph, search?: NetworkSearch): CatchmentRouter {
  let here: CatchmentSearch | undefined;
  return {
    catchments(points, facilities, searchM) {
      here ??= new CatchmentSearch(network, search);
      const parts: CatchmentPart[] = [];
      for (let from = 0; from < facilities.count; from += CATCHMENT_PART_SIZE) {
        parts.push(here.part(points, facilities, searchM, from, Math.min(facilities.count, from + CATCHMENT_PART_SIZE)));
      }
      return parts;
    },
  };
}
