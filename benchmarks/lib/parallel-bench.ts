import type { Network } from '../../src/network/network.js';
import { subsetLinks, type Links } from '../../src/network/link-points.js';
import { NetworkSearch } from '../../src/routing/network-search.js';
import { distanceField } from '../../src/routing/distance-field.js';
import { ParallelFields } from '../../src/parallel/parallel-fields.js';
import type { BenchResult } from './results-md.js';

/** Every category's field on one core, then on worker threads; the fields must be identical. */
export async function compareParallel(network: Network, facilityLinks: Links, facilityCategory: string[], categories: string[]): Promise<NonNullable<BenchResult['parallel']>> {
  const sets = categories.map((c) => subsetLinks(facilityLinks, facilityCategory.flatMap((fc, i) => (fc === c ? [i] : []))));
  const search = new NetworkSearch(network);
  const best = async (fn: () => Promise<unknown> | unknown) => {
    await fn();
    let ms = Infinity;
    for (let r = 0; r < 5; r++) { const t0 = performance.now(); await fn(); ms = Math.min(ms, performance.now() - t0); }
    return ms;
  };
  const one = sets.map((s) => distanceField(network, s, { search }));
  const oneCoreMs = await best(() => sets.map((s) => distanceField(network, s, { search })));
  const t0 = performance.now();
  const pool = await ParallelFields.start(network);
  const setupMs = performance.now() - t0;
  try {
    const par = await pool.fields(sets);
    const agrees = par.every((f, i) => f.nodeDistM.every((d, n) => Object.is(d, one[i].nodeDistM[n]) && f.nodeSource[n] === one[i].nodeSource[n]));
    const parallelMs = await best(() => pool.fields(sets));
    return { workers: pool.workerCount, categories: sets.length, oneCoreMs, parallelMs, setupMs, speedup: oneCoreMs / parallelMs, agrees };
  } finally {
    await pool.close();
  }
}
