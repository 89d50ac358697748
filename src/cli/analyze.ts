import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { analyzePrepared, prepareAnalysis, type Analysis, type AnalyzeOptions, type LinkedFacilities } from '../scoring/analyze.js';
import type { Standard } from '../standards/standard.js';
import { loadStandard } from '../standards/load-standard.js';
import { readStandardFile } from '../intake/read-standard-file.js';
import { readCategoryMap } from '../intake/read-category-map.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import type { PointCrs } from '../io/crs.js';
import type { CsvEncodingOption } from '../io/csv.js';
import { startAnalysisInputs, type AnalysisInputs } from './load-inputs.js';
import { ParallelRouter } from '../parallel/parallel-router.js';
import { startCoverage, type CoverageJob } from '../parallel/parallel-coverage.js';
import { sourceLabels } from '../io/read-layer.js';
import { isPostgisUri } from '../io/formats/postgis-uri.js';
import { LAYER_SOURCES_HELP, SHARED_OPTION_HELP, CRS_CHOICES, ENCODING_CHOICES, CSV_OPTION_HELP, GRID_M, SPEED_KMH, SNAP_MAX_M } from './shared-options.js';
import { progressReporter, say, sayWarnings, type ProgressCallback } from './progress.js';
import { DEFAULT_GRID_SPACING_M } from '../scoring/residents.js';
import { checkReportDir, outputFormats, REPORT_DIR_HELP, writeAnalysisOutputs, writtenLine } from './write-outputs.js';
import { applyWhatIf } from './what-if.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { runLimits } from './limit-options.js';
import type { Scenario } from '../report/scenario.js';
import { readIndicatorsCsv } from '../intake/read-indicators.js';
import type { Feature } from 'geojson';

export interface AnalyzeFiles {
  network: string;
  facilities: string;
  communities?: string;
  boundary?: string;
  population?: string;
}

export interface AnalyzeRunOptions {
  standard?: string;
  categoryMap?: string;
  /** Default `lifecircle-report`, or `lifecircle-whatif` with --add/--remove, so a what-if never replaces the baseline. */
  out?: string;
  speedKmh?: number;
  snapMaxM?: number;
  gridM?: number;
  populationField?: string;
  defaultKind?: 'urban' | 'rural';
  /** Coordinate system of a facilities CSV. */
  crs?: PointCrs;
  /** Coordinate system of a population CSV. */
  populationCrs?: PointCrs;
  encoding?: CsvEncodingOption;
  quiet?: boolean;
  /** coverage.geojson at full resolution whatever the city's extent. */
  coverageFull?: boolean;
  /** One line per stage with its time and peak memory on stderr (under a pipe too). */
  verbose?: boolean;
  /** Shown in the report as the data set's title. */
  title?: string;
  /** What-if: facilities to add (GeoJSON points with a category, e.g. suggestions.geojson), ids to remove. */
  add?: string;
  remove?: string;
  /** Extra output formats (`gpkg`). */
  format?: string[];
  /** With --out postgresql://...: a folder that also gets the report files. */
  reportDir?: string;
  /** Make report.html interactive: the what-if panel, with the engine and the analysis' state embedded. */
  whatIf?: boolean;
  /** `hex:500` / `grid:500`: cells over the populated area instead of communities. */
  units?: string;
  /** Per-community or per-street figures for the plan indicators (nursing beds, volunteers, ...). */
  indicators?: string;
  /** Networks of this many street segments or more get their coverage drawn on a worker during the analysis. Default THREADED_COVERAGE_MIN_SEGMENTS. */
  coverageWorkerMinSegments?: number;
  /** Street files of this many bytes or more are read and built on a worker. Default NETWORK_WORKER_MIN_BYTES. */
  networkWorkerMinBytes?: number;
}

/** Reads the inputs, analyses, writes every output (README, "`analyze` writes"): the work behind `analyze` and `demo`. */
export async function runAnalyze(given: AnalyzeFiles, opts: AnalyzeRunOptions): Promise<{ analysis: Analysis; written: string[] }> {
  // Only the file options: the CLI passes its whole options object.
  const files: AnalyzeFiles = { network: given.network, facilities: given.facilities, communities: given.communities, population: given.population, boundary: given.boundary };
  const inputs = [...Object.values(files), opts.standard, opts.categoryMap, opts.add, opts.remove];
  checkReportDir(analyzeOut(opts), opts.reportDir);
  if (!isPostgisUri(analyzeOut(opts))) await checkOutputFolder(analyzeOut(opts), { inputs });
  else if (opts.reportDir) await checkOutputFolder(opts.reportDir, { inputs, flag: '--report-dir' });
  const progress = progressReporter({ quiet: opts.quiet, verbose: opts.verbose });
  try {
    return await analyzeAndWrite(files, opts, progress.onProgress ?? (() => {}), progress.detail);
  } finally {
    progress.stop();
  }
}

async function analyzeAndWrite(files: AnalyzeFiles, opts: AnalyzeRunOptions, onProgress: ProgressCallback, detail: (text: string) => void = () => {}): Promise<{ analysis: Analysis; written: string[] }> {
  onProgress('read', 0, 0);
  const out = analyzeOut(opts);
  const standard = await resolveStandard(opts.standard);
  const categoryMap = opts.categoryMap ? await readCategoryMap(opts.categoryMap) : undefined;
  const notes: ImportDiagnostic[] = [];
  // The point layers first; a large street file goes on being read and built on a worker meanwhile,
  // and its bytes stop counting on the bar once this thread moves on to work with the points.
  let reading = true;
  const started = startAnalysisInputs(files, {
    ...opts,
    onBytes: (done, total) => { if (reading) onProgress('read', done, total); },
    onRows: (rows, estimated) => detail(`${rows.toLocaleString('en')}${estimated ? ` of ~${estimated.toLocaleString('en')}` : ''} rows from PostGIS`),
  }, notes);
  const read: Partial<AnalysisInputs> = await started.points;
  reading = false;
  const facilities = read.facilities!;
  const indicators = opts.indicators ? await readIndicatorsCsv(opts.indicators, { encoding: opts.encoding }) : undefined;
  const analyzeOptions: AnalyzeOptions = {
    standard,
    categoryMap,
    speedKmh: opts.speedKmh,
    snapMaxM: opts.snapMaxM,
    gridSpacingM: opts.gridM,
    maxGridCells: runLimits.gridCells,
    populationField: opts.populationField,
    defaultKind: opts.defaultKind,
    sources: sourceLabels(files),
    onProgress,
    // A router (for a street file built on a worker) is started once the network is built, after the
    // residents are prepared; without one the shared people cost nothing more.
    sharedMemory: true,
  };
  // Communities, facilities and residents need no network: prepared while it is still being built.
  sayWarnings(notes, opts.quiet);
  const readNotes = notes.length;
  const prepared = prepareAnalysis({ facilities, communities: read.communities!, population: read.population, indicators }, analyzeOptions);
  onProgress('network', 0, 1);
  read.network = await started.network;
  sayWarnings(notes.slice(readNotes), opts.quiet);
  // A network built on a worker (a large street file) gets the route stage on every core too.
  const router = typeof read.network === 'object' && !Array.isArray(read.network) ? ParallelRouter.start(read.network) : undefined;
  // Coverage areas depend only on the facilities: drawn on a worker from the moment they are linked,
  // while this thread links, routes and scores the residents. A what-if run redraws for its changes.
  let coverage: CoverageJob | undefined;
  const startDrawing = opts.add || opts.remove ? undefined : (linked: LinkedFacilities) => { coverage = startCoverage(linked, { full: opts.coverageFull, minSegments: opts.coverageWorkerMinSegments }); };
  let analysis: Analysis;
  try {
    analysis = analyzePrepared(prepared, read.network, { ...analyzeOptions, router, onFacilitiesLinked: startDrawing });
  } catch (err) {
    await coverage?.cancel();
    throw err;
  } finally {
    void router?.close();
  }
  // The analysis keeps what the outputs need (residents as typed arrays, community geometry); the
  // parsed lines and population points would only lengthen every later garbage collection.
  delete read.network; delete read.communities; delete read.population;
  sayWarnings(analysis.diagnostics.warnings, opts.quiet);
  let outFacilities = facilities as Feature[];
  let scenario: Scenario = { kind: 'baseline' };
  if (opts.add || opts.remove) {
    onProgress('what-if', 0, 1);
    const noted = notes.length;
    ({ analysis, facilities: outFacilities, scenario } = await applyWhatIf(analysis, outFacilities, opts, { snapMaxM: opts.snapMaxM, categoryMap, notes }));
    sayWarnings(notes.slice(noted), opts.quiet);
  }
  const readFrom = [...Object.values(files), opts.standard, opts.categoryMap, opts.add, opts.remove, opts.indicators];
  try {
    const written = await writeAnalysisOutputs(analysis, { facilities: outFacilities, out, title: opts.title, scenario, inputs: { ...files }, notes,
      settings: { snapMaxM: opts.snapMaxM, gridSpacingM: opts.gridM }, readFrom, onProgress, formats: opts.format, whatIf: opts.whatIf, coverageFull: opts.coverageFull,
      coverage, reportDir: opts.reportDir });
    return { analysis, written };
  } finally {
    await coverage?.cancel();
  }
}

/** The output folder: --out, else one that says whether this is the baseline or a what-if. */
export function analyzeOut(opts: { out?: string; add?: string; remove?: string }): string {
  return opts.out ?? (opts.add || opts.remove ? 'lifecircle-whatif' : 'lifecircle-report');
}

export async function resolveStandard(nameOrFile: string | undefined): Promise<Standard> {
  if (nameOrFile === undefined) return loadStandard('guangzhou-1530');
  if (/\.json$/i.test(nameOrFile) || nameOrFile.includes('/') || nameOrFile.includes('\\')) return readStandardFile(nameOrFile);
  return loadStandard(nameOrFile);
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('score every community against a standard and write the planner report')
    .requiredOption('--network <source>', 'street network: LineStrings in any input format (see below) (OSM tags honoured)')
    .requiredOption('--facilities <source>', 'facilities: GeoJSON Points/Polygons or CSV (lon,lat); `category`, or OSM tags / Chinese names the category map knows')
    .option('--communities <source>', 'community polygons with id, name, kind (urban/社区, rural/村), population, zone, street...; or points (居委会/村委会), scored as their Voronoi cells')
    .option('--boundary <source>', 'study area polygon(s) that the Voronoi cells of community points are clipped to (default: the network\'s convex hull)')
    .option('--units <hex:SIZE|grid:SIZE>', 'no communities: score hexagons (SIZE m between centres) or SIZE m squares over the populated area (needs --population)')
    .option('--population <file>', `population points (GeoJSON or CSV lon,lat,population); default: a ${DEFAULT_GRID_SPACING_M} m grid per community`)
    .option('--standard <name|file>', 'built-in standard (see `lifecircle standards`) or a JSON file', 'guangzhou-1530')
    .option('--category-map <file>', 'JSON category map replacing the built-in one (see data/categories.json)')
    .option('--indicators <file>', 'CSV of plan-indicator figures per community `id` or per `street` (nursing_beds, care_beds, workers, volunteers, ...; see README)')
    .option('--out <dir|uri>', 'output folder (default: lifecircle-report, or lifecircle-whatif with --add/--remove), or postgresql://user:pass@host/db?schema=NAME to write the layers as PostGIS tables (one transaction)')
    .addOption(new Option('--format <list>', 'extra output formats: gpkg (lifecircle.gpkg with every output layer)').argParser(outputFormats))
    .option('--report-dir <dir>', REPORT_DIR_HELP)
    .option('--title <text>', 'title of the reports (a what-if report is headed "What-if" whatever it says)')
    .option('--population-field <name>', 'property (GeoJSON) or column (CSV) of population points holding the weight', 'population')
    .addOption(new Option('--crs <crs>', CSV_OPTION_HELP.crs).choices(CRS_CHOICES))
    .addOption(new Option('--population-crs <crs>', CSV_OPTION_HELP.populationCrs).choices(CRS_CHOICES))
    .addOption(new Option('--encoding <name>', CSV_OPTION_HELP.encoding).choices(ENCODING_CHOICES))
    .addOption(new Option('--default-kind <kind>', 'kind for communities without a `kind` property').choices(['urban', 'rural'] as const))
    .addOption(new Option('--grid-m <n>', `grid spacing for communities sampled without population points, metres (default ${DEFAULT_GRID_SPACING_M})`).argParser(GRID_M))
    .addOption(new Option('--speed-kmh <n>', SHARED_OPTION_HELP.speedKmh).argParser(SPEED_KMH))
    .addOption(new Option('--snap-max-m <n>', SHARED_OPTION_HELP.snapMaxM).argParser(SNAP_MAX_M))
    .option('--add <file>', 'what-if: facilities to add (GeoJSON points with `category`; suggestions.geojson from `plan` works as it is)')
    .option('--remove <file>', 'what-if: facilities to remove by id (GeoJSON features with ids, a JSON array, or one id per line)')
    .option('--what-if', 'report.html gets the what-if panel: add, move and remove facilities on the map and see attainment change (embeds the network and residents; works offline)')
    .option('--quiet', SHARED_OPTION_HELP.quiet)
    .option('--coverage-full', 'coverage.geojson at full resolution (25 m cells, outlines as traced, 7 decimals); by default cells grow with the extent of a large city and outlines are simplified to the cell size')
    .option('--verbose', 'one line per stage on stderr (read, facilities, ..., write) with its time and peak memory, also when piped')
    .addHelpText('after', LAYER_SOURCES_HELP)
    .addHelpText('after', `
Writes into --out: communities.csv (Excel-ready, UTF-8 with BOM), communities.geojson, facilities.geojson,
coverage.geojson, summary.json, report.md and report.html.

Examples:
  $ lifecircle analyze --network streets.geojson --facilities pois.geojson --communities communities.geojson
  $ lifecircle analyze --network streets.geojsonl --facilities amap.csv --communities villages.geojson \\
      --population buildings.geojson --standard gb50180-2018 --out report-2025`)
    .action(async (opts) => {
      const { analysis, written } = await runAnalyze(opts, opts);
      // One line: "urban: 24/43 convenient (56%), 3 quality (7%); villages: ...", level by level.
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      say(opts.quiet, analysis.kinds.map((k) => `${k.kind === 'urban' ? 'urban' : 'villages'}: ` + analysis.standard.levels.map(({ id }, i) =>
        `${k.attained[id]}${i === 0 ? `/${k.scored}` : ''} ${id} (${pct(k.share[id])})`).join(', ')).join('; '));
      const out = analyzeOut(opts);
      say(opts.quiet, writtenLine(out, opts.reportDir, written));
    });
}
