import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestSums } from '../src/routing/nearest-sums.js';
import { servedPoints, servedTask } from '../src/scoring/category-service.js';
import { THRESHOLD_EPSILON_M } from '../src/scoring/rule-distance.js';

// Served population, point by point: each point whose nearest source is s and within its group's limit adds its weight to s.
function bruteForce(groupOf: number[], weight: number[], source: number[], distM: number[], limit: number[], sources: number): number[] {
  const sums = new Array<number>(sources).fill(0);
  groupOf.forEach((g, r) => {
    if (limit[g] >= 0 && source[r] >= 0 && distM[r] <= limit[g] + THRESHOLD_EPSILON_M) sums[source[r]] += weight[r];
  });
  return sums;
}

describe('nearestSums (a category\'s served population)', () => {
  it('adds each point to its nearest source only within its group\'s limit, as point by point', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.record({
        size: fc.integer({ min: 0, max: 12 }),
        // Limits on whole metres, so points exactly at a limit (and just past its tolerance) occur; -1: no rule.
        limit: fc.oneof(fc.constant(-1), fc.constant(NaN), fc.integer({ min: 0, max: 30 })),
      }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.record({ source: fc.integer({ min: -1, max: 5 }), distM: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(Infinity)), weight: fc.integer({ min: 0, max: 9 }) })),
      (sources, groups, draws) => {
        const groupOf = groups.flatMap(({ size }, g) => new Array<number>(size).fill(g));
        const pick = (r: number) => draws.length ? draws[r % draws.length] : { source: -1, distM: Infinity, weight: 1 };
        const source = groupOf.map((_, r) => Math.min(pick(r).source, sources - 1));
        const distM = groupOf.map((_, r) => pick(r).distM + (r % 3 === 0 ? THRESHOLD_EPSILON_M : 0));
        const weight = groupOf.map((_, r) => pick(r).weight + 0.25 * (r % 4));
        const start = Int32Array.from([0, ...groups.map((_, g) => groups.slice(0, g + 1).reduce((n, x) => n + x.size, 0))]);
        const perCommunity = Float64Array.from(groups, (x) => x.limit);
        const got = nearestSums(
          servedPoints({ people: Float64Array.from(weight), start }),
          servedTask({ perCommunity, key: '' }, { distM: Float64Array.from(distM), source: Int32Array.from(source) }, sources),
        );
        expect(Array.from(got)).toEqual(bruteForce(groupOf, weight, source, distM, groups.map((x) => x.limit), sources));
      },
    ), { numRuns: 300 });
  });

  it('counts a point at its limit and not one a millimetre past the tolerance', () => {
    const start = Int32Array.from([0, 3]);
    const got = nearestSums(
      servedPoints({ people: Float64Array.from([2, 3, 5]), start }),
      servedTask({ perCommunity: Float64Array.from([100]), key: '' }, { distM: Float64Array.from([100, 100 + THRESHOLD_EPSILON_M, 100.001 + THRESHOLD_EPSILON_M]), source: Int32Array.from([0, 1, 1]) }, 2),
    );
    expect(Array.from(got)).toEqual([2, 3]);
  });
});
