// report.html at city scale: how long it takes to build, how big it is, and how soon Chromium reaches
// its load event (issue 12: at most 8 MB and 2 s on a 3,000-community, 30,000-facility city).
//   npm run bench:report [-- --city synth|L] [--coverage FILE] [--with-coverage] [--repeats N]
// synth: scripts/synth/report-city.ts (Guangzhou's extent, 3,000 communities of 160-point outlines,
// 30,000 facilities, a coarse street grid so the analysis takes seconds). L: the benchmark's L city.
// Coverage areas weigh most; --coverage reads a coverage.geojson written earlier (e.g. by
// `lifecircle analyze` on the same city), --with-coverage draws them here (slow on a city).
// Results: benchmarks/results/report-<city>.json and benchmarks/REPORT-RESULTS.md.
import { Command, Option } from '@commander-js/extra-typings';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { chromium } from 'playwright-core';
import { analyze, type Analysis } from '../src/scoring/analyze.js';
import { standardCoverage } from '../src/isochrone/standard-coverage.js';
import { reportHtml } from '../src/report/report-html.js';
import { readFeatures } from '../src/io/read-geojson.js';
import { reportCity } from '../scripts/synth/report-city.js';
import { ensureCity } from './synthetic-city.js';

const opts = new Command()
  .name('bench:report')
  .addOption(new Option('--city <city>', 'which city').choices(['synth', 'L'] as const).default('synth' as const))
  .option('--coverage <file>', 'coverage.geojson to draw (from an earlier analyze of the same city)')
  .option('--with-coverage', 'draw the coverage areas here (slow on a city)')
  .addOption(new Option('--repeats <n>', 'page loads (the median is reported)').default(5).argParser(Number))
  .option('--html-out <file>', 'also keep the report written')
  .parse()
  .opts();

const CHROMIUM = '/usr/bin/chromium';
const ms = (t0: number) => Math.round(performance.now() - t0);
const loadBefore = loadavg();

let t0 = performance.now();
let analysis: Analysis;
if (opts.city === 'synth') {
  const city = reportCity();
  analysis = analyze(city);
} else {
  const files = await ensureCity('L', 1, 'geojson');
  const [network, facilities, communities, population] = await Promise.all(
    ['network', 'facilities', 'communities', 'population'].map((n) => readFeatures(join(files.dir, `${n}.geojson`))));
  analysis = analyze({ network, facilities, communities, population });
}
const analyzeMs = ms(t0);
t0 = performance.now();
const coverage: FeatureCollection | undefined = opts.coverage ? JSON.parse(readFileSync(opts.coverage, 'utf8'))
  : opts.withCoverage ? standardCoverage(analysis) : undefined;
const coverageMs = ms(t0);

// Build: best of three (the first pays for warming up).
let html = '';
const buildTimes: number[] = [];
// CPU time too: on a shared machine the wall time mostly measures the other work.
const buildCpu: number[] = [];
for (let k = 0; k < 3; k++) {
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  html = reportHtml(analysis, { title: `bench ${opts.city}`, coverage });
  const cpu = process.cpuUsage(cpu0);
  buildTimes.push(ms(t0));
  buildCpu.push(Math.round((cpu.user + cpu.system) / 1000));
}
const bytes = Buffer.byteLength(html);
const parts = Object.fromEntries([
  ['communities (SVG)', /<g id="layer-communities".*?<\/g>/s],
  ['streets (SVG)', /<g id="layer-network".*?<\/g>/s],
  ['map layers (lc-map)', /<script type="application\/json" id="lc-map">.*?<\/script>/s],
  ['community data (lc-data)', /<script type="application\/json" id="lc-data">.*?<\/script>/s],
].map(([name, re]) => [name as string, Buffer.byteLength((re as RegExp).exec(html)?.[0] ?? '')]));

const dir = mkdtempSync(join(tmpdir(), 'lifecircle-bench-report-'));
const file = join(dir, 'report.html');
writeFileSync(file, html);
const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
if (opts.htmlOut) writeFileSync(opts.htmlOut, html);
const loads: { domContentLoaded: number; load: number; allFacilitiesDrawMs: number; mainThread: Record<string, number> }[] = [];
for (let k = 0; k < opts.repeats; k++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(300_000);
  // Chromium's own account of its main thread up to the load event: on a busy machine these busy
  // times say more than the wall clock.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => Math.round(1000 * (metrics.find((m) => m.name === name)?.value ?? NaN));
  const mainThread = { taskMs: metric('TaskDuration'), scriptMs: metric('ScriptDuration'), layoutMs: metric('LayoutDuration'), styleMs: metric('RecalcStyleDuration') };
  const nav = await page.evaluate<{ domContentLoaded: number; load: number }>(
    '(() => { const n = performance.getEntriesByType("navigation")[0]; return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd }; })()');
  // Every facility switched on at the whole-city view: one redraw of the clustered canvas.
  const allFacilitiesDrawMs = await page.evaluate<number>(`new Promise((done) => requestAnimationFrame(() => {
    const t = performance.now(); window.lifecircleMap.setAllFacilities(true);
    requestAnimationFrame(() => done(performance.now() - t)); }))`);
  loads.push({ domContentLoaded: Math.round(nav.domContentLoaded), load: Math.round(nav.load), allFacilitiesDrawMs: Math.round(allFacilitiesDrawMs), mainThread });
  await page.close();
}
await browser.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  city: opts.city,
  date: new Date().toISOString().slice(0, 10),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
  communities: analysis.communities.length,
  facilities: analysis.facilities.length,
  coverageFeatures: coverage?.features.length ?? 0,
  analyzeMs, coverageMs,
  buildMs: Math.min(...buildTimes),
  buildTimes,
  buildCpuMs: Math.min(...buildCpu),
  bytes, parts,
  loadMedianMs: median(loads.map((l) => l.load)),
  domContentLoadedMedianMs: median(loads.map((l) => l.domContentLoaded)),
  allFacilitiesDrawMedianMs: median(loads.map((l) => l.allFacilitiesDrawMs)),
  mainThreadMedian: Object.fromEntries(Object.keys(loads[0].mainThread).map((k) => [k, median(loads.map((l) => l.mainThread[k]))])),
  loads,
};
console.log(JSON.stringify(result, null, 2));

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, `report-${opts.city}.json`), JSON.stringify(result, null, 2) + '\n');
writeResults(resultsDir, fileURLToPath(new URL('./REPORT-RESULTS.md', import.meta.url)));

function writeResults(from: string, to: string): void {
  const runs = readdirSync(from).filter((f) => /^report-.*\.json$/.test(f)).sort()
    .map((f) => JSON.parse(readFileSync(join(from, f), 'utf8')) as typeof result);
  const mib = (b: number) => (b / 2 ** 20).toFixed(2);
  const lines = [
    '# report.html at city scale',
    '',
    'Written by `npm run bench:report` (benchmarks/report-load.ts); one row per city, the latest run.',
    'Load: Chromium (headless, /usr/bin/chromium) from navigation start to the end of the load event, median of the page loads.',
    'Build: `reportHtml` alone, best of three, wall and CPU time. Main thread busy: Chromium\'s TaskDuration (ScriptDuration / LayoutDuration) up to the load event.',
    'Load averages show how busy the machine was (2 cores): at 20 the wall times are several times what a quiet machine gives.',
    '',
    '| city | communities | facilities | coverage features | build ms (CPU ms) | size MiB | DOMContentLoaded ms | load ms | main thread busy ms (script / layout) | all facilities on, redraw ms | load average | date |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.city} | ${r.communities} | ${r.facilities} | ${r.coverageFeatures} | ${r.buildMs} (${r.buildCpuMs}) | ${mib(r.bytes)} | ${r.domContentLoadedMedianMs} | ${r.loadMedianMs} | ${r.mainThreadMedian?.taskMs ?? '–'} (${r.mainThreadMedian?.scriptMs ?? '–'} / ${r.mainThreadMedian?.layoutMs ?? '–'}) | ${r.allFacilitiesDrawMedianMs} | ${r.machine.loadAverageBefore[0].toFixed(1)} | ${r.date} |`),
    '',
    'Where the bytes go (MiB):',
    '',
    `| city | ${Object.keys(runs[0]?.parts ?? {}).join(' | ')} |`,
    `|---|${Object.keys(runs[0]?.parts ?? {}).map(() => '---').join('|')}|`,
    ...runs.map((r) => `| ${r.city} | ${Object.values(r.parts).map((b) => mib(b)).join(' | ')} |`),
    '',
  ];
  writeFileSync(to, lines.join('\n'));
}
