// The whole `lifecircle analyze` command of this checkout and of another build, alternately on one
// city, so that both see the same machine load (a day's drift on a shared VM is larger than most
// changes):
//   npx tsx benchmarks/experiments/whole-ab.ts OTHER_CHECKOUT [SIZE] [ROUNDS]   (default: spread-L, 5)
// OTHER_CHECKOUT is a built checkout of another commit, e.g.
//   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npm run build)
// Prints every run's stage lines (the command's own --verbose log: wall seconds, CPU seconds in
// brackets), then each stage's range over the runs per build, with its median, and the cost of a field
// and of a category run by run. README, "Speed", quotes the result.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StageLine } from '../../src/cli/progress.js';
import { ensureBuilt, fieldAndCategoryMs, runWholeCommand, yardstickCounts } from '../lib/whole-command.js';
import { median } from '../lib/median.js';
import { ensureCity, type CitySize } from '../synthetic-city.js';

const other = process.argv[2];
if (!other) throw new Error('usage: whole-ab.ts OTHER_CHECKOUT [SIZE] [ROUNDS]');
const size = (process.argv[3] ?? 'spread-L') as CitySize;
const rounds = Number(process.argv[4] ?? 5);
ensureBuilt();
const { dir: city } = await ensureCity(size, 1);
const builds: [string, string][] = [['other', resolve(other)], ['this', fileURLToPath(new URL('../../', import.meta.url))]];
const out = fileURLToPath(new URL(`../.cache/out-ab-${size}/`, import.meta.url));
const runs = new Map<string, { stages: StageLine[]; wallMs: number }[]>(builds.map(([name]) => [name, []]));
const s2 = (ms: number) => (ms / 1000).toFixed(2);
for (let r = 0; r < rounds; r++) {
  for (const [name, root] of builds) {
    const { stages, wallMs } = await runWholeCommand(city, out, [], {}, root);
    runs.get(name)!.push({ stages, wallMs });
    console.log(`${name} ${r + 1}: ${stages.map((s) => `${s.stage} ${s2(s.ms)} (${s2(s.cpuMs)})`).join(', ')}; peak RSS ${Math.round(stages.at(-1)!.peakRssMiB)} MiB; wall to exit ${s2(wallMs)}`);
  }
}
// The range and, in brackets, the median: README quotes both.
const range = (xs: number[]) => `${s2(Math.min(...xs))}-${s2(Math.max(...xs))} (${s2(median(xs))})`;
console.log(`\n${size}, ${rounds} alternate runs each, ranges of wall seconds and their medians (other = ${resolve(other)})`);
console.log(['stage', ...builds.map(([n]) => n)].join('\t'));
const names = [...new Set([...runs.values()].flatMap((rs) => rs.flatMap((r) => r.stages.map((s) => s.stage))))];
for (const stage of names) {
  console.log([stage, ...builds.map(([n]) => {
    const xs = runs.get(n)!.flatMap((r) => r.stages.filter((s) => s.stage === stage).map((s) => s.ms));
    return xs.length ? range(xs) : '-';
  })].join('\t'));
}
console.log(['wall to exit', ...builds.map(([n]) => range(runs.get(n)!.map((r) => r.wallMs)))].join('\t'));
console.log(['peak RSS, MiB', ...builds.map(([n]) => runs.get(n)!.map((r) => Math.round(r.stages.at(-1)!.peakRssMiB)).join(' '))].join('\t'));

// The issue's yardstick, "2SFCA at the cost of one category field or less", run by run (fieldAndCategoryMs).
const { fields, categories } = yardstickCounts();
console.log(`\nms a field (route / ${fields}), ms a category (capacity / ${categories}), their ratio per run: range (median)`);
const ms = (xs: number[]) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))} (${Math.round(median(xs))})`;
for (const [n] of builds) {
  const costs = runs.get(n)!.map((r) => fieldAndCategoryMs(r.stages)!);
  const ratio = costs.map((c) => c.categoryMs / c.fieldMs);
  console.log(`${n}\tfield ${ms(costs.map((c) => c.fieldMs))}\tcategory ${ms(costs.map((c) => c.categoryMs))}\tratio ${Math.min(...ratio).toFixed(2)}-${Math.max(...ratio).toFixed(2)} (${median(ratio).toFixed(2)})`);
}
