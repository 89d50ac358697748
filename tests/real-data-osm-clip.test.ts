// A real cut: the Monaco extract cut again with osmium (Debian osmium-tool) through the middle of
// Monaco, so three quarter relations are incomplete. import-osm clips them to the cut instead of
// dropping them; each clipped quarter is checked point by point against the whole quarter (from
// monaco-quarters.geojson, exported by osmium from the uncut file) inside the cut's box, and
// analyze scores them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { pointInRing } from '../src/io/osm/rings.js';
import { runCli } from './support/run-cli.js';

const data = (p: string) => fileURLToPath(new URL(`../../shared/data/${p}`, import.meta.url));
const MONACO = data('monaco/monaco.osm.pbf');
const QUARTERS = data('monaco/monaco-quarters.geojson');
const HAVE_OSMIUM = spawnSync('osmium', ['--version']).status === 0;
// West, south, east, north: cuts Monaco-Ville, La Condamine and Monte-Carlo; four quarters stay whole.
const CUT = [7.405, 43.72, 7.425, 43.745] as const;
const CLIPPED = ['Monaco-Ville', 'La Condamine', 'Monte-Carlo'];
const WHOLE = ['Fontvieille', 'Jardin Exotique', 'Les Monegetti', 'Sainte-Dévote'];

function inside(g: Polygon | MultiPolygon, x: number, y: number): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((rings) => pointInRing(x, y, rings[0]) && !rings.slice(1).some((h) => pointInRing(x, y, h)));
}

/** Share of a 200 x 200 grid over the cut's box on which the two shapes agree, among points in either. */
function agreement(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  let either = 0, both = 0;
  for (let i = 0; i < 200; i++) {
    for (let j = 0; j < 200; j++) {
      const x = CUT[0] + ((i + 0.5) / 200) * (CUT[2] - CUT[0]);
      const y = CUT[1] + ((j + 0.5) / 200) * (CUT[3] - CUT[1]);
      const inA = inside(a, x, y), inB = inside(b, x, y);
      if (inA || inB) either++;
      if (inA && inB) both++;
    }
  }
  return either ? both / either : 1;
}

const HAVE_DATA = existsSync(MONACO) && existsSync(QUARTERS);

// A skipped describe's body still runs while tests are collected: nothing in it may touch the data
// unless the data is there (a fresh clone has no ../shared).
describe.skipIf(!HAVE_DATA || !HAVE_OSMIUM)('import-osm on an extract that cuts its admin boundaries (Monaco cut by osmium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-osm-cut-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const quarters: FeatureCollection<Polygon | MultiPolygon> = HAVE_DATA
    ? JSON.parse(readFileSync(QUARTERS, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>
    : { type: 'FeatureCollection', features: [] };
  const whole = (name: string) => quarters.features.find((f) => f.properties!.name === name)!.geometry;
  const cut = (strategy: string, extra: string[]) => {
    const out = join(dir, `${strategy}.osm.pbf`);
    const run = spawnSync('osmium', ['extract', '-b', CUT.join(','), '-s', strategy, ...extra, MONACO, '-o', out, '--overwrite'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return out;
  };

  // complete_ways keeps every node of a way that enters the box (the quarters' cut lines run past
  // it) and --set-bounds writes the box into the header; simple keeps only nodes inside, and
  // without a header box the box of the file's nodes stands in.
  for (const [strategy, extra, expected] of [
    ['complete_ways', ['--set-bounds'], CLIPPED],
    ['simple', [], ['Monaco-Ville', 'La Condamine']], // Monte-Carlo's relation has no member in the box
  ] as const) {
    it(`${strategy}: clips the cut quarters, marks them, says so, and keeps the whole ones whole`, async () => {
      const pbf = cut(strategy, [...extra]);
      const out = join(dir, `${strategy}-city`);
      const run = await runCli(['import-osm', pbf, '--out', out, '--buildings']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`${expected.length} admin boundaries are cut by the edge of this extract and were clipped`);
      expect(run.stderr).toContain(`10: 4+${expected.length} clipped/`);
      const communities = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
      const byName = new Map(communities.features.map((f) => [f.properties!.name as string, f]));
      expect([...byName.keys()].sort()).toEqual([...WHOLE, ...expected].sort());
      for (const name of WHOLE) expect(byName.get(name)!.properties!.clipped).toBeUndefined();
      for (const name of expected) {
        const f = byName.get(name) as Feature<Polygon | MultiPolygon>;
        expect(f.properties!.clipped).toBe(true);
        // The clipped quarter is the whole quarter inside the box, but for the stretch carried to the
        // edge where the cut left a line's end inside the box.
        expect(agreement(f.geometry, whole(name))).toBeGreaterThan(strategy === 'simple' ? 0.95 : 0.98);
      }
      const summary = JSON.parse(readFileSync(join(out, 'import-summary.json'), 'utf8'));
      expect(summary.counts.communitiesClipped).toBe(expected.length);
      expect(summary.extractBox.from).toBe(strategy === 'simple' ? 'nodes' : 'header');

      // analyze scores the clipped quarters, and says which are clipped.
      const report = join(dir, `${strategy}-report`);
      const c = (n: string) => join(out, n);
      const analyzed = await runCli(['analyze', '--network', c('network.geojson'), '--facilities', c('facilities.geojson'),
        '--communities', c('communities.geojson'), '--population', c('buildings.geojson'), '--default-kind', 'urban', '--out', report]);
      expect(analyzed.code, analyzed.stderr).toBe(0);
      const result = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8'));
      expect(result.attainment.find((k: { kind: string }) => k.kind === 'urban')).toMatchObject({ communities: 4 + expected.length, scored: 4 + expected.length });
      const csv = readFileSync(join(report, 'communities.csv'), 'utf8');
      for (const name of expected) {
        const row = csv.split('\n').find((l) => l.includes(`,${name},`));
        expect(row, name).toBeDefined();
        expect(analyzed.stderr).toContain(`${name}: the boundary was clipped to the edge of an OSM extract`);
      }
    });
  }

  it('the uncut extract still gives the nine quarters whole', async () => {
    const out = join(dir, 'uncut');
    const run = await runCli(['import-osm', MONACO, '--out', out, '--quiet']);
    expect(run.code).toBe(0);
    const communities = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8')) as FeatureCollection;
    expect(communities.features).toHaveLength(9);
    expect(communities.features.every((f) => f.properties!.clipped === undefined)).toBe(true);
  });
});
