// The demo district written by GDAL (ogr2ogr) as a bureau would hand it over -- Shapefiles in
// CGCS2000 / 3-degree Gauss-Krüger CM 114E (EPSG:4547) with GBK attributes, a GeoPackage, FlatGeobuf
// files and PostGIS tables -- must give exactly the analysis of the GeoJSON it came from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../src/cli/analyze.js';
import { readLayer } from '../src/io/read-layer.js';
import type { ImportDiagnostic } from '../src/io/diagnostics.js';
import { HAVE_GDAL, NO_GDAL, ogr2ogr } from './support/gdal.js';
import { HAVE_POSTGIS, NO_POSTGIS, ogrToPostgis, startPostgis, type PostgisServer } from './support/postgis-server.js';
import { scratchDir } from './support/scratch.js';

const DEMO = new URL('../data/demo/', import.meta.url).pathname;
const LAYERS = ['network', 'facilities', 'communities', 'population'] as const;
const demo = (layer: string) => join(DEMO, `${layer}.geojson`);

/** Every number of a geometry, polygon rings turned counter-clockwise (shapefiles store outer rings clockwise). */
function flatCoordinates(g: unknown): number[] {
  const geom = g as { type: string; coordinates: unknown };
  const ccw = (ring: number[][]) => {
    let s = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
    return s > 0 ? [...ring].reverse() : ring;
  };
  const c = geom.type === 'Polygon' ? (geom.coordinates as number[][][]).map(ccw) : geom.coordinates;
  return (c as unknown[]).flat(3) as number[];
}

if (!HAVE_GDAL) console.warn(`skipping GIS format tests: ${NO_GDAL}`);

describe.skipIf(!HAVE_GDAL)('analysis from GDAL-written files equals the GeoJSON run', () => {
  const { dir } = scratchDir('lifecircle-gis-');
  let geojsonCsv = '';

  beforeAll(async () => {
    for (const layer of LAYERS) {
      ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=GBK', join(dir, `${layer}.shp`), demo(layer)]);
      ogr2ogr(['-f', 'GPKG', '-t_srs', 'EPSG:4547', '-nln', layer, ...(layer === 'network' ? [] : ['-update']), join(dir, 'city.gpkg'), demo(layer)]);
      // Without its spatial index GDAL keeps the features in input order (the index sorts them).
      ogr2ogr(['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=NO', join(dir, `${layer}.fgb`), demo(layer)]);
    }
    geojsonCsv = await analyzeFrom(Object.fromEntries(LAYERS.map((l) => [l, demo(l)])), 'geojson');
  });

  async function analyzeFrom(files: Record<string, string>, name: string): Promise<string> {
    const out = join(dir, `out-${name}`);
    await runAnalyze({ network: files.network, facilities: files.facilities, communities: files.communities, population: files.population }, { out, quiet: true });
    return readFileSync(join(out, 'communities.csv'), 'utf8');
  }

  it('the Shapefiles really are projected and GBK-encoded', () => {
    expect(readFileSync(join(dir, 'communities.prj'), 'utf8')).toContain('CGCS2000_3_Degree_GK_CM_114E');
    expect(readFileSync(join(dir, 'communities.cpg'), 'utf8').trim()).toBe('GBK');
    const dbf = readFileSync(join(dir, 'communities.dbf'));
    expect(dbf.includes(Buffer.from('乐泉社区', 'utf8'))).toBe(false);
    expect(dbf.includes(Buffer.from([0xc0, 0xd6, 0xc8, 0xaa]))).toBe(true); // 乐泉 in GBK
  });

  it('Shapefile (GBK, EPSG:4547): the same communities.csv, Chinese names intact', async () => {
    const csv = await analyzeFrom(Object.fromEntries(LAYERS.map((l) => [l, join(dir, `${l}.shp`)])), 'shp');
    expect(csv).toContain('乐泉社区');
    expect(csv).toBe(geojsonCsv);
  });

  it('GeoPackage (one file, four layers, EPSG:4547): the same communities.csv', async () => {
    const csv = await analyzeFrom(Object.fromEntries(LAYERS.map((l) => [l, `${join(dir, 'city.gpkg')}?layer=${l}`])), 'gpkg');
    expect(csv).toBe(geojsonCsv);
  });

  it('FlatGeobuf: the same communities.csv', async () => {
    const csv = await analyzeFrom(Object.fromEntries(LAYERS.map((l) => [l, join(dir, `${l}.fgb`)])), 'fgb');
    expect(csv).toBe(geojsonCsv);
  });

  it('zipped Shapefile: the same features as the loose files', async () => {
    const { zipSync } = await import('fflate');
    const parts = Object.fromEntries(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => [`communities.${e}`, readFileSync(join(dir, `communities.${e}`))]));
    const zip = join(dir, 'communities.zip');
    (await import('node:fs')).writeFileSync(zip, zipSync(parts));
    expect(await readLayer(zip)).toEqual(await readLayer(join(dir, 'communities.shp')));
  });

  it('reads each layer as the same features (properties equal, positions within 1e-8 degrees)', async () => {
    for (const layer of ['communities', 'facilities'] as const) {
      const want = JSON.parse(readFileSync(demo(layer), 'utf8')).features as { properties: Record<string, unknown>; geometry: { coordinates: unknown } }[];
      for (const source of [join(dir, `${layer}.shp`), `${join(dir, 'city.gpkg')}?layer=${layer}`, join(dir, `${layer}.fgb`)]) {
        const notes: ImportDiagnostic[] = [];
        const got = await readLayer(source, { notes });
        expect(got.length).toBe(want.length);
        got.forEach((f, i) => {
          // Properties absent from a GeoJSON feature are null columns in a table.
          const present = Object.fromEntries(Object.entries(f.properties ?? {}).filter(([, v]) => v !== null));
          expect(present).toEqual(want[i].properties);
          const a = flatCoordinates(f.geometry);
          const b = flatCoordinates(want[i].geometry);
          expect(a.length).toBe(b.length);
          expect(Math.max(...a.map((x, k) => Math.abs(x - b[k])))).toBeLessThan(1e-8);
        });
      }
    }
  });
});

if (HAVE_GDAL && !HAVE_POSTGIS) console.warn(`skipping PostGIS tests: ${NO_POSTGIS}`);

describe.skipIf(!HAVE_GDAL || !HAVE_POSTGIS)('analysis from PostGIS tables equals the GeoJSON run', () => {
  const { dir } = scratchDir('lifecircle-pgis-');
  let server: PostgisServer;
  beforeAll(async () => {
    server = await startPostgis();
    server.psql('CREATE SCHEMA bureau AUTHORIZATION lifecircle');
    for (const layer of LAYERS) {
      // Through a GBK, EPSG:4547 shapefile, as a bureau's loader would: the SRID is 4547.
      ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=GBK', join(dir, `${layer}.shp`), demo(layer)]);
      ogrToPostgis(server, join(dir, `${layer}.shp`), `bureau.${layer}`);
    }
  });
  afterAll(() => server?.stop());

  it('tables (SRID 4547): the same communities.csv as GeoJSON, Chinese names intact', async () => {
    const files = Object.fromEntries(LAYERS.map((l) => [l, `${server.uri}?table=bureau.${l}`]));
    const geo = join(dir, 'out-geojson');
    await runAnalyze({ network: demo('network'), facilities: demo('facilities'), communities: demo('communities'), population: demo('population') }, { out: geo, quiet: true });
    const pg = join(dir, 'out-pg');
    await runAnalyze({ network: files.network, facilities: files.facilities, communities: files.communities, population: files.population }, { out: pg, quiet: true });
    const csv = readFileSync(join(pg, 'communities.csv'), 'utf8');
    expect(csv).toContain('乐泉社区');
    expect(csv).toBe(readFileSync(join(geo, 'communities.csv'), 'utf8'));
    // The password never reaches the outputs.
    expect(readFileSync(join(pg, 'summary.json'), 'utf8')).not.toContain('secret');
  });

  it('reports rows as it reads them, with the table\'s estimated rows once analysed', async () => {
    server.psql('ANALYZE bureau.network');
    const seen: Array<[number, number | undefined]> = [];
    const features = await readLayer(`${server.uri}?table=bureau.network`, { onRows: (n, est) => seen.push([n, est]) });
    expect(seen[0][0]).toBe(0);
    expect(seen[seen.length - 1]).toEqual([features.length, features.length]);
    // A query has no estimate; the rows still count.
    const sql = encodeURIComponent('SELECT * FROM bureau.network');
    const viaSql: Array<[number, number | undefined]> = [];
    await readLayer(`${server.uri}?sql=${sql}`, { onRows: (n, est) => viaSql.push([n, est]) });
    expect(viaSql[viaSql.length - 1]).toEqual([features.length, undefined]);
  });

  it('a query (&sql=) reads the rows it selects; the geometry column is found by type', async () => {
    const sql = encodeURIComponent("SELECT name, population, geom AS shape FROM bureau.communities WHERE kind = 'rural'");
    const got = await readLayer(`${server.uri}?sql=${sql}`);
    const want = JSON.parse(readFileSync(demo('communities'), 'utf8')).features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'rural');
    expect(got.map((f) => f.properties)).toEqual(want.map((f: { properties: { name: string; population: number } }) => ({ name: f.properties.name, population: f.properties.population })));
  });

  it('SRID 0 with projected numbers is an InputError naming the table and what was found', async () => {
    server.psql('SET ROLE lifecircle; CREATE TABLE bureau.nosrid AS SELECT name, ST_SetSRID(geom, 0) AS geom FROM bureau.communities');
    await expect(readLayer(`${server.uri}?table=bureau.nosrid`)).rejects.toThrow(/bureau\.nosrid.*not longitude\/latitude.*SRID 0/);
  });

  it('a wrong table or an unreachable server is an InputError without the password', async () => {
    const err1 = await readLayer(`${server.uri}?table=bureau.nothere`).catch((e: Error) => e);
    expect(err1).toMatchObject({ name: 'InputError' });
    expect(String((err1 as Error).message)).toMatch(/nothere/);
    expect(String((err1 as Error).message)).not.toContain('secret');
    const err2 = await readLayer(`postgresql://lifecircle:secret@127.0.0.1:1/city?table=x`).catch((e: Error) => e);
    expect(err2).toMatchObject({ name: 'InputError' });
    expect(String((err2 as Error).message)).not.toContain('secret');
  });
});
