/**
 * Coverage areas at city extent (issue 12, item 3): `standardCoverage` alone on a cached synthetic
 * city, with CPU seconds, wall, vertices and the size of coverage.geojson.
 *
 *   npx tsx benchmarks/coverage-bench.ts [--size spread-L] [--seed 1] [--full] [--threads 2] [--repeats N] [--json]
 *
 * `npm run bench -- --coverage` runs it in a fresh process a run, with --json (a `CoverageRun` a line).
 *
 * CPU seconds are the whole process's (both threads with --threads 2).
 */
import { Command, Option } from '@commander-js/extra-typings';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Session } from 'node:inspector';
import { ensureCity, CITY_SIZES, type CitySize } from './synthetic-city.js';
import { readFeatures } from '../src/io/read-geojson.js';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints, subsetLinks } from '../src/network/link-points.js';
import { NetworkSearch } from '../src/routing/network-search.js';
import { distanceField } from '../src/routing/distance-field.js';
import { featurePosition } from '../src/geo/feature-point.js';
import { loadStandard, DEFAULT_STANDARD_ID } from '../src/standards/load-standard.js';
import { standardCoverage, type CoverageSource } from '../src/isochrone/standard-coverage.js';
import { coverageOnThreads } from '../src/parallel/parallel-coverage.js';
import type { CoverageRun } from './lib/coverage-results.js';

const opts = new Command()
  .addOption(new Option('--size <size>', 'city size').choices(CITY_SIZES).default('spread-L' as const))
  .addOption(new Option('--seed <n>', 'city seed').default(1).argParser(Number))
  .option('--full', 'full resolution (--coverage-full)')
  .addOption(new Option('--repeats <n>', 'runs of standardCoverage').default(1).argParser(Number))
  .addOption(new Option('--threads <n>', 'threads (coverageOnThreads); 1: standardCoverage on this thread').default(1).argParser(Number))
  .option('--profile <file>', 'write a CPU profile of the coverage runs only (.cpuprofile)')
  .option('--fields', "give coverage each category's unbounded field, as analyze's route stage does (no searches while drawing)")
  .option('--digest', 'print the SHA-256 of coverage.geojson (to check a change leaves the output byte-identical)')
  .option('--json', 'print each run as one line of JSON (a CoverageRun), for `npm run bench -- --coverage`')
  .parse()
  .opts();

const load = loadavg();
const city = await ensureCity(opts.size as CitySize, opts.seed, 'geojson');
const network = buildNetwork(await readFeatures(`${city.dir}/network.geojson`));
const facilityFeatures = await readFeatures(`${city.dir}/facilities.geojson`);
const positions = facilityFeatures.map((f, i) => featurePosition(f, 'facilities', i));
const links = linkPoints(network, positions);
const standard = loadStandard(DEFAULT_STANDARD_ID);
let source: CoverageSource = {
  network,
  standard,
  categories: standard.categories.map((c) => c.id).filter((id) => standard.rules.some((r) => r.category === id)),
  facilityLinks: links,
  facilities: facilityFeatures.map((f, i) => ({ category: String(f.properties?.category ?? ''), linked: links.edge[i] >= 0, position: positions[i] })),
};
if (opts.fields) {
  // What the route stage keeps: each category's field from its facilities, unbounded.
  const search = new NetworkSearch(network);
  const fields = new Map(source.categories.map((c) => {
    const members = source.facilities.flatMap((f, i) => (f.category === c ? [i] : []));
    return [c, distanceField(network, subsetLinks(links, members), { search }).nodeDistM] as const;
  }));
  source = { ...source, categoryFields: { facilityLinks: links, nodeDistM: fields } };
}
const provided = new Set(source.facilities.map((f) => f.category));
console.log(`${opts.size}-${opts.seed}: ${network.edgeCount.toLocaleString('en-US')} edges, ${facilityFeatures.length.toLocaleString('en-US')} facilities; ` +
  `${source.categories.length} categories scored, ${source.categories.filter((c) => provided.has(c)).length} with facilities; load before ${load.map((x) => x.toFixed(2)).join(' ')}`);
const session = opts.profile ? new Session() : undefined;
const post = (method: string) => new Promise<unknown>((resolve, reject) => session!.post(method, (err, res) => (err ? reject(err) : resolve(res))));
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
}
for (let r = 0; r < opts.repeats; r++) {
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  const fc = opts.threads > 1 ? await coverageOnThreads(source, { full: opts.full, threads: opts.threads }) : standardCoverage(source, { full: opts.full });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const json = JSON.stringify(fc);
  let vertices = 0, polygons = 0, holes = 0;
  for (const f of fc.features) for (const p of f.geometry.coordinates) { polygons++; holes += p.length - 1; for (const ring of p) vertices += ring.length; }
  if (opts.json) {
    const run: CoverageRun = { wallMs: wall * 1000, cpuMs: (cpu.user + cpu.system) / 1000, layers: fc.features.length, polygons, holes, vertices, bytes: json.length };
    console.log(JSON.stringify(run));
    continue;
  }
  console.log(`coverage: ${wall.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; ${fc.features.length} layers, ` +
    `${polygons.toLocaleString('en-US')} polygons, ${holes.toLocaleString('en-US')} holes, ${vertices.toLocaleString('en-US')} vertices, ${(json.length / 1e6).toFixed(1)} MB` +
    (opts.digest ? `; sha256 ${createHash('sha256').update(json).digest('hex').slice(0, 16)}` : ''));
}
if (session) {
  const { profile } = await post('Profiler.stop') as { profile: unknown };
  writeFileSync(opts.profile!, JSON.stringify(profile));
}
