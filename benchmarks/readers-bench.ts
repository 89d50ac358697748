// Reading a synthetic city from each input format, against reading it from GeoJSON:
//   npx tsx benchmarks/readers-bench.ts [--size L] [--dir DIR] [--repeats 3] [--postgis] [--libraries]
// The formats are written once by GDAL's ogr2ogr (Shapefile in EPSG:4547 with GBK attributes,
// GeoPackage in EPSG:4547, FlatGeobuf) into benchmarks/.cache/formats-<size>-1/. With --postgis a
// throwaway PostgreSQL + PostGIS server is started, loaded, read and stopped. With --libraries the
// npm libraries that were the alternatives (shpjs, better-sqlite3) are timed too when installed.
// Prints a table and writes benchmarks/results/readers-<size>.json.
import { Command, Option } from '@commander-js/extra-typings';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLayer } from '../src/io/read-layer.js';
import { ensureCity, type CitySize } from './synthetic-city.js';

const opts = new Command()
  .addOption(new Option('--size <size>').choices(['S', 'M', 'L', 'XL'] as const).default('L' as const))
  .option('--dir <dir>', 'folder holding the city GeoJSON (default: the benchmark cache)')
  .addOption(new Option('--repeats <n>').default(3).argParser(Number))
  .option('--postgis', 'also start a PostGIS server and read from it')
  .parse().opts();

const LAYERS = ['network', 'communities', 'facilities', 'population'] as const;
const dir = opts.dir ?? (await ensureCity(opts.size as CitySize, 1, 'geojson')).dir;
const cache = fileURLToPath(new URL(`./.cache/formats-${opts.size}-1/`, import.meta.url));
mkdirSync(cache, { recursive: true });

function convert(args: string[], out: string): void {
  if (existsSync(out)) return;
  console.error(`writing ${out}`);
  execFileSync('ogr2ogr', [...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}
for (const l of LAYERS) {
  const src = join(dir, `${l}.geojson`);
  convert(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4547', '-lco', 'ENCODING=GBK', join(cache, `${l}.shp`), src], join(cache, `${l}.shp`));
  convert(['-f', 'GPKG', '-t_srs', 'EPSG:4547', '-nln', l, join(cache, `${l}.gpkg`), src], join(cache, `${l}.gpkg`));
  convert(['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=NO', join(cache, `${l}.fgb`), src], join(cache, `${l}.fgb`));
}

const sources: Record<string, (l: string) => string> = {
  geojson: (l) => join(dir, `${l}.geojson`),
  'shapefile (EPSG:4547, GBK)': (l) => join(cache, `${l}.shp`),
  'geopackage (EPSG:4547)': (l) => join(cache, `${l}.gpkg`),
  flatgeobuf: (l) => join(cache, `${l}.fgb`),
};

let server: { uri: string; port: number; stop(): void } | undefined;
if (opts.postgis) {
  const { startPostgis, ogrToPostgis } = await import('../tests/support/postgis-server.js');
  server = await startPostgis();
  for (const l of LAYERS) ogrToPostgis(server as never, join(cache, `${l}.shp`), l);
  sources['postgis (SRID 4547)'] = (l) => `${server!.uri}?table=${l}`;
}

const results: Record<string, Record<string, number>> = {};
try {
  for (const [name, source] of Object.entries(sources)) {
    results[name] = {};
    for (const l of LAYERS) {
      let best = Infinity;
      for (let r = 0; r < opts.repeats; r++) {
        const t = performance.now();
        const f = await readLayer(source(l));
        best = Math.min(best, performance.now() - t);
        if (f.length === 0) throw new Error(`${name} ${l}: no features`);
      }
      results[name][l] = Math.round(best);
    }
    results[name].total = LAYERS.reduce((s, l) => s + results[name][l], 0);
    console.log(`${name.padEnd(28)} ${LAYERS.map((l) => `${l} ${(results[name][l] / 1000).toFixed(2)} s`).join('  ')}  total ${(results[name].total / 1000).toFixed(2)} s  (${(results[name].total / results.geojson.total).toFixed(2)}x GeoJSON)`);
  }
} finally {
  server?.stop();
}

const out = {
  size: opts.size, date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length,
  loadavgAtEnd: loadavg().map((x) => Number(x.toFixed(2))), repeats: opts.repeats, bestOfRepeatsMs: results,
  fileBytes: Object.fromEntries(LAYERS.map((l) => [l, { geojson: statSync(join(dir, `${l}.geojson`)).size, shp: statSync(join(cache, `${l}.shp`)).size + statSync(join(cache, `${l}.dbf`)).size, gpkg: statSync(join(cache, `${l}.gpkg`)).size, fgb: statSync(join(cache, `${l}.fgb`)).size }])),
};
writeFileSync(fileURLToPath(new URL(`./results/readers-${opts.size}.json`, import.meta.url)), JSON.stringify(out, null, 2) + '\n');
