import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { distanceField, distancesAtPoints, type DistanceField, type PointDistances } from './distance-field.js';
import { NetworkSearch } from './network-search.js';
import type { CatchmentRouter } from './catchments.js';

/**
 * The route stage: for each set of sources (a category's facilities), every point's distance to the
 * nearest of them. `analyze` asks for all its sets at once, so a router may spread them over threads
 * (`ParallelRouter` in lifecircle/node); the answers are the same either way. A router may also
 * compute the capacity stage's facility catchments (2SFCA): analyze then gives those to it too.
 */
export interface FieldRouter extends Partial<CatchmentRouter> {
  /**
   * One PointDistances per source set, in order; `onDone` is told how many sets are finished. Sets
   * marked in `keepNodes` also bring their field's distance at every node (`nodeDistM`), which
   * coverage drawing reuses instead of searching again.
   */
  route(sourceSets: readonly Links[], points: Links, onDone?: (done: number) => void, keepNodes?: readonly boolean[]): RoutedSet[];
}

/**
 * Each category's field at every node, from its facilities as linked in `facilityLinks`: what an
 * analysis keeps of its route stage for coverage drawing (valid only with those links).
 */
export interface CategoryFields {
  readonly facilityLinks: Links;
  readonly nodeDistM: ReadonlyMap<string, Float64Array>;
}

/** A set's distances at the points, and at every node when asked. */
export interface RoutedSet extends PointDistances {
  readonly nodeDistM?: Float64Array;
}

/** A field's answer: the distances at the points (in shared memory when `shared`), with the node distances when `keep`. */
export function routedSet(field: DistanceField, points: Links, keep: boolean | undefined, shared = false): RoutedSet {
  const at = distancesAtPoints(field, points, shared);
  return keep ? { ...at, nodeDistM: field.nodeDistM } : at;
}

/** The sets one after another on this thread, with one search reused. */
export function sequentialRouter(network: Network, search: NetworkSearch = new NetworkSearch(network)): FieldRouter {
  return {
    route(sourceSets, points, onDone, keepNodes) {
      return sourceSets.map((sources, k) => {
        const at = routedSet(distanceField(network, sources, { search }), points, keepNodes?.[k]);
        onDone?.(k + 1);
        return at;
      });
    },
  };
}
