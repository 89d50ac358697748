import type { Network } from '../network/network.js';
import { MinHeap } from './min-heap.js';

/**
 * Bounded Dijkstra over a network's CSR arrays, single- or multi-source, reusable: its arrays are
 * allocated once and a generation stamp tells this search's values from stale ones, so a new search
 * costs nothing in proportion to the network, only to what it reaches.
 *
 * Every node that a search settles gets its distance and the label of the seed it was reached from
 * (for a multi-source search: which facility is nearest).
 */
export class NetworkSearch {
  readonly network: Network;
  private readonly dist: Float64Array;
  private readonly label: Int32Array;
  private readonly stamp: Uint32Array;
  private generation = 0;
  private readonly heap: MinHeap;
  /** Nodes settled by the last run, in the order they were settled (nearest first). */
  readonly settled: Int32Array;
  settledCount = 0;
  /** The bound of the last run: nodes beyond it are not reached. */
  maxDistM = Infinity;

  constructor(network: Network) {
    this.network = network;
    const n = network.nodeCount;
    this.dist = new Float64Array(n);
    this.label = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.settled = new Int32Array(n);
    this.heap = new MinHeap(Math.min(network.adjNode.length + 16, 1 << 20));
  }

  /** Starts a new search; the previous one's values become invisible. */
  reset(): void {
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    this.generation++;
    this.heap.clear();
    this.settledCount = 0;
  }

  /** Adds a source: `node` starts at `distM` (e.g. the walk from a facility to this end of its edge). */
  seed(node: number, distM: number, label: number): void {
    if (this.stamp[node] === this.generation && this.dist[node] <= distM) return;
    this.stamp[node] = this.generation;
    this.dist[node] = distM;
    this.label[node] = label;
    this.heap.push(node, distM);
  }

  /** Runs to the bound: afterwards every node within `maxDistM` of a seed has its exact distance. */
  run(maxDistM = Infinity): void {
    this.maxDistM = maxDistM;
    const { adjStart, adjNode, adjLengthM } = this.network;
    const dist = this.dist, label = this.label, stamp = this.stamp, heap = this.heap, settled = this.settled;
    const gen = this.generation;
    let settledCount = 0;
    while (heap.length > 0) {
      const d = heap.peekKey();
      if (d > maxDistM) break;
      const u = heap.pop();
      // A stale entry: the node was reached more cheaply after this was pushed.
      if (d > dist[u]) continue;
      settled[settledCount++] = u;
      const l = label[u];
      for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
        const v = adjNode[a];
        const nd = d + adjLengthM[a];
        if (stamp[v] !== gen) {
          stamp[v] = gen;
        } else if (nd >= dist[v]) {
          continue;
        }
        dist[v] = nd;
        label[v] = l;
        heap.push(v, nd);
      }
    }
    this.settledCount = settledCount;
  }

  /** Distance of a node from the nearest seed, or Infinity when beyond the bound or unreachable. */
  distanceM(node: number): number {
    if (this.stamp[node] !== this.generation) return Infinity;
    const d = this.dist[node];
    return d <= this.maxDistM ? d : Infinity;
  }

  /** Label of the seed nearest to a node, or -1 when the node was not reached. */
  labelOf(node: number): number {
    return this.distanceM(node) < Infinity ? this.label[node] : -1;
  }
}
