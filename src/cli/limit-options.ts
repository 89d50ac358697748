import { Option, type Command } from '@commander-js/extra-typings';
import { configureLimits, DEFAULT_LIMITS } from '../io/limits.js';
import { DEFAULT_MAX_GRID_CELLS } from '../scoring/residents.js';
import { DEFAULT_MAX_CANDIDATE_SITES } from '../planning/candidates.js';
import { wholeNumberAtLeast } from './shared-options.js';

/** The limits that are not about reading a file: how much work a run may set itself. */
export const runLimits = { gridCells: DEFAULT_MAX_GRID_CELLS, candidateSites: DEFAULT_MAX_CANDIDATE_SITES };

/**
 * Flags that raise the limits protecting a shared machine (each error names its flag). They are
 * program options, so they go before or after the command: `lifecircle analyze ... --max-grid-cells 5e7`.
 */
export function addLimitOptions(program: Command): void {
  program
    .addOption(new Option('--max-json-depth <n>', `deepest nesting of objects/arrays in one feature (default ${DEFAULT_LIMITS.jsonDepth})`).argParser(wholeNumberAtLeast(8)))
    .addOption(new Option('--max-coords <n>', `most positions in one feature's geometry (default ${DEFAULT_LIMITS.coordsPerFeature})`).argParser(wholeNumberAtLeast(4)))
    .addOption(new Option('--max-csv-row <n>', `most characters in one CSV row (default ${DEFAULT_LIMITS.csvRowChars})`).argParser(wholeNumberAtLeast(1000)))
    .addOption(new Option('--max-grid-cells <n>', `most grid cells when sampling communities without population points (default ${DEFAULT_MAX_GRID_CELLS})`).argParser(wholeNumberAtLeast(1)))
    .addOption(new Option('--max-candidates <n>', `most network candidate sites for plan (default ${DEFAULT_MAX_CANDIDATE_SITES})`).argParser(wholeNumberAtLeast(1)))
    .hook('preAction', (cmd) => {
      const o = cmd.optsWithGlobals() as { maxJsonDepth?: number; maxCoords?: number; maxCsvRow?: number; maxGridCells?: number; maxCandidates?: number };
      configureLimits({ jsonDepth: o.maxJsonDepth, coordsPerFeature: o.maxCoords, csvRowChars: o.maxCsvRow });
      runLimits.gridCells = o.maxGridCells ?? DEFAULT_MAX_GRID_CELLS;
      runLimits.candidateSites = o.maxCandidates ?? DEFAULT_MAX_CANDIDATE_SITES;
    });
}
