import createGraph from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import { MultiUndirectedGraph } from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import type { Network } from '../../src/network/network.js';
import { NetworkSearch } from '../../src/routing/network-search.js';
import { bestOf } from '../lib/stage-timer.js';

export interface PeerTree {
  peer: string;
  /** How the peer was asked, since not every library has a single-source search. */
  method: string;
  buildMs: number;
  ms: number;
  /** Our full-tree time over the peer's: above 1 means we are faster by that factor. */
  speedup: number;
  /** The peer's distance to the farthest node agrees with ours (to 1e-6 m). */
  agrees: boolean;
}

export interface TreeComparison {
  source: number;
  farthest: number;
  reached: number;
  oursMs: number;
  peers: PeerTree[];
}

/**
 * A full shortest-path tree from one source, ours against ngraph.path and graphology-shortest-path on
 * the same graph (the contracted junction graph, both directions of every edge, same lengths).
 */
export function compareTrees(network: Network, source: number, opts: { repeats: number; graphologyMaxNodes: number }): TreeComparison {
  const search = new NetworkSearch(network);
  const tree = () => { search.reset(); search.seed(source, 0, 0); search.run(); };
  const oursMs = bestOf(opts.repeats, tree);
  tree();
  const farthest = search.settled[search.settledCount - 1];
  let far = farthest;
  for (let i = 0; i < search.settledCount; i++) {
    const n = search.settled[i];
    if (search.distanceM(n) > search.distanceM(far)) far = n;
  }
  const farM = search.distanceM(far);
  const reached = search.settledCount;
  const { edgeFrom, edgeTo, edgeLengthM, edgeCount, nodeCount } = network;
  const peers: PeerTree[] = [];

  // ngraph.path has no single-source search: a point-to-point Dijkstra (A* without heuristic) to the
  // farthest node settles every node nearer than it, i.e. the whole tree, which is the same work.
  {
    const t0 = performance.now();
    const g = createGraph({ multigraph: true });
    for (let n = 0; n < nodeCount; n++) g.addNode(n);
    for (let e = 0; e < edgeCount; e++) g.addLink(edgeFrom[e], edgeTo[e], edgeLengthM[e]);
    const buildMs = performance.now() - t0;
    const finder = ngraphPath.aStar(g, { distance: (_a, _b, link) => link.data as number });
    let path: { id: string | number }[] = [];
    const ms = bestOf(Math.min(opts.repeats, 3), () => { path = finder.find(source, far); });
    const lengthOf = (a: number, b: number) => {
      let best = Infinity;
      g.forEachLinkedNode(a, (other, link) => { if (other.id === b) best = Math.min(best, link.data as number); });
      return best;
    };
    let sum = 0;
    for (let i = 1; i < path.length; i++) sum += lengthOf(path[i - 1].id as number, path[i].id as number);
    peers.push({ peer: 'ngraph.path', method: 'aStar, no heuristic, to the farthest node', buildMs, ms, speedup: ms / oursMs, agrees: Math.abs(sum - farM) < 1e-6 });
  }

  // graphology-shortest-path's single-source search returns the path to every node, built by array
  // concatenation (memory grows with nodes x depth), so it runs only up to a size.
  if (nodeCount <= opts.graphologyMaxNodes) {
    const t0 = performance.now();
    const g = new MultiUndirectedGraph();
    for (let n = 0; n < nodeCount; n++) g.addNode(String(n));
    for (let e = 0; e < edgeCount; e++) g.addEdge(String(edgeFrom[e]), String(edgeTo[e]), { w: edgeLengthM[e] });
    const buildMs = performance.now() - t0;
    let paths: Record<string, string[]> = {};
    const ms = bestOf(Math.min(opts.repeats, 3), () => { paths = dijkstra.singleSource(g, String(source), 'w'); });
    const p = paths[String(far)] ?? [];
    let sum = 0;
    for (let i = 1; i < p.length; i++) {
      let best = Infinity;
      g.forEachEdge(p[i - 1], p[i], (_e: string, attr: Record<string, unknown>) => { best = Math.min(best, attr.w as number); });
      sum += best;
    }
    const agrees = Math.abs(sum - farM) < 1e-6 && Object.keys(paths).length === reached;
    peers.push({ peer: 'graphology-shortest-path', method: 'dijkstra.singleSource', buildMs, ms, speedup: ms / oursMs, agrees });
  }
  return { source, farthest: far, reached, oursMs, peers };
}
