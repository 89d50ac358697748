// The capacity stage (2SFCA for every category with capacities) once in a process of its own, after the
// route stage, on this thread and the route worker, with a 2SFCA cache of its own (fresh memory, as in a
// command; the code is warm, as `analyze` served the categories once in the analysis it measures on), for
// two builds, alternately, so that both see the same machine load.
//   npx tsx benchmarks/experiments/cold-capacity.ts BUILD_A BUILD_B [RUNS] [CITY_DIR]   (default: 6 runs each, spread-L)
// BUILD_x is a built dist/ folder (e.g. of a worktree: see whole-ab.ts). Run with
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the command runs itself on a city. Prints each run's wall and
// CPU milliseconds and a checksum of the communities' access (equal for equal answers), then each build's
// range and median. The whole command's stage (whole-ab.ts) adds the coverage worker's competition, and
// its run-to-run spread hides changes of a tenth of the stage; this shows them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyseCity, routeAndServe } from '../lib/build-analysis.js';
import { median } from '../lib/median.js';

const here = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

if (args[0] === '--one') {
  const [, build, cityDir] = args;
  console.log(JSON.stringify(await oneRun(build, cityDir)));
} else {
  const [a, b, runsArg, cityArg] = args;
  if (!a || !b) throw new Error('usage: cold-capacity.ts BUILD_A BUILD_B [RUNS] [CITY_DIR]');
  const cityDir = cityArg ?? fileURLToPath(new URL('../.cache/spread-L-1-v2/', import.meta.url));
  const runs = Number(runsArg ?? 6);
  const results = new Map<string, { ms: number; cpuMs: number }[]>([[a, []], [b, []]]);
  for (let r = 0; r < runs; r++) {
    for (const build of [a, b]) {
      const child = spawnSync(process.execPath, [...process.execArgv, here, '--one', build, cityDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (child.status !== 0) throw new Error(`${build}: ${child.stderr}`);
      const run = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; cpuMs: number; check: string };
      results.get(build)!.push(run);
      console.log(`${build} ${r + 1}: capacity ${run.ms.toFixed(0)} ms (CPU ${run.cpuMs.toFixed(0)} ms), check ${run.check}`);
    }
  }
  for (const [build, rs] of results) {
    const ms = rs.map((x) => x.ms);
    console.log(`${build}: ${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)} ms (median ${median(ms).toFixed(0)}), CPU median ${median(rs.map((x) => x.cpuMs)).toFixed(0)} ms`);
  }
}

/** One analysis, its route stage on a router, then one timed capacity stage, as `analyze` runs them. */
async function oneRun(build: string, cityDir: string) {
  const stages = await routeAndServe(build, await analyseCity(build, cityDir));
  const routed = stages.route();
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  const access = stages.serve(routed);
  const ms = performance.now() - t0, cpu = process.cpuUsage(cpu0);
  let check = 0;
  for (const values of access.values()) for (const x of values) if (!Number.isNaN(x)) check += x;
  await stages.router.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, check: check.toPrecision(12) };
}
