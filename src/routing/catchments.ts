import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { NetworkSearch, type RoutingGraph } from './network-search.js';

/**
 * Facility catchments over the walking network: for each facility, the weighted points (residents)
 * that lie within their own walking limit of it, by one bounded search from the facility. The first
 * step of 2SFCA (scoring/two-step-fca.ts) and the part of it that costs: tens of thousands of small
 * searches, each independent, so a router may spread them over threads (`CatchmentRouter`).
 *
 * The points are laid out once per set of limits (`catchmentPoints`), grouped by the edge they lie on,
 * each edge with a summary: the points' limits, weights, positions along it and off-street legs. A
 * search then settles most edges with no test per point: an edge whose nearest point is beyond every
 * point's limit is passed over, and one whose farthest point is within every limit is taken whole.
 */

/** What a catchment search reads of a network: its adjacency (with the edge of each arc) and each edge's ends and length. */
export type CatchmentGraph = RoutingGraph & Pick<Network, 'adjEdge' | 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>;

/** The link arrays a catchment reads of its facilities. */
export type CatchmentSources = Pick<Links, 'count' | 'edge' | 'offsetM' | 'offNetworkM'>;

/** Doubles per edge in `CatchmentPoints.edgeSummary`. */
export const EDGE_STRIDE = 8;
const E_MAX_LIMIT = 0, E_WHOLE_LIMIT = 1, E_MAX_OFF = 2, E_WEIGHT = 3, E_MIN_ALONG = 4, E_MAX_ALONG = 5, E_MIN_OFF = 6;
/** Rounding margin for the whole-edge test, far below any limit's tolerance. */
const WHOLE_EDGE_SLACK_M = 1e-9;

/**
 * Weighted points (residents) grouped by the edge they lie on, with their walking limits and a
 * summary per edge (`summarizeEdges`). The points of edge e are `point[start[e] .. start[e + 1] - 1]`
 * (indexes into the other arrays); point r counts, with `weight[r]`, wherever its walk is at most
 * `reachM[r] + toleranceM` (a negative or NaN reach: nowhere). The arrays may be shared ones, which
 * workers read without a copy.
 */
export interface CatchmentPoints {
  readonly start: Int32Array;
  readonly point: Int32Array;
  readonly alongM: Float64Array;
  readonly offM: Float64Array;
  readonly weight: Float64Array;
  readonly reachM: Float64Array;
  readonly toleranceM: number;
  /**
   * Per edge, `EDGE_STRIDE` doubles over its counted points (one cache line an edge): the largest
   * limit, the smallest less a rounding margin, the longest off-street leg, the weight, the least and
   * greatest position along the edge and the shortest off-street leg. Empty edges: -Infinity limits.
   */
  readonly edgeSummary: Float64Array;
}

/** Fills `points.edgeSummary` from its other arrays (again whenever `reachM` or `weight` changes). */
export function summarizeEdges(points: CatchmentPoints): void {
  const { start, point, alongM, offM, weight, reachM, toleranceM, edgeSummary } = points;
  const edgeCount = start.length - 1;
  for (let e = 0; e < edgeCount; e++) {
    let maxReach = -Infinity, minReach = Infinity, maxOff = 0, w = 0;
    let minAlong = Infinity, maxAlong = -Infinity, minOff = Infinity;
    for (let k = start[e]; k < start[e + 1]; k++) {
      const r = point[k], reach = reachM[r];
      if (!(reach >= 0)) continue;
      const along = alongM[r], off = offM[r];
      w += weight[r];
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
 * j, points by index, and whole edges as `-1 - edge` (every counted point on it).
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
  /** Whether the points' per-category arrays (`reachM`, `edgeSummary`) should live in shared memory (its workers read them). */
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
    const { start, point, alongM, offM, weight, reachM, toleranceM, edgeSummary: es } = points;
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
            const r = point[k], t = alongM[r];
            let d = Math.min(dA + t, dB - t);
            if (isOwn) d = Math.min(d, fOff + Math.abs(fAlong - t));
            d += offM[r];
            // A negative or NaN reach fails this (d is never negative).
            if (d <= reachM[r] + toleranceM) {
              sum += weight[r];
              if (n === pairs.length) pairs = this.grow(n);
              pairs[n++] = r;
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
