import { Command, CommanderError } from '@commander-js/extra-typings';
import { InputError } from '../errors.js';
import { registerTravelTimes } from './travel-times.js';
import { registerAnalyze } from './analyze.js';
import { registerStandards } from './standards.js';
import { registerPlan } from './plan.js';
import { registerImportOsm } from './register-import-osm.js';
import { registerIsochrone } from './isochrone.js';
import { registerDemo } from './demo.js';
import { coloursFor } from './colour.js';

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
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
    if (err instanceof CommanderError) return; // commander has already printed its message
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${coloursFor(process.stderr).red('error:')} ${message}\n`);
    if (process.exitCode === 1 && process.env.LIFECIRCLE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof InputError) return 2;
  return 1;
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
