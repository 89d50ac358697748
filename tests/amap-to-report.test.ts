import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { FeatureCollection, Point } from 'geojson';
import { fromWgs84 } from '../src/io/crs.js';
import { runCli } from './support/run-cli.js';

const DEMO = new URL('../data/demo/', import.meta.url);

/**
 * A planner's path from an Amap POI export: the demo's facilities written as a GBK CSV in GCJ-02 with
 * Chinese column names and no category column (categories come from names), then `analyze --crs gcj02`.
 * The result must equal the analysis of the same facilities given as WGS-84 GeoJSON with categories,
 * wherever the names alone identify the category.
 */
describe('Amap CSV (GBK, GCJ-02) to report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-amap-'));
  const facilities = JSON.parse(readFileSync(new URL('facilities.geojson', DEMO), 'utf8')) as FeatureCollection<Point>;
  const rows = ['名称,类型,经度,纬度'];
  for (const f of facilities.features) {
    const [lon, lat] = fromWgs84(f.geometry.coordinates, 'gcj02');
    rows.push(`${f.properties!.name},,${lon.toFixed(7)},${lat.toFixed(7)}`);
  }
  const csvPath = join(dir, 'amap-pois.csv');
  writeFileSync(csvPath, iconv.encode(rows.join('\r\n'), 'gbk'));
  const common = ['--network', new URL('network.geojson', DEMO).pathname, '--communities', new URL('communities.geojson', DEMO).pathname,
    '--population', new URL('population.geojson', DEMO).pathname, '--quiet'];

  it('reads, converts and categorises the export, and scores like the clean GeoJSON', async () => {
    const viaAmap = await runCli(['analyze', ...common, '--facilities', csvPath, '--crs', 'gcj02', '--out', join(dir, 'amap')]);
    expect(viaAmap.stderr).toBe('');
    expect(viaAmap.code).toBe(0);
    const viaGeoJson = await runCli(['analyze', ...common, '--facilities', new URL('facilities.geojson', DEMO).pathname, '--out', join(dir, 'geojson')]);
    expect(viaGeoJson.code).toBe(0);
    const summary = (name: string) => JSON.parse(readFileSync(join(dir, name, 'summary.json'), 'utf8'));
    const a = summary('amap'), g = summary('geojson');
    // Every demo facility name carries its category's keyword, so the categories agree one for one.
    expect(a.diagnostics.facilities.byCategory).toEqual(g.diagnostics.facilities.byCategory);
    expect(a.diagnostics.facilities.unmatched).toBe(0);
    // GCJ-02 -> WGS-84 comes back within a metre, so attainment is the same community by community.
    expect(readFileSync(join(dir, 'amap', 'communities.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 9).join(',')))
      .toEqual(readFileSync(join(dir, 'geojson', 'communities.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 9).join(',')));
  });

  it('warns when the coordinate system of a CSV is not stated, and reads it as WGS-84', async () => {
    const r = await runCli(['analyze', ...common.filter((a) => a !== '--quiet'), '--facilities', csvPath, '--out', join(dir, 'unstated')]);
    expect(r.code).toBe(0);
    // Unstated, the table is read as WGS-84, never shifted on a guess: the warning says how to state it.
    expect(r.stderr).toMatch(/warning: .*amap-pois\.csv: coordinate system not stated; read as WGS-84; pass --crs gcj02/);
    const out = JSON.parse(readFileSync(join(dir, 'unstated', 'facilities.geojson'), 'utf8')) as FeatureCollection<Point>;
    expect(out.features.map((f) => f.geometry.coordinates.map((x) => x.toFixed(7)).join(','))).toEqual(rows.slice(1).map((r) => r.split(',').slice(2).join(',')));
  });
});
