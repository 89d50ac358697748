import type { ImportDiagnostic } from '../io/diagnostics.js';
import cliProgress from 'cli-progress';
import { coloursFor } from './colour.js';

/** Stage progress as the library reports it: a stage name and how far along it is. */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

export interface ProgressOptions {
  quiet?: boolean;
  /** One line per finished stage (time, peak memory) on stderr, terminal or not. */
  verbose?: boolean;
  /** Where to report; default process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface StageProgress {
  /** The callback to hand to the library (undefined when nothing is shown). */
  onProgress: ProgressCallback | undefined;
  /** Ends the last stage (its verbose line, then a total) and closes the bar. */
  stop: () => void;
  /** Extra words after the current stage's figures on the bar (rows read from a database). */
  detail: (text: string) => void;
}

/**
 * What a long command shows while it works, on stderr:
 * - on a terminal, a bar for the current stage (bytes while reading inputs, categories while routing);
 * - with --verbose, instead, one line per stage when it ends: its time and the peak memory so far
 *   (`network   1.17 s  peak RSS   950 MiB`), under a pipe too, so a log shows where the time went;
 * - nothing under --quiet, or under a pipe without --verbose, so logs and CI output stay clean.
 * A stage starts when the callback first names it and ends when another stage is named.
 */
export function progressReporter(quietOrOptions: boolean | undefined | ProgressOptions): StageProgress {
  const opts: ProgressOptions = typeof quietOrOptions === 'object' ? quietOrOptions : { quiet: quietOrOptions };
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { onProgress: undefined, stop: () => {}, detail: () => {} };
  if (opts.verbose) return stageLog(stream);
  if (!stream.isTTY) return { onProgress: undefined, stop: () => {}, detail: () => {} };
  return stageBar(stream);
}

/** Peak resident memory of the process so far, MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The --verbose log line of one stage: wall time, peak memory so far, and the CPU time the process
 * spent in it (well below the wall time when other work shares the machine, above it when worker
 * threads run). `parseStageLine` reads it back (the whole-command benchmark does).
 */
export function stageLine(stage: string, ms: number, peakMiB: number, cpuMs: number): string {
  const s = (x: number) => (x / 1000).toFixed(2).padStart(7);
  return `${stage.padEnd(12)} ${s(ms)} s  peak RSS ${Math.round(peakMiB).toString().padStart(6)} MiB  cpu ${s(cpuMs)} s`;
}

export interface StageLine { stage: string; ms: number; peakRssMiB: number; cpuMs: number }

export function parseStageLine(line: string): StageLine | undefined {
  const m = /^(\S+)\s+(\d+\.\d+) s {2}peak RSS\s+(\d+) MiB {2}cpu\s+(\d+\.\d+) s$/.exec(line.trim());
  return m ? { stage: m[1], ms: Number(m[2]) * 1000, peakRssMiB: Number(m[3]), cpuMs: Number(m[4]) * 1000 } : undefined;
}

/** CPU time of the process so far (all threads, user and system), ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function stageLog(stream: NodeJS.WritableStream): StageProgress {
  const started = performance.now();
  const cpuStarted = cpuMs();
  let current: string | undefined;
  let since = started;
  let cpuSince = cpuStarted;
  const end = (now: number) => {
    const cpu = cpuMs();
    if (current !== undefined) stream.write(`${stageLine(current, now - since, peakRssMiB(), cpu - cpuSince)}\n`);
    cpuSince = cpu;
  };
  return {
    onProgress(stage) {
      if (stage === current) return;
      const now = performance.now();
      end(now);
      current = stage;
      since = now;
    },
    stop() {
      const now = performance.now();
      end(now);
      current = undefined;
      stream.write(`${stageLine('total', now - started, peakRssMiB(), cpuMs() - cpuStarted)}\n`);
    },
    detail() {},
  };
}

const MB = 1e6;

function stageBar(stream: NodeJS.WritableStream): StageProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream & { isTTY: true } as never,
      format: `${coloursFor(stream as never).cyan('{stage}')} [{bar}] {percentage}% {detail}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let extra = '';
  let last: { stage: string; done: number; total: number } | undefined;
  return {
    onProgress(stage, done, total) {
      if (stage !== last?.stage) extra = '';
      last = { stage, done, total };
      // Bytes read are shown in MB; everything else as a count of its steps.
      const figures = stage === 'read' ? (total > 0 || !extra ? `${(done / MB).toFixed(0)}/${(total / MB).toFixed(0)} MB` : '') : total > 1 ? `${done}/${total}` : '';
      const detail = [figures, extra].filter(Boolean).join(', ');
      const t = Math.max(1, total);
      if (!started) {
        bar.start(t, done, { stage: stage.padEnd(10), detail });
        started = true;
      } else {
        bar.setTotal(t);
        bar.update(done, { stage: stage.padEnd(10), detail });
      }
    },
    stop() {
      if (started) bar.stop();
    },
    detail(text) {
      extra = text;
      if (last) this.onProgress!(last.stage, last.done, last.total);
    },
  };
}

/** One line on stderr saying what was written, unless quiet. */
export function say(quiet: boolean | undefined, message: string): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}

/** Import warnings (an unstated coordinate system, ...) as one stderr line each; info notes stay in the outputs. */
export function sayWarnings(notes: readonly ImportDiagnostic[], quiet: boolean | undefined): void {
  for (const n of notes) if (n.level === 'warning') say(quiet, `warning: ${n.file ? `${n.file}: ` : ''}${n.message}`);
}
