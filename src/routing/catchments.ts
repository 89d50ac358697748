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
const E_MAX_LIMIT = 0, E_WHOLE_LIMIT = 1, E_MAX_OFF = 2, E_WEIGHT = 3, E_MIN_ALONG = 4, E_MAX_ALONG = 5, E_MIN_OFF = 6, E_FROM = 7;
/** Rounding margin for the whole-edge test, far below any limit's tolerance. */
const WHOLE_EDGE_SLACK_M = 1e-9;

/**
 * The edges numbered in the order of the adjacency (`slot`): an edge's slot is its place among the
 * edges of node 0's arcs, then node 1's, and so on, first the edges that carry points (`occupied`),
 * then the others. Node ids follow a Hilbert curve, so the edges a search reaches have near slots, and
 * everything a catchment reads per edge (its summary, its points) lies in a few runs of memory; by
 * edge id (the input's line order) every reached edge would be a cache miss (measured on spread-L:
 * the summary test alone took a third of the catchment time). An edge without points (28% on
 * spread-L) has no summary: a search passes over it on its slot number alone.
 */
export interface EdgeSlots {
  /** Per arc: the slot of its edge. */
  readonly arcSlot: Int32Array;
  /** Per edge: its slot. */
  readonly slotOfEdge: Int32Array;
  /** Per slot: its edge. */
  readonly edgeOfSlot: Int32Array;
  /** Slots below this are the edges with points. */
  readonly occupiedCount: number;
}

/** Numbers the edges in adjacency order, those with `occupied[e]` first (see EdgeSlots), in shared memory when asked. */
export function edgeSlots(
  graph: Pick<Network, 'nodeCount' | 'adjStart' | 'adjEdge' | 'edgeFrom'>, occupied?: Uint8Array, shared = false,
): EdgeSlots {
  const ints = (n: number) => (shared ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n));
  const { nodeCount, adjStart, adjEdge } = graph;
  const edgeCount = graph.edgeFrom.length;
  const arcSlot = ints(adjEdge.length), slotOfEdge = ints(edgeCount).fill(-1), edgeOfSlot = ints(edgeCount);
  let slots = 0;
  const number = (e: number) => { if (slotOfEdge[e] < 0) { slotOfEdge[e] = slots; edgeOfSlot[slots++] = e; } };
  const arcs = adjStart[nodeCount];
  if (occupied) for (let a = 0; a < arcs; a++) if (occupied[adjEdge[a]]) number(adjEdge[a]);
  // Every edge has arcs in a built network; a graph without them still gets a slot for each.
  if (occupied) for (let e = 0; e < edgeCount; e++) if (occupied[e]) number(e);
  const occupiedCount = slots;
  for (let a = 0; a < arcs; a++) number(adjEdge[a]);
  for (let e = 0; e < edgeCount; e++) number(e);
  for (let a = 0; a < arcs; a++) arcSlot[a] = slotOfEdge[adjEdge[a]];
  return { arcSlot, slotOfEdge, edgeOfSlot, occupiedCount: occupied ? occupiedCount : edgeCount };
}

/**
 * Weighted points (residents) in the order of the edges they lie on, edges by slot (`EdgeSlots`):
 * point k (the points of the edge in slot s are k = `start[s] .. start[s + 1] - 1`) is
 * `point[k * POINT_STRIDE ..]`: its position along the edge (from `edgeFrom`), its off-street leg,
 * its reach and its weight. It counts wherever its walk is at most reach + `toleranceM` (a negative or
 * NaN reach: nowhere). In this order, a search reads the points of an edge, and a summary the points
 * of every edge, from one run of memory. The arrays may be shared ones, which workers read without a copy.
 */
export interface CatchmentPoints {
  readonly slots: EdgeSlots;
  readonly start: Int32Array;
  readonly point: Float64Array;
  readonly toleranceM: number;
  /**
   * Per slot, `EDGE_STRIDE` doubles over its counted points (one cache line an edge): the largest
   * limit, the smallest less a rounding margin, the longest off-street leg, the weight, the least and
   * greatest position along the edge, the shortest off-street leg; and the edge's `edgeFrom` node.
   * Empty edges: -Infinity limits.
   */
  readonly edgeSummary: Float64Array;
}

/**
 * Lays out the points `index` (grouped by slot as `start`: see points-by-edge.ts) of `links` with
 * their weights, in shared memory when asked; the reaches are set apart (`setReaches`), and then
 * the summary (`summarizeEdges`).
 */
export function catchmentPoints(
  graph: Pick<Network, 'edgeFrom'>, slots: EdgeSlots, start: Int32Array, index: Int32Array,
  links: Pick<Links, 'offsetM' | 'offNetworkM'>, weight: Float64Array, toleranceM: number, shared = false,
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
  // A summary for each slot with points (the others have none: see EdgeSlots).
  const slotCount = slots.occupiedCount;
  const edgeSummary = doubles(slotCount * EDGE_STRIDE);
  for (let s = 0; s < slotCount; s++) edgeSummary[s * EDGE_STRIDE + E_FROM] = graph.edgeFrom[slots.edgeOfSlot[s]];
  return { slots, start: ownStart, point, toleranceM, edgeSummary };
}

/**
 * Sets point k's reach to `reachM[index[k]]`, and `counted[k]` to 1 where it counts (a reach of 0 or
 * more), else 0; tells whether any reach changed (NaN for NaN is no change).
 */
export function setReaches(points: CatchmentPoints, index: Int32Array, reachM: Float64Array, counted?: Uint8Array): boolean {
  const { point } = points;
  let changed = false;
  for (let k = 0, p = P_REACH; k < index.length; k++, p += POINT_STRIDE) {
    const reach = reachM[index[k]], was = point[p];
    if (counted) counted[k] = reach >= 0 ? 1 : 0;
    if (reach !== was && !(reach !== reach && was !== was)) { point[p] = reach; changed = true; }
  }
  return changed;
}

/** Fills `points.edgeSummary` from the points (again whenever a reach or weight changes). */
export function summarizeEdges(points: CatchmentPoints): void {
  const { start, point, toleranceM, edgeSummary } = points;
  const slotCount = points.slots.occupiedCount;
  for (let e = 0; e < slotCount; e++) {
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
 * The catchments of the facilities `order[from .. to - 1]` (see `searchOrder`): for the i-th of them,
 * its weight within reach (`demand[i - from]`), and who: `pairs[pairEnd[i - from - 1] .. pairEnd[i - from] - 1]`
 * (from 0 for the first) lists points by their place k in slot order, and whole edges as `-1 - slot`
 * (every counted point on it).
 */
export interface CatchmentPart {
  readonly from: number;
  readonly to: number;
  readonly demand: Float64Array;
  readonly pairEnd: Int32Array;
  readonly pairs: Int32Array;
}

/**
 * Computes catchments, in parts of the facilities in `order`; a router may spread the parts over
 * threads, the answers are the same. Parts come back in order and cover every facility once.
 */
export interface CatchmentRouter {
  /** Whether `catchmentPoints` should be laid out in shared memory for this router (its workers read them). */
  readonly sharesMemory?: boolean;
  /**
   * Facility j's search goes `searchM[j]` metres (negative: none, its catchment is empty), and
   * expands no node beyond `nodeLimitM` (see NetworkSearch.run) where given.
   */
  catchments(points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, order: Int32Array, nodeLimitM?: Float64Array): CatchmentPart[];
  /**
   * `catchments` in two halves: other threads start on the searches now, and the returned function
   * (called once) computes the rest on this thread and returns the parts. The calling thread may do
   * other work in between, including starting the next call; calls are collected in the order they
   * were started, a call's parts are read before the next call is collected, and the inputs stay as
   * they are until then.
   */
  startCatchments?(points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, order: Int32Array, nodeLimitM?: Float64Array): () => CatchmentPart[];
}

/**
 * The order to search the facilities in: by the node their edge starts at. Node ids follow a Hilbert
 * curve, so consecutive searches mostly cover the same streets, and the second finds the memory the
 * first read (the graph, the search's arrays, the summaries) still in cache; in input order each
 * search starts cold. The sums do not depend on it: each facility's catchment is its own.
 */
export function searchOrder(graph: Pick<Network, 'edgeFrom'>, facilities: Pick<Links, 'count' | 'edge'>): Int32Array {
  const key = Float64Array.from(facilities.edge, (e) => (e >= 0 ? graph.edgeFrom[e] : Infinity));
  return Int32Array.from({ length: facilities.count }, (_, j) => j).sort((a, b) => key[a] - key[b] || a - b);
}

/**
 * What one thread needs to compute catchments: a search and per-slot stamps of its own, and a pair
 * buffer it grows once and reuses: the parts of one call (`begin()` to the next `begin()`) may be
 * views into it, so a call's millions of pairs are written to memory already mapped, not fresh
 * arrays (page faults: ~20 us a page on a VM, ~30 ms a category on spread-L).
 */
export class CatchmentSearch {
  private readonly seen: Uint32Array;
  private token = 0;
  private pairs: Int32Array;
  /** Pairs of the current call's parts held as views, `pairs[0 .. used - 1]`. */
  private used = 0;

  constructor(
    readonly graph: CatchmentGraph, readonly search: NetworkSearch = new NetworkSearch(graph),
    /** The pair buffer's first size (it doubles as needed; tests make it small to make it grow). */
    pairCapacity = 1 << 16,
  ) {
    this.seen = new Uint32Array(graph.edgeFrom.length);
    this.pairs = new Int32Array(Math.max(1, pairCapacity));
  }

  /**
   * Catchments of the facilities `order[from .. to - 1]` (see CatchmentPart). Each search is followed by one pass
   * over the arcs of the nodes it settled, in the order settled: an edge is taken at its first arc
   * (the facility's own edge first), so the edges and the sums come in the same order on any thread.
   */
  part(
    points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, order: Int32Array, from: number, to: number,
    /** Whether the pairs may be a view into this search's buffer (valid until the next `begin()`), else a copy (a worker's, to transfer). */
    view = false,
    /** Per node, how far a search may be there and still count anyone (CatchmentCache.nodeLimits); a node reached beyond it is not expanded. */
    nodeLimitM?: Float64Array,
  ): CatchmentPart {
    const { search, seen } = this;
    const { adjStart, adjNode, adjLengthM, edgeFrom, edgeTo, edgeLengthM } = this.graph;
    const { start, point, toleranceM, edgeSummary: es, slots: { arcSlot, slotOfEdge, occupiedCount } } = points;
    const demand = new Float64Array(to - from);
    const pairEnd = new Int32Array(to - from);
    // This part's pairs are pairs[base .. n - 1]; growing the buffer moves them to its start.
    let pairs = this.pairs, base = this.used, n = base;

    for (let i = from; i < to; i++) {
      const j = order[i], own = facilities.edge[j], limit = searchM[j];
      let sum = 0;
      if (own >= 0 && limit >= 0) {
        const fOff = facilities.offNetworkM[j], fAlong = facilities.offsetM[j];
        search.reset();
        search.seed(edgeFrom[own], fOff + fAlong, 0);
        search.seed(edgeTo[own], fOff + (edgeLengthM[own] - fAlong), 0);
        // Nodes beyond their limit are reached but not expanded: their distances may be too long,
        // which the tests below tolerate (a point counted through such a node is never within reach,
        // and a counted point's shortest path runs through expanded nodes only).
        search.run(limit, nodeLimitM);
        const token = this.nextToken();
        // The facility's own edge: its points may be walked to directly along it.
        const ownSlot = slotOfEdge[own];
        seen[ownSlot] = token;
        {
          const dA = search.distanceM(edgeFrom[own]), dB = search.distanceM(edgeTo[own]) + edgeLengthM[own];
          for (let k = start[ownSlot], kEnd = start[ownSlot + 1]; k < kEnd; k++) {
            const p = k * POINT_STRIDE, t = point[p + P_ALONG];
            const d = Math.min(Math.min(dA + t, dB - t), fOff + Math.abs(fAlong - t)) + point[p + P_OFF];
            if (d <= point[p + P_REACH] + toleranceM) {
              sum += point[p + P_WEIGHT];
              if (n === pairs.length) { n -= base; pairs = this.grow(base, n); base = 0; }
              pairs[n++] = k;
            }
          }
        }
        const settled = search.settled;
        for (let s = 0, count = search.settledCount; s < count; s++) {
          const u = settled[s];
          for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
            const slot = arcSlot[a];
            // An edge without points, or one taken already.
            if (slot >= occupiedCount || seen[slot] === token) continue;
            seen[slot] = token;
            const x = slot * EDGE_STRIDE;
            // The arc joins u and v; the summary says which is the edge's from end. The arc's length is
            // its edge's (build-network copies it), read here without a lookup by edge id.
            const v = adjNode[a], uIsFrom = es[x + E_FROM] === u;
            const dA = search.distanceM(uIsFrom ? u : v), dB = search.distanceM(uIsFrom ? v : u) + adjLengthM[a];
            // The nearest counted point beyond every limit on the edge: nobody on it is in reach.
            if (Math.min(dA + es[x + E_MIN_ALONG], dB - es[x + E_MAX_ALONG]) + es[x + E_MIN_OFF] > es[x + E_MAX_LIMIT]) continue;
            // The farthest point of the edge (the peak of min(dA + t, dB - t)) within every limit: all of it is.
            if ((dA + dB) / 2 + es[x + E_MAX_OFF] <= es[x + E_WHOLE_LIMIT]) {
              sum += es[x + E_WEIGHT];
              if (n === pairs.length) { n -= base; pairs = this.grow(base, n); base = 0; }
              pairs[n++] = -1 - slot;
              continue;
            }
            for (let k = start[slot], kEnd = start[slot + 1]; k < kEnd; k++) {
              const p = k * POINT_STRIDE, t = point[p + P_ALONG];
              const d = Math.min(dA + t, dB - t) + point[p + P_OFF];
              // A negative or NaN reach fails this (d is never negative).
              if (d <= point[p + P_REACH] + toleranceM) {
                sum += point[p + P_WEIGHT];
                if (n === pairs.length) { n -= base; pairs = this.grow(base, n); base = 0; }
                pairs[n++] = k;
              }
            }
          }
        }
      }
      demand[i - from] = sum;
      pairEnd[i - from] = n - base;
    }
    if (!view) return { from, to, demand, pairEnd, pairs: pairs.slice(base, n) };
    this.used = n;
    return { from, to, demand, pairEnd, pairs: pairs.subarray(base, n) };
  }

  /** Starts a call: the buffer's earlier views are given up (their call is over). */
  begin(): void {
    this.used = 0;
  }

  private nextToken(): number {
    if (this.token === 0xffffffff) { this.seen.fill(0); this.token = 0; }
    return ++this.token;
  }

  /** A buffer twice as large, with this part's `count` pairs (from `base`) at its start; earlier views keep the old one. */
  private grow(base: number, count: number): Int32Array {
    const bigger = new Int32Array(this.pairs.length * 2);
    bigger.set(this.pairs.subarray(base, base + count));
    return (this.pairs = bigger);
  }
}

/** Facilities per part when catchments are computed in parts (small enough to share out evenly, large enough that a part's overhead is nothing). */
export const CATCHMENT_PART_SIZE = 64;

/** The catchments on this thread, one part after another, with one search reused. */
export function sequentialCatchments(network: CatchmentGraph, search?: NetworkSearch): CatchmentRouter {
  let here: CatchmentSearch | undefined;
  return {
    catchments(points, facilities, searchM, order, nodeLimitM) {
      here ??= new CatchmentSearch(network, search);
      here.begin();
      const parts: CatchmentPart[] = [];
      for (let from = 0; from < facilities.count; from += CATCHMENT_PART_SIZE) {
        parts.push(here.part(points, facilities, searchM, order, from, Math.min(facilities.count, from + CATCHMENT_PART_SIZE), true, nodeLimitM));
      }
      return parts;
    },
  };
}
