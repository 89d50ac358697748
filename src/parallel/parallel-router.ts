import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { distanceField } from '../routing/distance-field.js';
import { routedSet, type FieldRouter, type RoutedSet } from '../routing/field-router.js';
import { NetworkSearch } from '../routing/network-search.js';
import {
  CATCHMENT_PART_SIZE, CatchmentSearch,
  type CatchmentPart, type CatchmentPoints, type CatchmentRouter, type CatchmentSources,
} from '../routing/catchments.js';
import { memberField, type MemberPoints } from '../routing/member-field.js';
import { nearestSums, type GroupedPoints, type NearestSumsTask } from '../routing/nearest-sums.js';
import { shareGraph } from './shared-graph.js';
import { postTasks, shareTasks, type BatchCounts, type TaskBatch } from './shared-tasks.js';
import { inSharedMemory } from './shared-memory.js';

/** The link arrays a field reads (a worker gets these, not the snap positions). */
export type LinkArrays = Pick<Links, 'count' | 'edge' | 'offsetM' | 'offNetworkM'>;

/** One `route` call as the workers see it. */
export interface RouteBatch extends TaskBatch {
  kind: 'route';
  sets: LinkArrays[];
  /** In shared memory, so each worker reads the one copy. */
  points: LinkArrays;
  /** Sets whose node distances are sent too (`FieldRouter.route`'s keepNodes). */
  keepNodes?: readonly boolean[];
}

/** One `catchments` call as the workers see it: parts of `partSize` facilities. */
export interface CatchmentBatch extends TaskBatch {
  kind: 'catchments';
  /** Every array in shared memory. */
  points: CatchmentPoints;
  facilities: CatchmentSources;
  searchM: Float64Array;
  order: Int32Array;
  /** In shared memory when given. */
  nodeLimitM?: Float64Array;
  partSize: number;
}

/** One `startMemberFields` call as the workers see it. */
export interface MemberFieldBatch extends TaskBatch {
  kind: 'memberFields';
  /** Every array in shared memory. */
  points: MemberPoints;
  members: Uint8Array[];
  boundM: number[];
}

/** One `startWarming` call as the workers see it: task t touches `buffers[chunks[3t]]`, bytes `chunks[3t + 1] .. chunks[3t + 2] - 1`. */
export interface WarmingBatch extends TaskBatch {
  kind: 'warming';
  buffers: SharedArrayBuffer[];
  chunks: Float64Array;
}

/** One `startNearestSums` call as the workers see it. */
export interface NearestSumsBatch extends TaskBatch {
  kind: 'nearestSums';
  /** Every array in shared memory, the tasks' distances too. */
  points: GroupedPoints;
  tasks: NearestSumsTask[];
}

/** Bytes a warming task maps in: 2 MB of pages, a few milliseconds of faults, so the calling thread stops the workers soon. */
const WARMING_CHUNK_BYTES = 2 << 20;

export interface ParallelRouterOptions {
  /** Worker threads besides the calling one. Default: the machine's parallelism minus one, at most 7. */
  workers?: number;
  /** Least time to wait for a task a worker took before computing it here too (default 2,000 ms; tests use 0). */
  patienceMs?: number;
}

/**
 * A FieldRouter and CatchmentRouter that computes on the calling thread and on worker threads at
 * once: the route stage's source sets (a field per category), and the capacity stage's facility
 * catchments (2SFCA) in parts of a few dozen facilities, the fields that bound them and the served
 * populations. Every thread takes the next task from one shared counter, and a late worker's task is
 * computed again on the calling thread (`shareTasks`), so no call can hang on a worker. The answers
 * are the same as on one thread. With workers, `route` answers in shared memory (a worker may read a
 * field again later: `startNearestSums`), so its arrays cannot be transferred.
 *
 * Node only (worker_threads). Call `close()` when done.
 */
export class ParallelRouter implements FieldRouter, CatchmentRouter {
  private readonly search: NetworkSearch;
  private catchmentSearch?: CatchmentSearch;
  /** Of the last `route` call: sets answered by workers, and sets taken over from a late worker. */
  lastRoute: BatchCounts = { byWorkers: 0, redone: 0 };
  /** Of the last `catchments` call: parts answered by workers, and parts taken over from a late worker. */
  lastCatchments: BatchCounts = { byWorkers: 0, redone: 0 };
  /** Of the last `startMemberFields` call: fields answered by workers, and fields taken over from a late worker. */
  lastMemberFields: BatchCounts = { byWorkers: 0, redone: 0 };
  /** Of the last `startWarming` call: parts mapped in by workers, and parts a late worker had begun that this thread gave up waiting for (counted as redone; it maps their pages in with its own writes). */
  lastWarming: BatchCounts = { byWorkers: 0, redone: 0 };
  /** Of the last `startNearestSums` call: sums answered by workers, and sums taken over from a late worker. */
  lastNearestSums: BatchCounts = { byWorkers: 0, redone: 0 };

  private constructor(
    private readonly network: Network,
    private readonly workers: Worker[],
    private readonly minPatienceMs: number,
    /** Resolves when every worker holds the graph (a call never waits for it: the calling thread starts alone). */
    readonly ready: Promise<void>,
  ) {
    this.search = new NetworkSearch(network);
  }

  /** Starts the workers and gives them the routing arrays in shared memory; returns at once. */
  static start(network: Network, opts: ParallelRouterOptions = {}): ParallelRouter {
    const count = Math.max(0, opts.workers ?? Math.min(7, availableParallelism() - 1));
    const graph = count > 0 ? shareGraph(network) : undefined;
    const workers = Array.from({ length: count }, () => {
      const w = newWorker();
      // A worker must never keep the process alive, nor take it down: its tasks are redone here.
      w.unref();
      w.on('error', () => {});
      w.postMessage({ graph });
      return w;
    });
    const ready = Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve())))).then(() => {});
    return new ParallelRouter(network, workers, opts.patienceMs ?? 2000, ready);
  }

  route(sourceSets: readonly Links[], points: Links, onDone?: (done: number) => void, keepNodes?: readonly boolean[]): RoutedSet[] {
    const n = sourceSets.length;
    // With workers, every set's distances in shared memory (a worker's too): a later call may hand them
    // to the workers again (`startNearestSums`), without a copy.
    const shared = this.workers.length > 0;
    const here = (t: number) => routedSet(distanceField(this.network, sourceSets[t], { search: this.search }), points, keepNodes?.[t], shared);
    if (this.workers.length === 0 || n < 2) {
      return sourceSets.map((_, t) => { const at = here(t); onDone?.(t + 1); return at; });
    }
    const sets = sourceSets.map(linkArrays);
    const sharedPoints: LinkArrays = { count: points.count, edge: inSharedMemory(points.edge), offsetM: inSharedMemory(points.offsetM), offNetworkM: inSharedMemory(points.offNetworkM) };
    return shareTasks(
      this.workers, n, (base): RouteBatch => ({ ...base, kind: 'route', sets, points: sharedPoints, keepNodes }), here,
      (msg) => {
        const { t, distM, source, nodeDistM } = msg as { t: number } & RoutedSet;
        return [t, nodeDistM ? { distM, source, nodeDistM } : { distM, source }];
      },
      this.minPatienceMs, this.lastRoute, onDone,
    );
  }

  /** Workers read the catchment points' per-category arrays in place when they are shared (analyze builds them so). */
  get sharesMemory(): boolean {
    return this.workers.length > 0;
  }

  catchments(points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, order: Int32Array, nodeLimitM?: Float64Array): CatchmentPart[] {
    return this.startCatchments(points, facilities, searchM, order, nodeLimitM)();
  }

  startCatchments(points: CatchmentPoints, facilities: CatchmentSources, searchM: Float64Array, order: Int32Array, nodeLimitM?: Float64Array): () => CatchmentPart[] {
    this.catchmentSearch ??= new CatchmentSearch(this.network, this.search);
    const here = this.catchmentSearch;
    const n = Math.ceil(facilities.count / CATCHMENT_PART_SIZE);
    // This thread's parts are views into its search's output buffer (they are read before the next call);
    // the buffer starts over when this thread joins, not before: the previous call's views may still be read until then.
    const part = (t: number) => here.part(points, facilities, searchM, order, t * CATCHMENT_PART_SIZE, Math.min(facilities.count, (t + 1) * CATCHMENT_PART_SIZE), true, nodeLimitM);
    if (this.workers.length === 0 || n < 2) {
      return () => { here.begin(); return Array.from({ length: n }, (_, t) => part(t)); };
    }
    const { slots } = points;
    // The reaches are refilled in place between calls: a one-time shared copy of them would go stale.
    if (!(points.groupReach.buffer instanceof SharedArrayBuffer && points.mixedLimit.buffer instanceof SharedArrayBuffer)) {
      throw new Error('ParallelRouter.startCatchments: the layout\'s reaches are not in shared memory (lay the points out with the router\'s sharesMemory)');
    }
    const shared: CatchmentPoints = {
      ...points, start: inSharedMemory(points.start), point: inSharedMemory(points.point),
      edgeSummary: inSharedMemory(points.edgeSummary),
      groups: { ...points.groups, group: inSharedMemory(points.groups.group) },
      nodeSummary: inSharedMemory(points.nodeSummary), nodeGroup: inSharedMemory(points.nodeGroup),
      // The reaches, checked above, are shared as they are.
      mixedSlots: inSharedMemory(points.mixedSlots),
      slots: {
        ...slots, slotOfEdge: inSharedMemory(slots.slotOfEdge), edgeOfSlot: inSharedMemory(slots.edgeOfSlot),
        fromStart: inSharedMemory(slots.fromStart),
      },
    };
    const small: CatchmentSources = { count: facilities.count, edge: facilities.edge, offsetM: facilities.offsetM, offNetworkM: facilities.offNetworkM };
    const posted = postTasks(
      this.workers, n, (base): CatchmentBatch => ({ ...base, kind: 'catchments', points: shared, facilities: small, searchM, order, nodeLimitM: nodeLimitM && inSharedMemory(nodeLimitM), partSize: CATCHMENT_PART_SIZE }),
    );
    return () => {
      here.begin();
      return posted.finish(
        part,
        (msg) => { const m = msg as { t: number; part: CatchmentPart }; return [m.t, m.part]; },
        this.minPatienceMs, this.lastCatchments,
      );
    };
  }

  startMemberFields(points: MemberPoints, members: readonly Uint8Array[], boundM: readonly number[]): () => Float64Array[] {
    const here = (t: number) => memberField(this.network, this.search, points, members[t], boundM[t]);
    // Even one field goes to a worker: this thread has other work meanwhile (laying out the residents).
    if (this.workers.length === 0 || members.length === 0) return () => members.map((_, t) => here(t));
    const shared: MemberPoints = { count: points.count, edge: inSharedMemory(points.edge), offsetM: inSharedMemory(points.offsetM), offNetworkM: inSharedMemory(points.offNetworkM) };
    // Members are copied to shared memory at each call unless they are there already: a caller may
    // refill a plain array between calls, and inSharedMemory keeps one copy per array.
    const sharedMembers = members.map((m) => {
      if (m.buffer instanceof SharedArrayBuffer) return m;
      const copy = new Uint8Array(new SharedArrayBuffer(m.length));
      copy.set(m);
      return copy;
    });
    const posted = postTasks(
      this.workers, members.length, (base): MemberFieldBatch => ({ ...base, kind: 'memberFields', points: shared, members: sharedMembers, boundM: [...boundM] }),
    );
    return () => posted.finish(
      here,
      (msg) => { const m = msg as { t: number; nodeDistM: Float64Array }; return [m.t, m.nodeDistM]; },
      this.minPatienceMs, this.lastMemberFields,
    );
  }

  startWarming(buffers: readonly SharedArrayBuffer[]): () => void {
    // Mapping pages in on this thread gains nothing: its own writes would.
    if (this.workers.length === 0) return () => {};
    const chunks: number[] = [];
    buffers.forEach((buffer, b) => {
      for (let from = 0; from < buffer.byteLength; from += WARMING_CHUNK_BYTES) chunks.push(b, from, Math.min(buffer.byteLength, from + WARMING_CHUNK_BYTES));
    });
    const n = chunks.length / 3;
    if (n === 0) return () => {};
    const posted = postTasks(this.workers, n, (base): WarmingBatch => ({ ...base, kind: 'warming', buffers: [...buffers], chunks: Float64Array.from(chunks) }));
    // This thread takes what the workers have not begun, and leaves it: its own writes will map those
    // pages. It waits only for the parts in progress (the answers are only receipts).
    return () => { posted.finish(() => false, (msg) => [(msg as { t: number }).t, true], this.minPatienceMs, this.lastWarming); };
  }

  startNearestSums(points: GroupedPoints, tasks: readonly NearestSumsTask[]): () => Float64Array[] {
    const here = (t: number) => nearestSums(points, tasks[t]);
    // Distances outside shared memory (not this router's) would be copied, megabytes a task: a
    // worker gains nothing then.
    const inPlace = tasks.every(({ nearest: { distM, source } }) => distM.buffer instanceof SharedArrayBuffer && source.buffer instanceof SharedArrayBuffer);
    if (this.workers.length === 0 || tasks.length === 0 || !inPlace) {
      this.lastNearestSums = { byWorkers: 0, redone: 0 };
      return () => tasks.map((_, t) => here(t));
    }
    const shared: GroupedPoints = { weight: inSharedMemory(points.weight), start: inSharedMemory(points.start) };
    // Only what a task reads goes: a routed set's node distances (megabytes, not shared) would be copied.
    const sent = tasks.map(({ nearest: { distM, source }, withinM, sources }) => ({ nearest: { distM, source }, withinM, sources }));
    const posted = postTasks(this.workers, tasks.length, (base): NearestSumsBatch => ({ ...base, kind: 'nearestSums', points: shared, tasks: sent }));
    return () => posted.finish(
      here,
      (msg) => { const m = msg as { t: number; sums: Float64Array }; return [m.t, m.sums]; },
      this.minPatienceMs, this.lastNearestSums,
    );
  }

  get workerCount(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    // Its output buffer holds a whole call's sums (megabytes by resident); a caller may keep the closed router in scope.
    this.catchmentSearch = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function linkArrays(links: Links): LinkArrays {
  return { count: links.count, edge: links.edge, offsetM: links.offsetM, offNetworkM: links.offNetworkM };
}

/** The route worker; run from the TypeScript sources (tests, benchmarks) it registers tsx first. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./route-worker.js', import.meta.url));
  const entry = new URL('./route-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
