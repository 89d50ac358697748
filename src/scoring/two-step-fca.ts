import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
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
): TwoStepResult {
  const counted = (r: number) => residents.edge[r] >= 0 && residentReachM[r] >= 0;
  const byEdge = residentsByEdge(network, residents, counted);
  const bound = catchmentBounds(network, facilities, residents, residentReachM, byEdge, search);
  const demand = new Float64Array(facilities.count);
  const ratio = new Float64Array(facilities.count);
  const access = new Float64Array(residents.count);
  const pairs = new ChunkedInts();
  const pairStart = new Float64Array(facilities.count + 1);
  const edgeSeen = new Uint32Array(network.edgeCount);
  const { edgeFrom, edgeTo, edgeLengthM, adjStart, adjEdge } = network;
  const { offsetM: resOffset, offNetworkM: resOff } = residents;
  const { start, resident } = byEdge;

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
        for (let k = k0; k < k1; k++) {
          const r = resident[k];
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
  for (let j = 0; j < facilities.count; j++) {
    const rj = ratio[j];
    if (rj !== 0) pairs.forEach(pairStart[j], pairStart[j + 1], (r) => { access[r] += rj; });
  }
  return { demand, ratio, access };
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
  byEdge: { start: Int32Array; resident: Int32Array },
  search: NetworkSearch,
): Float64Array {
  const bound = new Float64Array(facilities.count).fill(-1);
  const reaches = new Set<number>();
  for (let k = 0; k < byEdge.resident.length; k++) reaches.add(residentReachM[byEdge.resident[k]]);
  if (reaches.size === 0) return bound;
  // Many distinct reaches (a reach per resident): one class at the largest, still exact.
  const classes = [...reaches].sort((a, b) => b - a);
  const checked = classes.length > 16 ? [] : classes.slice(0, -1);
  const fallback = classes.length > 16 ? classes[0] : classes[classes.length - 1];
  const { edgeFrom, edgeTo, edgeLengthM } = network;
  for (const reach of checked) {
    search.reset();
    for (let k = 0; k < byEdge.resident.length; k++) {
      const r = byEdge.resident[k];
      if (residentReachM[r] === reach) seedLink(network, search, residents, r);
    }
    search.run(reach + THRESHOLD_EPSILON_M);
    for (let j = 0; j < facilities.count; j++) {
      const e = facilities.edge[j];
      if (e < 0 || bound[j] >= 0) continue;
      const off = facilities.offNetworkM[j], along = facilities.offsetM[j];
      let d = Math.min(search.distanceM(edgeFrom[e]) + along, search.distanceM(edgeTo[e]) + edgeLengthM[e] - along);
      for (let k = byEdge.start[e]; k < byEdge.start[e + 1]; k++) {
        const r = byEdge.resident[k];
        if (residentReachM[r] === reach) d = Math.min(d, residents.offNetworkM[r] + Math.abs(residents.offsetM[r] - along));
      }
      if (d + off <= reach + THRESHOLD_EPSILON_M) bound[j] = reach;
    }
  }
  for (let j = 0; j < facilities.count; j++) if (bound[j] < 0 && facilities.edge[j] >= 0) bound[j] = fallback;
  return bound;
}

/**
 * Linked points grouped by edge (CSR), so a search can find the points along the edges it reaches;
 * `keep` leaves points out (e.g. residents no rule counts).
 */
export function residentsByEdge(network: Network, points: Links, keep: (i: number) => boolean = (i) => points.edge[i] >= 0): { start: Int32Array; resident: Int32Array } {
  const start = new Int32Array(network.edgeCount + 1);
  for (let i = 0; i < points.count; i++) if (points.edge[i] >= 0 && keep(i)) start[points.edge[i] + 1]++;
  for (let e = 0; e < network.edgeCount; e++) start[e + 1] += start[e];
  const fill = start.slice(0, network.edgeCount);
  const resident = new Int32Array(start[network.edgeCount]);
  for (let i = 0; i < points.count; i++) if (points.edge[i] >= 0 && keep(i)) resident[fill[points.edge[i]]++] = i;
  return { start, resident };
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
