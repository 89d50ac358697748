import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import { pointsByEdge, sourcesByEdge, type PointsByEdge } from '../network/points-by-edge.js';
import { float64s, int32s } from '../network/shareable-arrays.js';
import { NetworkSearch, type RoutingGraph } from './network-search.js';

/** What a field reads of a network: its adjacency, and each edge's ends and length (a Network, or a worker's shared copy). */
export type FieldGraph = RoutingGraph & Pick<Network, 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>;

/**
 * Walking distance from every node to the nearest of a set of sources (e.g. all clinics), from one
 * multi-source search: the core of coverage. Sources enter the network at their linking point, so each
 * seeds both ends of its edge with its off-network leg plus the walk along the edge.
 */
export interface DistanceField<G extends FieldGraph = Network> {
  readonly network: G;
  /** The bound of the search; nodes and points beyond it read as Infinity. */
  readonly maxDistM: number;
  /** Distance from each node to the nearest source, metres (Infinity: beyond the bound or unreachable). */
  readonly nodeDistM: Float64Array;
  /** Index of that nearest source (into the sources' Links), -1 where unreached. */
  readonly nodeSource: Int32Array;
  /** Sources, grouped by the edge they link to, for the direct way along a shared edge. */
  readonly sourcesOnEdge: ReadonlyMap<number, readonly number[]>;
  readonly sources: Links;
}

export interface DistanceFieldOptions {
  /** Stop the search beyond this many metres. Default: no bound. */
  maxDistM?: number;
  /** A search to reuse (saves its allocation when many fields are computed in turn). */
  search?: NetworkSearch;
}

/**
 * Seeds a search from linked point i, labelled `label`: it enters both ends of its edge after its
 * off-network leg and the walk along the edge. Unlinked points seed nothing.
 */
export function seedLink(network: Pick<Network, 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>, search: NetworkSearch, links: Pick<Links, 'edge' | 'offsetM' | 'offNetworkM'>, i: number, label = i): void {
  const e = links.edge[i];
  if (e < 0) return;
  const off = links.offNetworkM[i], along = links.offsetM[i];
  search.seed(network.edgeFrom[e], off + along, label);
  search.seed(network.edgeTo[e], off + (network.edgeLengthM[e] - along), label);
}

/** Starts a new search from every linked point, each labelled with its index. */
export function seedLinks(network: Pick<Network, 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>, search: NetworkSearch, links: Links): void {
  search.reset();
  for (let s = 0; s < links.count; s++) seedLink(network, search, links, s);
}

export function distanceField<G extends FieldGraph = Network>(network: G, sources: Links, opts: DistanceFieldOptions = {}): DistanceField<G> {
  const maxDistM = opts.maxDistM ?? Infinity;
  const search = opts.search ?? new NetworkSearch(network);
  seedLinks(network, search, sources);
  search.run(maxDistM);
  const nodeDistM = new Float64Array(network.nodeCount);
  const nodeSource = new Int32Array(network.nodeCount);
  search.writeField(nodeDistM, nodeSource);
  return { network, maxDistM, nodeDistM, nodeSource, sourcesOnEdge: sourcesByEdge(sources), sources };
}

export interface PointDistances {
  /** Walking distance from each point to its nearest source, metres; Infinity when none within the bound. */
  readonly distM: Float64Array;
  /** Index of that source, -1 when none. */
  readonly source: Int32Array;
}

/**
 * Distance from each linked point to its nearest source: the point's off-network leg,
 * then along its edge to either end and on through the field, or, for sources on the same edge, the
 * direct way along it.
 *
 * The points' entries (see `pointEntries`) are read in order, so the only scattered reads are the
 * field's node distances; the direct ways are a second pass over the few edges that hold a source
 * (a map lookup per point cost more than the rest of the loop: 33-59 against 14 ms for 1M points on
 * spread-L). The same sums in the same order as a point-by-point loop, so the same distances to the bit.
 */
export function distancesAtPoints(
  field: DistanceField<FieldGraph>, points: Links,
  /** Whether the answer is in shared memory (a router with workers: they may read it later, `CatchmentRouter.startNearestSums`). */
  shared = false,
): PointDistances {
  const { nodeDistM, nodeSource, sourcesOnEdge, sources, maxDistM } = field;
  const { from, to, fromM, toM } = pointEntries(field.network, points);
  const n = points.count;
  const distM = float64s(n, shared);
  const source = int32s(n, shared);
  for (let i = 0; i < n; i++) {
    const a = from[i];
    if (a < 0) { distM[i] = Infinity; source[i] = -1; continue; }
    const b = to[i];
    let best = fromM[i] + nodeDistM[a];
    let bestSource = nodeSource[a];
    const viaB = toM[i] + nodeDistM[b];
    if (viaB < best) { best = viaB; bestSource = nodeSource[b]; }
    if (best <= maxDistM) { distM[i] = best; source[i] = bestSource; } else { distM[i] = Infinity; source[i] = -1; }
  }
  if (sourcesOnEdge.size === 0) return { distM, source };
  const byEdge = pointsOnEdges(field.network, points);
  for (const [e, direct] of sourcesOnEdge) {
    for (let k = byEdge.start[e], end = byEdge.start[e + 1]; k < end; k++) {
      const i = byEdge.point[k];
      const off = points.offNetworkM[i], along = points.offsetM[i];
      for (const s of direct) {
        const d = off + Math.abs(sources.offsetM[s] - along) + sources.offNetworkM[s];
        // Beyond the bound nothing is recorded; within it, the nearer way wins and a tie goes to the lower index.
        if (d <= maxDistM && (d < distM[i] || (d === distM[i] && s < source[i]))) { distM[i] = d; source[i] = s; }
      }
    }
  }
  return { distM, source };
}

/**
 * Where each linked point enters the network: its edge's two ends (`from` -1 for an unlinked point)
 * and the walk to each, its off-network leg plus the way along the edge.
 */
interface PointEntries {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly fromM: Float64Array;
  readonly toM: Float64Array;
}

type EntryGraph = Pick<Network, 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>;

interface CachedEntries { readonly graph: EntryGraph; readonly entries: PointEntries; byEdge?: PointsByEdge }

// Links never change once made, and the route stage reads the same residents' links for every field
// (18 fields of 1M points on the spread-L city): their entries are laid out once per graph and kept
// as long as the links are.
const entriesOf = new WeakMap<Links, CachedEntries>();

function cachedEntries(network: EntryGraph, points: Links): CachedEntries {
  let cached = entriesOf.get(points);
  if (!cached || cached.graph.edgeFrom !== network.edgeFrom) {
    cached = { graph: network, entries: layEntries(network, points) };
    entriesOf.set(points, cached);
  }
  return cached;
}

function pointEntries(network: EntryGraph, points: Links): PointEntries {
  return cachedEntries(network, points).entries;
}

/** The points grouped by edge, for sources on a point's own edge (made on first need, then kept). */
function pointsOnEdges(network: EntryGraph, points: Links): PointsByEdge {
  const cached = cachedEntries(network, points);
  return (cached.byEdge ??= pointsByEdge(network.edgeFrom.length, points));
}

function layEntries(network: EntryGraph, points: Links): PointEntries {
  const { edgeFrom, edgeTo, edgeLengthM } = network;
  const n = points.count;
  const from = new Int32Array(n), to = new Int32Array(n);
  const fromM = new Float64Array(n), toM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = points.edge[i];
    if (e < 0) { from[i] = -1; to[i] = -1; continue; }
    const off = points.offNetworkM[i], along = points.offsetM[i];
    from[i] = edgeFrom[e];
    to[i] = edgeTo[e];
    fromM[i] = off + along;
    toM[i] = off + (edgeLengthM[e] - along);
  }
  return { from, to, fromM, toM };
}

/**
 * Walking distance between two linked points (off-network legs, along both edges and the network
 * path between; the direct way too when they share an edge), or Infinity when they are not connected. One single-source search; for many pairs prefer a field.
 */
export function pointToPointM(network: Network, from: Links, i: number, to: Links, j: number, search?: NetworkSearch): number {
  const one = singleLink(from, i);
  const field = distanceField(network, one, { search });
  return distancesAtPoints(field, singleLink(to, j)).distM[0];
}

/** A Links of one point, taken from another Links. */
export function singleLink(links: Links, i: number): Links {
  return {
    count: 1,
    edge: Int32Array.of(links.edge[i]),
    offsetM: Float64Array.of(links.offsetM[i]),
    offNetworkM: Float64Array.of(links.offNetworkM[i]),
    snapX: Float64Array.of(links.snapX[i]),
    snapY: Float64Array.of(links.snapY[i]),
    unlinked: links.edge[i] < 0 ? 1 : 0,
    linkedToIsland: 0,
  };
}
