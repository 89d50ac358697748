// Reading a synthetic city from each input format, against reading it from GeoJSON:
//   npm run bench -- --readers [--size L] [--dir DIR] [--repeats 3] [--postgis]
//   npx tsx benchmarks/readers-bench.ts [same options]
// The formats are written once by GDAL's ogr2ogr (Shapefile in EPSG:4547 with GBK attributes,
// GeoPackage in EPSG:4547, FlatGeobuf) into benchmarks/.cache/formats-<city folder>/. With --postgis a
// throwaway PostgreSQL + PostGIS server is started, loaded, read and stopped. Each read is timed in
// wall time and in this process's CPU time (on a shared machine compare CPU; a PostGIS read also
// costs the server's CPU, which is not in it). Prints a table and writes
// benchmarks/results/readers-<size>.json.
import { Command, Option } from '@commander-js/extra-typings';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readLayer } from '../src/io/read-layer.js';
import { ensureCity, type CitySize } from './synthetic-city.js';

export interface ReadersBenchOptions {
  size: CitySize;
  /** Folder holding the city GeoJSON (default: the benchmark cache, generated if missing). */
  dir?: string;
  repeats: number;
  postgis?: boolean;
}

const LAYERS = ['network', 'communities', 'facilities', 'population'] as const;

/** Reads every layer of the city from each format, best of `repeats`, and writes results/readers-<size>.json. */
export async function readersBench(opts: ReadersBenchOptions): Promise<void> {
  const loadavgAtStart = loadavg().map((x) => Number(x.toFixed(2)));
  const dir = opts.dir ?? (await ensureCity(opts.size, 1, 'geojson')).dir;
  // Named after the city's folder, so a regenerated city gets its own converted files.
  const cache = fileURLToPath(new URL(`./.cache/formats-${basename(dir.replace(/\/+$/, ''))}/`, import.meta.url));
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
  const cpuResults: Record<string, Record<string, number>> = {};
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  try {
    for (const [name, source] of Object.entries(sources)) {
      results[name] = {};
      cpuResults[name] = {};
      for (const l of LAYERS) {
        let best = Infinity;
        let bestCpu = Infinity;
        for (let r = 0; r < opts.repeats; r++) {
          const t = performance.now();
          const c = cpuMs();
          const f = await readLayer(source(l));
          best = Math.min(best, performance.now() - t);
          bestCpu = Math.min(bestCpu, cpuMs() - c);
          if (f.length === 0) throw new Error(`${name} ${l}: no features`);
        }
        results[name][l] = Math.round(best);
        cpuResults[name][l] = Math.round(bestCpu);
      }
      results[name].total = LAYERS.reduce((s, l) => s + results[name][l], 0);
      cpuResults[name].total = LAYERS.reduce((s, l) => s + cpuResults[name][l], 0);
      const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      console.log(`${name.padEnd(28)} ${LAYERS.map((l) => `${l} ${sec(results[name][l])} (cpu ${sec(cpuResults[name][l])})`).join('  ')}  ` +
        `total ${sec(results[name].total)} (${(results[name].total / results.geojson.total).toFixed(2)}x GeoJSON), ` +
        `cpu ${sec(cpuResults[name].total)} (${(cpuResults[name].total / cpuResults.geojson.total).toFixed(2)}x)`);
    }
  } finally {
    server?.stop();
  }

  const out = {
    size: opts.size, date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length,
    loadavgAtStart, loadavgAtEnd: loadavg().map((x) => Number(x.toFixed(2))), repeats: opts.repeats, bestOfRepeatsMs: results,
    bestOfRepeatsCpuMs: cpuResults, source: dir,
    fileBytes: Object.fromEntries(LAYERS.map((l) => [l, { geojson: statSync(join(dir, `${l}.geojson`)).size, shp: statSync(join(cache, `${l}.shp`)).size + statSync(join(cache, `${l}.dbf`)).size, gpkg: statSync(join(cache, `${l}.gpkg`)).size, fgb: statSync(join(cache, `${l}.fgb`)).size }])),
  };
  writeFileSync(fileURLToPath(new URL(`./results/readers-${opts.size}.json`, import.meta.url)), JSON.stringify(out, null, 2) + '\n');
}

// Run directly (npx tsx benchmarks/readers-bench.ts ...).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const opts = new Command()
    .addOption(new Option('--size <size>').choices(['S', 'M', 'L', 'XL'] as const).default('L' as const))
    .option('--dir <dir>', 'folder holding the city GeoJSON (default: the benchmark cache)')
    .addOption(new Option('--repeats <n>').default(3).argParser(Number))
    .option('--postgis', 'also start a PostGIS server and read from it')
    .parse().opts();
  await readersBench({ size: opts.size, dir: opts.dir, repeats: opts.repeats, postgis: opts.postgis });
}
