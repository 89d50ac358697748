import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { weightedMedian } from '../src/scoring/weighted-median.js';

/** The definition, written the obvious way. */
function reference(values: number[], weights: number[]): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (const i of order) {
    acc += weights[i];
    if (acc >= total / 2 - 1e-12) return values[i];
  }
  return values[order[order.length - 1]];
}

describe('weightedMedian', () => {
  it('worked examples', () => {
    expect(weightedMedian(Float64Array.of(5, 1, 3), Float64Array.of(1, 1, 1), 0, 3)).toBe(3);
    // Heavy weight on the largest value pulls the median to it.
    expect(weightedMedian(Float64Array.of(5, 1, 3), Float64Array.of(10, 1, 1), 0, 3)).toBe(5);
    // Most residents reach nothing: the median is unreachable.
    expect(weightedMedian(Float64Array.of(Infinity, 2, Infinity), Float64Array.of(1, 1, 1), 0, 3)).toBe(Infinity);
    // A slice: only [from, to) counts.
    expect(weightedMedian(Float64Array.of(100, 7, 8, 9, -100), Float64Array.of(1, 1, 1, 1, 1), 1, 4)).toBe(8);
    expect(weightedMedian(new Float64Array(0), new Float64Array(0), 0, 0)).toBeNaN();
  });

  it('equals the definition on random inputs, long runs and ties included', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(Infinity));
    fc.assert(fc.property(fc.array(fc.tuple(value, fc.double({ min: 0.01, max: 100, noNaN: true })), { minLength: 1, maxLength: 300 }), (pairs) => {
      const v = pairs.map((p) => p[0]), w = pairs.map((p) => p[1]);
      expect(weightedMedian(Float64Array.from(v), Float64Array.from(w), 0, v.length)).toBe(reference(v, w));
    }), { numRuns: 300 });
  });

  it('equals the definition on long slices with heavy ties and whole-number weights (the quickselect partitions)', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(Infinity));
    fc.assert(fc.property(
      fc.array(fc.tuple(value, fc.integer({ min: 0, max: 5 })), { minLength: 17, maxLength: 2000 }),
      fc.nat(5), fc.nat(5),
      (pairs, cutFront, cutBack) => {
        const v = pairs.map((p) => p[0]), w = pairs.map((p) => p[1]);
        const from = Math.min(cutFront, v.length - 1), to = Math.max(from + 1, v.length - cutBack);
        expect(weightedMedian(Float64Array.from(v), Float64Array.from(w), from, to)).toBe(reference(v.slice(from, to), w.slice(from, to)));
      },
    ), { numRuns: 300 });
  });

  it('equals the definition on runs long enough to be bracketed from a sample, also when the sample misleads', () => {
    // Sorted stretches and heavy weights at places a stride sample skips put the answer outside the
    // sample's bracket (the whole run is selected then); values repeat so the bracket's ends tie.
    const value = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(Infinity));
    const weight = fc.oneof(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.constant(0), fc.integer({ min: 500, max: 5000 }));
    fc.assert(fc.property(fc.array(fc.tuple(value, weight), { minLength: 96, maxLength: 900 }), fc.boolean(), (pairs, sortFirst) => {
      if (sortFirst) pairs.sort((a, b) => a[0] - b[0]);
      const v = pairs.map((p) => p[0]), w = pairs.map((p) => p[1]);
      expect(weightedMedian(Float64Array.from(v), Float64Array.from(w), 0, v.length)).toBe(reference(v, w));
    }), { numRuns: 500 });
  });
});
