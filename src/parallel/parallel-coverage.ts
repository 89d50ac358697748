import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { drawCoverageGroups, type DrawingNetwork } from '../isochrone/coverage-stack.js';
import {
  coverageDrawOptions, coverageFeatures, coveragePlan, groupProgress, standardCoverage,
  type CoverageAreaProperties, type CoverageSource, type StandardCoverageOptions,
} from '../isochrone/standard-coverage.js';
import { receivedError } from './network-message.js';
import { unpackShapes, type CoverageReply, type CoverageRequest } from './coverage-message.js';

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
  const segments = network.geomVertex.length - network.edgeCount;
  if (threads < 2 || segments < minSegments) return standardCoverage(analysis, rest);
  const o = coverageDrawOptions(network, rest);
  const plan = coveragePlan(analysis, o);
  if (plan.groups.length < 2) return standardCoverage(analysis, rest);

  const mine = Math.ceil(plan.groups.length / 2);
  let drawnHere = 0, drawnThere = 0;
  const progress = groupProgress(analysis, plan, rest.onCategory);
  // Progress counts groups drawn on either thread, as a share of all (not which categories).
  const report = () => progress?.(Math.min(plan.groups.length - 1, drawnHere + drawnThere));

  const worker = newWorker();
  try {
    const theirs = new Promise<MultiPolygon[][]>((resolve, reject) => {
      worker.on('message', (msg: CoverageReply) => {
        if (msg.kind === 'group') { drawnThere = msg.drawn; report(); }
        else if (msg.kind === 'done') resolve(unpackShapes(msg.shapes));
        else reject(receivedError(msg.error));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the coverage worker stopped (exit code ${code}) before it answered`)));
    });
    const request: CoverageRequest = { network: shareNetwork(network), groups: plan.groups.slice(mine), options: o };
    worker.postMessage(request);
    const here = drawCoverageGroups(network, plan.groups.slice(0, mine), o, { onGroup: (drawn) => { drawnHere = drawn; report(); } });
    const there = await theirs;
    progress?.(plan.groups.length);
    return coverageFeatures(analysis, plan, [...here, ...there]);
  } finally {
    await worker.terminate();
  }
}

/** The arrays drawing reads, in shared memory (copied once unless they already are). */
function shareNetwork(n: DrawingNetwork): DrawingNetwork {
  return {
    nodeCount: n.nodeCount, edgeCount: n.edgeCount, plane: n.plane,
    adjStart: shared(n.adjStart), adjNode: shared(n.adjNode), adjEdge: shared(n.adjEdge), adjLengthM: shared(n.adjLengthM),
    edgeFrom: shared(n.edgeFrom), edgeTo: shared(n.edgeTo), edgeLengthM: shared(n.edgeLengthM),
    edgeGeomStart: shared(n.edgeGeomStart), geomVertex: shared(n.geomVertex), geomOffsetM: shared(n.geomOffsetM),
    vertexX: shared(n.vertexX), vertexY: shared(n.vertexY),
  };
}

function shared<T extends Int32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The coverage worker; run from the TypeScript sources (tests, benchmarks) it registers tsx first. */
function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./coverage-worker.js', import.meta.url));
  const entry = new URL('./coverage-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}
