import type { Network } from '../../src/network/network.js';
import { subsetLinks, type Links } from '../../src/network/link-points.js';
import { sequentialRouter } from '../../src/routing/field-router.js';
import { ParallelRouter } from '../../src/parallel/parallel-router.js';
import type { BenchResult } from './results-md.js';

/**
 * The route stage on one core, then with ParallelRouter (the calling thread and its workers): every
 * category's field and the distance from each facility to the nearest of every category. The
 * answers must be identical. `workers` counts the worker threads besides the calling one.
 */
export async function compareParallel(network: Network, facilityLinks: Links, facilityCategory: string[], categories: string[]): Promise<NonNullable<BenchResult['parallel']>> {
  const sets = categories.map((c) => subsetLinks(facilityLinks, facilityCategory.flatMap((fc, i) => (fc === c ? [i] : []))));
  const best = (fn: () => unknown) => {
    fn();
    let ms = Infinity;
    for (let r = 0; r < 5; r++) { const t0 = performance.now(); fn(); ms = Math.min(ms, performance.now() - t0); }
    return ms;
  };
  const one = sequentialRouter(network);
  const expected = one.route(sets, facilityLinks);
  const oneCoreMs = best(() => one.route(sets, facilityLinks));
  const t0 = performance.now();
  const router = ParallelRouter.start(network);
  await router.ready;
  const setupMs = performance.now() - t0;
  try {
    const got = router.route(sets, facilityLinks);
    const agrees = got.every((g, k) => g.distM.every((d, i) => Object.is(d, expected[k].distM[i]) && g.source[i] === expected[k].source[i]));
    const parallelMs = best(() => router.route(sets, facilityLinks));
    return { workers: router.workerCount, categories: sets.length, oneCoreMs, parallelMs, setupMs, speedup: oneCoreMs / parallelMs, agrees };
  } finally {
    await router.close();
  }
}
