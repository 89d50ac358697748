import type { Network } from '../network/network.js';
import type { RoutingGraph } from '../routing/network-search.js';
import { inSharedMemory as shared } from './shared-memory.js';

/** The arrays a worker needs to route, to seed from links and to walk catchments, as typed arrays over SharedArrayBuffers. */
export interface SharedGraph extends RoutingGraph {
  readonly adjEdge: Int32Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeLengthM: Float64Array;
}

/** The routing arrays in shared memory (see inSharedMemory); workers then read them without copies of their own. */
export function shareGraph(network: Network): SharedGraph {
  return {
    nodeCount: network.nodeCount,
    adjStart: shared(network.adjStart),
    adjNode: shared(network.adjNode),
    adjLengthM: shared(network.adjLengthM),
    adjEdge: shared(network.adjEdge),
    edgeFrom: shared(network.edgeFrom),
    edgeTo: shared(network.edgeTo),
    edgeLengthM: shared(network.edgeLengthM),
  };
}
