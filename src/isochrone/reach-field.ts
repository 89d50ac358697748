import type { Links } from '../network/link-points.js';
import type { DistanceField } from '../routing/distance-field.js';
import type { NetworkSearch } from '../routing/network-search.js';

/**
 * The state of a search that has just run, with the sources it was seeded from: what an isochrone is
 * drawn from without copying the search's per-node arrays (cheaper than a `DistanceField` when many
 * origins are drawn in turn with one reused search).
 */
export interface SearchState {
  readonly search: NetworkSearch;
  readonly sources: Links;
  /**
   * Where each source stands, on the network's local plane (metres). When given, the straight walk from
   * the source to its linking point counts as reached ground too, so the origin lies inside its own
   * isochrone even when it stands far off the street.
   */
  readonly sourceX?: Float64Array;
  readonly sourceY?: Float64Array;
}

/** A travel-distance field to draw from: a computed `DistanceField`, or a search that has just run. */
export type ReachField = DistanceField | SearchState;

/** The few questions polygon and line drawing ask of a field, whatever its form. */
export interface FieldView {
  readonly sources: Links;
  readonly sourceX: Float64Array | undefined;
  readonly sourceY: Float64Array | undefined;
  /** Distance of a node from the nearest source, Infinity when not reached within the bound. */
  nodeDistM(node: number): number;
  /** Calls `visit` for every reached node (each once). */
  forEachReachedNode(visit: (node: number) => void): void;
  /** How many nodes are reached. */
  readonly reachedCount: number;
  /** Writes every node's distance (Infinity when not reached) into `out`, which has a slot per node. */
  fillDistances(out: Float64Array): void;
}

export function viewField(field: ReachField): FieldView {
  if ('search' in field) {
    const { search } = field;
    return {
      sources: field.sources,
      sourceX: field.sourceX,
      sourceY: field.sourceY,
      nodeDistM: (n) => search.distanceM(n),
      forEachReachedNode(visit) {
        const settled = search.settled;
        for (let i = 0, n = search.settledCount; i < n; i++) visit(settled[i]);
      },
      reachedCount: search.settledCount,
      fillDistances(out) {
        for (let n = 0; n < out.length; n++) out[n] = search.distanceM(n);
      },
    };
  }
  const { nodeDistM } = field;
  let reached = 0;
  for (let n = 0; n < nodeDistM.length; n++) if (nodeDistM[n] < Infinity) reached++;
  return {
    sources: field.sources,
    sourceX: undefined,
    sourceY: undefined,
    nodeDistM: (n) => nodeDistM[n],
    forEachReachedNode(visit) {
      for (let n = 0; n < nodeDistM.length; n++) if (nodeDistM[n] < Infinity) visit(n);
    },
    reachedCount: reached,
    fillDistances(out) {
      out.set(nodeDistM);
    },
  };
}
