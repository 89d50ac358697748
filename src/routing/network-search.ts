import type { Network } from '../network/network.js';
import { BucketQueue } from './bucket-queue.js';

/** What a search reads of a network: its CSR adjacency (a Network is one; so are shared copies in workers). */
export type RoutingGraph = Pick<Network, 'nodeCount' | 'adjStart' | 'adjNode' | 'adjLengthM'>;

export interface NetworkSearchOptions {
  /**
   * Width of the queue's distance bins, metres. Any positive width gives exact distances; it only
   * changes the speed. Default: from the network's arc lengths (see `defaultBucketWidthM`).
   */
  bucketWidthM?: number;
}

/**
 * Bounded Dijkstra over a network's CSR arrays, single- or multi-source, reusable: its arrays are
 * allocated once and a generation stamp tells this search's values from stale ones, so a new search
 * costs nothing in proportion to the network, only to what it reaches.
 *
 * Every node that a search reaches within the bound gets its distance and the label of the seed it
 * was reached from (for a multi-source search: which facility is nearest).
 */
export class NetworkSearch {
  readonly network: RoutingGraph;
  private readonly dist: Float64Array;
  private readonly label: Int32Array;
  private readonly stamp: Uint32Array;
  /** Generation in which a node was last expanded, so `settled` lists each node once. */
  private readonly expanded: Uint32Array;
  private generation = 0;
  /** The current search's queue: the default one, or one of another width (`reset`). */
  private queue: BucketQueue;
  private readonly defaultQueue: BucketQueue;
  /** Queues of other widths, made on first need. */
  private readonly otherQueues = new Map<number, BucketQueue>();
  /**
   * Nodes the last run expanded (reached within the bound and, with `expandWithinM`, within their
   * limit), each once, in the order they were first expanded: nearest first to within the queue's
   * bin width (not strictly sorted). `writeField` assumes a run without limits.
   */
  readonly settled: Int32Array;
  settledCount = 0;
  /**
   * Nodes the last run (and its seeds) reached at all, expanded or not, each once, in the order first
   * reached: every node a bound or limit stopped short of is among them with its (upper bound of a)
   * distance, which is what a catchment needs to find the edges at the edge of its search.
   */
  readonly reached: Int32Array;
  reachedCount = 0;
  /** The bound of the last run: nodes beyond it are not reached. */
  maxDistM = Infinity;

  constructor(network: RoutingGraph, opts: NetworkSearchOptions = {}) {
    this.network = network;
    const n = network.nodeCount;
    this.dist = new Float64Array(n);
    this.label = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    this.expanded = new Uint32Array(n);
    this.settled = new Int32Array(n);
    this.reached = new Int32Array(n);
    this.queue = this.defaultQueue = new BucketQueue(Math.min(n + 16, 1 << 20), opts.bucketWidthM ?? defaultBucketWidthM(network));
  }

  /**
   * Starts a new search; the previous one's values become invisible. With `bucketWidthM`, this search
   * queues in bins of that width (any width gives the same distances; see NetworkSearchOptions): a
   * small bounded search, such as a catchment's, meets mostly empty bins at the width suited to a
   * city-wide one (`smallSearchBucketWidthM`).
   */
  reset(bucketWidthM?: number): void {
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.expanded.fill(0);
      this.generation = 0;
    }
    this.generation++;
    if (bucketWidthM === undefined || bucketWidthM === this.defaultQueue.widthM) this.queue = this.defaultQueue;
    else {
      let queue = this.otherQueues.get(bucketWidthM);
      // Small searches: a small pool, grown as needed.
      if (!queue) this.otherQueues.set(bucketWidthM, (queue = new BucketQueue(1 << 12, bucketWidthM)));
      this.queue = queue;
    }
    this.queue.clear();
    this.settledCount = 0;
    this.reachedCount = 0;
  }

  /** Adds a source: `node` starts at `distM` (e.g. the walk from a facility to this end of its edge). */
  seed(node: number, distM: number, label: number): void {
    if (this.stamp[node] === this.generation) {
      if (this.dist[node] <= distM) return;
    } else {
      this.stamp[node] = this.generation;
      this.reached[this.reachedCount++] = node;
    }
    this.dist[node] = distM;
    this.label[node] = label;
    this.queue.push(node, distM);
  }

  /**
   * Runs to the bound: afterwards every node within `maxDistM` of a seed has its exact distance.
   *
   * The queue pops in distance order only to within a bin, so a node can be expanded before a
   * shorter way to it (through a node of the same bin) is found. Every improvement is queued again,
   * as in a label-correcting search, so the result is the exact shortest distance all the same; on
   * road networks such corrections are rare because few arcs are shorter than a bin.
   */
  run(
    maxDistM = Infinity,
    /**
     * Per node, the farthest from the seeds at which going on from it can still matter (a catchment
     * search's bound toward its residents: see catchments.ts). A node reached beyond its limit keeps
     * its distance but is not expanded, nor listed in `settled`; nodes on a shortest path to
     * anything within limits are expanded all the same, so their distances stay exact.
     */
    expandWithinM?: Float64Array,
    /**
     * Whether nodes take their seed's label (`labelOf`, meaningless after a run without): a catchment
     * search reads none and saves the writes (2-3% of the 2SFCA kernel's time on spread-L).
     */
    labels = true,
  ): void {
    this.maxDistM = maxDistM;
    const { adjStart, adjNode, adjLengthM } = this.network;
    const dist = this.dist, label = this.label, stamp = this.stamp, expanded = this.expanded;
    const queue = this.queue, settled = this.settled, reached = this.reached;
    const gen = this.generation;
    let settledCount = 0, reachedCount = this.reachedCount;
    for (let p = queue.pop(); p >= 0; p = queue.pop()) {
      const u = queue.entryNode[p];
      const d = queue.entryKey[p];
      // A stale entry: the node was reached more cheaply after this was pushed.
      if (d > dist[u]) continue;
      if (d > maxDistM) {
        if (queue.lowerBound() > maxDistM) break;
        continue;
      }
      if (expandWithinM !== undefined && d > expandWithinM[u]) continue;
      if (expanded[u] !== gen) {
        expanded[u] = gen;
        settled[settledCount++] = u;
      }
      const l = labels ? label[u] : 0;
      for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
        const v = adjNode[a];
        const nd = d + adjLengthM[a];
        if (stamp[v] !== gen) {
          stamp[v] = gen;
          reached[reachedCount++] = v;
        } else if (nd >= dist[v]) {
          continue;
        }
        dist[v] = nd;
        if (labels) label[v] = l;
        // Beyond the bound a node is never expanded, so it need not be queued.
        if (nd <= maxDistM) queue.push(v, nd);
      }
    }
    this.settledCount = settledCount;
    this.reachedCount = reachedCount;
  }

  /**
   * Writes the last run's answer for every node: its distance (`distanceM`) and seed label
   * (`labelOf`). When the run reached a good part of the network the arrays are written in node
   * order: the settled list's order scatters the writes over them, which on a million nodes cost
   * several times the sequential pass (about 30 against 8 ms a field on the spread-L city).
   */
  writeField(nodeDistM: Float64Array, nodeSource: Int32Array): void {
    const n = this.network.nodeCount;
    const { dist, label, stamp } = this;
    const gen = this.generation, max = this.maxDistM;
    if (this.settledCount * 8 >= n) {
      for (let v = 0; v < n; v++) {
        const d = stamp[v] === gen && dist[v] <= max ? dist[v] : Infinity;
        nodeDistM[v] = d;
        nodeSource[v] = d < Infinity ? label[v] : -1;
      }
      return;
    }
    nodeDistM.fill(Infinity, 0, n);
    nodeSource.fill(-1, 0, n);
    const settled = this.settled;
    for (let i = 0; i < this.settledCount; i++) {
      const v = settled[i];
      nodeDistM[v] = this.distanceM(v);
      nodeSource[v] = this.labelOf(v);
    }
  }

  /** Distance of a node from the nearest seed, or Infinity when beyond the bound or unreachable. */
  distanceM(node: number): number {
    if (this.stamp[node] !== this.generation) return Infinity;
    const d = this.dist[node];
    return d <= this.maxDistM ? d : Infinity;
  }

  /** Whether the last run expanded the node (it is in `settled`). */
  isExpanded(node: number): boolean {
    return this.expanded[node] === this.generation;
  }

  /** Label of the seed nearest to a node, or -1 when the node was not reached. */
  labelOf(node: number): number {
    return this.distanceM(node) < Infinity ? this.label[node] : -1;
  }
}

/**
 * The bin width for small bounded searches (a 15-minute catchment reaches a few hundred nodes): twice
 * the median arc. Their bins are sparse at the city-wide width, and popping walks the empty ones; on
 * spread-L (median arc 60 m) widths of 60 to 250 m made the 2SFCA kernel 6-8% faster than the
 * city-wide 7.4 m, and 1 km or more slower again (corrections within a bin).
 */
export function smallSearchBucketWidthM(network: RoutingGraph): number {
  return Math.min(250, Math.max(1, 2 * medianArcM(network)));
}

/** The median arc length, from a sample (enough for a percentile, and cheap on large networks); 0 with no arcs. */
function medianArcM(network: RoutingGraph): number {
  const lengths = network.adjLengthM;
  const m = lengths.length;
  if (m === 0) return 0;
  const step = Math.max(1, Math.floor(m / 4096));
  const sample: number[] = [];
  for (let a = 0; a < m; a += step) sample.push(lengths[a]);
  sample.sort((x, y) => x - y);
  return sample[Math.floor(sample.length / 2)];
}

/**
 * A bin a little shorter than most arcs: wide enough that popping rarely meets an empty bin, narrow
 * enough that few arcs fall inside one bin (each such arc can cost a correction). Measured on the
 * benchmark networks (benchmarks/RESULTS.md): the median arc length over 8, within 1-10 m.
 */
export function defaultBucketWidthM(network: RoutingGraph): number {
  if (network.adjLengthM.length === 0) return 1;
  return Math.min(10, Math.max(1, medianArcM(network) / 8));
}
