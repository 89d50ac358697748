import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import { sourcesByEdge } from '../network/points-by-edge.js';
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
export function seedLink(network: Pick<Network, 'edgeFrom' | 'edgeTo' | 'edgeLengthM'>, search: NetworkSearch, links: Links, i: number, label = i): void {
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
  const nodeDistM = new Float64Array(network.nodeCount).fill(Infinity);
  const nodeSource = new Int32Array(network.nodeCount).fill(-1);
  const settled = search.settled;
  for (let i = 0; i < search.settledCount; i++) {
    const node = settled[i];
    nodeDistM[node] = search.distanceM(node);
    nodeSource[node] = search.labelOf(node);
  }
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
 */
export function distancesAtPoints(field: DistanceField<FieldGraph>, points: Links): PointDistances {
  const { network, nodeDistM, nodeSource, sourcesOnEdge, sources, maxDistM } = field;
  const { edgeFrom, edgeTo, edgeLengthM } = network;
  const distM = new Float64Array(points.count).fill(Infinity);
  const source = new Int32Array(points.count).fill(-1);
  for (let i = 0; i < points.count; i++) {
    const e = points.edge[i];
    if (e < 0) continue;
    const off = points.offNetworkM[i];
    const along = points.offsetM[i];
    const a = edgeFrom[e], b = edgeTo[e];
    let best = off + along + nodeDistM[a];
    let bestSource = nodeSource[a];
    const viaB = off + (edgeLengthM[e] - along) + nodeDistM[b];
    if (viaB < best) { best = viaB; bestSource = nodeSource[b]; }
    const direct = sourcesOnEdge.get(e);
    if (direct) {
      for (const s of direct) {
        const d = off + Math.abs(sources.offsetM[s] - along) + sources.offNetworkM[s];
        if (d < best || (d === best && s < bestSource)) { best = d; bestSource = s; }
      }
    }
    if (best <= maxDistM) {
      distM[i] = best;
      source[i] = bestSource;
    }
  }
  return { distM, source };
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
