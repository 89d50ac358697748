import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { splitLayer } from '../io/layer-format.js';

/**
 * 2 MB pages for the city-sized commands, on Linux with glibc.
 *
 * Most of what `lifecircle analyze` holds is typed arrays, whose memory Node takes from glibc's
 * malloc, which maps large blocks in 4 KB pages. The first touch of each page is a fault: on the
 * 2-core VM the benchmarks run on, about 11 us a page, so a fresh 64 MB array takes 175-200 ms to
 * fill the first time and 2.5 ms the second (7-120 ms the first time with 2 MB pages, as the kernel
 * has them at hand: benchmarks/experiments/page-faults.ts). A city-sized run touches over a
 * gigabyte of fresh memory.
 * Where the kernel gives transparent huge pages on request (`madvise`, the Debian and Ubuntu
 * default), `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` makes glibc request them for the blocks it maps,
 * and faults fall 512-fold. glibc reads its tunables only when a process starts, so the command
 * starts itself again with the variable set: on spread-L the whole command went from 11.73 to
 * 10.16 s (median of three alternate runs, benchmarks/experiments/huge-pages.ts; every stage but
 * reading the facilities was faster) for 9 MB more peak memory.
 *
 * Not done for small inputs (below `MIN_INPUT_BYTES` in the files named on the command line: the
 * second start costs more than the faults it saves), when the user has set glibc's huge-page
 * tunable either way, when LIFECIRCLE_HUGE_PAGES=0, when the kernel gives huge pages to every
 * mapping anyway (`always`) or to none (`never`), without glibc 2.35 or later (the first with
 * the tunable; musl has none), or under a debugger (`--inspect`: the new process would ask for the
 * same port).
 */

/**
 * Below this in all the input files, huge pages gain less than the second start costs (a bare Node
 * start, 98 ms on the benchmark machine): with the tunable set from the start, the S city
 * (2 MB) took 1.10 s against 1.07, the M city (18 MB) 2.68 against 2.74, within the runs' noise;
 * spread-L (174 MB) 10.16 against 11.73 (benchmarks/experiments/huge-pages.ts, medians of three
 * alternate runs). Inputs read from PostGIS are not counted.
 */
export const MIN_INPUT_BYTES = 32 * 1024 * 1024;

/** The commands that hold a city in memory; the others start in a fraction of the relaunch's cost. */
const CITY_COMMANDS = new Set(['analyze', 'plan', 'travel-times', 'isochrone', 'import-osm']);

export interface HugePageSetting {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The command line's arguments after the script (`process.argv.slice(2)`). */
  readonly args: readonly string[];
  /** Node's own options (`process.execArgv`). */
  readonly execArgv: readonly string[];
  /** /sys/kernel/mm/transparent_hugepage/enabled, e.g. `always [madvise] never` (undefined: unreadable). */
  readonly transparentHugePages?: string;
  /** glibc's version at run time, e.g. `2.36` (undefined: not glibc). */
  readonly glibcVersion?: string;
  /** Bytes in the files the arguments name (`inputBytes`). */
  readonly inputBytes: number;
}

/**
 * The GLIBC_TUNABLES value to start again with, or undefined to run as started (see above). Reads
 * the setting's fields in the order of its checks, so that a lazy setting (this process's) reads
 * the kernel's and glibc's only when all else says yes.
 */
export function hugePageTunables(s: HugePageSetting): string | undefined {
  if (s.platform !== 'linux' || s.env.LIFECIRCLE_HUGE_PAGES === '0') return undefined;
  // Global options (with their values) may come before the command's name.
  if (!s.args.some((a) => CITY_COMMANDS.has(a))) return undefined;
  if (s.args.includes('--help') || s.args.includes('-h')) return undefined;
  if (s.execArgv.some((a) => a.startsWith('--inspect'))) return undefined;
  const current = s.env.GLIBC_TUNABLES ?? '';
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(current)) return undefined;
  if (s.inputBytes < MIN_INPUT_BYTES) return undefined;
  if (!/\[madvise\]/.test(s.transparentHugePages ?? '')) return undefined;
  const [major, minor] = (s.glibcVersion ?? '').split('.').map(Number);
  if (!(major > 2 || (major === 2 && minor >= 35))) return undefined;
  return current ? `${current}:glibc.malloc.hugetlb=1` : 'glibc.malloc.hugetlb=1';
}

/** This process's setting, its costlier fields read when first asked for (a stat per argument, /sys, a process report of ~6 ms). */
function currentSetting(): HugePageSetting {
  const args = process.argv.slice(2);
  return {
    platform: process.platform, env: process.env, args, execArgv: process.execArgv,
    get inputBytes() {
      return inputBytes(args);
    },
    get transparentHugePages() {
      try {
        return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
      } catch {
        return undefined; // No THP in this kernel (or no /sys in this container): nothing to ask for.
      }
    },
    get glibcVersion() {
      const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
      return header?.glibcVersionRuntime;
    },
  };
}

/** Bytes in the regular files that arguments name, as `path` or `--option=path`, a layer's file (`file.gpkg?layer=x`) too. */
export function inputBytes(args: readonly string[]): number {
  let bytes = 0;
  for (const arg of args) {
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    try {
      const stat = statSync(splitLayer(value).path);
      if (stat.isFile()) bytes += stat.size;
    } catch {
      // Not a file: an option, a value, a URI.
    }
  }
  return bytes;
}

/**
 * Starts this command again with huge pages when that pays (`hugePageTunables`) and returns true: the
 * caller then does nothing more, and this process ends as the new one does (its exit code, or its
 * signal). Returns false to run here.
 */
export function relaunchWithHugePages(): boolean {
  const tunables = hugePageTunables(currentSetting());
  if (tunables === undefined) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: tunables },
  });
  // These signals are passed on, and this process waits to end as the new one does. (A terminal's
  // Ctrl-C reaches both processes, so the new one gets SIGINT twice: the first ends it, writing
  // nothing partial.)
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const pass = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  for (const signal of signals) process.on(signal, pass);
  child.on('error', (err) => {
    process.stderr.write(`lifecircle: could not start again with huge pages (${err.message}); set LIFECIRCLE_HUGE_PAGES=0\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, pass);
    if (!signal) {
      process.exitCode = code ?? 1;
      return;
    }
    // Ended by a signal: so does this process. Where a signal cannot end it (PID 1 in a container
    // ignores those it has no handler for), it exits with the shell's code for one, never 0.
    process.exitCode = 128 + (constants.signals[signal] ?? 0);
    process.kill(process.pid, signal);
  });
  return true;
}
