import { Command, CommanderError } from '@commander-js/extra-typings';
import { InputError, OutputError } from '../errors.js';
import { fsErrorSentence } from '../io/file-errors.js';
import { registerTravelTimes } from './travel-times.js';
import { registerAnalyze } from './analyze.js';
import { registerStandards } from './standards.js';
import { registerPlan } from './plan.js';
import { registerImportOsm } from './register-import-osm.js';
import { registerIsochrone } from './isochrone.js';
import { registerDemo } from './demo.js';
import { coloursFor } from './colour.js';
import { addLimitOptions } from './limit-options.js';

const VERSION = '0.1.0';

export function buildProgram(): Command {
  const program = new Command()
    .name('lifecircle')
    .description('15/30-minute life-service circle analysis on real walking networks')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ lifecircle demo                                  # the demo district's report, to see what you get
  $ lifecircle analyze --network streets.geojson --facilities pois.geojson --communities communities.geojson
  $ lifecircle standards                             # the built-in standards
  $ lifecircle <command> --help                      # each command's options and examples
Exit codes: 0 done, 2 bad usage or bad input (the message names file, feature and field), 1 anything else.`)
    .exitOverride();
  addLimitOptions(program);
  registerAnalyze(program);
  registerTravelTimes(program);
  registerIsochrone(program);
  registerStandards(program);
  registerPlan(program);
  registerImportOsm(program);
  registerDemo(program);
  return program;
}

/**
 * Runs the CLI. Exit codes: 0 done, 2 bad usage or bad input (one line naming file, feature, field),
 * 1 anything else. Set through process.exitCode so pending output is flushed.
 */
export async function main(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  guardUncaught();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    reportError(err);
  }
}

/** One line on stderr and the exit code; a stack trace only for a bug, and only with LIFECIRCLE_DEBUG. */
function reportError(err: unknown): void {
  process.exitCode = exitCodeFor(err);
  if (err instanceof CommanderError) return; // commander has already printed its message
  // One line, whatever the message quotes (JSON.parse quotes the text around the error, newlines and all).
  const line = messageFor(err).replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
  process.stderr.write(`${coloursFor(process.stderr).red('error:')} ${line}\n`);
  if (process.exitCode === 1 && process.env.LIFECIRCLE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof InputError || err instanceof OutputError || systemError(err)) return 2;
  return 1;
}

/** An operating-system error about a path that slipped past the readers' and writers' own handling. */
function systemError(err: unknown): NodeJS.ErrnoException | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  return e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.path === 'string' ? e : undefined;
}

/** The line for an error: ours say what and where; anything else is a bug and says so. */
function messageFor(err: unknown): string {
  if (err instanceof InputError || err instanceof OutputError) return err.message;
  const sys = systemError(err);
  if (sys) return `${sys.path}: ${fsErrorSentence(sys, /^(open|read|stat|scandir)$/.test(sys.syscall ?? '') && sys.code !== 'ENOSPC' ? 'read' : 'write')}`;
  const message = err instanceof Error ? err.message : String(err);
  if (/out of memory|Array buffer allocation failed|Invalid (typed )?array length|Map maximum size/i.test(message)) {
    return `out of memory (${message}); the input is larger than this machine can analyse at these settings (a coarser --grid-m or --spacing-m helps)`;
  }
  return `internal error: ${message} (a bug in lifecircle, not in your data; rerun with LIFECIRCLE_DEBUG=1 for details and report it)`;
}

let crashGuarded = false;

/**
 * An exception thrown from an event handler or a rejected promise nobody awaited escapes every
 * try/catch; it still becomes one line and an exit code, not a stack trace.
 */
function guardUncaught(): void {
  if (crashGuarded) return;
  crashGuarded = true;
  const onCrash = (err: unknown) => {
    reportError(err);
    process.exit(process.exitCode ?? 1);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
}

let pipeGuarded = false;

/** `lifecircle standards guangzhou-1530 | head`: a reader that stops early is not an error. */
function endQuietlyOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}
