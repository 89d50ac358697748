import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import type { DistanceField } from '../routing/distance-field.js';
import { sourcesByEdge } from '../network/points-by-edge.js';
import { shareGraph, type SharedGraph } from './shared-graph.js';

/** One category's field, computed by a worker straight into shared output arrays. */
export interface FieldTask {
  id: number;
  edge: Int32Array;
  offsetM: Float64Array;
  offNetworkM: Float64Array;
  maxDistM: number;
  nodeDistM: Float64Array;
  nodeSource: Int32Array;
}

export interface ParallelFieldsOptions {
  /** Worker threads. Default: the machine's available parallelism, at most 8. */
  workers?: number;
}

/**
 * Distance fields for many source sets (e.g. one per category) on worker threads: the network's
 * routing arrays are shared once, each worker keeps one search, and every field is written by a worker
 * directly into a SharedArrayBuffer. The results are DistanceFields like `distanceField` returns.
 * Node only (worker_threads); call `close()` when done.
 */
export class ParallelFields {
  private constructor(
    private readonly network: Network,
    private readonly workers: Worker[],
  ) {}

  static async start(network: Network, opts: ParallelFieldsOptions = {}): Promise<ParallelFields> {
    const count = Math.max(1, opts.workers ?? Math.min(8, availableParallelism()));
    const graph: SharedGraph = shareGraph(network);
    const workers = Array.from({ length: count }, () => newWorker());
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('message', () => resolve());
      w.postMessage({ graph });
    })));
    return new ParallelFields(network, workers);
  }

  get workerCount(): number {
    return this.workers.length;
  }

  /** One field per source set, each bounded by maxDistM (default: no bound). */
  async fields(sourceSets: readonly Links[], maxDistM = Infinity): Promise<DistanceField[]> {
    const n = this.network.nodeCount;
    const tasks: FieldTask[] = sourceSets.map((links, id) => ({
      id,
      edge: links.edge,
      offsetM: links.offsetM,
      offNetworkM: links.offNetworkM,
      maxDistM,
      nodeDistM: new Float64Array(new SharedArrayBuffer(8 * n)).fill(Infinity),
      nodeSource: new Int32Array(new SharedArrayBuffer(4 * n)).fill(-1),
    }));
    // Workers take the next task as they finish one, so uneven fields balance out.
    let next = 0;
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      w.on('error', onError);
      const give = () => {
        if (next >= tasks.length) {
          w.off('message', give);
          w.off('error', onError);
          resolve();
          return;
        }
        w.postMessage(tasks[next++]);
      };
      w.on('message', give);
      give();
    })));
    return tasks.map((t, i) => ({
      network: this.network,
      maxDistM,
      nodeDistM: t.nodeDistM,
      nodeSource: t.nodeSource,
      sourcesOnEdge: sourcesByEdge(sourceSets[i]),
      sources: sourceSets[i],
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The field worker; run from the TypeScript sources (tests, benchmarks) it registers tsx first. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./field-worker.js', import.meta.url));
  const entry = new URL('./field-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
