// The library's per-resident 2SFCA (`twoStepFca`, this thread, one cache a round as an app would keep)
// for every category with capacities, of two builds alternately in one process on one analysis:
//   npx tsx benchmarks/experiments/per-resident-2sfca.ts CITY_DIR BUILD_A BUILD_B [ROUNDS]
// BUILD_x is a built dist/ folder (e.g. of a worktree: see whole-ab.ts). Prints each round's wall time
// per build and one resident's access summed over the categories (equal for equal answers).
import { analyseCity, loadBuild as load } from '../lib/build-analysis.js';

const [cityDir, ...rest] = process.argv.slice(2);
const rounds = Number(rest[2] ?? 5);
const builds = rest.slice(0, 2);
if (!cityDir || builds.length !== 2) throw new Error('usage: per-resident-2sfca.ts CITY_DIR BUILD_A BUILD_B [ROUNDS]');

/* eslint-disable @typescript-eslint/no-explicit-any */
const { categoryLimits } = await load(builds[0], 'scoring/category-service.js');
const a = await analyseCity(builds[0], cityDir);
const communities = a.communities.map((c: any) => c.community);
const jobs = a.categories.map((category: string) => {
  const members = a.facilities.flatMap((f: any, i: number) => (f.category === category && f.capacity !== undefined ? [i] : []));
  const reach = new Float64Array(a.residents.count).fill(-1);
  categoryLimits(a.standard, communities, category).perCommunity.forEach((limit: number, ci: number) => {
    if (limit >= 0) reach.fill(limit, a.residents.start[ci], a.residents.start[ci + 1]);
  });
  return { members, reach, capacity: Float64Array.from(members, (i: number) => a.facilities[i].capacity) };
}).filter((j: { members: number[] }) => j.members.length > 0);
const subjects = await Promise.all(builds.map(async (build) => ({
  build, fca: await load(build, 'scoring/two-step-fca.js'), links: await load(build, 'network/link-points.js'),
})));
const someone = Math.floor(a.residents.count / 2);
console.log(`${jobs.length} categories, ${a.residents.count} residents`);
for (let r = 0; r < rounds; r++) {
  console.log(subjects.map(({ build, fca, links }) => {
    const cache = new fca.CatchmentCache(a.network, a.residentLinks);
    const t = performance.now();
    let sum = 0;
    for (const j of jobs) {
      const got = fca.twoStepFca(a.network, links.subsetLinks(a.facilityLinks, j.members), j.capacity, a.residentLinks, a.residents.people, j.reach, { cache });
      sum += got.access[someone];
    }
    return `${build} ${((performance.now() - t) / 1000).toFixed(2)} s (access ${sum.toFixed(9)})`;
  }).join('\t'));
}
