import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStageLine, type StageLine } from '../../src/cli/progress.js';

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
  /** Wall time of the child process, start to exit (Node start-up included). */
  wallMs: number;
  /** The child's own stages (read ... write, then total), each with the peak RSS so far and its CPU time. */
  stages: StageLine[];
  peakRssMiB: number;
  outputs: { file: string; bytes: number }[];
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

/** The stages of every size as one table (a column per size), then each run's details. */
export function renderWholeCommand(results: readonly WholeCommandResult[]): string {
  if (results.length === 0) return '';
  const out: string[] = ['## The whole command', ''];
  out.push('`lifecircle analyze --verbose` as a planner runs it (read the four inputs, analyse, write all seven outputs), in a child process,');
  out.push('on each synthetic city; `npm run bench -- --size <size> --whole`. Each stage line is the command\'s own `--verbose` log:');
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
      `Outputs: ${r.outputs.map((o) => `${o.file} ${(o.bytes / 1e6).toFixed(1)} MB`).join(', ')}.`);
  }
  out.push('');
  return out.join('\n');
}
