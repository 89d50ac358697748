import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { arraysInOneBlock, int32s, type ArraysOf, type ArraySpec } from '../network/shareable-arrays.js';
import { NetworkSearch, smallSearchBucketWidthM, type RoutingGraph } from './network-search.js';
import type { MemberPoints } from './member-field.js';

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
 *
 * A catchment is kept as sums by group of points (`PointGroups`): a community's people within reach,
 * or, one group per point, whom it reaches. 2SFCA's second step then adds each facility's ratio to a
 * few groups, not to every resident within reach (at city scale millions of additions a category,
 * and a per-resident pass after them).
 */

/** What a catchment search reads of a network: its adjacency and each edge's ends and length. */
export type CatchmentGraph = RoutingGraph & Pick<Network, 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>;

/** The link arrays a catchment reads of its facilities. */
export type CatchmentSources = Pick<Links, 'count' | 'edge' | 'offsetM' | 'offNetworkM'>;

/** Doubles per point in `CatchmentPoints.point`. */
export const POINT_STRIDE = 3;
const P_ALONG = 0, P_OFF = 1, P_WEIGHT = 2;
/** Doubles per edge in `CatchmentPoints.edgeSummary`. */
export const EDGE_STRIDE = 8;
const E_FAR = 0, E_WHOLE = 1, E_WEIGHT = 2, E_MIN_ALONG = 3, E_MIN_BACK = 4, E_LENGTH = 5, E_TO = 6, E_GROUP = 7;
/** Rounding margin for the whole-edge test, far below any limit's tolerance. */
const WHOLE_EDGE_SLACK_M = 1e-9;
/**
 * The same for the test that passes an edge over: its terms are summed in another order than each
 * point's own test, which decides; the margin keeps the pass-over on the safe side of it.
 */
const FAR_EDGE_SLACK_M = 1e-9;

/**
 * The edges that carry points (`occupied`) numbered by their from node (`edgeFrom`), then the others
 * in edge order: an occupied edge's slot is its place among the occupied edges leaving node 0, then
 * node 1, and so on. Node ids follow a Hilbert curve, so the edges a search reaches have near slots,
 * and everything a catchment reads per edge (its summary, its points) lies in a few runs of memory;
 * by edge id (the input's line order) every reached edge would be a cache miss (measured on spread-L:
 * the summary test alone took a third of the catchment time). And a node's edges with points are one
 * run of slots (`fromStart`): a catchment visits them without a pass over the node's arcs. An edge
 * without points (28% on spread-L) has no summary.
 */
export interface EdgeSlots {
  /** Per edge: its slot. */
  readonly slotOfEdge: Int32Array;
  /** Per slot: its edge. */
  readonly edgeOfSlot: Int32Array;
  /** Slots below this are the edges with points. */
  readonly occupiedCount: number;
  /** Per node u, the edges with points that leave it: slots `fromStart[u] .. fromStart[u + 1] - 1`. */
  readonly fromStart: Int32Array;
}

/** Numbers the edges by from node, those with `occupied[e] === 1` first (see EdgeSlots), in shared memory when asked. */
export function edgeSlots(graph: Pick<Network, 'nodeCount' | 'edgeFrom'>, occupied?: Uint8Array, shared = false): EdgeSlots {
  const { nodeCount, edgeFrom } = graph;
  const edgeCount = edgeFrom.length;
  const slotOfEdge = int32s(edgeCount, shared), edgeOfSlot = int32s(edgeCount, shared);
  const isOccupied = (e: number) => occupied === undefined || occupied[e] === 1;
  // A counting sort of the occupied edges by from node (as pointsByEdge's, with no array besides its
  // output: node u's count at [u + 2], its first slot at [u + 1], moved on to its end as its edges are
  // placed); the rest after them in edge order (nothing reads them by node: they have no summary).
  const counts = int32s(nodeCount + 2, shared);
  for (let e = 0; e < edgeCount; e++) if (isOccupied(e)) counts[edgeFrom[e] + 2]++;
  for (let u = 2; u < nodeCount + 2; u++) counts[u] += counts[u - 1];
  const occupiedCount = counts[nodeCount + 1];
  let rest = occupiedCount;
  for (let e = 0; e < edgeCount; e++) {
    const slot = isOccupied(e) ? counts[edgeFrom[e] + 1]++ : rest++;
    slotOfEdge[e] = slot;
    edgeOfSlot[slot] = e;
  }
  return { slotOfEdge, edgeOfSlot, occupiedCount, fromStart: counts.subarray(0, nodeCount + 1) };
}

/**
 * Which group each point of a layout adds to when a catchment reaches it, in slot order as the points
 * (`catchmentPoints`): `group[k]` for point k, among `count` groups. With `byPoint`, every point is
 * its own group and adds 1 (a catchment then tells whom it reaches: per-resident access); otherwise
 * it adds its weight (a catchment tells how many of a group's people it reaches).
 */
export interface PointGroups {
  readonly group: Int32Array;
  readonly count: number;
  readonly byPoint: boolean;
}

/**
 * Weighted points (residents) in the order of the edges they lie on, edges by slot (`EdgeSlots`):
 * point k (the points of the edge in slot s are k = `start[s] .. start[s + 1] - 1`) is
 * `point[k * POINT_STRIDE ..]`: its position along the edge (from `edgeFrom`), its off-street leg and
 * its weight; and `reach[k]`. It counts wherever its walk is at most reach + `toleranceM` (a negative or
 * NaN reach: nowhere). In this order, a search reads the points of an edge, and a summary the points
 * of every edge, from one run of memory. The arrays may be shared ones, which workers read without a copy.
 * The reaches and what is made of them (the summaries) are a layout's own; the points may be shared
 * with another layout of the same points for other reaches (`copyLayout`).
 */
export interface CatchmentPoints {
  readonly slots: EdgeSlots;
  readonly start: Int32Array;
  readonly point: Float64Array;
  readonly reach: Float64Array;
  readonly toleranceM: number;
  /**
   * Per slot with points, `EDGE_STRIDE` doubles (one cache line an edge), with the walks to the
   * edge's ends dFrom and dTo: how far the nearest counted point may be (passed over when
   * min(dFrom + least along, dTo + least back) exceeds it: the greatest limit less the shortest
   * off-street leg); how far all of them may be (taken whole when (dFrom + dTo) / 2 is within it: the
   * least limit less the longest leg and half the edge, the peak of min(dFrom + t, dTo + length - t));
   * their weight; the least position along the edge and the least back from its end; the edge's length
   * and to node (`edgeTo`); and the one group of its counted points, -1 when they are of several (or
   * none): an edge taken whole then adds its weight (or 1, by point) to that group at once. Edges
   * without counted points: -Infinity limits.
   */
  readonly edgeSummary: Float64Array;
  /** Who the points add to when reached (`PointGroups`). */
  readonly groups: PointGroups;
  /**
   * Per node with edges with points, at the first slot of its run (`EdgeSlots.fromStart`: node u's
   * at `fromStart[u] * NODE_STRIDE`), `NODE_STRIDE` doubles over those edges: the farthest a search
   * may be at the node and still have every counted point on them within its reach (each point is at
   * most the edge's length and its off-street leg beyond the node), and their weight; `nodeGroup`
   * (by the same slot), the one group of their points. A search at the node within that distance
   * takes them all at once, without a test per edge (on spread-L three edges in four a search takes
   * are taken whole). -Infinity where their points are of several groups, Infinity where none is
   * counted. By slot, not by node: a node without such edges (most of them on spread-L) has no
   * summary, and a layout is 15 MB smaller there (fresh memory costs more than the sums).
   */
  readonly nodeSummary: Float64Array;
  readonly nodeGroup: Int32Array;
}

/** Doubles per node in `CatchmentPoints.nodeSummary`. */
export const NODE_STRIDE = 2;
const N_SLACK = 0, N_WEIGHT = 1;
/** Taken from a node's slack: its sums in floating point stay on the safe side of the whole-edge test by far. */
const NODE_SLACK_MARGIN_M = 1e-7;

/** A layout's own arrays (see CatchmentPoints), as `layoutArrays` allocates them. */
export type LayoutArrays = Pick<CatchmentPoints, 'point' | 'reach' | 'edgeSummary' | 'nodeSummary' | 'nodeGroup'>;

/**
 * The arrays of a layout of `points` points on `slotCount` slots with points, zeroed, in shared memory
 * (one block: see arraysInOneBlock) when asked: allocated apart from `catchmentPoints` so that their
 * memory may be mapped in elsewhere first (CatchmentRouter.startWarming: about 56 MB on spread-L;
 * benchmarks/ENGINE-CHANGES.md, "eighth pass", has what faulting it in cost the calling thread).
 * `extra` asks for more arrays in the same block.
 */
export function layoutArrays<const X extends ArraySpec = Record<never, never>>(points: number, slotCount: number, shared = false, extra?: X): LayoutArrays & ArraysOf<X> {
  // The spread of a generic spec loses the keys' kinds to the checker: the names say them.
  return arraysInOneBlock({ point: ['float64', points * POINT_STRIDE], ...copySpec(points, slotCount), ...extra }, shared) as LayoutArrays & ArraysOf<X>;
}

/** A layout's arrays but its points, in one block as `layoutArrays`: those a copy of it has of its own (`copyLayout`). */
export function copyArrays(points: number, slotCount: number, shared = false): Omit<LayoutArrays, 'point'> {
  return arraysInOneBlock(copySpec(points, slotCount), shared);
}

function copySpec(points: number, slotCount: number) {
  return {
    reach: ['float64', points], edgeSummary: ['float64', slotCount * EDGE_STRIDE],
    nodeSummary: ['float64', slotCount * NODE_STRIDE], nodeGroup: ['int32', slotCount],
  } as const;
}

/**
 * Lays out the points `index` (grouped by slot as `start`: see points-by-edge.ts) of `links` with
 * their weights; the reaches are set apart (`setReaches`), and then the summaries (`summarizeEdges`).
 * The arrays are `arrays` when given (fresh from `layoutArrays` for these points and slots), else made
 * here, in shared memory when asked (refilled between calls, they must be: see
 * parallel/shared-memory.ts); `start` and the groups, which never change, a router shares as they are.
 */
export function catchmentPoints(
  graph: Pick<Network, 'edgeTo' | 'edgeLengthM'>, slots: EdgeSlots, start: Int32Array, index: Int32Array,
  links: Pick<Links, 'offsetM' | 'offNetworkM'>, weight: Float64Array, groups: PointGroups, toleranceM: number, shared = false,
  arrays: LayoutArrays = layoutArrays(index.length, slots.occupiedCount, shared),
): CatchmentPoints {
  const { point, edgeSummary, nodeSummary } = arrays;
  if (point.length !== index.length * POINT_STRIDE || edgeSummary.length !== slots.occupiedCount * EDGE_STRIDE) {
    throw new RangeError('catchmentPoints: arrays of another layout');
  }
  for (let k = 0; k < index.length; k++) {
    const r = index[k], p = k * POINT_STRIDE;
    point[p + P_ALONG] = links.offsetM[r];
    point[p + P_OFF] = links.offNetworkM[r];
    point[p + P_WEIGHT] = weight[r];
  }
  // A summary for each slot with points (the others have none: see EdgeSlots).
  const slotCount = slots.occupiedCount;
  for (let s = 0; s < slotCount; s++) {
    const e = slots.edgeOfSlot[s];
    edgeSummary[s * EDGE_STRIDE + E_TO] = graph.edgeTo[e];
    edgeSummary[s * EDGE_STRIDE + E_LENGTH] = graph.edgeLengthM[e];
  }
  if (groups.byPoint) for (let s = 0; s < slotCount; s++) nodeSummary[s * NODE_STRIDE + N_SLACK] = -Infinity;
  // The fields in one order wherever a layout is made (copyLayout and the router copy this one): the
  // kernel then reads one shape.
  return {
    slots, start, point, reach: arrays.reach, toleranceM, edgeSummary,
    groups, nodeSummary, nodeGroup: arrays.nodeGroup,
  };
}

/**
 * A second layout of the same points (for other reaches while searches read the first): the
 * points and groups shared, the summaries copied (their nodes are the same), the reaches and the rest
 * of the summaries to be set (`setReaches`, `summarizeEdges`).
 */
export function copyLayout(
  points: CatchmentPoints,
  /** Arrays to copy into (fresh from `copyArrays` for the same points and slots), else made here. */
  into?: Omit<LayoutArrays, 'point'>,
): CatchmentPoints {
  // A browser page without cross-origin isolation has no SharedArrayBuffer at all.
  const shared = typeof SharedArrayBuffer !== 'undefined' && points.point.buffer instanceof SharedArrayBuffer;
  const copy = into ?? copyArrays(points.reach.length, points.nodeGroup.length, shared);
  if (copy.reach.length !== points.reach.length || copy.nodeGroup.length !== points.nodeGroup.length) {
    throw new RangeError('copyLayout: arrays of another layout');
  }
  copy.reach.set(points.reach);
  copy.edgeSummary.set(points.edgeSummary);
  copy.nodeSummary.set(points.nodeSummary);
  copy.nodeGroup.set(points.nodeGroup);
  // The fields in catchmentPoints' order (the kernel then reads one shape).
  return { ...points, reach: copy.reach, edgeSummary: copy.edgeSummary, nodeSummary: copy.nodeSummary, nodeGroup: copy.nodeGroup };
}

/**
 * Sets point k's reach to `reachM[index[k]]`; returns the slots where a reach changed (NaN for NaN is
 * no change) marked 1, or undefined when none did.
 */
export function setReaches(points: CatchmentPoints, index: Int32Array, reachM: Float64Array): Uint8Array | undefined {
  const { reach, start } = points;
  const slotCount = points.slots.occupiedCount;
  let changed: Uint8Array | undefined;
  for (let s = 0; s < slotCount; s++) {
    for (let k = start[s], end = start[s + 1]; k < end; k++) {
      const r = reachM[index[k]], was = reach[k];
      if (r !== was && !(r !== r && was !== was)) {
        reach[k] = r;
        (changed ??= new Uint8Array(slotCount))[s] = 1;
      }
    }
  }
  return changed;
}

/**
 * Fills the summaries of `points` (edges, their groups, nodes) from the points, again whenever a reach
 * or weight changes: of every edge, or of the slots marked in `only` (as setReaches gives them) and
 * their nodes. From one category's limits to the next, the points on a half to two thirds of the
 * edges on spread-L keep their reaches.
 */
export function summarizeEdges(points: CatchmentPoints, only?: Uint8Array): void {
  const { start, point, reach: reachOf, toleranceM, edgeSummary, groups: { group } } = points;
  const slotCount = points.slots.occupiedCount;
  for (let e = 0; e < slotCount; e++) {
    if (only && only[e] === 0) continue;
    let maxReach = -Infinity, minReach = Infinity, maxOff = 0, w = 0;
    let minAlong = Infinity, maxAlong = -Infinity, minOff = Infinity;
    // The group of the edge's counted points: -2 none yet, -1 several.
    let g = -2;
    for (let k = start[e], p = k * POINT_STRIDE, end = start[e + 1]; k < end; k++, p += POINT_STRIDE) {
      const reach = reachOf[k];
      if (!(reach >= 0)) continue;
      if (g === -2) g = group[k];
      else if (g !== group[k]) g = -1;
      const along = point[p + P_ALONG], off = point[p + P_OFF];
      w += point[p + P_WEIGHT];
      if (reach > maxReach) maxReach = reach;
      if (reach < minReach) minReach = reach;
      if (off > maxOff) maxOff = off;
      if (off < minOff) minOff = off;
      if (along < minAlong) minAlong = along;
      if (along > maxAlong) maxAlong = along;
    }
    const s = e * EDGE_STRIDE, length = edgeSummary[s + E_LENGTH];
    // A counted point may have an infinite reach (counted wherever it is reached): the edge is then
    // never passed over, and taken whole only when every reach is finite (each point tested otherwise).
    const counted = maxReach !== -Infinity;
    edgeSummary[s + E_FAR] = counted ? maxReach + toleranceM - minOff + FAR_EDGE_SLACK_M : -Infinity;
    edgeSummary[s + E_WHOLE] = counted && minReach !== Infinity ? minReach + toleranceM - WHOLE_EDGE_SLACK_M - maxOff - length / 2 : -Infinity;
    edgeSummary[s + E_WEIGHT] = w;
    edgeSummary[s + E_MIN_ALONG] = minAlong;
    edgeSummary[s + E_MIN_BACK] = length - maxAlong;
    edgeSummary[s + E_GROUP] = g < 0 ? -1 : g;
  }
  // By point, a node's edges hold one point between them too rarely for its summary to pay: no node
  // takes its edges at once (their slack stays -Infinity, set when the layout was made).
  if (!points.groups.byPoint) summarizeNodes(points, only);
}

/** Fills `points.nodeSummary` and `nodeGroup` from the edge summaries (see CatchmentPoints), of the nodes with a slot marked in `only` if given. */
function summarizeNodes(points: CatchmentPoints, only?: Uint8Array): void {
  const { edgeSummary: es, nodeSummary, nodeGroup, slots: { fromStart } } = points;
  for (let u = 0, nodeCount = fromStart.length - 1; u < nodeCount; u++) {
    const first = fromStart[u], end = fromStart[u + 1];
    if (first === end || (only && !anyMarked(only, first, end))) continue;
    let slack = Infinity, w = 0;
    // The group of the edges' counted points: -2 none yet, -1 several.
    let g = -2;
    for (let slot = first; slot < end; slot++) {
      const x = slot * EDGE_STRIDE;
      // No counted point on the edge: nothing to take.
      if (es[x + E_FAR] === -Infinity) continue;
      // From the node at walk d, a point at t along the edge is at most d + t + its leg away, within
      // every counted point's limit when d + length + the longest leg is within the least of them.
      slack = Math.min(slack, es[x + E_WHOLE] - es[x + E_LENGTH] / 2 - NODE_SLACK_MARGIN_M);
      w += es[x + E_WEIGHT];
      const eg = es[x + E_GROUP];
      g = g === -2 || g === eg ? eg : -1;
    }
    // Points of several groups: each edge on its own. None: nothing to add, every edge passed over.
    nodeSummary[first * NODE_STRIDE + N_SLACK] = g === -1 ? -Infinity : slack;
    nodeSummary[first * NODE_STRIDE + N_WEIGHT] = w;
    nodeGroup[first] = g < 0 ? -1 : g;
  }
}

function anyMarked(marks: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (marks[i] === 1) return true;
  return false;
}

/**
 * The catchments of the facilities `order[from .. to - 1]` (see `searchOrder`): for the i-th of them,
 * its weight within reach (`demand[i - from]`), and what it reaches of each group (`PointGroups`):
 * `groups[e]` gets `sums[e]` for e in `groupEnd[i - from - 1] .. groupEnd[i - from] - 1` (from 0 for the
 * first), the groups in the order the search first reached them. By point, `sums` is empty, as every
 * entry adds 1: a point reached, or, as `-1 - slot`, every counted point of that edge (an edge of
 * several points taken whole: listing them one by one made the library's per-resident 2SFCA half as
 * fast again).
 */
export interface CatchmentPart {
  readonly from: number;
  readonly to: number;
  readonly demand: Float64Array;
  readonly groupEnd: Int32Array;
  readonly groups: Int32Array;
  readonly sums: Float64Array;
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
  /**
   * `memberField` of `points` for each of `members`, bounded at `boundM[i]`, in two halves as
   * `startCatchments`: other threads start on them now, and the returned function (called once)
   * computes the rest here. A worker takes later calls' tasks only once these are done.
   */
  startMemberFields?(points: MemberPoints, members: readonly Uint8Array[], boundM: readonly number[]): () => Float64Array[];
  /**
   * Has other threads map in the pages of fresh shared memory (`buffers`, zeroed, not yet written) while
   * the calling thread does other work: on a VM a fresh page costs microseconds to fault in, and a
   * layout is tens of MB. The returned function (called once, before the calling thread writes to
   * them) stops the threads at the next part and waits for those in progress. Never changes a value.
   */
  startWarming?(buffers: readonly SharedArrayBuffer[]): () => void;
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
 * What one thread needs to compute catchments: a search, per-slot stamps and per-group sums of its
 * own, and an output buffer it grows once and reuses: the parts of one call (`begin()` to the next
 * `begin()`) may be views into it, so a call's sums are written to memory already mapped, not fresh
 * arrays (page faults: ~20 us a page on a VM).
 */
export class CatchmentSearch {
  private token = 0;
  /** Per group: the token of the facility that last reached it, and what that one reached of it. */
  private groupSeen = new Uint32Array(0);
  private groupSum = new Float64Array(0);
  /** By group: the groups the current facility reached, in the order first reached, and how many. */
  private touched = new Int32Array(0);
  private touchedCount = 0;
  /** Whether each point adds 1 to its group (PointGroups.byPoint), not its weight. */
  private byPoint = false;
  private groups: Int32Array;
  private sums: Float64Array;
  /** Entries of the current call's parts held as views, `groups[0 .. used - 1]`. */
  private used = 0;
  /**
   * The part being computed holds `groups[partBase .. out - 1]` (and by group their sums). By point,
   * a facility's entries are written there as they are reached (`list`): a touched list copied out
   * after each search wrote every reached resident twice.
   */
  private partBase = 0;
  private out = 0;
  /** The searches' bin width (NetworkSearch.reset): the same on every thread, so are the answers. */
  private readonly bucketWidthM: number;

  constructor(
    readonly graph: CatchmentGraph, readonly search: NetworkSearch = new NetworkSearch(graph),
    /** The output buffer's first size (it doubles as needed; tests make it small to make it grow). */
    outputCapacity = 1 << 14,
  ) {
    this.groups = new Int32Array(Math.max(1, outputCapacity));
    this.sums = new Float64Array(this.groups.length);
    this.bucketWidthM = smallSearchBucketWidthM(graph);
  }

  /**
   * Catchments of the facilities `order[from .. to - 1]` (see CatchmentPart). Each search is followed
   * by one pass over the nodes it reached, in the order reached: an edge is taken at its from node
   * when that one was expanded, else at its to node (the facility's own edge first), so the edges,
   * the groups and the sums come in the same order on any thread.
   */
  part(
    points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, order: Int32Array, from: number, to: number,
    /** Whether the output may be a view into this search's buffer (valid until the next `begin()`), else a copy (a worker's, to transfer). */
    view = false,
    /** Per node, how far a search may be there and still count anyone (CatchmentCache.nodeLimits); a node reached beyond it is not expanded. */
    nodeLimitM?: Float64Array,
  ): CatchmentPart {
    const { search } = this;
    const { edgeFrom, edgeTo, edgeLengthM } = this.graph;
    const {
      start, point, reach: reachOf, toleranceM, edgeSummary: es, nodeSummary, nodeGroup,
      groups: { group, count: groupCount, byPoint }, slots: { fromStart, slotOfEdge, occupiedCount },
    } = points;
    // By point, nothing is summed (`take`): a million residents' stamps and sums would go unused.
    // By group, a facility lists each group once, with its sum (by point, it lists straight into the output).
    if (!byPoint && this.groupSeen.length < groupCount) {
      this.groupSeen = new Uint32Array(groupCount);
      this.groupSum = new Float64Array(groupCount);
      this.touched = new Int32Array(groupCount);
    }
    if (!byPoint && this.sums.length < this.groups.length) this.sums = new Float64Array(this.groups.length);
    const { groupSum, touched } = this;
    this.byPoint = byPoint;
    const demand = new Float64Array(to - from);
    const groupEnd = new Int32Array(to - from);
    // Growing the buffers moves the part's entries to their start (`grow`).
    this.partBase = this.out = this.used;

    for (let i = from; i < to; i++) {
      const j = order[i], own = facilities.edge[j], limit = searchM[j];
      let sum = 0;
      this.touchedCount = 0;
      if (own >= 0 && limit >= 0) {
        const fOff = facilities.offNetworkM[j], fAlong = facilities.offsetM[j];
        search.reset(this.bucketWidthM);
        search.seed(edgeFrom[own], fOff + fAlong, 0);
        search.seed(edgeTo[own], fOff + (edgeLengthM[own] - fAlong), 0);
        // Nodes beyond their limit are reached but not expanded: their distances may be too long,
        // which the tests below tolerate (a point counted through such a node is never within reach,
        // and a counted point's shortest path runs through expanded nodes only).
        search.run(limit, nodeLimitM, false);
        // A new token: below, each point or edge within reach adds its weight to its group (`take`).
        this.nextToken();
        // The facility's own edge: its points may be walked to directly along it, unless its from
        // node takes it with its other edges (all of them are then within reach anyway).
        const ownSlot = slotOfEdge[own], ownFrom = edgeFrom[own];
        if (ownSlot < occupiedCount && !(search.isExpanded(ownFrom) && search.distanceM(ownFrom) <= nodeSummary[fromStart[ownFrom] * NODE_STRIDE + N_SLACK])) {
          const dA = search.distanceM(ownFrom), dB = search.distanceM(edgeTo[own]) + edgeLengthM[own];
          for (let k = start[ownSlot], kEnd = start[ownSlot + 1]; k < kEnd; k++) {
            const p = k * POINT_STRIDE, t = point[p + P_ALONG];
            const d = Math.min(Math.min(dA + t, dB - t), fOff + Math.abs(fAlong - t)) + point[p + P_OFF];
            if (d <= reachOf[k] + toleranceM) {
              const w = point[p + P_WEIGHT], g = group[k];
              sum += w;
              this.take(g, w);
            }
          }
        }
        // Every edge with an end the search expanded: at its from node when that one was expanded,
        // else at its to node. Each such from node was reached (an expanded neighbour reaches it), so
        // the reached nodes' own runs of edges (`fromStart`) hold them all, and no arc is read here.
        const reachedNodes = search.reached;
        for (let s = 0, count = search.reachedCount; s < count; s++) {
          const u = reachedNodes[s], first = fromStart[u], end = fromStart[u + 1];
          // No edge with points leaves it.
          if (first === end) continue;
          const du = search.distanceM(u), expanded = search.isExpanded(u);
          // Near enough that every edge it is the from node of is within reach: their weight at once.
          if (expanded && du <= nodeSummary[first * NODE_STRIDE + N_SLACK]) {
            const g = nodeGroup[first];
            if (g >= 0) {
              const w = nodeSummary[first * NODE_STRIDE + N_WEIGHT];
              sum += w;
              this.take(g, w);
            }
            continue;
          }
          for (let slot = first; slot < end; slot++) {
            // The facility's own edge is taken above.
            if (slot === ownSlot) continue;
            const x = slot * EDGE_STRIDE, v = es[x + E_TO];
            if (!expanded && !search.isExpanded(v)) continue;
            const dv = search.distanceM(v);
            // The farthest point of the edge within every limit: all of it is.
            const all = (du + dv) * 0.5 <= es[x + E_WHOLE];
            // The nearest counted point beyond every limit on the edge: nobody on it is in reach.
            if (!all && Math.min(du + es[x + E_MIN_ALONG], dv + es[x + E_MIN_BACK]) > es[x + E_FAR]) continue;
            const g = es[x + E_GROUP];
            if (all && (g >= 0 || byPoint)) {
              // One group (by point: one point) takes the edge's weight at once; by point, the points of
              // an edge of several are listed as the edge (step 2 finds them: see CatchmentPart).
              const w = es[x + E_WEIGHT];
              sum += w;
              if (g >= 0) this.take(g, w);
              else this.list(-1 - slot);
              continue;
            }
            const dB = dv + es[x + E_LENGTH];
            for (let k = start[slot], kEnd = start[slot + 1]; k < kEnd; k++) {
              const p = k * POINT_STRIDE, t = point[p + P_ALONG];
              // A negative or NaN reach fails this (d is never negative); taken whole, every counted point passes.
              const reach = reachOf[k];
              if (all ? reach >= 0 : Math.min(du + t, dB - t) + point[p + P_OFF] <= reach + toleranceM) {
                const w = point[p + P_WEIGHT], gk = group[k];
                sum += w;
                this.take(gk, w);
              }
            }
          }
        }
        if (!byPoint) {
          const touchedCount = this.touchedCount;
          if (this.out + touchedCount > this.groups.length) this.grow(this.out + touchedCount);
          const { groups, sums } = this;
          let n = this.out;
          for (let t = 0; t < touchedCount; t++, n++) { const g = touched[t]; groups[n] = g; sums[n] = groupSum[g]; }
          this.out = n;
        }
      }
      demand[i - from] = sum;
      groupEnd[i - from] = this.out - this.partBase;
    }
    const base = this.partBase, n = this.out;
    if (view) this.used = n;
    const groups = view ? this.groups.subarray(base, n) : this.groups.slice(base, n);
    // By point, an empty array of its own (a worker transfers each part's buffers).
    const sums = byPoint ? new Float64Array(0) : view ? this.sums.subarray(base, n) : this.sums.slice(base, n);
    return { from, to, demand, groupEnd, groups, sums };
  }

  /** Adds `w` (by point: 1) to group g for the current facility (`token`): its first addition starts the sum and lists the group. */
  private take(g: number, w: number): void {
    // By point, each group is one point, which a facility reaches once (each edge is taken once).
    if (this.byPoint) {
      this.list(g);
      return;
    }
    if (this.groupSeen[g] !== this.token) {
      this.groupSeen[g] = this.token;
      this.groupSum[g] = w;
      this.touched[this.touchedCount++] = g;
    } else {
      this.groupSum[g] += w;
    }
  }

  /** Starts a call: the buffer's earlier views are given up (their call is over). */
  begin(): void {
    this.used = 0;
  }

  private nextToken(): number {
    if (this.token === 0xffffffff) { this.groupSeen.fill(0); this.token = 0; }
    return ++this.token;
  }

  /** By point: an entry (a point's group, or `-1 - slot` for an edge) written to the part's output. */
  private list(entry: number): void {
    if (this.out === this.groups.length) this.grow(this.out + 1);
    this.groups[this.out++] = entry;
  }

  /**
   * Buffers with room up to `needed` (an index into the present ones), the part's entries moved to
   * their start; earlier views keep the old buffers. By point, no sums.
   */
  private grow(needed: number): void {
    const base = this.partBase, count = this.out - base;
    let size = this.groups.length * 2;
    while (size < needed - base) size *= 2;
    const groups = new Int32Array(size);
    groups.set(this.groups.subarray(base, this.out));
    this.groups = groups;
    if (!this.byPoint) {
      const sums = new Float64Array(size);
      sums.set(this.sums.subarray(base, this.out));
      this.sums = sums;
    }
    this.partBase = 0;
    this.out = count;
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
