import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { distanceField, distancesAtPoints, type PointDistances } from './distance-field.js';
import { NetworkSearch } from './network-search.js';

/**
 * The route stage: for each set of sources (a category's facilities), every point's distance to the
 * nearest of them. `analyze` asks for all its sets at once, so a router may spread them over threads
 * (`ParallelRouter` in lifecircle/node); the answers are the same either way.
 */
export interface FieldRouter {
  /** One PointDistances per source set, in order; `onDone` is told how many sets are finished. */
  route(sourceSets: readonly Links[], points: Links, onDone?: (done: number) => void): PointDistances[];
}

/** The sets one after another on this thread, with one search reused. */
export function sequentialRouter(network: Network, search: NetworkSearch = new NetworkSearch(network)): FieldRouter {
  return {
    route(sourceSets, points, onDone) {
      return sourceSets.map((sources, k) => {
        const at = distancesAtPoints(distanceField(network, sources, { search }), points);
        onDone?.(k + 1);
        return at;
      });
    },
  };
}
