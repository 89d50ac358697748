// Fuzzing (issue 15): mutated GeoJSON, CSV, standard files and PBF blocks give a result or an
// InputError, never a crash, a hang or output left behind. 500 cases here; `npm run fuzz` runs 10,000.
import { afterAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { cleanFuzzScratch, FUZZ_TARGETS } from './support/fuzz-targets.js';

const TOTAL = Number(process.env.LIFECIRCLE_FUZZ_RUNS ?? 500);
afterAll(cleanFuzzScratch);

describe('fuzzed inputs end in a result or an InputError', () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name} (${Math.round(TOTAL / FUZZ_TARGETS.length)} cases)`, async () => {
      await fc.assert(fc.asyncProperty(target.arbitrary, async (m) => { await target.run(m); }), {
        numRuns: Math.round(TOTAL / FUZZ_TARGETS.length), seed: 1530,
      });
    }, 300_000);
  }
});
