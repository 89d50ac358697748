import { parentPort } from 'node:worker_threads';
import { NetworkSearch } from '../routing/network-search.js';
import type { SharedGraph } from './shared-graph.js';
import type { FieldTask } from './parallel-fields.js';

// One NetworkSearch per worker, over the shared graph; each task fills one category's shared output.
let graph: SharedGraph | undefined;
let search: NetworkSearch | undefined;

parentPort!.on('message', (msg: { graph: SharedGraph } | FieldTask) => {
  if ('graph' in msg) {
    graph = msg.graph;
    search = new NetworkSearch(graph);
    parentPort!.postMessage({ ready: true });
    return;
  }
  const { edgeFrom, edgeTo, edgeLengthM } = graph!;
  const s = search!;
  const { edge, offsetM, offNetworkM, maxDistM, nodeDistM, nodeSource } = msg;
  s.reset();
  // As distanceField seeds: a source enters at both ends of its edge, after its off-network leg.
  for (let i = 0; i < edge.length; i++) {
    const e = edge[i];
    if (e < 0) continue;
    s.seed(edgeFrom[e], offNetworkM[i] + offsetM[i], i);
    s.seed(edgeTo[e], offNetworkM[i] + (edgeLengthM[e] - offsetM[i]), i);
  }
  s.run(maxDistM);
  for (let k = 0; k < s.settledCount; k++) {
    const n = s.settled[k];
    nodeDistM[n] = s.distanceM(n);
    nodeSource[n] = s.labelOf(n);
  }
  parentPort!.postMessage({ done: msg.id });
});
