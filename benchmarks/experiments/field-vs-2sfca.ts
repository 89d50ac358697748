// The yardstick for 2SFCA, "at the cost of one category field or less", measured in one process:
// the route stage (every field the standard needs, as `analyze` routes them) and the capacity stage (2SFCA
// for every category with capacities, `serveCategories`), alternately, on one router (this thread and the
// route worker) and one analysis of a city's files, without the coverage worker or anything else running:
//   npx tsx benchmarks/experiments/field-vs-2sfca.ts [CITY_DIR] [ROUNDS]   (default: spread-L, 6)
// Prints each round's wall and process CPU seconds and minor page faults (fresh memory touched) per stage,
// then the cost per field and per category. The command's own stage lines (whole-ab.ts) add the coverage
// worker's competition and the first run's fresh memory; README, "Speed", quotes both.
import { fileURLToPath } from 'node:url';
import { analyseCity, loadBuild as load } from '../lib/build-analysis.js';

const cityDir = process.argv[2] ?? fileURLToPath(new URL('../.cache/spread-L-1-v2/', import.meta.url));
const rounds = Number(process.argv[3] ?? 6);
const build = fileURLToPath(new URL('../../dist/', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any */
const a = await analyseCity(build, cityDir);
const { fieldKeysOf, fieldMembers } = await load(build, 'scoring/route-fields.js');
const { subsetLinks } = await load(build, 'network/link-points.js');
const { serveCategories } = await load(build, 'scoring/serve-facilities.js');
const { ParallelRouter } = await load(build, 'parallel/parallel-router.js');
const { NetworkSearch } = await load(build, 'routing/network-search.js');
const router = ParallelRouter.start(a.network);
await router.ready;
const keys: string[] = fieldKeysOf(a.standard, a.categories);
const keepNodes = keys.map((key) => a.categories.includes(key));
const withCapacity = a.categories.filter((c: string) => a.facilities.some((f: any) => f.category === c && f.capacity !== undefined));
console.log(`${a.residents.count} residents, ${a.facilities.length} facilities: ${keys.length} fields, ${withCapacity.length} categories with capacities`);

const measure = (f: () => unknown) => {
  const cpu0 = process.cpuUsage(), faults0 = process.resourceUsage().minorPageFault, t0 = performance.now();
  const out = f();
  const wallMs = performance.now() - t0, cpu = process.cpuUsage(cpu0);
  return { out, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, faults: process.resourceUsage().minorPageFault - faults0 };
};
const s = (ms: number) => (ms / 1000).toFixed(2);
const perField: number[] = [], perCategory: number[] = [];
for (let r = 0; r < rounds; r++) {
  const route = measure(() => router.route(keys.map((key) => subsetLinks(a.facilityLinks, fieldMembers(a.facilities, key))), a.residentLinks, undefined, keepNodes));
  const routed = route.out as { distM: Float64Array; source: Int32Array }[];
  const nearest = new Map(keys.map((key, k) => [key, routed[k]]));
  // A fresh copy of the residents' links: every round builds its own 2SFCA cache, as one command does.
  const ctx = {
    network: a.network, standard: a.standard, communities: a.communities.map((c: any) => c.community),
    residents: a.residents, residentLinks: { ...a.residentLinks }, facilityLinks: a.facilityLinks,
    search: new NetworkSearch(a.network), catchments: router,
  };
  const capacity = measure(() => serveCategories(ctx, a.facilities.map((f: object) => ({ ...f })), a.categories, (c: string) => nearest.get(c), new Map()));
  perField.push(route.wallMs / keys.length);
  perCategory.push(capacity.wallMs / withCapacity.length);
  console.log(`round ${r + 1}: route ${s(route.wallMs)} s (CPU ${s(route.cpuMs)}, ${Math.round(route.faults / 1000)}k faults), `
    + `capacity ${s(capacity.wallMs)} s (CPU ${s(capacity.cpuMs)}, ${Math.round(capacity.faults / 1000)}k faults); `
    + `${perField.at(-1)!.toFixed(0)} ms a field, ${perCategory.at(-1)!.toFixed(0)} ms a category`);
}
const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
console.log(`\nper field ${range(perField)} ms, per category ${range(perCategory)} ms (wall, ${rounds} rounds)`);
await router.close();
