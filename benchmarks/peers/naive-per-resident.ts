import distance from '@turf/distance';
import type { Position } from 'geojson';
import type { Network } from '../../src/network/network.js';
import type { Links } from '../../src/network/link-points.js';
import { subsetLinks } from '../../src/network/link-points.js';
import { NetworkSearch } from '../../src/routing/network-search.js';
import { distanceField, distancesAtPoints } from '../../src/routing/distance-field.js';

export interface NaiveComparison {
  residents: number;
  /** Residents the naive approach actually ran on (all of them, or an evenly spaced sample). */
  sampled: number;
  categories: number;
  thresholdM: number;
  oursMs: number;
  naiveMs: number;
  /** naiveMs scaled from the sample to every resident (equal to naiveMs without sampling). */
  naiveAllMs: number;
  speedup: number;
  /** Resident-category pairs compared, and those where the two disagree (beyond 1e-6 m). */
  pairs: number;
  mismatches: number;
}

/**
 * The approach a first attempt takes: for each resident, a straight-line buffer (turf distance)
 * picks the facilities that could be within the threshold, then one Dijkstra from the resident finds
 * the nearest of them by network. Its Dijkstra is ours (NetworkSearch), so the ratio measures the
 * approach (one search per resident against one per category), not a slower heap.
 */
export function compareNaive(
  network: Network,
  residents: { positions: Position[]; links: Links },
  facilities: { positions: Position[]; links: Links; category: string[] },
  thresholdM: number,
  maxSample: number,
): NaiveComparison {
  const categories = [...new Set(facilities.category)].sort();
  const n = residents.links.count;

  const search = new NetworkSearch(network);
  const oursRun = () => categories.map((c) => {
    const members = facilities.category.flatMap((fc, i) => (fc === c ? [i] : []));
    const field = distanceField(network, subsetLinks(facilities.links, members), { maxDistM: thresholdM, search });
    return distancesAtPoints(field, residents.links).distM;
  });
  let ours = oursRun();
  // Best of three, as the naive side's many small searches get warmed up by their own repetition.
  let oursMs = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    ours = oursRun();
    oursMs = Math.min(oursMs, performance.now() - t0);
  }

  const step = Math.max(1, Math.ceil(n / maxSample));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) sample.push(i);
  const { edgeFrom, edgeTo, edgeLengthM } = network;
  const fl = facilities.links;
  const categoryIndex = new Map(categories.map((c, i) => [c, i]));
  // The buffer is widened by 1% because turf measures on the sphere and the network on a local plane.
  const bufferM = thresholdM * 1.01;
  const naive = new Float64Array(sample.length * categories.length).fill(Infinity);
  const t1 = performance.now();
  const naiveSearch = new NetworkSearch(network);
  sample.forEach((r, k) => {
    const e = residents.links.edge[r];
    if (e < 0) return;
    const candidates: number[] = [];
    for (let f = 0; f < fl.count; f++) {
      if (fl.edge[f] >= 0 && distance(residents.positions[r], facilities.positions[f], { units: 'meters' }) <= bufferM) candidates.push(f);
    }
    if (candidates.length === 0) return;
    const off = residents.links.offNetworkM[r], along = residents.links.offsetM[r];
    naiveSearch.reset();
    naiveSearch.seed(edgeFrom[e], off + along, 0);
    naiveSearch.seed(edgeTo[e], off + edgeLengthM[e] - along, 0);
    naiveSearch.run(thresholdM);
    for (const f of candidates) {
      const fe = fl.edge[f], fa = fl.offsetM[f], fo = fl.offNetworkM[f];
      let d = Math.min(naiveSearch.distanceM(edgeFrom[fe]) + fa, naiveSearch.distanceM(edgeTo[fe]) + edgeLengthM[fe] - fa) + fo;
      if (fe === e) d = Math.min(d, off + Math.abs(fa - along) + fo);
      const slot = k * categories.length + categoryIndex.get(facilities.category[f])!;
      if (d <= thresholdM && d < naive[slot]) naive[slot] = d;
    }
  });
  const naiveMs = performance.now() - t1;

  let mismatches = 0;
  sample.forEach((r, k) => {
    categories.forEach((_, c) => {
      const a = ours[c][r], b = naive[k * categories.length + c];
      if (a === Infinity || b === Infinity ? a !== b : Math.abs(a - b) > 1e-6) mismatches++;
    });
  });
  const naiveAllMs = naiveMs * (n / sample.length);
  return {
    residents: n, sampled: sample.length, categories: categories.length, thresholdM,
    oursMs, naiveMs, naiveAllMs, speedup: naiveAllMs / oursMs,
    pairs: sample.length * categories.length, mismatches,
  };
}
