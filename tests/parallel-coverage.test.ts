import { describe, expect, it } from 'vitest';
import { analyzeSyntheticCity } from './support/synthetic-analysis.js';
import { standardCoverage } from '../src/isochrone/standard-coverage.js';
import { coverageOnThreads } from '../src/parallel/parallel-coverage.js';

// Coverage drawn on two threads (half the groups on a worker over a shared copy of the network) is
// the one-thread drawing, layer for layer and vertex for vertex: a group's drawing never depends on
// which groups share its pass.
const analysis = analyzeSyntheticCity('spread-S', 2);

describe('coverage on two threads', () => {
  it('equals the one-thread drawing, and reports progress up to every category', async () => {
    const seen: number[] = [];
    const two = await coverageOnThreads(analysis, { threads: 2, minSegments: 0, onCategory: (done, total) => { seen.push(done); expect(total).toBe(analysis.categories.length); } });
    const one = standardCoverage(analysis);
    expect(two.features.length).toBe(one.features.length);
    expect(one.features.some((f) => f.geometry.coordinates.length > 0)).toBe(true);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(seen.at(-1)).toBe(analysis.categories.length);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]);
  });

  it('draws small networks on this thread (no worker) with the same result', async () => {
    const here = await coverageOnThreads(analysis, { threads: 2 });
    expect(JSON.stringify(here)).toBe(JSON.stringify(standardCoverage(analysis)));
  });

  it('full resolution too', async () => {
    const two = await coverageOnThreads(analysis, { threads: 2, minSegments: 0, full: true });
    expect(JSON.stringify(two)).toBe(JSON.stringify(standardCoverage(analysis, { full: true })));
  });
});
