import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const PBF = new URL('../../shared/data/monaco/monaco.osm.pbf', import.meta.url);

/** A planner's two commands on a real extract: import-osm, then analyze on what it wrote. */
describe.skipIf(!existsSync(PBF))('OpenStreetMap extract to report (Monaco)', () => {
  it('imports the extract and scores its quarters with buildings as residents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-osm-'));
    const imported = await runCli(['import-osm', PBF.pathname, '--out', join(dir, 'city'), '--buildings', '--quiet']);
    expect(imported.code).toBe(0);
    const c = (name: string) => join(dir, 'city', name);
    const r = await runCli(['analyze', '--network', c('network.geojson'), '--facilities', c('facilities.geojson'),
      '--communities', c('communities.geojson'), '--population', c('buildings.geojson'), '--default-kind', 'urban',
      '--out', join(dir, 'report'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'report', 'summary.json'), 'utf8'));
    const urban = summary.attainment.find((k: { kind: string }) => k.kind === 'urban');
    expect(urban).toMatchObject({ communities: 9, scored: 9 });
    // Every imported building is a resident point of some quarter or counted as outside them all
    // (the extract reaches into France; the quarters are Monaco's).
    const importSummary = JSON.parse(readFileSync(c('import-summary.json'), 'utf8'));
    const res = summary.diagnostics.residents;
    expect(res.points + res.outsidePoints).toBe(importSummary.counts.buildings);
    expect(res.points).toBeGreaterThan(500);
    expect(summary.diagnostics.residents.unlinked).toBeLessThan(summary.diagnostics.residents.points * 0.01);
    const csv = readFileSync(join(dir, 'report', 'communities.csv'), 'utf8');
    for (const quarter of ['Monte-Carlo', 'Fontvieille', 'La Condamine', 'Monaco-Ville']) expect(csv).toContain(quarter);
    expect(readFileSync(join(dir, 'report', 'report.html'), 'utf8')).toContain('Monte-Carlo');
  });
});
