import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { arraysInOneBlock, float64s, int32s, type ArraysOf, type ArraySpec } from '../network/shareable-arrays.js';
import { NetworkSearch, smallSearchBucketWidthM, type RoutingGraph } from './network-search.js';
import type { MemberPoints } from './member-field.js';
import type { GroupedPoints, NearestSumsTask } from './nearest-sums.js';

/**
 * Facility catchments over the walking network: for each facility, the weighted points (residents)
 * that lie within their own walking limit of it, by one bounded search from the facility. The first
 * step of 2SFCA (scoring/two-step-fca.ts) and the part of it that costs: tens of thousands of small
 * searches, each independent, so a router may spread them over threads (`CatchmentRouter`).
 *
 * The points are laid out grouped by the edge they lie on (`catchmentPoints`), each edge with a
 * summary of its points (`summarizeEdges`), made once: a point's reach is its group's (a community's
 * limit), which a search adds to the summary. A search then settles most edges with no test per point:
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
 * its weight. It counts wherever its walk is at most its group's reach (`groupReach[group[k]]`) +
 * `toleranceM` (a negative or NaN reach: nowhere). In this order, a search reads the points of an
 * edge, and a summary the points of every edge, from one run of memory. The arrays may be shared
 * ones, which workers read without a copy.
 *
 * The points and their summaries never change: a summary is of the points' places and groups, and a
 * search adds the group's reach to it. Only the reaches (`groupReach`, a few thousand communities' at
 * city scale) and the summaries of the few edges whose points are of several groups (`mixedLimit`)
 * are a layout's own for each set of reaches (`setGroupReaches`); another set of reaches gets a layout
 * that shares everything else (`withOwnReaches`). Summaries that held each point's reach were made
 * again for each set of limits: on spread-L 130 ms of the calling thread, and a second 32 MB layout.
 */
export interface CatchmentPoints {
  readonly slots: EdgeSlots;
  readonly start: Int32Array;
  readonly point: Float64Array;
  readonly toleranceM: number;
  /**
   * Per slot with points, `EDGE_STRIDE` doubles (one cache line an edge), with the walks to the
   * edge's ends dFrom and dTo and, for an edge whose points are of one group g, its reach r: how far
   * the nearest point may be beyond r (passed over when min(dFrom + least along, dTo + least back)
   * exceeds r plus it: the shortest off-street leg taken from the tolerance); how far all of them may
   * be (taken whole when (dFrom + dTo) / 2 is within r plus it: the tolerance less the longest leg and
   * half the edge, the peak of min(dFrom + t, dTo + length - t)); their weight; the least position
   * along the edge and the least back from its end; the edge's length and to node (`edgeTo`); and g,
   * or -1 - m for the m-th edge of points of several groups (`mixedSlots`), whose limits are
   * `mixedLimit`'s (their least position and least back are of all their points, counted or not: a
   * looser pass-over, never a wrong one). An edge of one group taken whole adds its weight (or 1, by
   * point) to the group at once.
   */
  readonly edgeSummary: Float64Array;
  /** Who the points add to when reached (`PointGroups`). */
  readonly groups: PointGroups;
  /**
   * Per node with edges with points, at the first slot of its run (`EdgeSlots.fromStart`: node u's
   * at `fromStart[u] * NODE_STRIDE`), `NODE_STRIDE` doubles over those edges: how far a search may be
   * at the node beyond the reach of their one group and still have every point on them within it
   * (each point is at most the edge's length and its off-street leg beyond the node), and their
   * weight; `nodeGroup` (by the same slot), that one group, -1 where the points are of several (or
   * by point). A search at the node within that distance takes them all at once, without a test per
   * edge (on spread-L three edges in four a search takes are taken whole). By slot, not by node: a
   * node without such edges (most of them on spread-L) has no summary, and a layout is 15 MB smaller
   * there (fresh memory costs more than the sums).
   */
  readonly nodeSummary: Float64Array;
  readonly nodeGroup: Int32Array;
  /** The slots of the edges whose points are of several groups (on spread-L 2% of them; by point, every edge of two points or more). */
  readonly mixedSlots: Int32Array;
  /** Per group, how far its points may walk (-1: not at all), set by `setGroupReaches`. */
  readonly groupReach: Float64Array;
  /**
   * Per edge of `mixedSlots`, `MIXED_STRIDE` doubles from its counted points' reaches (`setGroupReaches`):
   * how far its nearest counted point may be, how far all of them may be (as the summary's, but
   * whole: the greatest and least reach are in them; -Infinity when nobody on it counts), and their weight.
   */
  readonly mixedLimit: Float64Array;
}

/** Doubles per node in `CatchmentPoints.nodeSummary`. */
export const NODE_STRIDE = 2;
const N_SLACK = 0, N_WEIGHT = 1;
/** Taken from a node's slack: its sums in floating point stay on the safe side of the whole-edge test by far. */
const NODE_SLACK_MARGIN_M = 1e-7;
/** Doubles per edge in `CatchmentPoints.mixedLimit`. */
export const MIXED_STRIDE = 3;
const M_FAR = 0, M_WHOLE = 1, M_WEIGHT = 2;

/** A layout's arrays (see CatchmentPoints) but its reaches, as `layoutArrays` allocates them. */
export type LayoutArrays = Pick<CatchmentPoints, 'point' | 'edgeSummary' | 'nodeSummary' | 'nodeGroup'>;

/**
 * The arrays of a layout of `points` points on `slotCount` slots with points, zeroed, in shared memory
 * (one block: see arraysInOneBlock) when asked: allocated apart from `catchmentPoints` so that their
 * memory may be mapped in elsewhere first (CatchmentRouter.startWarming: about 48 MB on spread-L;
 * benchmarks/ENGINE-CHANGES.md, "eighth pass", has what faulting it in cost the calling thread).
 * `extra` asks for more arrays in the same block.
 */
export function layoutArrays<const X extends ArraySpec = Record<never, never>>(points: number, slotCount: number, shared = false, extra?: X): LayoutArrays & ArraysOf<X> {
  const spec = {
    point: ['float64', points * POINT_STRIDE], edgeSummary: ['float64', slotCount * EDGE_STRIDE],
    nodeSummary: ['float64', slotCount * NODE_STRIDE], nodeGroup: ['int32', slotCount],
  } as const;
  // The spread of a generic spec loses the keys' kinds to the checker: the names say them.
  return arraysInOneBlock({ ...spec, ...extra }, shared) as LayoutArrays & ArraysOf<X>;
}

/**
 * Lays out the points `index` (grouped by slot as `start`: see points-by-edge.ts) of `links` with
 * their weights and groups, and summarizes them; every group's reach is -1 (nobody counts) until
 * set (`setGroupReaches`). The arrays are `arrays` when given (fresh from `layoutArrays` for these
 * points and slots), else made here, in shared memory when asked (the reaches are refilled between
 * calls: then they must be, see parallel/shared-memory.ts); `start` and the groups, which never
 * change, a router shares as they are.
 */
export function catchmentPoints(
  graph: Pick<Network, 'edgeTo' | 'edgeLengthM'>, slots: EdgeSlots, start: Int32Array, index: Int32Array,
  links: Pick<Links, 'offsetM' | 'offNetworkM'>, weight: Float64Array, groups: PointGroups, toleranceM: number, shared = false,
  arrays: LayoutArrays = layoutArrays(index.length, slots.occupiedCount, shared),
): CatchmentPoints {
  const { point, edgeSummary, nodeSummary, nodeGroup } = arrays;
  if (point.length !== index.length * POINT_STRIDE || edgeSummary.length !== slots.occupiedCount * EDGE_STRIDE) {
    throw new RangeError('catchmentPoints: arrays of another layout');
  }
  for (let k = 0; k < index.length; k++) {
    const r = index[k], p = k * POINT_STRIDE;
    point[p + P_ALONG] = links.offsetM[r];
    point[p + P_OFF] = links.offNetworkM[r];
    point[p + P_WEIGHT] = weight[r];
  }
  const slotCount = slots.occupiedCount;
  for (let s = 0; s < slotCount; s++) {
    const e = slots.edgeOfSlot[s];
    edgeSummary[s * EDGE_STRIDE + E_TO] = graph.edgeTo[e];
    edgeSummary[s * EDGE_STRIDE + E_LENGTH] = graph.edgeLengthM[e];
  }
  const mixed = summarizeEdges(start, point, groups.group, toleranceM, edgeSummary, slotCount);
  const mixedSlots = int32s(mixed.length, shared);
  mixedSlots.set(mixed);
  summarizeNodes(slots.fromStart, edgeSummary, nodeSummary, nodeGroup, groups.byPoint);
  // The fields in one order wherever a layout is made (withOwnReaches copies this one): the kernel then reads one shape.
  return {
    slots, start, point, toleranceM, edgeSummary, groups, nodeSummary, nodeGroup, mixedSlots,
    groupReach: float64s(groups.count, shared).fill(-1), mixedLimit: float64s(mixed.length * MIXED_STRIDE, shared).fill(-Infinity),
  };
}

/**
 * The same layout with reaches of its own, none set (every group's -1), in shared memory as its
 * points are: for other reaches while searches read the first (see CatchmentCache.points).
 */
export function withOwnReaches(points: CatchmentPoints): CatchmentPoints {
  // A browser page without cross-origin isolation has no SharedArrayBuffer at all.
  const shared = typeof SharedArrayBuffer !== 'undefined' && points.point.buffer instanceof SharedArrayBuffer;
  return {
    ...points,
    groupReach: float64s(points.groupReach.length, shared).fill(-1), mixedLimit: float64s(points.mixedLimit.length, shared).fill(-Infinity),
  };
}

/**
 * Sets the layout's reaches: `fill` writes each group's into `groupReach` (-1 where it counts
 * nowhere), and the limits of the edges whose points are of several groups are made from them.
 */
export function setGroupReaches(points: CatchmentPoints, fill: (groupReach: Float64Array) => void): void {
  const { start, point, groupReach, toleranceM, edgeSummary, mixedSlots, mixedLimit, groups: { group } } = points;
  fill(groupReach);
  for (let m = 0; m < mixedSlots.length; m++) {
    const slot = mixedSlots[m];
    let maxReach = -Infinity, minReach = Infinity, maxOff = 0, minOff = Infinity, w = 0;
    for (let k = start[slot], p = k * POINT_STRIDE, end = start[slot + 1]; k < end; k++, p += POINT_STRIDE) {
      const reach = groupReach[group[k]];
      if (!(reach >= 0)) continue;
      const off = point[p + P_OFF];
      w += point[p + P_WEIGHT];
      if (reach > maxReach) maxReach = reach;
      if (reach < minReach) minReach = reach;
      if (off > maxOff) maxOff = off;
      if (off < minOff) minOff = off;
    }
    // A counted point may have an infinite reach (counted wherever it is reached): the edge is then
    // never passed over, and taken whole only when every reach is finite (each point tested otherwise;
    // an edge of one group with an infinite reach is taken whole: every point on it is reached).
    const counted = maxReach !== -Infinity, x = m * MIXED_STRIDE;
    mixedLimit[x + M_FAR] = counted ? maxReach + toleranceM - minOff + FAR_EDGE_SLACK_M : -Infinity;
    mixedLimit[x + M_WHOLE] = counted && minReach !== Infinity
      ? minReach + toleranceM - WHOLE_EDGE_SLACK_M - maxOff - edgeSummary[slot * EDGE_STRIDE + E_LENGTH] / 2 : -Infinity;
    mixedLimit[x + M_WEIGHT] = w;
  }
}

/**
 * Fills the edges' summaries (see CatchmentPoints) from their points; returns the slots of the edges
 * whose points are of several groups, which the summary numbers (-1 - m for the m-th).
 */
function summarizeEdges(start: Int32Array, point: Float64Array, group: Int32Array, toleranceM: number, edgeSummary: Float64Array, slotCount: number): number[] {
  const mixed: number[] = [];
  for (let e = 0; e < slotCount; e++) {
    let maxOff = 0, minOff = Infinity, w = 0, minAlong = Infinity, maxAlong = -Infinity;
    // The group of the edge's points: -2 none yet, -1 several.
    let g = -2;
    for (let k = start[e], p = k * POINT_STRIDE, end = start[e + 1]; k < end; k++, p += POINT_STRIDE) {
      if (g === -2) g = group[k];
      else if (g !== group[k]) g = -1;
      const along = point[p + P_ALONG], off = point[p + P_OFF];
      w += point[p + P_WEIGHT];
      if (off > maxOff) maxOff = off;
      if (off < minOff) minOff = off;
      if (along < minAlong) minAlong = along;
      if (along > maxAlong) maxAlong = along;
    }
    const s = e * EDGE_STRIDE, length = edgeSummary[s + E_LENGTH];
    edgeSummary[s + E_FAR] = toleranceM - minOff + FAR_EDGE_SLACK_M;
    edgeSummary[s + E_WHOLE] = toleranceM - WHOLE_EDGE_SLACK_M - maxOff - length / 2;
    edgeSummary[s + E_WEIGHT] = w;
    edgeSummary[s + E_MIN_ALONG] = minAlong;
    edgeSummary[s + E_MIN_BACK] = length - maxAlong;
    if (g >= 0) edgeSummary[s + E_GROUP] = g;
    else {
      edgeSummary[s + E_GROUP] = -1 - mixed.length;
      mixed.push(e);
    }
  }
  return mixed;
}

/** Fills the node summaries and their groups from the edge summaries (see CatchmentPoints). */
function summarizeNodes(fromStart: Int32Array, es: Float64Array, nodeSummary: Float64Array, nodeGroup: Int32Array, byPoint: boolean): void {
  for (let u = 0, nodeCount = fromStart.length - 1; u < nodeCount; u++) {
    const first = fromStart[u], end = fromStart[u + 1];
    if (first === end) continue;
    // By point, a node's edges hold one point between them too rarely for its summary to pay: no node
    // takes its edges at once.
    if (byPoint) { nodeGroup[first] = -1; continue; }
    let slack = Infinity, w = 0;
    // The group of the edges' points: -2 none yet, -1 several.
    let g = -2;
    for (let slot = first; slot < end; slot++) {
      const x = slot * EDGE_STRIDE, eg = es[x + E_GROUP];
      // From the node at walk d, a point at t along the edge is at most d + t + its leg away, within
      // the reach when d + length + the longest leg is.
      slack = Math.min(slack, es[x + E_WHOLE] - es[x + E_LENGTH] / 2 - NODE_SLACK_MARGIN_M);
      w += es[x + E_WEIGHT];
      g = eg >= 0 && (g === -2 || g === eg) ? eg : -1;
    }
    nodeSummary[first * NODE_STRIDE + N_SLACK] = slack;
    nodeSummary[first * NODE_STRIDE + N_WEIGHT] = w;
    nodeGroup[first] = g;
  }
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
  /**
   * `nearestSums` of `points` for each task, in two halves as `startCatchments`: other threads start
   * on them now (a category's served population needs no catchment: workers take them while the
   * calling thread lays out the residents), and the returned function (called once) computes the
   * rest here. The arrays stay as they are until it is called.
   */
  startNearestSums?(points: GroupedPoints, tasks: readonly NearestSumsTask[]): () => Float64Array[];
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
      start, point, groupReach, mixedLimit, toleranceM, edgeSummary: es, nodeSummary, nodeGroup,
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
        if (ownSlot < occupiedCount && !(search.isExpanded(ownFrom) && takesAll(points, fromStart[ownFrom], search.distanceM(ownFrom)))) {
          const dA = search.distanceM(ownFrom), dB = search.distanceM(edgeTo[own]) + edgeLengthM[own];
          for (let k = start[ownSlot], kEnd = start[ownSlot + 1]; k < kEnd; k++) {
            const p = k * POINT_STRIDE, t = point[p + P_ALONG];
            const d = Math.min(Math.min(dA + t, dB - t), fOff + Math.abs(fAlong - t)) + point[p + P_OFF];
            const g = group[k];
            if (d <= groupReach[g] + toleranceM) {
              const w = point[p + P_WEIGHT];
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
          const ng = nodeGroup[first];
          if (ng >= 0) {
            // Its edges' points are of one group: none of them counts, or near enough that every one
            // is within reach: their weight at once.
            const r = groupReach[ng];
            if (!(r >= 0)) continue;
            if (expanded && du <= r + nodeSummary[first * NODE_STRIDE + N_SLACK]) {
              const w = nodeSummary[first * NODE_STRIDE + N_WEIGHT];
              sum += w;
              this.take(ng, w);
              continue;
            }
          }
          for (let slot = first; slot < end; slot++) {
            // The facility's own edge is taken above.
            if (slot === ownSlot) continue;
            const x = slot * EDGE_STRIDE, v = es[x + E_TO];
            if (!expanded && !search.isExpanded(v)) continue;
            // The edge's limits: its group's reach plus its summary, or an edge's of several groups.
            const g = es[x + E_GROUP];
            let far: number, whole: number;
            if (g >= 0) {
              const r = groupReach[g];
              if (!(r >= 0)) continue;
              far = r + es[x + E_FAR];
              whole = r + es[x + E_WHOLE];
            } else {
              const m = (-1 - g) * MIXED_STRIDE;
              far = mixedLimit[m + M_FAR];
              whole = mixedLimit[m + M_WHOLE];
            }
            const dv = search.distanceM(v);
            // The farthest point of the edge within every limit: all of it is.
            const all = (du + dv) * 0.5 <= whole;
            // The nearest point beyond every limit on the edge: nobody on it is in reach.
            if (!all && Math.min(du + es[x + E_MIN_ALONG], dv + es[x + E_MIN_BACK]) > far) continue;
            if (all && g >= 0) {
              // One group (by point: one point) takes the edge's weight at once.
              const w = es[x + E_WEIGHT];
              sum += w;
              this.take(g, w);
              continue;
            }
            if (all && byPoint) {
              // By point, the counted points of an edge of several are listed as the edge (step 2 finds them: see CatchmentPart).
              sum += mixedLimit[(-1 - g) * MIXED_STRIDE + M_WEIGHT];
              this.list(-1 - slot);
              continue;
            }
            const dB = dv + es[x + E_LENGTH];
            for (let k = start[slot], kEnd = start[slot + 1]; k < kEnd; k++) {
              const p = k * POINT_STRIDE, t = point[p + P_ALONG], gk = group[k];
              // A negative or NaN reach fails this (d is never negative); taken whole, every counted point passes.
              const reach = groupReach[gk];
              if (all ? reach >= 0 : Math.min(du + t, dB - t) + point[p + P_OFF] <= reach + toleranceM) {
                const w = point[p + P_WEIGHT];
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

/** Whether a search at `du` from the node whose edges with points start at slot `first` takes them all at once (see CatchmentPoints.nodeSummary). */
function takesAll(points: CatchmentPoints, first: number, du: number): boolean {
  const g = points.nodeGroup[first];
  if (g < 0) return false;
  const r = points.groupReach[g];
  return r >= 0 && du <= r + points.nodeSummary[first * NODE_STRIDE + N_SLACK];
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
