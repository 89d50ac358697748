// The whole `lifecircle analyze` command with and without transparent huge pages for glibc's
// allocations (GLIBC_TUNABLES=glibc.malloc.hugetlb=1: glibc then asks the kernel for 2 MB pages for
// the blocks it maps, which is where Node's typed arrays live; the command sets it itself, and
// LIFECIRCLE_HUGE_PAGES=0 turns that off), alternately on one city so that both see the same machine load:
//   npx tsx benchmarks/experiments/huge-pages.ts [SIZE] [ROUNDS]   (default: spread-L, 3)
// Why: on this VM a fresh 4 KB page costs about 10-20 us to fault in (a 64 MB typed array takes
// 150-250 ms to fill the first time, 2-4 ms the second), and the command touches over a gigabyte of
// fresh memory. The kernel grants huge pages only where `transparent_hugepage/enabled` says
// `madvise` or `always`; the script prints that setting. README, "Performance", quotes the result.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, runWholeCommand } from '../lib/whole-command.js';
import { ensureCity, type CitySize } from '../synthetic-city.js';

const size = (process.argv[2] ?? 'spread-L') as CitySize;
const rounds = Number(process.argv[3] ?? 3);
let thp = 'unknown';
try { thp = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').trim(); } catch { /* not Linux */ }
console.log(`transparent_hugepage/enabled: ${thp}`);
// What a second start costs: a bare Node start, the median of ten.
const starts = Array.from({ length: 10 }, () => {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t0;
}).sort((a, b) => a - b);
console.log(`a bare Node start: ${starts[5].toFixed(0)} ms (median of ten)`);
ensureBuilt();
const { dir: city } = await ensureCity(size, 1);
const out = fileURLToPath(new URL(`../.cache/out-huge-pages-${size}/`, import.meta.url));
// 4 KB pages; huge pages from the start (the tunable set, no second start); and as the command
// decides for itself (src/cli/huge-pages.ts: a second start with the tunable for large inputs).
const variants: [string, Record<string, string>][] = [
  ['4 KB pages', { LIFECIRCLE_HUGE_PAGES: '0', GLIBC_TUNABLES: '' }],
  ['huge pages', { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }],
  ['as decided', { GLIBC_TUNABLES: '' }],
];
const walls = new Map<string, number[]>(variants.map(([name]) => [name, []]));
const stage = new Map<string, Map<string, number[]>>();
const rss = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, env] of variants) {
    const result = await runWholeCommand(city, out, [], env);
    walls.get(name)!.push(result.wallMs / 1000);
    for (const s of result.stages) {
      const byVariant = stage.get(s.stage) ?? stage.set(s.stage, new Map()).get(s.stage)!;
      (byVariant.get(name) ?? byVariant.set(name, []).get(name)!).push(s.ms / 1000);
      if (s.stage === 'total') rss.get(name)!.push(s.peakRssMiB);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\n${size}, ${rounds} alternate runs each: median wall seconds`);
console.log(['stage', ...variants.map(([n]) => n)].join('\t'));
for (const [name, byVariant] of stage) console.log([name, ...variants.map(([n]) => median(byVariant.get(n) ?? [NaN]).toFixed(2))].join('\t'));
console.log(['whole command', ...variants.map(([n]) => median(walls.get(n)!).toFixed(2))].join('\t'));
console.log(['peak RSS, MiB', ...variants.map(([n]) => median(rss.get(n)!).toFixed(0))].join('\t'));
console.log(['(every run)', ...variants.map(([n]) => walls.get(n)!.map((w) => w.toFixed(2)).join(' '))].join('\t'));
