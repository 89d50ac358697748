import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { drawCoverageGroups, type CoverageGroup, type DrawingNetwork } from '../isochrone/coverage-stack.js';
import type { ResolvedDrawOptions } from '../isochrone/options.js';
import {
  coverageDrawOptions, coverageFeatures, coveragePlan, groupProgress, standardCoverage,
  type CoverageAreaProperties, type CoverageSource, type StandardCoverageOptions,
} from '../isochrone/standard-coverage.js';
import { receivedError } from './network-message.js';
import { unpackShapes, type CoverageReply, type CoverageRequest } from './coverage-message.js';
import { inSharedMemory as shared } from './shared-memory.js';

export interface CoverageThreadsOptions extends StandardCoverageOptions {
  /** Threads to draw on, this one included. Default: 2 when the machine has two cores or more. */
  threads?: number;
  /** Networks with fewer street segments are drawn on this thread alone. Default THREADED_COVERAGE_MIN_SEGMENTS. */
  minSegments?: number;
}

/**
 * Below this many street segments a second thread costs more (starting it, sharing the network)
 * than it saves: a district's coverage draws in well under a second on one.
 */
export const THREADED_COVERAGE_MIN_SEGMENTS = 200_000;

/**
 * `standardCoverage` on two threads: the groups (category and pace) are split in two, the second half
 * drawn by a worker over a shared copy of the network while this thread draws the first. The result
 * is the same FeatureCollection, layer for layer (each group's drawing does not depend on the others).
 * Node only (worker_threads).
 */
export async function coverageOnThreads(analysis: CoverageSource, opts: CoverageThreadsOptions = {}): Promise<FeatureCollection<MultiPolygon, CoverageAreaProperties>> {
  const { threads = Math.min(2, availableParallelism()), minSegments = THREADED_COVERAGE_MIN_SEGMENTS, ...rest } = opts;
  const { network } = analysis;
  if (threads < 2 || segmentCount(network) < minSegments) return standardCoverage(analysis, rest);
  const o = coverageDrawOptions(network, rest);
  const plan = coveragePlan(analysis, o);
  if (plan.groups.length < 2) return standardCoverage(analysis, rest);

  const mine = Math.ceil(plan.groups.length / 2);
  let drawnHere = 0;
  const progress = groupProgress(analysis, plan, rest.onCategory);
  // Progress counts groups drawn on either thread, as a share of all (not which categories).
  const report = (drawnThere: number) => progress?.(Math.min(plan.groups.length - 1, drawnHere + drawnThere));
  const there = drawOnWorker(network, plan.groups.slice(mine), o, report);
  try {
    const here = drawCoverageGroups(network, plan.groups.slice(0, mine), o, { onGroup: (drawn) => { drawnHere = drawn; report(there.drawn); } });
    const theirs = await there.shapes;
    progress?.(plan.groups.length);
    return coverageFeatures(analysis, plan, [...here, ...theirs]);
  } finally {
    await there.stop();
  }
}

/** Coverage being drawn on a worker; `finish` waits for it (or draws it here when nothing was started). */
export interface CoverageJob {
  finish(onCategory?: (done: number, total: number) => void): Promise<FeatureCollection<MultiPolygon, CoverageAreaProperties>>;
  /** Stops the worker if it still runs (the analysis failed, or the outputs were not written); harmless after `finish`. */
  cancel(): Promise<void>;
}

/**
 * Starts drawing every coverage group on a worker now, to be awaited later: the CLI starts it once the
 * facilities are linked (`analyze`'s `onFacilitiesLinked`), so drawing runs while this thread links,
 * routes and scores the residents, stages that leave the second core idle. On one core, or below
 * `minSegments` street segments, nothing starts and `finish` draws on this thread as `coverageOnThreads` does.
 */
export function startCoverage(source: CoverageSource, opts: CoverageThreadsOptions = {}): CoverageJob {
  const { threads = Math.min(2, availableParallelism()), minSegments = THREADED_COVERAGE_MIN_SEGMENTS, ...rest } = opts;
  const { network } = source;
  if (threads < 2 || segmentCount(network) < minSegments) {
    return { finish: (onCategory) => coverageOnThreads(source, { ...opts, onCategory }), cancel: async () => {} };
  }
  const o = coverageDrawOptions(network, rest);
  const plan = coveragePlan(source, o);
  let onDrawn: ((drawn: number) => void) | undefined;
  const job = drawOnWorker(network, plan.groups, o, (drawn) => onDrawn?.(drawn));
  return {
    async finish(onCategory) {
      try {
        const progress = groupProgress(source, plan, onCategory);
        onDrawn = progress && ((drawn) => progress(Math.min(plan.groups.length - 1, drawn)));
        onDrawn?.(job.drawn);
        const shapes = await job.shapes;
        progress?.(plan.groups.length);
        return coverageFeatures(source, plan, shapes);
      } finally {
        await job.stop();
      }
    },
    cancel: () => job.stop(),
  };
}

/** Groups drawn by a worker over a shared copy of the network: their shapes, groups drawn so far, and a stop. */
function drawOnWorker(network: DrawingNetwork, groups: CoverageGroup[], options: ResolvedDrawOptions, onDrawn: (drawn: number) => void) {
  const worker = newWorker();
  const job = {
    drawn: 0,
    shapes: new Promise<MultiPolygon[][]>((resolve, reject) => {
      worker.on('message', (msg: CoverageReply) => {
        if (msg.kind === 'group') { job.drawn = msg.drawn; onDrawn(msg.drawn); }
        else if (msg.kind === 'done') resolve(unpackShapes(msg.shapes));
        else reject(receivedError(msg.error));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the coverage worker stopped (exit code ${code}) before it answered`)));
    }),
    stop: async () => { await worker.terminate(); },
  };
  // A job nobody awaits (the analysis failed first) must not end the process with an unhandled rejection.
  job.shapes.catch(() => {});
  const request: CoverageRequest = { network: shareNetwork(network), groups, options };
  worker.postMessage(request);
  return job;
}

function segmentCount(network: DrawingNetwork): number {
  return network.geomVertex.length - network.edgeCount;
}

/** The arrays drawing reads, in shared memory (the routing ones are the route workers' copy, when there is one). */
function shareNetwork(n: DrawingNetwork): DrawingNetwork {
  return {
    nodeCount: n.nodeCount, edgeCount: n.edgeCount, plane: n.plane,
    adjStart: shared(n.adjStart), adjNode: shared(n.adjNode), adjEdge: shared(n.adjEdge), adjLengthM: shared(n.adjLengthM),
    edgeFrom: shared(n.edgeFrom), edgeTo: shared(n.edgeTo), edgeLengthM: shared(n.edgeLengthM),
    edgeGeomStart: shared(n.edgeGeomStart), geomVertex: shared(n.geomVertex), geomOffsetM: shared(n.geomOffsetM),
    vertexX: shared(n.vertexX), vertexY: shared(n.vertexY),
  };
}

/** The coverage worker; run from the TypeScript sources (tests, benchmarks) it registers tsx first. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./coverage-worker.js', import.meta.url));
  const entry = new URL('./coverage-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
