// The 2SFCA catchment kernel alone (`CatchmentSearch.part`, one thread) of two builds, alternately in
// one process on one analysis of a city: every category's searches, prepared by each build's own
// cache (layout, bounds, node limits) outside the timing. Tells a change to the kernel from the
// machine's drift, which on a shared VM is larger than most such changes.
//   npx tsx benchmarks/experiments/catchment-kernel.ts CITY_DIR BUILD_A BUILD_B [ROUNDS]
// BUILD_x is a built dist/ folder (e.g. of a worktree: see whole-ab.ts). Prints each round's time per
// build, the searches, and whether the builds' demands agree (to 1e-9: sums in another order).
import { analyseCity, loadBuild as load } from '../lib/build-analysis.js';

const [cityDir, buildA, buildB, roundsArg] = process.argv.slice(2);
if (!cityDir || !buildA || !buildB) throw new Error('usage: catchment-kernel.ts CITY_DIR BUILD_A BUILD_B [ROUNDS]');
const rounds = Number(roundsArg ?? 5);

/* eslint-disable @typescript-eslint/no-explicit-any */
const a = await analyseCity(buildA, cityDir);
const { network, residents } = a;
const communities = a.communities.map((c: any) => c.community);
// Residents by community, for a build whose cache sums by group (an older one ignores it).
const groupOf = new Int32Array(residents.count);
for (let ci = 0; ci + 1 < residents.start.length; ci++) groupOf.fill(ci, residents.start[ci], residents.start[ci + 1]);

async function prepare(build: string) {
  const { CatchmentCache, catchmentBounds } = await load(build, 'scoring/two-step-fca.js');
  const { categoryLimits } = await load(build, 'scoring/category-service.js');
  const { subsetLinks } = await load(build, 'network/link-points.js');
  const { CatchmentSearch, searchOrder } = await load(build, 'routing/catchments.js');
  const { NetworkSearch } = await load(build, 'routing/network-search.js');
  const { THRESHOLD_EPSILON_M } = await load(build, 'scoring/rule-distance.js');
  const cache = new CatchmentCache(network, a.residentLinks, { of: groupOf, count: residents.start.length - 1 });
  const search = new NetworkSearch(network);
  const jobs: any[] = [];
  for (const category of a.categories) {
    const members = a.facilities.flatMap((f: any, i: number) => (f.category === category && f.capacity !== undefined ? [i] : []));
    if (members.length === 0) continue;
    // The communities' limits, as the category service gives a cache of groups its reaches (builds from 2e7abcf on).
    const limits = Float64Array.from(categoryLimits(a.standard, communities, category).perCommunity as number[]);
    const facilities = subsetLinks(a.facilityLinks, members);
    const reaches = cache.reachClasses(undefined, undefined, limits);
    const { bound, nodeLimitM } = catchmentBounds(network, facilities, a.residentLinks, reaches, cache, search, false);
    const laid = cache.points(reaches, residents.people, false);
    // A layout of its own for each category (the cache refills its own for the next).
    const points = Object.fromEntries(Object.entries(laid).map(([k, v]) => [k, ArrayBuffer.isView(v) && k !== 'start' ? (v as Float64Array).slice() : v]));
    jobs.push({ facilities, searchM: bound.map((b: number) => (b >= 0 ? b + THRESHOLD_EPSILON_M : -1)), order: searchOrder(network, facilities), nodeLimitM, points });
  }
  const kernel = new CatchmentSearch(network);
  return {
    build, searches: jobs.reduce((n, j) => n + j.facilities.count, 0),
    run: () => jobs.map((j) => { kernel.begin(); return kernel.part(j.points, j.facilities, j.searchM, j.order, 0, j.facilities.count, true, j.nodeLimitM).demand.slice(); }),
  };
}

const builds = [await prepare(buildA), await prepare(buildB)];
const demands = builds.map((b) => b.run());
const agree = demands[0].every((d: Float64Array, c: number) => d.every((x, j) => Math.abs(x - demands[1][c][j]) <= 1e-9 * Math.max(1, x)));
console.log(`${builds[0].searches} searches in ${demands[0].length} categories; demands agree: ${agree}`);
for (let r = 0; r < rounds; r++) {
  console.log(builds.map((b) => {
    const t = performance.now();
    b.run();
    return `${b.build} ${((performance.now() - t) / 1000).toFixed(2)} s`;
  }).join('\t'));
}
