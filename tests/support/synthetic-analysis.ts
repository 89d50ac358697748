import { generateCity } from '../../benchmarks/synthetic-city.js';
import { GUANGZHOU } from '../../scripts/synth/projection.js';
import { analyze, type Analysis } from '../../src/scoring/analyze.js';

/** `analyze` of a seeded synthetic city (benchmarks/synthetic-city.ts) laid over Guangzhou, as the coverage suites use it. */
export function analyzeSyntheticCity(size: Parameters<typeof generateCity>[0], seed: number): Analysis {
  const city = generateCity(size, seed);
  return analyze({
    network: [...city.networkFeatures(GUANGZHOU)],
    facilities: [...city.facilityFeatures(GUANGZHOU)],
    communities: [...city.communityFeatures(GUANGZHOU)],
    population: [...city.populationFeatures(GUANGZHOU)],
  });
}
