// Input handling the reviewer found wrong: the CRS default, which flag a CRS belongs to, the
// population field of CSV files, weights nobody uses, empty facilities, CSV ids, inputs overwritten
// by outputs, an oversized isochrone raster, and the grid spacing default.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { FeatureCollection, Point } from 'geojson';
import { readPoiTable } from '../src/intake/classified-readers.js';
import { readPointsCsv } from '../src/io/csv.js';
import { fromWgs84 } from '../src/io/crs.js';
import { readFeatures } from '../src/io/read-geojson.js';
import { readCollectionByLines } from '../src/io/collection-by-lines.js';
import { streamCollection } from '../src/io/stream-geojson.js';
import { assertNotOverwritingInputs } from '../src/io/protect-inputs.js';
import { InputError } from '../src/errors.js';
import { DEFAULT_GRID_SPACING_M } from '../src/scoring/residents.js';
import { buildProgram } from '../src/cli/main.js';
import { runCli } from './support/run-cli.js';
import { fc, scratchDir } from './support/scratch.js';
import { line, point } from './support/geo.js';

const { dir, put } = scratchDir('lc-input-');

const DEMO = new URL('../data/demo/', import.meta.url);
const demo = (name: string) => new URL(name, DEMO).pathname;
const demoPopulation = JSON.parse(readFileSync(demo('population.geojson'), 'utf8')) as FeatureCollection<Point>;
const demoArgs = ['--network', demo('network.geojson'), '--communities', demo('communities.geojson'), '--quiet'];
/** The first nine columns of communities.csv: id .. missing_quality, i.e. what each community attains. */
const attainment = (out: string) => readFileSync(join(out, 'communities.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 9).join(','));

/** The demo's population points as a CSV, in `crs`, with the weight under `weightColumn`. */
function populationCsv(name: string, crs: 'wgs84' | 'gcj02', weightColumn = 'population'): string {
  const rows = [`lon,lat,${weightColumn}`];
  for (const f of demoPopulation.features) {
    const [lon, lat] = fromWgs84(f.geometry.coordinates, crs);
    rows.push(`${lon.toFixed(8)},${lat.toFixed(8)},${f.properties!.population}`);
  }
  return put(name, rows.join('\n'));
}

describe('a CSV without a stated CRS is read as WGS-84, with a warning', () => {
  it('leaves a plain lon,lat,category table where it is and says how to state GCJ-02 or BD-09', async () => {
    const t = await readPoiTable(put('plain.csv', 'lon,lat,category\n113.2950000,23.1500000,health\n'));
    // Before: assumed GCJ-02 and moved the clinic some 600 m.
    expect(t.facilities.features[0].geometry.coordinates).toEqual([113.295, 23.15]);
    expect(t.crs).toBe('wgs84');
    const w = t.diagnostics.find((d) => d.code === 'crs-unstated');
    expect(w?.level).toBe('warning');
    expect(w?.message).toBe('coordinate system not stated; read as WGS-84; pass --crs gcj02 for Amap/Tencent or bd09 for Baidu');
  });

  it('says loudly that an Amap export is GCJ-02, yet still does not shift it', async () => {
    const t = await readPoiTable(put('amap.csv', 'name,typecode,adcode,lng,lat\n登峰街社区卫生服务中心,090102,440104,113.295,23.15\n'));
    expect(t.facilities.features[0].geometry.coordinates).toEqual([113.295, 23.15]);
    expect(t.diagnostics.find((d) => d.code === 'crs-unstated')?.message)
      .toMatch(/read as WGS-84, BUT this looks like an Amap \(Gaode\) export \(column "typecode"\), whose coordinates are GCJ-02: pass --crs gcj02/);
    const baidu = await readPoiTable(put('baidu.csv', 'uid,name,lng,lat\nabc,越秀区图书馆,113.27,23.13\n'), { crsFlag: '--population-crs' });
    expect(baidu.facilities.features[0].geometry.coordinates).toEqual([113.27, 23.13]);
    expect(baidu.diagnostics.find((d) => d.code === 'crs-unstated')?.message).toMatch(/Baidu export .*BD-09: pass --population-crs bd09/);
  });

  it('warns about a population CSV too, naming its own flag', async () => {
    const { diagnostics } = await readPointsCsv(put('pop.csv', 'lon,lat,population\n113.3,23.1,5\n'), { crsFlag: '--population-crs' });
    expect(diagnostics.find((d) => d.code === 'crs-unstated')?.message).toMatch(/read as WGS-84; pass --population-crs gcj02/);
  });

  it('analyze: --crs is the facilities table\'s alone; --population-crs converts the population CSV', async () => {
    const wgs = populationCsv('population-wgs84.csv', 'wgs84');
    const gcj = populationCsv('population-gcj02.csv', 'gcj02');
    const viaGeoJson = await runCli(['analyze', ...demoArgs, '--facilities', demo('facilities.geojson'), '--population', demo('population.geojson'), '--out', join(dir, 'pop-geojson')]);
    expect(viaGeoJson.code).toBe(0);
    // Before: --crs gcj02 (meant for the facilities) also moved the WGS-84 population CSV. It moves
    // the facilities (whatever their format) and nothing else: the same as with the GeoJSON population.
    const crsForFacilities = await runCli(['analyze', ...demoArgs, '--facilities', demo('facilities.geojson'), '--population', wgs, '--crs', 'gcj02', '--out', join(dir, 'pop-wgs')]);
    expect(crsForFacilities.code).toBe(0);
    const crsGeoJsonPopulation = await runCli(['analyze', ...demoArgs, '--facilities', demo('facilities.geojson'), '--population', demo('population.geojson'), '--crs', 'gcj02', '--out', join(dir, 'pop-geojson-gcj-facilities')]);
    expect(crsGeoJsonPopulation.code).toBe(0);
    expect(attainment(join(dir, 'pop-wgs'))).toEqual(attainment(join(dir, 'pop-geojson-gcj-facilities')));
    const populationCrs = await runCli(['analyze', ...demoArgs, '--facilities', demo('facilities.geojson'), '--population', gcj, '--population-crs', 'gcj02', '--out', join(dir, 'pop-gcj')]);
    expect(populationCrs.code).toBe(0);
    expect(populationCrs.stderr).toBe('');
    expect(attainment(join(dir, 'pop-gcj'))).toEqual(attainment(join(dir, 'pop-geojson')));
    const unstated = await runCli(['analyze', ...demoArgs.filter((a) => a !== '--quiet'), '--facilities', demo('facilities.geojson'), '--population', wgs, '--out', join(dir, 'pop-unstated')]);
    expect(unstated.stderr).toMatch(/warning: .*population-wgs84\.csv: coordinate system not stated; read as WGS-84; pass --population-crs gcj02/);
  });

  it('travel-times: --points-crs converts the points, --crs only the facilities', async () => {
    const network = put('tt-streets.geojson', fc([line([[0, 0], [1000, 0]])]));
    const facilities = put('tt-fac.geojson', fc([point(0, 10, { id: 'clinic', category: 'health' })]));
    const home = point(1000, 10).geometry.coordinates;
    const [gLon, gLat] = fromWgs84(home, 'gcj02');
    const wgsPoints = put('tt-points-wgs.csv', `id,lon,lat\nh,${home[0]},${home[1]}\n`);
    const gcjPoints = put('tt-points-gcj.csv', `id,lon,lat\nh,${gLon},${gLat}\n`);
    // The same clinic in GCJ-02: --crs converts the facilities whatever their format (GeoJSON here).
    const clinic = point(0, 10, { id: 'clinic', category: 'health' });
    const gcjFacilities = put('tt-fac-gcj.geojson', fc([{ ...clinic, geometry: { type: 'Point', coordinates: fromWgs84(clinic.geometry.coordinates, 'gcj02') } }]));
    const run = async (...args: string[]) => {
      const r = await runCli(['travel-times', '--network', network, '--quiet', ...args]);
      expect(r.code).toBe(0);
      return (parse(r.stdout, { columns: true }) as Record<string, string>[])[0];
    };
    // 10 m off the street + 1000 m along + 10 m off: 17.00 minutes at 60 m/min.
    expect((await run('--facilities', gcjFacilities, '--points', wgsPoints, '--crs', 'gcj02')).health_min).toBe('17.00');
    expect((await run('--facilities', facilities, '--points', gcjPoints, '--points-crs', 'gcj02')).health_min).toBe('17.00');
  });
});

describe('--population-field names the weight of a CSV as of a GeoJSON', () => {
  it('reads the column `pop` into the property the analysis counts', async () => {
    const { points } = await readPointsCsv(put('pop-field.csv', 'lon,lat,pop\n113.3,23.1,42\n'), { populationField: 'pop' });
    expect(points.features[0].properties).toEqual({ pop: 42 });
    await expect(readPointsCsv(put('pop-missing.csv', 'lon,lat,people\n113.3,23.1,42\n'), { populationField: 'pop' })).rejects.toThrow(/no column "pop"/);
  });

  it('analyze --population-field pop scores the same as the GeoJSON with `population`', async () => {
    const csv = populationCsv('population-pop.csv', 'wgs84', 'pop');
    await runCli(['analyze', ...demoArgs, '--facilities', demo('facilities.geojson'), '--population', demo('population.geojson'), '--out', join(dir, 'field-geojson')]);
    const r = await runCli(['analyze', ...demoArgs, '--facilities', demo('facilities.geojson'), '--population', csv, '--population-field', 'pop', '--out', join(dir, 'field-csv')]);
    expect(r.code).toBe(0);
    expect(attainment(join(dir, 'field-csv'))).toEqual(attainment(join(dir, 'field-geojson')));
    const summary = (name: string) => JSON.parse(readFileSync(join(dir, name, 'summary.json'), 'utf8'));
    expect(summary('field-csv').kinds).toEqual(summary('field-geojson').kinds);
  });
});

describe('points that carry no weight', () => {
  it('travel-times accepts a points CSV with a blank population cell it never uses', async () => {
    const network = put('blank-streets.geojson', fc([line([[0, 0], [1000, 0]])]));
    const facilities = put('blank-fac.geojson', fc([point(0, 10, { id: 'clinic', category: 'health' })]));
    const home = point(1000, 10).geometry.coordinates;
    const points = put('blank-points.csv', `id,lon,lat,population\nh,${home[0]},${home[1]},\n`);
    const r = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('h,17.00,clinic');
  });

  it('a population CSV still rejects a blank weight', async () => {
    await expect(readPointsCsv(put('blank-pop.csv', 'lon,lat,population\n113.3,23.1,\n'))).rejects.toThrow(/weight must be a number/);
  });
});

describe('an empty facilities collection: every rule unmet', () => {
  const emptyLines = '{"type":"FeatureCollection","features":[\n]}\n';

  it('readFeatures refuses it by default and accepts it with allowEmpty, on every path', async () => {
    const p = put('empty.geojson', fc([]));
    await expect(readFeatures(p)).rejects.toThrow(/no features/);
    expect(await readFeatures(p, { allowEmpty: true })).toEqual([]);
    const seq = put('empty.geojsonl', '\n\n');
    await expect(readFeatures(seq)).rejects.toThrow(/no features/);
    expect(await readFeatures(seq, { allowEmpty: true })).toEqual([]);
    // The paths for files too large for one string: line by line, then the token stream.
    const byLines = put('empty-lines.geojson', emptyLines);
    expect(await readCollectionByLines(byLines)).toEqual([]);
    await expect(streamCollection(byLines)).rejects.toThrow(/no features/);
    expect(await streamCollection(byLines, { allowEmpty: true })).toEqual([]);
  });

  it('analyze scores every community as failing every rule', async () => {
    const empty = put('no-facilities.geojson', emptyLines);
    const r = await runCli(['analyze', ...demoArgs, '--facilities', empty, '--population', demo('population.geojson'), '--out', join(dir, 'none')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = parse(readFileSync(join(dir, 'none', 'communities.csv'), 'utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect([row.convenient, row.quality]).toEqual(['no', 'no']);
      expect(row.missing_convenient).not.toBe('');
    }
  });

  it('the network and the communities stay required', async () => {
    const empty = put('empty-communities.geojson', fc([]));
    const r = await runCli(['analyze', ...demoArgs.filter((a) => a !== demo('communities.geojson')).slice(0, 2), '--communities', empty, '--facilities', demo('facilities.geojson'), '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty-communities\.geojson.*no features/);
  });
});

describe('CSV facility ids', () => {
  const network = put('id-streets.geojson', fc([line([[0, 0], [1000, 0]])]));
  const home = put('id-home.geojson', fc([point(1000, 10, { id: 'h' })]));
  const [lon, lat] = point(0, 10).geometry.coordinates;

  it('without an id column, the index stands for the facility (no made-up row/N)', async () => {
    const facilities = put('no-id.csv', `lon,lat,category\n${lon},${lat},grocery\n${lon},${lat},health\n`);
    const t = await readPoiTable(facilities, { crs: 'wgs84' });
    expect(t.facilities.features.map((f) => f.properties!.id)).toEqual([undefined, undefined]);
    const r = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', home, '--crs', 'wgs84', '--quiet']);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ grocery_facility: '0', health_facility: '1' });
  });

  it('an 编号 column gives the id', async () => {
    const facilities = put('bianhao.csv', `编号,lon,lat,category\nG-7,${lon},${lat},grocery\n`);
    const r = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', home, '--crs', 'wgs84', '--quiet']);
    expect((parse(r.stdout, { columns: true }) as Record<string, string>[])[0].grocery_facility).toBe('G-7');
  });
});

describe('inputs are never modified', () => {
  it('analyze refuses an --out that holds an input by the same name, and leaves it as it was', async () => {
    const folder = join(dir, 'overwrite');
    mkdirSync(folder);
    const communities = join(folder, 'communities.geojson');
    const before = readFileSync(demo('communities.geojson'), 'utf8');
    writeFileSync(communities, before);
    const r = await runCli(['analyze', '--network', demo('network.geojson'), '--facilities', demo('facilities.geojson'), '--communities', communities, '--out', folder, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(communities);
    expect(readFileSync(communities, 'utf8')).toBe(before);
  });

  it('travel-times and isochrone refuse an --out that is an input, through a symlink too', async () => {
    const network = put('io-streets.geojson', fc([line([[0, 0], [1000, 0]])]));
    const points = put('io-points.geojson', fc([point(10, 10, { id: 'h' })]));
    const facilities = put('io-fac.geojson', fc([point(0, 10, { category: 'health' })]));
    const link = join(dir, 'io-link');
    symlinkSync(dir, link);
    const before = readFileSync(points, 'utf8');
    const tt = await runCli(['travel-times', '--network', network, '--facilities', facilities, '--points', points, '--out', join(link, 'io-points.geojson'), '--quiet']);
    expect(tt.code).toBe(2);
    expect(tt.stderr).toMatch(/io-points\.geojson: the output .* would overwrite this input/);
    expect(readFileSync(points, 'utf8')).toBe(before);
    const iso = await runCli(['isochrone', '--network', network, '--origins', points, '--out', join(dir, '.', 'io-streets.geojson'), '--quiet']);
    expect(iso.code).toBe(2);
    expect(iso.stderr).toContain('io-streets.geojson');
  });

  it('plan refuses to write suggestions.geojson over its candidates', async () => {
    const folder = join(dir, 'plan-overwrite');
    mkdirSync(folder);
    const candidates = join(folder, 'suggestions.geojson');
    const before = JSON.stringify(fc([{ type: 'Feature', properties: {}, geometry: demoPopulation.features[0].geometry }]));
    writeFileSync(candidates, before);
    const r = await runCli(['plan', ...demoArgs, '--facilities', demo('facilities.geojson'), '--candidates', candidates, '--out', folder]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${candidates}: this input is inside the output folder`);
    expect(readFileSync(candidates, 'utf8')).toBe(before);
  });

  it('assertNotOverwritingInputs compares where files are, not how they are spelled', async () => {
    const input = put('spelled.geojson', '{}');
    await expect(assertNotOverwritingInputs([join(dir, 'sub', '..', 'spelled.geojson')], [input])).rejects.toThrow(InputError);
    await expect(assertNotOverwritingInputs([join(dir, 'new-folder', 'spelled.geojson')], [input, undefined])).resolves.toBeUndefined();
  });
});

describe('an isochrone raster over maxCells', () => {
  it('is bad input (exit 2) naming --minutes and --cell-m, not a crash', async () => {
    // Two streets at right angles: 30 minutes reach 1800 m along each, so the raster spans about
    // 2040 m square, (2040 / 0.3)^2 = 46 million cells against the default maxCells of 25 million.
    const network = put('raster-streets.geojson', fc([line([[0, 0], [3000, 0]]), line([[0, 0], [0, 3000]])]));
    const r = await runCli(['isochrone', '--network', network, '--from', point(0, 0).geometry.coordinates.join(','), '--minutes', '30', '--cell-m', '0.3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exceeds maxCells.*--minutes.*--cell-m/);
  });
});

describe('--grid-m', () => {
  it('leaves the default to the library and names it in the help', () => {
    for (const name of ['analyze', 'plan']) {
      const command = buildProgram().commands.find((c) => c.name() === name)!;
      const option = command.options.find((o) => o.long === '--grid-m')!;
      expect(option.defaultValue).toBeUndefined();
      expect(option.description).toContain(`default ${DEFAULT_GRID_SPACING_M}`);
    }
  });
});
