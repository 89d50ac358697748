import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

/** One drawing of every category's coverage (`standardCoverage`), as coverage-bench.ts --json prints it. */
export interface CoverageRun {
  wallMs: number;
  /** CPU time of the process over the drawing (all threads). */
  cpuMs: number;
  layers: number;
  polygons: number;
  holes: number;
  vertices: number;
  /** coverage.geojson's size. */
  bytes: number;
}

/** `npm run bench -- --coverage`: drawing alone, each way the library draws, a fresh process a run. */
export interface CoverageResult {
  size: string;
  seed: number;
  date: string;
  machine: { cpu: string; cores: number; loadAverage: number[]; loadAverageAfter: number[] };
  node: string;
  /** Searching each category's facilities while drawing (the command's worker, which starts before the route stage). */
  searching: CoverageRun[];
  /** Given the route stage's fields (the library's `standardCoverage` after `analyze`). */
  fromFields: CoverageRun[];
}

/**
 * One run of coverage-bench.ts in a process of its own (fresh memory and code, as a command's drawing is),
 * with 2 MB pages as the command runs itself on a city.
 */
export function runCoverageBench(size: string, seed: number, fields: boolean): CoverageRun {
  const script = fileURLToPath(new URL('../coverage-bench.ts', import.meta.url));
  const args = [...process.execArgv, script, '--size', size, '--seed', String(seed), '--json', ...(fields ? ['--fields'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } });
  if (r.status !== 0) throw new Error(`bench: coverage-bench.ts exited with ${r.status}:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line) as CoverageRun;
}

const sec = (ms: number) => (ms / 1000).toFixed(2);

/** RESULTS.md's section on coverage drawing alone, a line per size. */
export function renderCoverage(results: readonly CoverageResult[]): string {
  if (results.length === 0) return '';
  const out = ['## Coverage drawing alone', ''];
  out.push('Every category\'s coverage areas at city extent (`standardCoverage`, as coverage.geojson holds them), on one thread, in a');
  out.push('fresh process a run with 2 MB pages; `npm run bench -- --size <size> --coverage --rounds N` (benchmarks/coverage-bench.ts).');
  out.push('The command draws them on a worker from its link stage on, searching each category itself; the library draws them after');
  out.push('`analyze` from the route stage\'s fields. Wall seconds, range and median, with CPU seconds.', '');
  const range = (runs: readonly CoverageRun[], pick: (r: CoverageRun) => number) => {
    const xs = runs.map(pick);
    return `${sec(Math.min(...xs))}-${sec(Math.max(...xs))} (median ${sec(median(xs))})`;
  };
  for (const r of results) {
    const any = r.searching[0] ?? r.fromFields[0];
    out.push(`- **${r.size}** (seed ${r.seed}, ${r.date}; ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.node}; load average ${r.machine.loadAverage.map((x) => x.toFixed(2)).join(' / ')} before, ` +
      `${r.machine.loadAverageAfter.map((x) => x.toFixed(2)).join(' / ')} after): searching, ${r.searching.length} runs, ${range(r.searching, (x) => x.wallMs)} s wall, ${range(r.searching, (x) => x.cpuMs)} s CPU; ` +
      `from the fields, ${r.fromFields.length} runs, ${range(r.fromFields, (x) => x.wallMs)} s wall, ${range(r.fromFields, (x) => x.cpuMs)} s CPU. ` +
      `${any.layers} layers, ${any.polygons.toLocaleString('en-US')} polygons, ${any.holes.toLocaleString('en-US')} holes, ${any.vertices.toLocaleString('en-US')} vertices, coverage.geojson ${(any.bytes / 1e6).toFixed(1)} MB.`);
  }
  out.push('');
  return out.join('\n');
}
