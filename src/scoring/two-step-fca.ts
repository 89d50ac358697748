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
 * Both steps use the same exact network distances; searches are bounded by the largest catchment.
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
  const byEdge = residentsByEdge(network, residents);
  let maxReach = 0;
  for (let i = 0; i < residentReachM.length; i++) if (residentReachM[i] > maxReach) maxReach = residentReachM[i];
  const demand = new Float64Array(facilities.count);
  const ratio = new Float64Array(facilities.count);
  const access = new Float64Array(residents.count);
  const seen = new Int32Array(residents.count).fill(-1);
  let visitToken = 0;

  const visitReached = (j: number, onResident: (r: number) => void) => {
    const e = facilities.edge[j];
    if (e < 0) return;
    search.reset();
    seedLink(network, search, facilities, j);
    const off = facilities.offNetworkM[j], along = facilities.offsetM[j];
    search.run(maxReach);
    const token = visitToken++;
    const consider = (edge: number) => {
      for (let k = byEdge.start[edge]; k < byEdge.start[edge + 1]; k++) {
        const r = byEdge.resident[k];
        if (seen[r] === token) continue;
        seen[r] = token;
        const t = residents.offsetM[r];
        let d = Math.min(search.distanceM(network.edgeFrom[edge]) + t, search.distanceM(network.edgeTo[edge]) + network.edgeLengthM[edge] - t);
        if (edge === e) d = Math.min(d, off + Math.abs(along - t));
        d += residents.offNetworkM[r];
        if (d <= residentReachM[r] + THRESHOLD_EPSILON_M) onResident(r);
      }
    };
    consider(e);
    for (let s = 0; s < search.settledCount; s++) {
      const u = search.settled[s];
      for (let a = network.adjStart[u]; a < network.adjStart[u + 1]; a++) consider(network.adjEdge[a]);
    }
  };

  // Step 1 walks once from every facility and keeps whom it reached (facility by facility, CSR), so
  // step 2 sums the ratios without walking again: a few bytes per pair against a second search each.
  let reached = new Int32Array(1 << 16);
  let count = 0;
  const reachedStart = new Int32Array(facilities.count + 1);
  for (let j = 0; j < facilities.count; j++) {
    let sum = 0;
    visitReached(j, (r) => {
      sum += residentWeight[r];
      if (count === reached.length) {
        const grown = new Int32Array(reached.length * 2);
        grown.set(reached);
        reached = grown;
      }
      reached[count++] = r;
    });
    reachedStart[j + 1] = count;
    demand[j] = sum;
    ratio[j] = sum > 0 ? capacity[j] / sum : 0;
  }
  for (let j = 0; j < facilities.count; j++) {
    const rj = ratio[j];
    for (let k = reachedStart[j]; k < reachedStart[j + 1]; k++) access[reached[k]] += rj;
  }
  return { demand, ratio, access };
}

/** Linked points grouped by edge (CSR), so a search can find the points along the edges it reaches. */
export function residentsByEdge(network: Network, points: Links): { start: Int32Array; resident: Int32Array } {
  const start = new Int32Array(network.edgeCount + 1);
  for (let i = 0; i < points.count; i++) if (points.edge[i] >= 0) start[points.edge[i] + 1]++;
  for (let e = 0; e < network.edgeCount; e++) start[e + 1] += start[e];
  const fill = start.slice(0, network.edgeCount);
  const resident = new Int32Array(start[network.edgeCount]);
  for (let i = 0; i < points.count; i++) if (points.edge[i] >= 0) resident[fill[points.edge[i]]++] = i;
  return { start, resident };
}

