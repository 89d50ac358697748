import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import { pointsByEdge, type PointsByEdge } from '../network/points-by-edge.js';
import { NetworkSearch } from '../routing/network-search.js';
import { seedLink } from '../routing/distance-field.js';
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

export function twoStepFca(
  network: Network,
  facilities: Links,
  capacity: Float64Array,
  residents: Links,
  residentWeight: Float64Array,
  /** Per resident: how far it may walk to this category, metres (negative or NaN: not counted). */
  residentReachM: Float64Array,
  search: NetworkSearch = new NetworkSearch(network),
  /** What one category's run leaves for the next over the same residents (see `CatchmentCache`). */
  cache: CatchmentCache = new CatchmentCache(network, residents),
): TwoStepResult {
  const { byEdge } = cache;
  const bound = catchmentBounds(network, facilities, residents, residentReachM, cache, search);
  const demand = new Float64Array(facilities.count);
  const ratio = new Float64Array(facilities.count);
  const access = new Float64Array(residents.count);
  const { edgeFrom, edgeTo, edgeLengthM, adjStart, adjEdge, edgeCount } = network;
  const { offsetM: resOffset, offNetworkM: resOff } = residents;
  const { start, point: resident } = byEdge;

  // Per edge, over its residents with a reach: their weight, the shortest reach and the longest
  // off-street leg. A catchment's interior edges are then taken whole: when even the farthest point
  // of the edge (the peak of min(dA + t, dB - t), at most (dA + dB) / 2) plus the longest leg is
  // within the shortest reach, every resident on it is in reach, with no test per resident.
  const edgeWeight = new Float64Array(edgeCount);
  const edgeMinReach = new Float64Array(edgeCount).fill(-1);
  const edgeMaxOff = new Float64Array(edgeCount);
  for (let edge = 0; edge < edgeCount; edge++) {
    let w = 0, minReach = Infinity, maxOff = 0, any = false;
    for (let k = start[edge]; k < start[edge + 1]; k++) {
      const r = resident[k], reach = residentReachM[r];
      if (!(reach >= 0)) continue;
      any = true;
      w += residentWeight[r];
      if (reach < minReach) minReach = reach;
      if (resOff[r] > maxOff) maxOff = resOff[r];
    }
    if (any) { edgeWeight[edge] = w; edgeMinReach[edge] = minReach; edgeMaxOff[edge] = maxOff; }
  }
  // Pairs: a resident index r, or a whole edge as -1 - edge; step 2 adds an edge's ratios to its residents at the end.
  const pairs = new ChunkedInts();
  const pairStart = new Float64Array(facilities.count + 1);
  const edgeSeen = new Uint32Array(edgeCount);
  // Rounding margin for the whole-edge test, far below the threshold's own epsilon.
  const WHOLE_EDGE_SLACK_M = 1e-9;

  // Step 1 walks once from every facility and keeps whom it reached (facility by facility), so step 2
  // sums the ratios without walking again: 4 bytes per pair against a second search each.
  for (let j = 0; j < facilities.count; j++) {
    const e = facilities.edge[j];
    const limit = bound[j];
    let sum = 0;
    if (e >= 0 && limit >= 0) {
      search.reset();
      seedLink(network, search, facilities, j);
      search.run(limit + THRESHOLD_EPSILON_M);
      const off = facilities.offNetworkM[j], along = facilities.offsetM[j];
      const token = j + 1;
      const consider = (edge: number) => {
        if (edgeSeen[edge] === token) return;
        edgeSeen[edge] = token;
        const k0 = start[edge], k1 = start[edge + 1];
        if (k0 === k1) return;
        const dA = search.distanceM(edgeFrom[edge]), dB = search.distanceM(edgeTo[edge]) + edgeLengthM[edge];
        const minReach = edgeMinReach[edge];
        if (edge !== e && minReach >= 0 && (dA + dB) / 2 + edgeMaxOff[edge] <= minReach + THRESHOLD_EPSILON_M - WHOLE_EDGE_SLACK_M) {
          sum += edgeWeight[edge];
          pairs.push(-1 - edge);
          return;
        }
        for (let k = k0; k < k1; k++) {
          const r = resident[k];
          if (!(residentReachM[r] >= 0)) continue;
          const t = resOffset[r];
          let d = Math.min(dA + t, dB - t);
          if (edge === e) d = Math.min(d, off + Math.abs(along - t));
          d += resOff[r];
          if (d <= residentReachM[r] + THRESHOLD_EPSILON_M) {
            sum += residentWeight[r];
            pairs.push(r);
          }
        }
      };
      consider(e);
      const settled = search.settled;
      for (let s = 0, n = search.settledCount; s < n; s++) {
        const u = settled[s];
        for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) consider(adjEdge[a]);
      }
    }
    pairStart[j + 1] = pairs.length;
    demand[j] = sum;
    ratio[j] = sum > 0 ? capacity[j] / sum : 0;
  }
  const edgeAccess = new Float64Array(edgeCount);
  for (let j = 0; j < facilities.count; j++) {
    const rj = ratio[j];
    if (rj !== 0) pairs.forEach(pairStart[j], pairStart[j + 1], (p) => {
      if (p >= 0) access[p] += rj;
      else edgeAccess[-1 - p] += rj;
    });
  }
  for (let edge = 0; edge < edgeCount; edge++) {
    const a = edgeAccess[edge];
    if (a === 0) continue;
    for (let k = start[edge]; k < start[edge + 1]; k++) if (residentReachM[resident[k]] >= 0) access[resident[k]] += a;
  }
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

  constructor(readonly network: Network, readonly residents: Links) {
    this.byEdge = pointsByEdge(network.edgeCount, residents);
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

/** A growing list of int32s in fixed blocks: no copy and no doubling peak as it grows to tens of millions. */
class ChunkedInts {
  private static readonly BITS = 20;
  private readonly blocks: Int32Array[] = [];
  private block = new Int32Array(0);
  private used = 0;
  length = 0;

  push(v: number): void {
    if (this.used === this.block.length) {
      this.block = new Int32Array(1 << ChunkedInts.BITS);
      this.blocks.push(this.block);
      this.used = 0;
    }
    this.block[this.used++] = v;
    this.length++;
  }

  forEach(from: number, to: number, visit: (v: number) => void): void {
    const mask = (1 << ChunkedInts.BITS) - 1;
    for (let i = from; i < to; i++) visit(this.blocks[i >>> ChunkedInts.BITS][i & mask]);
  }
}
