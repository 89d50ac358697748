// --crs gcj02|bd09 (and --population-crs ...) apply to every input format, not only CSV: the demo
// facilities moved into GCJ-02 / BD-09 and written by GDAL as a Shapefile, a GeoPackage and a
// FlatGeobuf (their .prj / srs say WGS 84, as Amap-derived layers do) read back onto the original
// WGS-84 positions, and analyze on them scores as on the original GeoJSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, Point } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayer } from '../src/io/read-layer.js';
import { fromWgs84 } from '../src/io/crs.js';
import type { ImportDiagnostic } from '../src/io/diagnostics.js';
import { HAVE_GDAL, NO_GDAL, ogr2ogr } from './support/gdal.js';
import { runCli } from './support/run-cli.js';
import { scratchDir } from './support/scratch.js';

const DEMO = new URL('../data/demo/', import.meta.url).pathname;
const demo = (layer: string) => join(DEMO, `${layer}.geojson`);
/** Metres per degree of latitude, and of longitude at 23°N. */
const M_LAT = 110_700, M_LON = 102_500;

describe.skipIf(!HAVE_GDAL)(`--crs gcj02|bd09 on GIS layers${HAVE_GDAL ? '' : ` (${NO_GDAL})`}`, () => {
  const { dir, put } = scratchDir('lifecircle-crs-offset-');
  const original = JSON.parse(readFileSync(demo('facilities'), 'utf8')) as FeatureCollection<Point>;
  const shifted = (crs: 'gcj02' | 'bd09') => ({
    ...original,
    features: original.features.map((f) => ({ ...f, geometry: { type: 'Point' as const, coordinates: fromWgs84(f.geometry.coordinates, crs) } })),
  });
  const files: Record<string, string> = {};

  beforeAll(() => {
    for (const crs of ['gcj02', 'bd09'] as const) {
      const src = put(`facilities-${crs}.geojson`, shifted(crs));
      files[`${crs}.shp`] = join(dir, `facilities-${crs}.shp`);
      ogr2ogr(['-f', 'ESRI Shapefile', '-a_srs', 'EPSG:4326', '-lco', 'ENCODING=GBK', files[`${crs}.shp`], src]);
      files[`${crs}.gpkg`] = join(dir, `facilities-${crs}.gpkg`);
      ogr2ogr(['-f', 'GPKG', '-a_srs', 'EPSG:4326', '-nln', 'facilities', files[`${crs}.gpkg`], src]);
      files[`${crs}.fgb`] = join(dir, `facilities-${crs}.fgb`);
      ogr2ogr(['-f', 'FlatGeobuf', '-a_srs', 'EPSG:4326', '-lco', 'SPATIAL_INDEX=NO', files[`${crs}.fgb`], src]);
    }
    // A projected layer (CGCS2000 Gauss-Krüger) cannot carry an Amap offset.
    files.projected = join(dir, 'facilities-4547.shp');
    ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=GBK', files.projected, demo('facilities')]);
  });

  for (const crs of ['gcj02', 'bd09'] as const) {
    for (const format of ['shp', 'gpkg', 'fgb']) {
      it(`${format} in ${crs}: every facility back within 0.5 m of its WGS-84 position, said in the notes`, async () => {
        const notes: ImportDiagnostic[] = [];
        const features = await readLayer(files[`${crs}.${format}`], { crs, notes });
        expect(features).toHaveLength(original.features.length);
        let worst = 0;
        features.forEach((f, i) => {
          const [lon, lat] = (f.geometry as Point).coordinates;
          const [lon0, lat0] = original.features[i].geometry.coordinates;
          worst = Math.max(worst, Math.hypot((lon - lon0) * M_LON, (lat - lat0) * M_LAT));
        });
        expect(worst).toBeLessThan(0.5);
        expect(notes.map((n) => n.code)).toContain('crs-offset-removed');
        // Without the option the offset stays: hundreds of metres.
        const raw = await readLayer(files[`${crs}.${format}`], {});
        const [lon, lat] = (raw[0].geometry as Point).coordinates;
        const [lon0, lat0] = original.features[0].geometry.coordinates;
        expect(Math.hypot((lon - lon0) * M_LON, (lat - lat0) * M_LAT)).toBeGreaterThan(100);
      });
    }
  }

  it('analyze on a GCJ-02 Shapefile with --crs gcj02 scores as on the WGS-84 GeoJSON', async () => {
    const common = ['--network', demo('network'), '--communities', demo('communities'), '--population', demo('population'), '--quiet'];
    const base = await runCli(['analyze', ...common, '--facilities', demo('facilities'), '--out', join(dir, 'base')]);
    expect(base.code).toBe(0);
    const viaShp = await runCli(['analyze', ...common, '--facilities', files['gcj02.shp'], '--crs', 'gcj02', '--out', join(dir, 'shp')]);
    expect(viaShp.code, viaShp.stderr).toBe(0);
    const attainment = (out: string) => JSON.parse(readFileSync(join(dir, out, 'summary.json'), 'utf8')).attainment;
    expect(attainment('shp')).toEqual(attainment('base'));
    // And without --crs the same file scores differently (the offset is hundreds of metres).
    const unshifted = await runCli(['analyze', ...common, '--facilities', files['gcj02.shp'], '--out', join(dir, 'raw')]);
    expect(unshifted.code).toBe(0);
    const shares = (out: string) => readFileSync(join(dir, out, 'communities.csv'), 'utf8');
    expect(shares('raw')).not.toBe(shares('base'));
  });

  it('refuses --crs gcj02 on a projected layer, naming the file and the system it states', async () => {
    const r = await runCli(['analyze', '--network', demo('network'), '--communities', demo('communities'), '--facilities', files.projected,
      '--crs', 'gcj02', '--out', join(dir, 'refused'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('facilities-4547.shp');
    expect(r.stderr).toMatch(/GCJ-02.*CGCS2000_3_Degree_GK_CM_114E.*projected/);
  });
});
