import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import type { PointsByEdge } from '../network/points-by-edge.js';
import type { NetworkSearch } from '../routing/network-search.js';

/**
 * Every linked point within `maxDistM` of one source (a candidate site), with its walking distance:
 * one bounded search from the source, then the points on the edges it reaches. Distances are summed in
 * the same order as `distancesAtPoints`, so a site's reach agrees with a multi-source field that
 * includes it to the last bit on the same path.
 *
 * `seen` (one slot per point, reused across calls) and `token` (new for each call) make each point
 * visited once without clearing an array per call.
 */
export function pointsWithin(
  network: Network,
  search: NetworkSearch,
  byEdge: PointsByEdge,
  points: Links,
  source: Links,
  s: number,
  maxDistM: number,
  seen: Int32Array,
  token: number,
  visit: (point: number, distM: number) => void,
): void {
  const e = source.edge[s];
  if (e < 0) return;
  const { edgeFrom, edgeTo, edgeLengthM, adjStart, adjEdge } = network;
  const sOff = source.offNetworkM[s], sAlong = source.offsetM[s];
  search.reset();
  search.seed(edgeFrom[e], sOff + sAlong, 0);
  search.seed(edgeTo[e], sOff + (edgeLengthM[e] - sAlong), 0);
  search.run(maxDistM);
  const consider = (edge: number) => {
    const a = edgeFrom[edge], b = edgeTo[edge];
    const da = search.distanceM(a), db = search.distanceM(b);
    for (let k = byEdge.start[edge]; k < byEdge.start[edge + 1]; k++) {
      const p = byEdge.point[k];
      if (seen[p] === token) continue;
      seen[p] = token;
      const off = points.offNetworkM[p], along = points.offsetM[p];
      let d = off + along + da;
      const viaB = off + (edgeLengthM[edge] - along) + db;
      if (viaB < d) d = viaB;
      if (edge === e) {
        const direct = off + Math.abs(sAlong - along) + sOff;
        if (direct < d) d = direct;
      }
      if (d <= maxDistM) visit(p, d);
    }
  };
  consider(e);
  for (let i = 0; i < search.settledCount; i++) {
    const u = search.settled[i];
    for (let a = adjStart[u]; a < adjStart[u + 1]; a++) consider(adjEdge[a]);
  }
}
