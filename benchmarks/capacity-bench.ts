// The capacity stage (2SFCA for every category with capacities) of two builds, in one process and
// alternately, on one analysis of a city's files: old and new see the same machine load.
//   npx tsx benchmarks/capacity-bench.ts CITY_DIR BUILD_A [BUILD_B] [--rounds N] [--threads]
// BUILD_x is a built dist/ folder (e.g. a copy of main's); the analysis itself is made by BUILD_A.
// Prints wall and process CPU (every thread; the kernel's share apart) and the minor page faults
// (fresh memory touched) per run, and whether the builds' outcomes are identical.
import { createHash } from 'node:crypto';
import { analyseCity, loadBuild as load } from './lib/build-analysis.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); if (i < 0) return undefined; const v = args[i + 1]; args.splice(i, 2); return v; };
const rounds = Number(flag('--rounds') ?? 3);
const threads = args.includes('--threads') ? (args.splice(args.indexOf('--threads'), 1), true) : false;
const [cityDir, ...builds] = args;
if (!cityDir || builds.length === 0) throw new Error('usage: capacity-bench.ts CITY_DIR BUILD_A [BUILD_B] [--rounds N] [--threads]');

/* eslint-disable @typescript-eslint/no-explicit-any */
const a = builds[0];
const analysis = await analyseCity(a, cityDir);
console.log(`analysed: ${analysis.facilities.length} facilities, ${analysis.residents.count} residents, ${analysis.categories.length} categories`);

const subjects = await Promise.all(builds.map(async (build) => {
  const { serveCategories } = await load(build, 'scoring/serve-facilities.js');
  const { ParallelRouter } = await load(build, 'parallel/parallel-router.js');
  const { NetworkSearch } = await load(build, 'routing/network-search.js');
  const router = threads ? ParallelRouter.start(analysis.network) : undefined;
  await router?.ready;
  return { build, serveCategories, router, search: new NetworkSearch(analysis.network) };
}));

// Serving reads each resident's nearest facility of the category (an analysis keeps only the distance): route again.
const { fieldMembers, routeField } = await load(a, 'scoring/route-fields.js');
const nearestBy = new Map<string, unknown>(analysis.categories.map((c: string) => [c,
  routeField(analysis.network, analysis.facilityLinks, fieldMembers(analysis.facilities, c), analysis.residentLinks, subjects[0].search)]));
const nearestOf = (c: string) => nearestBy.get(c);

for (let r = 0; r < rounds; r++) {
  for (const s of subjects) {
    const facilities = analysis.facilities.map((f: object) => ({ ...f }));
    const accessPer1000 = new Map<string, Float64Array>();
    // A fresh copy of the residents' links: every run builds its own 2SFCA cache, as one CLI run does.
    const ctx = {
      network: analysis.network, standard: analysis.standard, communities: analysis.communities.map((c: any) => c.community),
      residents: analysis.residents, residentLinks: { ...analysis.residentLinks }, facilityLinks: analysis.facilityLinks,
      search: s.search, catchments: s.router,
    };
    const cpu0 = process.cpuUsage(), faults0 = process.resourceUsage().minorPageFault, t0 = performance.now();
    s.serveCategories(ctx, facilities, analysis.categories, (c: string) => nearestOf(c), accessPer1000);
    const wall = performance.now() - t0, cpu = process.cpuUsage(cpu0), faults = process.resourceUsage().minorPageFault - faults0;
    const h = createHash('sha256');
    for (const f of facilities) h.update(`${f.servedPopulation},${f.demand},${f.ratioPer1000};`);
    for (const [c, v] of [...accessPer1000].sort()) { h.update(c); h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)); }
    console.log(`${s.build}\twall ${(wall / 1000).toFixed(2)} s\tcpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (system ${(cpu.system / 1e6).toFixed(2)})\t${(faults / 1000).toFixed(0)}k page faults\t${h.digest('hex').slice(0, 16)}`);
  }
}
await Promise.all(subjects.map((s) => s.router?.close()));
