import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from 'geojson';
import type { Analysis } from '../../src/scoring/analyze.js';

/** The demo district's inputs as features, and a scenario on it that changes attainment. */
export const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));
export const demoFeatures = (name: string): Feature[] => JSON.parse(readFileSync(join(DEMO_DIR, `${name}.geojson`), 'utf8')).features;

/** The demo district as `analyze` takes it (read afresh on each call, so no test sees another's changes). */
export function demoInputs(): { network: Feature[]; facilities: Feature[]; communities: Feature[]; population: Feature[] } {
  return { network: demoFeatures('network'), facilities: demoFeatures('facilities'), communities: demoFeatures('communities'), population: demoFeatures('population') };
}

/** The category the most communities lack for the convenient level. */
export function mostLacked(a: Analysis): string {
  const lacking = (c: string) => a.communities.filter((s) => s.missing.convenient?.includes(c)).length;
  return [...a.categories].sort((x, y) => lacking(y) - lacking(x))[0];
}

/** The position of the heaviest resident of the k-th community that lacks `category` (a place a planner would try). */
export function siteIn(a: Analysis, category: string, k: number): { lon: number; lat: number; community: number } {
  const lacking = a.communities.map((s, i) => (s.missing.convenient?.includes(category) ? i : -1)).filter((i) => i >= 0);
  const ci = lacking[k % lacking.length];
  let best = a.residents.start[ci];
  for (let r = best; r < a.residents.start[ci + 1]; r++) if (a.residents.weight[r] > a.residents.weight[best]) best = r;
  return { lon: a.residents.lon[best], lat: a.residents.lat[best], community: ci };
}

/** What a scenario's comparison looks at: attainment per kind and each community's levels. */
export function outcome(a: Analysis) {
  return {
    attainment: a.kinds,
    communities: a.communities.map((s) => [s.community.id, s.attained, s.missing]),
  };
}
