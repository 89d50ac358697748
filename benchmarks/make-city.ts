// Writes a seeded synthetic benchmark city:
//   tsx benchmarks/make-city.ts --size [spread-]S|M|L|XL [--seed N] [--out DIR] [--format geojson|geojsonseq|both] [--force]
// Without --out the city goes to benchmarks/.cache/<size>-<seed>-v<generator version>/, where the benchmarks look for it,
// and is generated only when that cache entry is missing (or with --force).
import { Command, Option } from '@commander-js/extra-typings';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cacheDir, CITY_SIZES, type CitySize, ensureCity, generateCity, writeCity } from './synthetic-city.js';

const program = new Command()
  .name('make-city')
  .description('Generate a seeded synthetic city (network, communities, population, facilities).')
  .addOption(new Option('--size <size>', 'city size').choices(CITY_SIZES).makeOptionMandatory())
  .addOption(new Option('--seed <n>', 'random seed').default(1).argParser((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--seed must be a non-negative integer, got ${v}`);
    return n;
  }))
  .option('--out <dir>', 'output directory (default: the benchmark cache)')
  .addOption(new Option('--format <format>', 'output format').choices(['geojson', 'geojsonseq', 'both'] as const).default('both' as const))
  .option('--force', 'regenerate even if the cache has this city')
  .parse();

const opts = program.opts();
const size = opts.size as CitySize;
const started = performance.now();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
let files;
if (opts.out) {
  files = await writeCity(generateCity(size, opts.seed), opts.out, opts.format);
} else {
  if (opts.force) await rm(fileURLToPath(cacheDir(size, opts.seed)), { recursive: true, force: true });
  files = await ensureCity(size, opts.seed, opts.format);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const c = files.counts;
console.log(
  `${size} seed ${opts.seed} -> ${files.dir}\n` +
    `  ${c.edges} edges in ${c.lines} lines, ${c.communities} communities, ${c.populationPoints} population points, ${c.facilities} facilities\n` +
    `  ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (sampled)`,
);
