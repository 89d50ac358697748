import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import { pointsByEdge, type PointsByEdge } from '../network/points-by-edge.js';
import { NetworkSearch } from '../routing/network-search.js';
import { seedLink } from '../routing/distance-field.js';
import { catchmentPoints, counts, sequentialCatchments, setReaches, summarizeEdges, type CatchmentPoints, type CatchmentRouter } from '../routing/catchments.js';
import { THRESHOLD_EPSILON_M } from './rule-distance.js';

/**
 * Two-step floating catchment area (2SFCA, Luo and Wang 2003) on the walking network, with a
 * catchment per resident (a village's rule may allow 30 minutes where a community's allows 15).
 *  1. each facility's ratio R_j = capacity_j / people within reach of it;
 *  2. each resident's access A_i = sum of R_j over the facilities within its reach.
 * Both steps use the same exact network distances.
 *
 * Cost: one bounded search per facility, each only as far as the largest reach of any resident it can
 * actually reach (`catchmentBounds`): a clinic in the city centre walks its 15 minutes, not the 5 km a
 * village's sports rule allows somewhere else. Residents no rule gives a reach never enter the searches.
 */
export interface TwoStepResult {
  /** People within reach of each facility (the denominator of step 1). */
  readonly demand: Float64Array;
  /** Capacity per person within reach, R_j (0 where nobody is within reach). */
  readonly ratio: Float64Array;
  /** Access per resident, A_i: capacity per person summed over the facilities within its reach. */
  readonly access: Float64Array;
}

export interface TwoStepOptions {
  /** A search to reuse (its arrays are sized to the network). */
  search?: NetworkSearch;
  /** What one category's run leaves for the next over the same residents (see `CatchmentCache`). */
  cache?: CatchmentCache;
  /** Who runs the catchment searches (step 1's cost): this thread by default, or a `ParallelRouter` (lifecircle/node). */
  router?: CatchmentRouter;
  /** Where to write the access per resident (zeroed first), instead of a new array: a caller that reads it at once saves fresh memory per category. */
  accessInto?: Float64Array;
}

export function twoStepFca(
  network: Network,
  facilities: Links,
  capacity: Float64Array,
  residents: Links,
  residentWeight: Float64Array,
  /** Per resident: how far it may walk to this category, metres (negative or NaN: not counted). */
  residentReachM: Float64Array,
  opts: TwoStepOptions = {},
): TwoStepResult {
  const search = opts.search ?? new NetworkSearch(network);
  const cache = opts.cache ?? new CatchmentCache(network, residents);
  const router = opts.router ?? sequentialCatchments(network, search);
  const demand = new Float64Array(facilities.count);
  const ratio = new Float64Array(facilities.count);
  const access = opts.accessInto?.fill(0) ?? new Float64Array(residents.count);
  if (!anyReach(residentReachM)) return { demand, ratio, access };
  const bound = catchmentBounds(network, facilities, residents, residentReachM, cache, search);
  const searchM = bound.map((b) => (b >= 0 ? b + THRESHOLD_EPSILON_M : -1));
  const points = cache.points(residentReachM, residentWeight, router.sharesMemory ?? false);

  // Step 1 walks once from every facility and keeps whom it reached, so step 2 sums the ratios
  // without walking again: 4 bytes per pair against a second search each.
  const parts = router.catchments(points, facilities, searchM);
  for (const part of parts) {
    for (let j = part.from; j < part.to; j++) {
      const sum = part.demand[j - part.from];
      demand[j] = sum;
      ratio[j] = sum > 0 ? capacity[j] / sum : 0;
    }
  }
  // Step 2: a pair is a resident (by its place k in edge order, so that neighbours' sums are near in
  // memory) or a whole edge, whose ratios are added to its counted residents at the end.
  const { start, point: resident } = cache.byEdge;
  const edgeAccess = cache.edgeScratch();
  const accessK = cache.scratch('accessByEdge').fill(0);
  for (const { from, to, pairEnd, pairs } of parts) {
    let p = 0;
    for (let j = from; j < to; j++) {
      const rj = ratio[j], end = pairEnd[j - from];
      if (rj !== 0) {
        for (; p < end; p++) {
          const pair = pairs[p];
          if (pair >= 0) accessK[pair] += rj;
          else edgeAccess[-1 - pair] += rj;
        }
      }
      p = end;
    }
  }
  for (let edge = 0; edge < edgeAccess.length; edge++) {
    const a = edgeAccess[edge];
    if (a === 0) continue;
    for (let k = start[edge]; k < start[edge + 1]; k++) if (counts(points, k)) accessK[k] += a;
  }
  for (let k = 0; k < resident.length; k++) access[resident[k]] = accessK[k];
  return { demand, ratio, access };
}

/**
 * What 2SFCA runs over the same network and residents share, category after category: the residents
 * grouped by edge (every linked one; each run skips those without a reach), and the distance fields of
 * the reach classes already searched. Categories mostly share their classes (every village resident
 * walks 30 minutes to a clinic, a market and a shop alike), so a class's city-wide search runs once.
 */
export class CatchmentCache {
  readonly byEdge: PointsByEdge;
  private readonly classes: { reachM: number; members: Uint8Array; nodeDistM: Float64Array }[] = [];
  /** The residents laid out for the last category's reaches: the next one mostly has the same. */
  private layout?: CatchmentPoints;
  private layoutWeight?: Float64Array;
  private layoutShared = false;
  private edgeAccess?: Float64Array;
  private readonly scratches = new Map<string, Float64Array>();

  constructor(readonly network: Network, readonly residents: Links) {
    this.byEdge = pointsByEdge(network.edgeCount, residents);
  }

  /**
   * The residents laid out for catchment searches with these reaches and weights. One layout is kept
   * and its reaches refilled in place: at city scale it is tens of MB, and fresh memory costs more
   * to touch than the refill (page faults, ~20 us a page on a VM).
   */
  points(residentReachM: Float64Array, weight: Float64Array, shared: boolean): CatchmentPoints {
    let fresh = false;
    // A shared layout serves this thread as well as a plain one.
    if (!this.layout || this.layoutWeight !== weight || (shared && !this.layoutShared)) {
      this.layout = catchmentPoints(this.byEdge.start, this.byEdge.point, this.residents, weight, THRESHOLD_EPSILON_M, shared);
      this.layoutWeight = weight;
      this.layoutShared = shared;
      fresh = true;
    }
    if (setReaches(this.layout, this.byEdge.point, residentReachM) || fresh) summarizeEdges(this.layout);
    return this.layout;
  }

  /**
   * An array per resident that a caller reuses from category to category under a name (the reaches,
   * the access): at city scale each is 8 MB, and fresh memory costs more to touch than to refill.
   */
  scratch(name: 'reach' | 'access' | 'accessByEdge'): Float64Array {
    let a = this.scratches.get(name);
    if (!a) this.scratches.set(name, (a = new Float64Array(this.residents.count)));
    return a;
  }

  /**
   * Lets go of the per-category buffers (the layout and the scratch arrays, tens of MB at city scale)
   * once a run of categories is served; the residents by edge and the reach-class fields stay.
   */
  release(): void {
    this.layout = undefined;
    this.layoutWeight = undefined;
    this.edgeAccess = undefined;
    this.scratches.clear();
  }

  /** A zeroed array per edge, reused from category to category. */
  edgeScratch(): Float64Array {
    this.edgeAccess ??= new Float64Array(this.network.edgeCount);
    return this.edgeAccess.fill(0);
  }

  /** Walking distance from every node to the nearest resident whose reach is exactly `reachM`, bounded by it (Infinity beyond). */
  classField(reachM: number, residentReachM: Float64Array, search: NetworkSearch): Float64Array {
    const { point } = this.byEdge;
    const members = new Uint8Array(this.residents.count);
    for (let k = 0; k < point.length; k++) if (residentReachM[point[k]] === reachM) members[point[k]] = 1;
    const known = this.classes.find((c) => c.reachM === reachM && sameBytes(c.members, members));
    if (known) return known.nodeDistM;
    search.reset();
    for (let r = 0; r < members.length; r++) if (members[r]) seedLink(this.network, search, this.residents, r);
    search.run(reachM + THRESHOLD_EPSILON_M);
    const nodeDistM = new Float64Array(this.network.nodeCount).fill(Infinity);
    for (let s = 0; s < search.settledCount; s++) nodeDistM[search.settled[s]] = search.distanceM(search.settled[s]);
    this.classes.push({ reachM, members, nodeDistM });
    return nodeDistM;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * How far each facility's catchment search must go: the largest reach among the residents it can
 * reach within their own reach, -1 when it reaches nobody. Residents are grouped by reach (a standard
 * has a few: 15 and 30 minutes, 5 km); for each reach above the smallest, one multi-source search from
 * the residents with that reach, bounded by it, tells which facilities have one of them in range. The
 * smallest reach is assumed for the rest (a facility that reaches nobody then costs a small search).
 */
export function catchmentBounds(
  network: Network,
  facilities: Links,
  residents: Links,
  residentReachM: Float64Array,
  cache: CatchmentCache,
  search: NetworkSearch,
): Float64Array {
  const { byEdge } = cache;
  const bound = new Float64Array(facilities.count).fill(-1);
  // Distinct reaches, without a Set insertion per resident (a million per category at city scale):
  // neighbours mostly share a reach.
  const reaches = new Set<number>();
  let last = NaN;
  for (let k = 0; k < byEdge.point.length; k++) {
    const reach = residentReachM[byEdge.point[k]];
    if (reach !== last && reach >= 0) reaches.add((last = reach));
  }
  if (reaches.size === 0) return bound;
  // Many distinct reaches (a reach per resident): one class at the largest, still exact.
  const classes = [...reaches].sort((a, b) => b - a);
  const checked = classes.length > 16 ? [] : classes.slice(0, -1);
  const fallback = classes.length > 16 ? classes[0] : classes[classes.length - 1];
  const { edgeFrom, edgeTo, edgeLengthM } = network;
  for (const reach of checked) {
    const nodeDistM = cache.classField(reach, residentReachM, search);
    for (let j = 0; j < facilities.count; j++) {
      const e = facilities.edge[j];
      if (e < 0 || bound[j] >= 0) continue;
      const off = facilities.offNetworkM[j], along = facilities.offsetM[j];
      let d = Math.min(nodeDistM[edgeFrom[e]] + along, nodeDistM[edgeTo[e]] + edgeLengthM[e] - along);
      for (let k = byEdge.start[e]; k < byEdge.start[e + 1]; k++) {
        const r = byEdge.point[k];
        if (residentReachM[r] === reach) d = Math.min(d, residents.offNetworkM[r] + Math.abs(residents.offsetM[r] - along));
      }
      if (d + off <= reach + THRESHOLD_EPSILON_M) bound[j] = reach;
    }
  }
  for (let j = 0; j < facilities.count; j++) if (bound[j] < 0 && facilities.edge[j] >= 0) bound[j] = fallback;
  return bound;
}

function anyReach(residentReachM: Float64Array): boolean {
  for (let r = 0; r < residentReachM.length; r++) if (residentReachM[r] >= 0) return true;
  return false;
}
