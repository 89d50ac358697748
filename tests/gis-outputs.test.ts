// Outputs for GIS tools: `--format gpkg` writes one GeoPackage holding every output layer, and
// `--out postgresql://...?schema=NAME` writes them as PostGIS tables in one transaction. GDAL's
// ogrinfo/ogr2ogr and psql, independent readers, check what was written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_GDAL, NO_GDAL, ogr2ogr, ogrinfo } from './support/gdal.js';
import { HAVE_POSTGIS, NO_POSTGIS, startPostgis, type PostgisServer } from './support/postgis-server.js';
import { runCli } from './support/run-cli.js';
import { scratchDir } from './support/scratch.js';

const DEMO = new URL('../data/demo/', import.meta.url).pathname;
const INPUTS = ['--network', join(DEMO, 'network.geojson'), '--facilities', join(DEMO, 'facilities.geojson'),
  '--communities', join(DEMO, 'communities.geojson'), '--population', join(DEMO, 'population.geojson'), '--quiet'];

/** Layer name -> feature count, as ogrinfo reports them. */
function ogrLayers(source: string): Record<string, number> {
  const out: Record<string, number> = {};
  const names = ogrinfo(['-ro', '-q', source]).split('\n').map((l) => /^\d+: (\S+)/.exec(l)?.[1]).filter((n): n is string => !!n);
  for (const name of names) out[name] = Number(/Feature Count: (\d+)/.exec(ogrinfo(['-ro', '-so', source, name]))![1]);
  return out;
}

/** Without --quiet: the line saying what was written. */
const LOUD = INPUTS.filter((a) => a !== '--quiet');
const geojsonCount = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { features: unknown[] }).features.length;

describe.skipIf(!HAVE_GDAL)(`--format gpkg${HAVE_GDAL ? '' : ` (skipped: ${NO_GDAL})`}`, () => {
  const { dir } = scratchDir('lifecircle-gpkg-out-');

  it('analyze: lifecircle.gpkg holds communities, facilities and coverage, as many features as the GeoJSON outputs', async () => {
    const out = join(dir, 'analyze');
    const r = await runCli(['analyze', ...INPUTS, '--out', out, '--format', 'gpkg']);
    expect(r.stderr).toBe('');
    const gpkg = join(out, 'lifecircle.gpkg');
    expect(ogrLayers(gpkg)).toEqual({
      communities: geojsonCount(join(out, 'communities.geojson')),
      facilities: geojsonCount(join(out, 'facilities.geojson')),
      coverage: geojsonCount(join(out, 'coverage.geojson')),
    });
    // GDAL reads the attributes back: the communities as GeoJSON carry the same names and scores.
    ogr2ogr(['-f', 'GeoJSON', join(dir, 'back.geojson'), gpkg, 'communities']);
    const back = JSON.parse(readFileSync(join(dir, 'back.geojson'), 'utf8')).features;
    const want = JSON.parse(readFileSync(join(out, 'communities.geojson'), 'utf8')).features;
    expect(back.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(want.map((f: { properties: { name: string } }) => f.properties.name));
    expect(back[0].geometry.coordinates[0][0][0]).toBeCloseTo(want[0].geometry.coordinates[0][0][0], 9);
    // The GeoPackage validates as one (application id, srs, contents).
    expect(ogrinfo(['-ro', '-so', gpkg, 'communities'])).toMatch(/EPSG.*4326|WGS 84/);
  });

  it('plan: lifecircle.gpkg also holds the suggestions', async () => {
    const out = join(dir, 'plan');
    const r = await runCli(['plan', ...INPUTS, '--out', out, '--format', 'gpkg', '--budget', '2']);
    expect(r.code).toBe(0);
    const layers = ogrLayers(join(out, 'lifecircle.gpkg'));
    expect(Object.keys(layers).sort()).toEqual(['communities', 'coverage', 'facilities', 'suggestions']);
    expect(layers.suggestions).toBe(geojsonCount(join(out, 'suggestions.geojson')));
  });
});

describe.skipIf(!HAVE_GDAL || !HAVE_POSTGIS)(`--out postgresql://...?schema=${HAVE_POSTGIS ? '' : ` (skipped: ${NO_POSTGIS})`}`, () => {
  let server: PostgisServer;
  const reportDirs = scratchDir('lifecircle-pg-reports-');
  beforeAll(async () => { server = await startPostgis(); });
  afterAll(() => server?.stop());

  it('writes every layer as a table in the schema, readable by ogrinfo, and summary as jsonb', async () => {
    const r = await runCli(['analyze', ...INPUTS, '--out', `${server.uri}?schema=results`]);
    expect(r.code).toBe(0);
    const counts = server.psql("SELECT (SELECT count(*) FROM results.communities), (SELECT count(*) FROM results.facilities), (SELECT count(*) > 0 FROM results.coverage), (SELECT document->>'generatedBy' FROM results.summary)").trim();
    expect(counts).toBe('56|450|t|lifecircle');
    expect(server.psql("SELECT name FROM results.communities WHERE fid = 1").trim()).toBe('乐泉社区');
    const info = ogrinfo(['-ro', '-q', `PG:host=127.0.0.1 port=${server.port} dbname=city user=lifecircle password=secret`]);
    expect(info).toMatch(/results\.communities/);
    expect(server.psql('SELECT DISTINCT ST_SRID(geom) FROM results.communities').trim()).toBe('4326');
    expect(server.psql("SELECT document::text FROM results.summary")).not.toContain('secret');
  });

  it('without --report-dir says no report files were written and how to get them', async () => {
    const r = await runCli(['analyze', ...LOUD, '--out', `${server.uri}?schema=tablesonly`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote tables .*tablesonly\.communities.*; no report files \(add --report-dir DIR/);
  });

  it('--report-dir also writes the report files, the same communities.csv as a folder run', async () => {
    const { dir } = reportDirs;
    const reports = join(dir, 'reports');
    const r = await runCli(['analyze', ...LOUD, '--out', `${server.uri}?schema=withreports`, '--report-dir', reports]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`report files to ${reports}; open ${join(reports, 'report.html')}`);
    for (const f of ['report.html', 'report.md', 'communities.csv', 'summary.json']) expect(existsSync(join(reports, f)), f).toBe(true);
    expect(server.psql('SELECT count(*) FROM withreports.communities').trim()).toBe('56');
    const folder = await runCli(['analyze', ...INPUTS, '--out', join(dir, 'folder')]);
    expect(folder.code).toBe(0);
    expect(readFileSync(join(reports, 'communities.csv'), 'utf8')).toBe(readFileSync(join(dir, 'folder', 'communities.csv'), 'utf8'));
    expect(readFileSync(join(reports, 'summary.json'), 'utf8')).not.toContain('secret');
    // plan too: its suggestions.csv, plan.json and reports beside the tables.
    const planReports = join(dir, 'plan-reports');
    const plan = await runCli(['plan', ...INPUTS, '--out', `${server.uri}?schema=planned`, '--report-dir', planReports]);
    expect(plan.code, plan.stderr).toBe(0);
    for (const f of ['report.html', 'suggestions.csv', 'plan.json']) expect(existsSync(join(planReports, f)), f).toBe(true);
    expect(server.psql('SELECT count(*) > 0 FROM planned.communities').trim()).toBe('t');
  });

  it('--report-dir needs a database --out', async () => {
    const r = await runCli(['analyze', ...INPUTS, '--out', join(reportDirs.dir, 'x'), '--report-dir', join(reportDirs.dir, 'y')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--report-dir goes with --out postgresql://');
  });

  it('all or nothing: a table that cannot be replaced leaves every table as it was', async () => {
    server.psql('SET ROLE lifecircle; CREATE SCHEMA locked; CREATE TABLE locked.facilities (x int); CREATE VIEW locked.depends AS SELECT * FROM locked.facilities');
    const r = await runCli(['analyze', ...INPUTS, '--out', `${server.uri}?schema=locked`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(r.stderr).not.toContain('secret');
    // communities was created before facilities failed, and rolled back with it.
    expect(server.psql("SELECT to_regclass('locked.communities') IS NULL").trim()).toBe('t');
    // And the report folder is not written either.
    const reports = join(reportDirs.dir, 'locked-reports');
    const withReports = await runCli(['analyze', ...INPUTS, '--out', `${server.uri}?schema=locked`, '--report-dir', reports]);
    expect(withReports.code).not.toBe(0);
    expect(existsSync(reports)).toBe(false);
  });
});
