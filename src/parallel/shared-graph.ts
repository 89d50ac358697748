import type { Network } from '../network/network.js';
import type { RoutingGraph } from '../routing/network-search.js';

/** The arrays a worker needs to route, to seed from links and to walk catchments, as typed arrays over SharedArrayBuffers. */
export interface SharedGraph extends RoutingGraph {
  readonly adjEdge: Int32Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeLengthM: Float64Array;
}

/** Copies the routing arrays into shared memory once; workers then read them without copies of their own. */
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

function shared<T extends Int32Array | Float64Array>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}
