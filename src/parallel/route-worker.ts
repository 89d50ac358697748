import { parentPort } from 'node:worker_threads';
import type { Links } from '../network/link-points.js';
import { distanceField, distancesAtPoints } from '../routing/distance-field.js';
import { NetworkSearch } from '../routing/network-search.js';
import { CatchmentSearch } from '../routing/catchments.js';
import { memberField } from '../routing/member-field.js';
import type { SharedGraph } from './shared-graph.js';
import { nearestSums } from '../routing/nearest-sums.js';
import type { CatchmentBatch, MemberFieldBatch, NearestSumsBatch, RouteBatch, WarmingBatch } from './parallel-router.js';
import { takeTasks } from './shared-tasks.js';
import { touchPages } from './shared-memory.js';

// Takes a batch's tasks off its shared counter until none are left (see shareTasks): source sets
// for the route stage, parts of the facilities for the capacity stage's catchments, the fields of
// its reach classes, the fresh memory of its first layout to map in, and its served populations.
let graph: SharedGraph | undefined;
let search: NetworkSearch | undefined;
let catchments: CatchmentSearch | undefined;

parentPort!.on('message', (msg: { graph: SharedGraph } | RouteBatch | CatchmentBatch | MemberFieldBatch | WarmingBatch | NearestSumsBatch) => {
  if ('graph' in msg) {
    graph = msg.graph;
    search = new NetworkSearch(graph);
    parentPort!.postMessage({ ready: true });
    return;
  }
  if (msg.kind === 'route') {
    // The sets and points carry the link arrays a field reads; the snap positions are not needed.
    const { sets, keepNodes } = msg, points = msg.points as Links;
    takeTasks(msg, sets.length, (t) => {
      const field = distanceField(graph!, sets[t] as Links, { search });
      // In shared memory, as the calling thread's own sets: a later batch (nearestSums) reads them in place.
      const { distM, source } = distancesAtPoints(field, points, true);
      if (!keepNodes?.[t]) return { message: { t, distM, source }, transfer: [] };
      const nodeDistM = field.nodeDistM;
      return { message: { t, distM, source, nodeDistM }, transfer: [nodeDistM.buffer as ArrayBuffer] };
    });
    return;
  }
  if (msg.kind === 'memberFields') {
    const { points, members, boundM } = msg;
    takeTasks(msg, members.length, (t) => {
      const nodeDistM = memberField(graph!, search!, points, members[t], boundM[t]);
      return { message: { t, nodeDistM }, transfer: [nodeDistM.buffer as ArrayBuffer] };
    });
    return;
  }
  if (msg.kind === 'warming') {
    const { buffers, chunks } = msg;
    takeTasks(msg, chunks.length / 3, (t) => {
      touchPages(buffers[chunks[3 * t]], chunks[3 * t + 1], chunks[3 * t + 2]);
      return { message: { t }, transfer: [] };
    });
    return;
  }
  if (msg.kind === 'nearestSums') {
    const { points, tasks } = msg;
    takeTasks(msg, tasks.length, (t) => {
      const sums = nearestSums(points, tasks[t]);
      return { message: { t, sums }, transfer: [sums.buffer as ArrayBuffer] };
    });
    return;
  }
  catchments ??= new CatchmentSearch(graph!, search);
  const { points, facilities, searchM, order, nodeLimitM, partSize } = msg;
  takeTasks(msg, Math.ceil(facilities.count / partSize), (t) => {
    const part = catchments!.part(points, facilities, searchM, order, t * partSize, Math.min(facilities.count, (t + 1) * partSize), false, nodeLimitM);
    return { message: { t, part }, transfer: [part.demand, part.groupEnd, part.groups, part.sums].map((a) => a.buffer as ArrayBuffer) };
  });
});
