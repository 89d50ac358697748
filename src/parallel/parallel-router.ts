import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Links } from '../network/link-points.js';
import type { Network } from '../network/network.js';
import { distanceField } from '../routing/distance-field.js';
import { routedSet, type FieldRouter, type RoutedSet } from '../routing/field-router.js';
import { NetworkSearch } from '../routing/network-search.js';
import { shareGraph } from './shared-graph.js';

/** A set's state in a batch's control array: open (or being computed by a worker), done by a worker, taken by the main thread. */
export const TASK_OPEN = 0;
export const TASK_DONE_BY_WORKER = 1;
const TASK_TAKEN_BY_MAIN = 2;

/** The link arrays a field reads (a worker gets these, not the snap positions). */
export type LinkArrays = Pick<Links, 'count' | 'edge' | 'offsetM' | 'offNetworkM'>;

/** One `route` call as the workers see it. */
export interface RouteBatch {
  /** [0]: the next set to take; [1 + t]: set t's state. Shared by the main thread and every worker. */
  control: Int32Array;
  sets: LinkArrays[];
  /** In shared memory, so each worker reads the one copy. */
  points: LinkArrays;
  /** Where this worker sends each answer ({ t, distM, source, nodeDistM? }, buffers transferred); one channel per worker. */
  port: MessagePort;
  /** Sets whose node distances are sent too (`FieldRouter.route`'s keepNodes). */
  keepNodes?: readonly boolean[];
}

export interface ParallelRouterOptions {
  /** Worker threads besides the calling one. Default: the machine's parallelism minus one, at most 7. */
  workers?: number;
  /** Least time to wait for a set a worker took before computing it here too (default 2,000 ms; tests use 0). */
  patienceMs?: number;
}

/**
 * A FieldRouter that computes source sets on the calling thread and on worker threads at once, all
 * taking the next set from one shared counter, so a slow set never holds up the rest.
 *
 * `route` is synchronous (analyze is): the calling thread works through sets, then waits on each set
 * a worker took (Atomics.wait). A worker that is late by several times a set's usual time (stopped,
 * or starved by other work on the machine) has its set computed again here: the answers are the same
 * from any thread, so whichever finishes first is used, and no call can hang on a worker.
 *
 * Node only (worker_threads). Call `close()` when done.
 */
export class ParallelRouter implements FieldRouter {
  private readonly search: NetworkSearch;
  /** Of the last `route` call: sets answered by workers, and sets taken over from a late worker. */
  lastRoute = { byWorkers: 0, redone: 0 };

  private constructor(
    private readonly network: Network,
    private readonly workers: Worker[],
    private readonly minPatienceMs: number,
    /** Resolves when every worker holds the graph (route never waits for it: the calling thread starts alone). */
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
      // A worker must never keep the process alive, nor take it down: its sets are redone here.
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
    const here = (t: number) => routedSet(distanceField(this.network, sourceSets[t], { search: this.search }), points, keepNodes?.[t]);
    const results: RoutedSet[] = new Array<RoutedSet>(n);
    let done = 0;
    if (this.workers.length === 0 || n < 2) {
      for (let t = 0; t < n; t++) { results[t] = here(t); onDone?.(++done); }
      return results;
    }
    const control = new Int32Array(new SharedArrayBuffer(4 * (1 + n)));
    const sets = sourceSets.map(linkArrays), shared = sharedLinkArrays(points);
    const ports = this.workers.map((w) => {
      const { port1, port2 } = new MessageChannel();
      w.postMessage({ control, sets, points: shared, port: port2, keepNodes } satisfies RouteBatch, [port2]);
      return port1;
    });

    let ownMs = 0, own = 0;
    for (let t = Atomics.add(control, 0, 1); t < n; t = Atomics.add(control, 0, 1)) {
      const t0 = performance.now();
      results[t] = here(t);
      Atomics.store(control, 1 + t, TASK_TAKEN_BY_MAIN);
      ownMs += performance.now() - t0;
      own++;
      onDone?.(++done);
    }
    // The sets workers took. Patience: four times a set's time here (at least 2 s) before redoing one.
    const patienceMs = Math.max(this.minPatienceMs, 4 * (own ? ownMs / own : 0));
    const received = new Map<number, RoutedSet>();
    this.lastRoute = { byWorkers: 0, redone: 0 };
    for (let t = 0; t < n; t++) {
      if (results[t]) continue;
      const waited = Atomics.wait(control, 1 + t, TASK_OPEN, patienceMs);
      if (waited === 'timed-out' && Atomics.compareExchange(control, 1 + t, TASK_OPEN, TASK_TAKEN_BY_MAIN) === TASK_OPEN) {
        results[t] = here(t);
        this.lastRoute.redone++;
      } else {
        results[t] = answerOf(t, ports, received);
        this.lastRoute.byWorkers++;
      }
      onDone?.(++done);
    }
    for (const port of ports) port.close();
    return results;
  }

  get workerCount(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Set t's answer from the workers' ports (a worker posts it before marking the set done, so it is there). */
function answerOf(t: number, ports: readonly MessagePort[], received: Map<number, RoutedSet>): RoutedSet {
  for (;;) {
    const got = received.get(t);
    if (got) return got;
    let any = false;
    for (const port of ports) {
      const msg = receiveMessageOnPort(port) as { message: { t: number } & RoutedSet } | undefined;
      if (!msg) continue;
      any = true;
      const { distM, source, nodeDistM } = msg.message;
      received.set(msg.message.t, nodeDistM ? { distM, source, nodeDistM } : { distM, source });
    }
    if (!any) throw new Error(`a route worker marked set ${t} done without sending it`);
  }
}

function linkArrays(links: Links): LinkArrays {
  return { count: links.count, edge: links.edge, offsetM: links.offsetM, offNetworkM: links.offNetworkM };
}

function sharedLinkArrays(links: Links): LinkArrays {
  return { count: links.count, edge: shared(links.edge), offsetM: shared(links.offsetM), offNetworkM: shared(links.offNetworkM) };
}

function shared<T extends Int32Array | Float64Array>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The route worker; run from the TypeScript sources (tests, benchmarks) it registers tsx first. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./route-worker.js', import.meta.url));
  const entry = new URL('./route-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
