import { resourceUsage } from 'node:process';

/** One timed stage of a benchmark run. */
export interface StageRecord {
  readonly name: string;
  readonly ms: number;
  /** Peak resident set of the process so far, MiB (the kernel's high-water mark). */
  readonly peakRssMiB: number;
  /** What the stage processed, for the table (e.g. "1,044,298 edges"). */
  readonly detail?: string;
}

/**
 * Times named stages one after another. Any module can add its own: `timer.stage('score', () => ...)`
 * returns what the function returns, so a stage slots into the pipeline without changing its shape.
 * Peak RSS comes from getrusage's maxrss, which the kernel keeps for the whole process: it cannot
 * miss a short peak the way a sampling timer can (a timer does not fire during synchronous work).
 */
export class StageTimer {
  readonly records: StageRecord[] = [];

  stage<T>(name: string, fn: () => T, detail?: string | ((result: T) => string)): T {
    const t0 = performance.now();
    const out = fn();
    this.push(name, performance.now() - t0, out, detail);
    return out;
  }

  async stageAsync<T>(name: string, fn: () => Promise<T>, detail?: string | ((result: T) => string)): Promise<T> {
    const t0 = performance.now();
    const out = await fn();
    this.push(name, performance.now() - t0, out, detail);
    return out;
  }

  /** Adds a stage measured elsewhere (e.g. the timings an `analyze` run reports about itself). */
  add(name: string, ms: number, detail?: string): void {
    this.records.push({ name, ms, peakRssMiB: peakRssMiB(), detail });
  }

  private push<T>(name: string, ms: number, out: T, detail?: string | ((result: T) => string)): void {
    this.records.push({ name, ms, peakRssMiB: peakRssMiB(), detail: typeof detail === 'function' ? detail(out) : detail });
  }
}

export function peakRssMiB(): number {
  // maxRSS is in kilobytes on Linux and macOS.
  return resourceUsage().maxRSS / 1024;
}

/** Best (lowest) time of `repeats` runs, after one warm-up; the usual way to time a hot loop. */
export function bestOf(repeats: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
