import { parentPort } from 'node:worker_threads';
import type { Links } from '../network/link-points.js';
import { distanceField, distancesAtPoints } from '../routing/distance-field.js';
import { NetworkSearch } from '../routing/network-search.js';
import type { SharedGraph } from './shared-graph.js';
import { TASK_DONE_BY_WORKER, TASK_OPEN, type RouteBatch } from './parallel-router.js';

// Takes source sets off a batch's shared counter until none are left; sends each answer, then marks
// the set done (unless the main thread has taken it over meanwhile) and wakes the main thread.
let graph: SharedGraph | undefined;
let search: NetworkSearch | undefined;

parentPort!.on('message', (msg: { graph: SharedGraph } | RouteBatch) => {
  if ('graph' in msg) {
    graph = msg.graph;
    search = new NetworkSearch(graph);
    parentPort!.postMessage({ ready: true });
    return;
  }
  const { control, sets, port, keepNodes } = msg;
  // The sets and points carry the link arrays a field reads; the snap positions are not needed.
  const points = msg.points as Links;
  for (let t = Atomics.add(control, 0, 1); t < sets.length; t = Atomics.add(control, 0, 1)) {
    const field = distanceField(graph!, sets[t] as Links, { search });
    const { distM, source } = distancesAtPoints(field, points);
    if (keepNodes?.[t]) {
      const nodeDistM = field.nodeDistM;
      port.postMessage({ t, distM, source, nodeDistM }, [distM.buffer as ArrayBuffer, source.buffer as ArrayBuffer, nodeDistM.buffer as ArrayBuffer]);
    } else {
      port.postMessage({ t, distM, source }, [distM.buffer as ArrayBuffer, source.buffer as ArrayBuffer]);
    }
    Atomics.compareExchange(control, 1 + t, TASK_OPEN, TASK_DONE_BY_WORKER);
    Atomics.notify(control, 1 + t);
  }
  port.close();
});
