// CLI flags that pass a choice to the library: each must change the result the way its help says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { line, ll, point } from './support/geo.js';

const { dir, put } = scratchDir('lc-flags-');
const DEMO = new URL('../data/demo/', import.meta.url);
const demo = (name: string) => new URL(name, DEMO).pathname;
const demoInputs = ['--network', demo('network.geojson'), '--facilities', demo('facilities.geojson'),
  '--communities', demo('communities.geojson'), '--population', demo('population.geojson')];

const network = put('streets.geojson', fc([line(Array.from({ length: 21 }, (_, i) => [i * 100, 0] as [number, number]))]));
const communities = put('communities.geojson', fc([{
  type: 'Feature', properties: { id: 'A', name: '东湖社区', kind: 'urban', population: 1000 },
  geometry: { type: 'Polygon', coordinates: [[ll(0, -50), ll(500, -50), ll(500, 50), ll(0, 50), ll(0, -50)]] },
}]));

describe('--encoding', () => {
  const rows = '名称,经度,纬度,category\r\n' + [[100, 'health'], [300, 'grocery']].map(([x, c]) => `东湖卫生站,${ll(Number(x), 0).join(',')},${c}`).join('\r\n');
  const gbk = put('facilities-gbk.csv', iconv.encode(rows, 'gbk'));

  it('reads a GBK file by detection, and refuses it when told it is UTF-8', async () => {
    const detected = await runCli(['travel-times', '--network', network, '--facilities', gbk, '--points', gbk, '--crs', 'wgs84', '--points-crs', 'wgs84', '--quiet']);
    expect(detected.code).toBe(0);
    expect(detected.stdout.split('\n')[0]).toBe('id,grocery_min,grocery_facility,health_min,health_facility');
    const forced = await runCli(['travel-times', '--network', network, '--facilities', gbk, '--points', gbk, '--encoding', 'utf8', '--quiet']);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/facilities-gbk\.csv/);
  });
});

describe('--category-map', () => {
  it('replaces the built-in map: a facility named by a word only the user map knows gets its category', async () => {
    const facilities = put('clinics.geojson', fc([point(100, 0, { name: '东湖睦邻小驿' })]));
    const map = put('my-map.json', { rules: [{ category: 'social-work', name: ['睦邻'] }] });
    const out = join(dir, 'with-map');
    const r = await runCli(['analyze', '--network', network, '--facilities', facilities, '--communities', communities,
      '--category-map', map, '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.diagnostics.facilities.byCategory).toEqual({ 'social-work': 1 }); // the built-in map knows no 睦邻
    const bad = await runCli(['analyze', '--network', network, '--facilities', facilities, '--communities', communities,
      '--category-map', put('bad-map.json', { rules: [{ category: 'pharmacy!', name: ['x'] }] }), '--out', join(dir, 'never'), '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-map\.json/);
  });
});

describe('plan --budget, --max-sites, --objective', () => {
  const sitesOf = (out: string) => JSON.parse(readFileSync(join(out, 'suggestions.geojson'), 'utf8')).features.map((f: { properties: { category: string } }) => f.properties.category);

  it('--budget category=N suggests exactly that many sites of those categories and none of the others', async () => {
    const out = join(dir, 'plan-budget');
    const r = await runCli(['plan', ...demoInputs, '--budget', 'childcare=2,health=1', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(sitesOf(out).sort()).toEqual(['childcare', 'childcare', 'health']);
  });

  it('--max-sites caps each category when the targets would ask for more', async () => {
    const out = join(dir, 'plan-max');
    expect((await runCli(['plan', ...demoInputs, '--max-sites', '1', '--out', out, '--quiet'])).code).toBe(0);
    const sites: string[] = sitesOf(out);
    expect(sites.length).toBeGreaterThan(0);
    expect(new Set(sites).size).toBe(sites.length);
  });

  it('--objective population ranks by every person newly covered (it can only cover at least as many with the first site)', async () => {
    const runFirst = async (objective: string) => {
      const out = join(dir, `plan-${objective}`);
      expect((await runCli(['plan', ...demoInputs, '--budget', 'childcare=1', '--objective', objective, '--out', out, '--quiet'])).code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).objective).toBe(objective);
      return JSON.parse(readFileSync(join(out, 'suggestions.geojson'), 'utf8')).features[0].properties.newly_covered_people as number;
    };
    expect(await runFirst('population')).toBeGreaterThanOrEqual(await runFirst('shortfall'));
  });

  it.each([['childcare=two'], ['=3'], ['-1']])('refuses --budget %s with exit 2', async (value) => {
    const r = await runCli(['plan', ...demoInputs, '--budget', value, '--out', join(dir, 'never'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--budget/);
  });
});

describe('isochrone --cap-m', () => {
  it('a shorter off-street cap draws a smaller polygon around the same street', async () => {
    const area = async (capM: string) => {
      const out = join(dir, `iso-${capM}.geojson`);
      const r = await runCli(['isochrone', '--network', network, '--from', ll(1000, 0).join(','), '--minutes', '10', '--cap-m', capM, '--out', out, '--quiet']);
      expect(r.code).toBe(0);
      const ring = JSON.parse(readFileSync(out, 'utf8')).features[0].geometry.coordinates[0][0] as number[][];
      const lats = ring.map((p) => p[1]);
      return Math.max(...lats) - Math.min(...lats); // the polygon's depth across the east-west street
    };
    expect(await area('60')).toBeLessThan(await area('120'));
  });
});
