// The benchmark: every stage of the pipeline on a seeded synthetic city, with peers in the same run.
//   npm run bench -- --size [spread-]S|M|L|XL [--seed N] [--smoke] [--no-peers] [--repeats N]
//   npm run bench -- --size spread-L --whole [--rounds N]   the whole `lifecircle analyze` command, stage by stage (N runs: medians, ranges)
//   npm run bench -- --size spread-L --coverage [--rounds N]   coverage drawing alone, in a fresh process a run (coverage-bench.ts)
//   npm run bench -- --size L --readers [--postgis] [--dir DIR]   reading the city from each input format (READERS.md)
// --smoke (CI): S-sized checks that everything runs and agrees; exits 1 on any error or disagreement,
// never on a time, and leaves RESULTS.md alone.
import { Command, Option } from '@commander-js/extra-typings';
import { cpus, loadavg, totalmem, platform } from 'node:os';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, Position } from 'geojson';
import { CITY_SIZES, ensureCity, isSpread, type CitySize } from './synthetic-city.js';
import { ensureBuilt, fieldAndCategoryMs, medianRun, runWholeCommand, type CommandRun, type WholeCommandResult } from './lib/whole-command.js';
import { readFeatures } from '../src/io/read-geojson.js';
import { streamCollection } from '../src/io/stream-geojson.js';
import { buildNetwork } from '../src/network/build-network.js';
import type { Network } from '../src/network/network.js';
import { linkPoints, subsetLinks } from '../src/network/link-points.js';
import { NetworkSearch, defaultBucketWidthM } from '../src/routing/network-search.js';
import { distanceField, distancesAtPoints, type DistanceField } from '../src/routing/distance-field.js';
import { featurePosition } from '../src/geo/feature-point.js';
import { analyze } from '../src/scoring/analyze.js';
import { communitiesCsv } from '../src/report/communities-csv.js';
import { StageTimer, bestOf, peakRssMiB } from './lib/stage-timer.js';
import { compareTrees } from './peers/shortest-path-trees.js';
import { compareIndexes } from './peers/linking-indexes.js';
import { compareNaive } from './peers/naive-per-resident.js';
import { compileNative, gxxVersion, runNative } from './lib/native.js';
import { dumpCsr, type Seed } from './lib/csr-dump.js';
import { writeResultsMd, renderResult, type BenchResult } from './lib/results-md.js';
import { compareParallel } from './lib/parallel-bench.js';
import { runCoverageBench, type CoverageResult, type CoverageRun } from './lib/coverage-results.js';

const opts = new Command()
  .name('bench')
  .addOption(new Option('--size <size>', 'city size').choices(CITY_SIZES).default('S' as const))
  .addOption(new Option('--seed <n>', 'city seed').default(1).argParser(Number))
  .option('--smoke', 'CI smoke test: fail on errors, not on times; do not write RESULTS.md')
  .option('--no-peers', 'skip the peer comparisons')
  .option('--whole', 'time the whole `lifecircle analyze` command (child process, its --verbose stages) instead')
  .option('--coverage', 'time coverage drawing alone (standardCoverage, a fresh process a run: benchmarks/coverage-bench.ts) instead')
  .addOption(new Option('--rounds <n>', 'with --whole or --coverage: runs (RESULTS.md gives medians and ranges)').default(1).argParser(Number))
  .option('--readers', 'time reading the city from GeoJSON, Shapefile, GeoPackage and FlatGeobuf instead (benchmarks/readers-bench.ts, READERS.md)')
  .option('--postgis', 'with --readers: also from a throwaway PostGIS server')
  .option('--dir <dir>', 'with --readers: folder holding the city GeoJSON (default: the benchmark cache)')
  .addOption(new Option('--repeats <n>', 'repeats for the hot-loop timings (best is kept)').default(5).argParser(Number))
  .parse()
  .opts();

const size = opts.size as CitySize;
const repeats = opts.smoke ? 2 : opts.repeats;
const failures: string[] = [];
const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); };
const int = (x: number) => Math.round(x).toLocaleString('en-US');

const loadAverage = loadavg();
if (opts.readers) {
  const { readersBench } = await import('./readers-bench.js');
  if (isSpread(opts.size as CitySize)) throw new Error('--readers takes S, M, L or XL');
  await readersBench({ size: opts.size as 'S' | 'M' | 'L' | 'XL', dir: opts.dir, repeats: opts.repeats, postgis: opts.postgis });
  process.exit(0);
}
if (opts.whole) {
  await wholeCommand();
  process.exit(failures.length ? 1 : 0);
}
if (opts.coverage) {
  coverageAlone();
  process.exit(0);
}
const files = await ensureCity(size, opts.seed, 'both');
const path = (layer: string, ext: string) => `${files.dir}/${layer}${ext}`;
const timer = new StageTimer();

// Parse: JSON.parse of whole FeatureCollections (the reader's path below 400 MB), then the other two
// readers on the same network for comparison.
const networkFeatures = await timer.stageAsync('parse network (JSON.parse)', () => readFeatures(path('network', '.geojson')), (f) => `${int(f.length)} features`);
await timer.stageAsync('parse network (GeoJSONSeq lines)', () => readFeatures(path('network', '.geojsonl')), (f) => `${int(f.length)} features`);
if (!opts.smoke || size === 'S') {
  const streamed = await timer.stageAsync('parse network (stream-json)', () => streamCollection(path('network', '.geojson')), (f) => `${int(f.length)} features`);
  check(streamed.length === networkFeatures.length, 'stream-json reads as many features as JSON.parse');
}
const facilityFeatures = await timer.stageAsync('parse facilities', () => readFeatures(path('facilities', '.geojson')), (f) => `${int(f.length)} features`);
const populationFeatures = await timer.stageAsync('parse population', () => readFeatures(path('population', '.geojson')), (f) => `${int(f.length)} features`);
const communityFeatures = await timer.stageAsync('parse communities', () => readFeatures(path('communities', '.geojson')), (f) => `${int(f.length)} features`);

const network = timer.stage('graph', () => buildNetwork(networkFeatures), (n) => `${int(n.nodeCount)} nodes, ${int(n.edgeCount)} edges`);
const facilityPositions = facilityFeatures.map((f, i) => featurePosition(f, 'facilities', i));
const residentPositions = populationFeatures.map((f, i) => featurePosition(f, 'population', i));
const facilityLinks = timer.stage('link facilities', () => linkPoints(network, facilityPositions), (l) => `${int(l.count)} points, ${l.unlinked} unlinked`);
const residentLinks = timer.stage('link population', () => linkPoints(network, residentPositions), (l) => `${int(l.count)} points, ${l.unlinked} unlinked`);

const facilityCategory = facilityFeatures.map((f) => String(f.properties?.category ?? ''));
const categories = [...new Set(facilityCategory)].filter(Boolean).sort();
const search = new NetworkSearch(network);
const fields: DistanceField[] = [];
for (const c of categories) {
  const members = facilityCategory.flatMap((fc, i) => (fc === c ? [i] : []));
  fields.push(timer.stage(`route ${c}`, () => distanceField(network, subsetLinks(facilityLinks, members), { search }),
    () => `${members.length} facilities, full field`));
}
timer.stage('times at population points', () => fields.map((f) => distancesAtPoints(f, residentLinks)), `${categories.length} categories`);

// The whole pipeline as a user runs it (analyze builds its own network from the features), then
// its own account of where the time went.
const t0 = performance.now();
const analysis = analyze({ network: networkFeatures, facilities: facilityFeatures, communities: communityFeatures, population: populationFeatures });
timer.add('analyze (whole pipeline)', performance.now() - t0, `${analysis.communities.length} communities scored`);
for (const [stage, ms] of Object.entries(analysis.diagnostics.timingsMs)) timer.add(`  analyze: ${stage}`, ms);
timer.stage('report (communities CSV)', () => communitiesCsv(analysis), (csv) => `${int(csv.length)} characters`);
// Other stages (isochrones / coverage areas) slot in here with timer.stage(name, fn).

const result: BenchResult = {
  size, seed: opts.seed, date: new Date().toISOString().slice(0, 10),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: platform(), loadAverage },
  node: process.versions.node, gxx: gxxVersion(),
  city: {
    features: networkFeatures.length, nodes: network.nodeCount, edges: network.edgeCount, segments: network.stats.segments,
    facilities: facilityFeatures.length, residents: populationFeatures.length, categories: categories.length,
    bucketWidthM: defaultBucketWidthM(network),
  },
  stages: timer.records,
  peakRssMiB: 0,
};

if (opts.peers) {
  result.native = nativeParity(network);
  result.trees = compareTrees(network, treeSource(network), { repeats, graphologyMaxNodes: 300_000 });
  for (const p of result.trees.peers) check(p.agrees, `${p.peer} finds the same distance`);
  result.linking = linkingPeers(network, residentPositions);
  // S and M run the naive approach on every resident; larger cities on an evenly spaced sample.
  const naiveSample = size === 'S' || (size === 'M' && !opts.smoke) ? Infinity : opts.smoke ? 200 : 2000;
  result.naive = compareNaive(network,
    { positions: residentPositions, links: residentLinks },
    { positions: facilityPositions, links: facilityLinks, category: facilityCategory }, 900, naiveSample);
  check(result.naive.mismatches === 0, 'the naive approach gives the same distances');
}
result.parallel = await compareParallel(network, facilityLinks, facilityCategory, categories);
check(result.parallel.agrees, 'parallel fields equal one-core fields');
result.peakRssMiB = peakRssMiB();

console.log(renderResult(result));
if (!opts.smoke) {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${size}.json`, JSON.stringify(result, null, 2) + '\n');
  writeResultsMd(dir, fileURLToPath(new URL('./RESULTS.md', import.meta.url)));
}
if (failures.length) {
  console.error(`bench: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}

/** The whole-command benchmark: results/whole-<size>.json and the first section of RESULTS.md. */
async function wholeCommand(): Promise<void> {
  const city = await ensureCity(size, opts.seed, 'geojson');
  ensureBuilt();
  const outDir = fileURLToPath(new URL(`./.cache/out-${size}-${opts.seed}/`, import.meta.url));
  const before = loadavg();
  const runs: CommandRun[] = [];
  let outputs: { file: string; bytes: number }[] = [], args: string[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const one = await runWholeCommand(city.dir, outDir);
    runs.push({ wallMs: one.wallMs, stages: one.stages });
    ({ outputs, args } = one);
    check(one.stages.some((s) => s.stage === 'total'), 'the command printed its total line');
    check(one.outputs.length === 7, 'the command wrote its seven outputs');
    const cost = fieldAndCategoryMs(one.stages);
    console.log(`${size} run ${r + 1}: ${(one.wallMs / 1000).toFixed(2)} s to exit` + (cost ? `; a field ${Math.round(cost.fieldMs)} ms, a category ${Math.round(cost.categoryMs)} ms` : ''));
  }
  const run = runs.length === 1 ? runs[0] : medianRun(runs);
  const total = run.stages.find((s) => s.stage === 'total');
  const inputBytes = ['network', 'facilities', 'communities', 'population'].reduce((sum, l) => sum + statSync(`${city.dir}/${l}.geojson`).size, 0);
  const result: WholeCommandResult = {
    size, seed: opts.seed, date: new Date().toISOString().slice(0, 10),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage: before, loadAverageAfter: loadavg() },
    node: process.versions.node,
    command: args.join(' '),
    city: { segments: city.counts.edges, communities: city.counts.communities, residents: city.counts.populationPoints, facilities: city.counts.facilities, inputMB: inputBytes / 1e6 },
    wallMs: run.wallMs,
    stages: run.stages,
    peakRssMiB: total?.peakRssMiB ?? NaN,
    outputs,
    ...(runs.length > 1 ? { runs } : {}),
  };
  console.log(`${size}: whole command ${(run.wallMs / 1000).toFixed(2)} s wall, peak RSS ${Math.round(result.peakRssMiB)} MiB`);
  if (!opts.smoke) {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}whole-${size}.json`, JSON.stringify(result, null, 2) + '\n');
    writeResultsMd(dir, fileURLToPath(new URL('./RESULTS.md', import.meta.url)));
  }
  if (failures.length) console.error(`bench: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
}

/** Coverage drawing alone, both ways the library draws, alternately: results/coverage-<size>.json and its RESULTS.md section. */
function coverageAlone(): void {
  const before = loadavg();
  const searching: CoverageRun[] = [], fromFields: CoverageRun[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    searching.push(runCoverageBench(size, opts.seed, false));
    fromFields.push(runCoverageBench(size, opts.seed, true));
    console.log(`${size} coverage run ${r + 1}: searching ${(searching[r].wallMs / 1000).toFixed(2)} s, from the fields ${(fromFields[r].wallMs / 1000).toFixed(2)} s`);
  }
  const result: CoverageResult = {
    size, seed: opts.seed, date: new Date().toISOString().slice(0, 10),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage: before, loadAverageAfter: loadavg() },
    node: process.versions.node, searching, fromFields,
  };
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}coverage-${size}.json`, JSON.stringify(result, null, 2) + '\n');
  writeResultsMd(dir, fileURLToPath(new URL('./RESULTS.md', import.meta.url)));
}

/** A node of the largest component near the middle of the node order (Hilbert order: mid-city). */
function treeSource(net: Network): number {
  let largest = 0;
  for (let c = 1; c < net.componentCount; c++) if (net.componentVertexCount[c] > net.componentVertexCount[largest]) largest = c;
  for (let k = 0; k < net.nodeCount; k++) {
    const n = (Math.floor(net.nodeCount / 2) + k) % net.nodeCount;
    if (net.nodeComponent[n] === largest) return n;
  }
  return 0;
}

function nativeParity(net: Network): BenchResult['native'] {
  const binary = compileNative();
  if (!binary) return undefined;
  // 3,000 sources as in a city-wide field: the first 3,000 linked facilities, entering at both ends of their edge.
  const seeds: Seed[] = [];
  let sources = 0;
  for (let i = 0; i < facilityLinks.count && sources < 3000; i++) {
    const e = facilityLinks.edge[i];
    if (e < 0) continue;
    sources++;
    seeds.push({ node: net.edgeFrom[e], distM: facilityLinks.offNetworkM[i] + facilityLinks.offsetM[i] });
    seeds.push({ node: net.edgeTo[e], distM: facilityLinks.offNetworkM[i] + net.edgeLengthM[e] - facilityLinks.offsetM[i] });
  }
  const source = treeSource(net);
  const graphFile = fileURLToPath(new URL(`./.cache/native/${size}-${opts.seed}.bin`, import.meta.url));
  dumpCsr(graphFile, net, source, seeds);
  const native = runNative(binary, graphFile, repeats);
  const s = new NetworkSearch(net);
  const checksum = () => { let sum = 0; for (let n = 0; n < net.nodeCount; n++) { const d = s.distanceM(n); if (d < Infinity) sum += d; } return sum; };
  const oursTreeMs = bestOf(repeats, () => { s.reset(); s.seed(source, 0, 0); s.run(); });
  const treeSum = checksum();
  const oursFieldMs = bestOf(repeats, () => { s.reset(); for (const x of seeds) s.seed(x.node, x.distM, 0); s.run(); });
  const fieldSum = checksum();
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  const checksumsAgree = close(treeSum, native.treeChecksum) && close(fieldSum, native.fieldChecksum);
  check(checksumsAgree, 'our distances equal the C++ Dijkstra\'s');
  return { sources, native, oursTreeMs, oursFieldMs, treeRatio: oursTreeMs / native.treeMs, fieldRatio: oursFieldMs / native.fieldMs, checksumsAgree };
}

function linkingPeers(net: Network, positions: Position[]): BenchResult['linking'] {
  const { lon0, lat0, kx, ky } = net.plane;
  const xs = Float64Array.from(positions, (p) => (p[0] - lon0) * kx);
  const ys = Float64Array.from(positions, (p) => (p[1] - lat0) * ky);
  const runs = compareIndexes(net, xs, ys, 500);
  const reference = runs[0].segments;
  return runs.map(({ segments, ...rest }) => {
    const agrees = segments.every((s, i) => s === reference[i]);
    check(agrees, `${rest.index} links like flatbush`);
    return { ...rest, agrees };
  });
}

export type { Feature };
