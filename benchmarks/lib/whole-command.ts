import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStageLine, type StageLine } from '../../src/cli/progress.js';
import { DEFAULT_STANDARD_ID, loadStandard } from '../../src/standards/load-standard.js';
import { scoredCategories } from '../../src/scoring/analyze.js';
import { fieldKeysOf } from '../../src/scoring/route-fields.js';
import { median } from './median.js';

/** One run of `lifecircle analyze` as a planner runs it, timed by its own --verbose log. */
export interface WholeCommandResult {
  size: string;
  seed: number;
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; loadAverage: number[]; loadAverageAfter: number[] };
  node: string;
  /** The command line, relative to the repository. */
  command: string;
  city: { segments: number; communities: number; residents: number; facilities: number; inputMB: number };
  /** Wall time of the child process, start to exit (Node start-up included); of several runs, the median. */
  wallMs: number;
  /** The child's own stages (read ... write, then total), each with the peak RSS so far and its CPU time; of several runs, each stage's median (`medianRun`). */
  stages: StageLine[];
  peakRssMiB: number;
  outputs: { file: string; bytes: number }[];
  /** Every run, when the command ran more than once (`--rounds`). */
  runs?: CommandRun[];
}

/** One run of the command: its wall time, start to exit, and its stage lines. */
export interface CommandRun {
  wallMs: number;
  stages: StageLine[];
}

/** Several runs as one: each stage's median wall and CPU time, the highest peak RSS, the median wall time to exit. */
export function medianRun(runs: readonly CommandRun[]): CommandRun {
  const names = [...new Set(runs.flatMap((r) => r.stages.map((s) => s.stage)))];
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    stages: names.map((stage) => {
      const of = runs.flatMap((r) => r.stages.filter((s) => s.stage === stage));
      return { stage, ms: median(of.map((s) => s.ms)), cpuMs: median(of.map((s) => s.cpuMs)), peakRssMiB: Math.max(...of.map((s) => s.peakRssMiB)) };
    }),
  };
}

/**
 * The issue's yardstick for 2SFCA, "at the cost of one category field or less", of one run: the route
 * stage's wall time per field it routes, and the capacity stage's per category it serves (the default
 * standard's counts, which the command uses on the synthetic cities). Undefined without both stages.
 */
export function fieldAndCategoryMs(stages: readonly StageLine[]): { fieldMs: number; categoryMs: number } | undefined {
  const route = stages.find((s) => s.stage === 'route'), capacity = stages.find((s) => s.stage === 'capacity');
  if (!route || !capacity) return undefined;
  const { fields, categories } = yardstickCounts();
  return { fieldMs: route.ms / fields, categoryMs: capacity.ms / categories };
}

/** The default standard's fields (the route stage's) and scored categories (the capacity stage's). */
export function yardstickCounts(): { fields: number; categories: number } {
  const standard = loadStandard(DEFAULT_STANDARD_ID);
  const categories = scoredCategories(standard);
  return { fields: fieldKeysOf(standard, categories).length, categories: categories.length };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds dist/ when any source is newer than the CLI it runs (the benchmark times the built command). */
export function ensureBuilt(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist/cli/main.js')).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= newest(join(ROOT, 'src'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench: the build failed');
}

/**
 * Runs `bin/lifecircle.js analyze --verbose` on a city's files in a child process (so its memory is its
 * own and nothing of the benchmark's is counted), then reads the stage lines it printed.
 */
export async function runWholeCommand(
  cityDir: string, outDir: string, extraArgs: readonly string[] = [],
  /** Environment variables for the command, over this process's. */
  env: Record<string, string> = {},
  /** The checkout whose built command runs (another build to compare, e.g. a `git worktree`): this one by default. */
  root = ROOT,
): Promise<{ wallMs: number; stages: StageLine[]; outputs: { file: string; bytes: number }[]; args: string[] }> {
  await rm(outDir, { recursive: true, force: true });
  const args = [
    'bin/lifecircle.js', 'analyze',
    '--network', join(cityDir, 'network.geojson'),
    '--facilities', join(cityDir, 'facilities.geojson'),
    '--communities', join(cityDir, 'communities.geojson'),
    '--population', join(cityDir, 'population.geojson'),
    '--out', outDir,
    '--verbose',
    ...extraArgs,
  ];
  const t0 = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`bench: lifecircle analyze exited with ${code}:\n${stderr}`);
  const stages = stderr.split('\n').map(parseStageLine).filter((s): s is StageLine => s !== undefined);
  const outputs = readdirSync(outDir).sort().map((file) => ({ file, bytes: statSync(join(outDir, file)).size }));
  return { wallMs, stages, outputs, args: args.map((a) => a.replace(root, '')) };
}

const f2 = (x: number) => x.toFixed(2);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const sec = (ms: number) => (ms / 1000).toFixed(2);

/** Of a size run several times: the runs' ranges, and the 2SFCA yardstick run by run. */
function runsLine(r: WholeCommandResult): string {
  const runs = r.runs;
  if (!runs || runs.length < 2) return '';
  const range = (xs: number[], f = sec) => `${f(Math.min(...xs))}-${f(Math.max(...xs))} (median ${f(median(xs))})`;
  const total = runs.map((x) => x.stages.find((s) => s.stage === 'total')!.ms);
  let line = ` **${runs.length} runs** (the table: each stage's median): the log's total ${range(total)} s, to exit ${range(runs.map((x) => x.wallMs))} s, ` +
    `peak RSS ${range(runs.map((x) => x.stages.at(-1)!.peakRssMiB), int)} MiB.`;
  const costs = runs.map((x) => fieldAndCategoryMs(x.stages)).filter((x) => x !== undefined);
  if (costs.length === runs.length) {
    const ratio = costs.map((x) => x.categoryMs / x.fieldMs);
    const { fields, categories } = yardstickCounts();
    line += ` A field (route / ${fields}) ${range(costs.map((x) => x.fieldMs), int)} ms, a category (capacity / ${categories}) ${range(costs.map((x) => x.categoryMs), int)} ms; ` +
      `a category costs ${range(ratio, f2)} times a field, no more than a field in ${ratio.filter((x) => x <= 1).length} of ${runs.length} runs.`;
  }
  return line;
}

/** The stages of every size as one table (a column per size), then each run's details. */
export function renderWholeCommand(results: readonly WholeCommandResult[]): string {
  if (results.length === 0) return '';
  const out: string[] = ['## The whole command', ''];
  out.push('`lifecircle analyze --verbose` as a planner runs it (read the four inputs, analyse, write all seven outputs), in a child process,');
  out.push('on each synthetic city; `npm run bench -- --size <size> --whole [--rounds N]`. Each stage line is the command\'s own `--verbose` log:');
  out.push('wall seconds, and in brackets the CPU seconds of the process (below the wall time when other work shared the cores).');
  out.push('Peak RSS is the process\'s high-water mark (getrusage). From 4 MB of streets up, the network is read and built on a');
  out.push('worker thread while the main thread reads the other inputs and prepares communities, facilities and residents (they need');
  out.push('no network), so the `network` line is only the wait for the rest of the build; `route` and `capacity` run on both cores');
  out.push('for such cities too. From 200,000 street segments up, coverage is drawn on a worker from the `link` stage on, so its CPU');
  out.push('is counted in the stages it ran alongside and its line is the wait for the rest.', '');
  const names: string[] = [];
  for (const r of results) for (const s of r.stages) if (!names.includes(s.stage)) names.push(s.stage);
  out.push(`| stage | ${results.map((r) => r.size).join(' | ')} |`, `|---|${results.map(() => '---:').join('|')}|`);
  for (const n of names) {
    out.push(`| ${n} | ${results.map((r) => { const s = r.stages.find((x) => x.stage === n); return s ? `${sec(s.ms)} (${sec(s.cpuMs)})` : ''; }).join(' | ')} |`);
  }
  out.push(`| **wall, process start to exit** | ${results.map((r) => `**${sec(r.wallMs)}**`).join(' | ')} |`);
  out.push(`| **peak RSS (MiB)** | ${results.map((r) => `**${int(r.peakRssMiB)}**`).join(' | ')} |`);
  out.push('');
  for (const r of results) {
    const c = r.city;
    out.push(`- **${r.size}** (seed ${r.seed}, ${r.date}): ${int(c.segments)} segments, ${int(c.communities)} communities, ${int(c.residents)} population points, ${int(c.facilities)} facilities; inputs ${c.inputMB.toFixed(0)} MB. ` +
      `${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.node}; load average ${r.machine.loadAverage.map(f2).join(' / ')} before, ${r.machine.loadAverageAfter.map(f2).join(' / ')} after (1 / 5 / 15 min). ` +
      `Outputs: ${r.outputs.map((o) => `${o.file} ${(o.bytes / 1e6).toFixed(1)} MB`).join(', ')}.` + runsLine(r));
  }
  out.push('');
  return out.join('\n');
}
