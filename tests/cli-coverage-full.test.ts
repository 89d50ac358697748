// `analyze --coverage-full`: the opt-in full-resolution coverage file (7 decimals, unsimplified)
// next to the default one (5 decimals, rings simplified to the cell size), on the demo district.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, Polygon, MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../src/cli/analyze.js';
import { scratchDir } from './support/scratch.js';

const DEMO = new URL('../data/demo/', import.meta.url).pathname;
const demo = (layer: string) => join(DEMO, `${layer}.geojson`);
const scratch = scratchDir('lc-coverage-full-');

function coverage(dir: string): FeatureCollection<Polygon | MultiPolygon> {
  return JSON.parse(readFileSync(join(dir, 'coverage.geojson'), 'utf8'));
}
function positions(fc: FeatureCollection<Polygon | MultiPolygon>): number[][] {
  return fc.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2) as unknown as number[][]);
}
const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

describe('analyze --coverage-full', () => {
  let full: FeatureCollection<Polygon | MultiPolygon>, compact: FeatureCollection<Polygon | MultiPolygon>;
  beforeAll(async () => {
    const files = { network: demo('network'), facilities: demo('facilities'), communities: demo('communities'), population: demo('population') };
    await runAnalyze(files, { out: join(scratch.dir, 'compact'), quiet: true });
    await runAnalyze(files, { out: join(scratch.dir, 'full'), quiet: true, coverageFull: true });
    full = coverage(join(scratch.dir, 'full'));
    compact = coverage(join(scratch.dir, 'compact'));
  });

  it('draws the same layers in both files', () => {
    const key = (fc: typeof full) => fc.features.map((f) => JSON.stringify([f.properties?.category, f.properties?.minutes, f.properties?.meters])).sort();
    expect(key(full)).toEqual(key(compact));
    expect(full.features.length).toBeGreaterThan(0);
  });

  it('keeps 7 decimals and every vertex when asked, 5 decimals and fewer vertices by default', () => {
    const fullPos = positions(full), compactPos = positions(compact);
    expect(Math.max(...compactPos.flat().map(decimals))).toBeLessThanOrEqual(5);
    expect(Math.max(...fullPos.flat().map(decimals))).toBeGreaterThan(5);
    expect(compactPos.length).toBeLessThan(fullPos.length);
  });
});
