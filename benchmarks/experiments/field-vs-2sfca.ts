// The yardstick for 2SFCA, "at the cost of one category field or less", measured in one process:
// the route stage (every field the standard needs, as `analyze` routes them) and the capacity stage (2SFCA
// for every category with capacities, `serveCategories`), alternately, on one router (this thread and the
// route worker) and one analysis of a city's files, without the coverage worker or anything else running:
//   npx tsx benchmarks/experiments/field-vs-2sfca.ts [CITY_DIR] [ROUNDS]   (default: spread-L, 6)
// Prints each round's wall and process CPU seconds and minor page faults (fresh memory touched) per stage,
// then the cost per field and per category. The command's own stage lines (whole-ab.ts) add the coverage
// worker's competition and the first run's fresh memory; README, "Speed", quotes both.
import { fileURLToPath } from 'node:url';
import { analyseCity, routeAndServe } from '../lib/build-analysis.js';

const cityDir = process.argv[2] ?? fileURLToPath(new URL('../.cache/spread-L-1-v2/', import.meta.url));
const rounds = Number(process.argv[3] ?? 6);
const build = fileURLToPath(new URL('../../dist/', import.meta.url));

/* eslint-disable @typescript-eslint/no-explicit-any */
const a = await analyseCity(build, cityDir);
const stages = await routeAndServe(build, a);
const { router, keys } = stages;
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
  const route = measure(() => stages.route());
  // Every round builds its own 2SFCA cache, as one command does.
  const capacity = measure(() => stages.serve(route.out as unknown[]));
  perField.push(route.wallMs / keys.length);
  perCategory.push(capacity.wallMs / withCapacity.length);
  console.log(`round ${r + 1}: route ${s(route.wallMs)} s (CPU ${s(route.cpuMs)}, ${Math.round(route.faults / 1000)}k faults), `
    + `capacity ${s(capacity.wallMs)} s (CPU ${s(capacity.cpuMs)}, ${Math.round(capacity.faults / 1000)}k faults); `
    + `${perField.at(-1)!.toFixed(0)} ms a field, ${perCategory.at(-1)!.toFixed(0)} ms a category`);
}
const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
console.log(`\nper field ${range(perField)} ms, per category ${range(perCategory)} ms (wall, ${rounds} rounds)`);
await router.close();
