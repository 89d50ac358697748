import type { ImportDiagnostic } from '../io/diagnostics.js';
import cliProgress from 'cli-progress';
import { coloursFor } from './colour.js';

/** Stage progress as the library reports it: a stage name and how far along it is. */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

/**
 * A progress bar on stderr when stderr is a terminal; silent under --quiet or when piped, so logs and
 * CI output stay clean. Returns the callback to hand to the library, and a function to close the bar.
 */
export function progressReporter(quiet: boolean | undefined): { onProgress: ProgressCallback | undefined; stop: () => void } {
  if (quiet || !process.stderr.isTTY) return { onProgress: undefined, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${coloursFor(process.stderr).cyan('{stage}')} [{bar}] {percentage}% {value}/{total}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  let started = false;
  return {
    onProgress(stage, done, total) {
      if (!started) {
        bar.start(total, done, { stage });
        started = true;
      } else if (stage !== current) {
        bar.setTotal(total);
        bar.update(done, { stage });
      } else {
        bar.update(done);
      }
      current = stage;
    },
    stop() {
      if (started) bar.stop();
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
