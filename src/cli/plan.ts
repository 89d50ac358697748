import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Feature } from 'geojson';
import { analyze } from '../scoring/analyze.js';
import { readCategoryMap } from '../intake/read-category-map.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import { suggestSites, type SitePlan, type SiteObjective } from '../planning/suggest-sites.js';
import { planSummary, suggestionsCsv, suggestionsGeoJson } from '../report/suggestions-output.js';
import { resolveStandard } from './analyze.js';
import { readAnalysisInputs, readPointFeatures } from './load-inputs.js';
import { LAYER_SOURCES_HELP, nameList, SHARED_OPTION_HELP, CRS_CHOICES, ENCODING_CHOICES, CSV_OPTION_HELP, GRID_M, SPEED_KMH, SNAP_MAX_M, SPACING_M } from './shared-options.js';
import type { PointCrs } from '../io/crs.js';
import type { CsvEncodingOption } from '../io/csv.js';
import { progressReporter, say, sayWarnings } from './progress.js';
import { DEFAULT_GRID_SPACING_M } from '../scoring/residents.js';
import { sourceLabels } from '../io/read-layer.js';
import { isPostgisUri } from '../io/formats/postgis-uri.js';
import type { OutputLayer } from '../io/write-geopackage.js';
import { communitiesGeoJson, facilitiesGeoJson } from '../report/geojson-outputs.js';
import { checkReportDir, geoPackageFile, outputFormats, REPORT_DIR_HELP, reportDate, reportFiles, whatIfEmbed, writeOutputSet, writtenLine } from './write-outputs.js';
import { checkOutputFolder } from '../io/output-folder.js';
import { runLimits } from './limit-options.js';
import { standardCoverage } from '../isochrone/standard-coverage.js';
import type { Analysis } from '../scoring/analyze.js';

export interface PlanFiles {
  network: string;
  facilities: string;
  communities?: string;
  boundary?: string;
  population?: string;
  candidates?: string;
}

export interface PlanRunOptions {
  standard?: string;
  categoryMap?: string;
  out: string;
  /** Extra output formats (`gpkg`). */
  format?: string[];
  /** With --out postgresql://...: a folder that also gets the report files. */
  reportDir?: string;
  /** `hex:500` / `grid:500`: cells over the populated area instead of communities. */
  units?: string;
  budget?: number | Record<string, number>;
  categories?: string[];
  spacingM?: number;
  objective?: SiteObjective;
  maxSites?: number;
  speedKmh?: number;
  snapMaxM?: number;
  gridM?: number;
  populationField?: string;
  /** Coordinate system of a facilities CSV. */
  crs?: PointCrs;
  /** Coordinate system of a population CSV. */
  populationCrs?: PointCrs;
  /** Coordinate system of a candidates CSV. */
  candidatesCrs?: PointCrs;
  encoding?: CsvEncodingOption;
  quiet?: boolean;
  /** Shown in the report as the data set's title. */
  title?: string;
  /** The what-if panel in report.html, where the suggested sites open as a scenario. */
  whatIf?: boolean;
}

/**
 * Reads the inputs, analyses, suggests sites, writes suggestions.geojson, suggestions.csv, plan.json,
 * and report.html and report.md with the suggested sites' section and map layer.
 */
export async function runPlan(given: PlanFiles, opts: PlanRunOptions): Promise<{ plan: SitePlan; written: string[] }> {
  // Only the file options: the CLI passes its whole options object.
  const files: PlanFiles = { network: given.network, facilities: given.facilities, communities: given.communities, population: given.population, candidates: given.candidates, boundary: given.boundary };
  checkReportDir(opts.out, opts.reportDir);
  if (!isPostgisUri(opts.out)) await checkOutputFolder(opts.out, { inputs: [...Object.values(files), opts.standard, opts.categoryMap] });
  else if (opts.reportDir) await checkOutputFolder(opts.reportDir, { inputs: [...Object.values(files), opts.standard, opts.categoryMap], flag: '--report-dir' });
  const standard = await resolveStandard(opts.standard);
  const categoryMap = opts.categoryMap ? await readCategoryMap(opts.categoryMap) : undefined;
  const notes: ImportDiagnostic[] = [];
  const [{ network, facilities, communities, population }, candidates] = await Promise.all([
    readAnalysisInputs(files, opts, notes),
    files.candidates
      ? readPointFeatures(files.candidates, notes, { role: 'points', crs: opts.candidatesCrs, crsFlag: '--candidates-crs', encoding: opts.encoding, allowEmpty: true })
      : Promise.resolve(undefined),
  ]);
  sayWarnings(notes, opts.quiet);
  const progress = progressReporter(opts.quiet);
  let plan: SitePlan;
  let analysis: Analysis;
  try {
    analysis = analyze({ network, facilities, communities, population }, {
      standard, categoryMap, speedKmh: opts.speedKmh, snapMaxM: opts.snapMaxM, gridSpacingM: opts.gridM, maxGridCells: runLimits.gridCells,
      populationField: opts.populationField, sources: sourceLabels(files), onProgress: progress.onProgress,
    });
    plan = suggestSites(analysis, {
      budget: opts.budget, categories: opts.categories, candidates: candidates as Feature[] | undefined,
      spacingM: opts.spacingM, maxCandidateSites: runLimits.candidateSites, objective: opts.objective, maxSitesPerCategory: opts.maxSites,
      snapMaxM: opts.snapMaxM, sources: { candidates: files.candidates }, onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  sayWarnings(analysis.diagnostics.warnings, opts.quiet);
  const layers: OutputLayer[] = [
    { name: 'communities', features: communitiesGeoJson(analysis).features },
    { name: 'facilities', features: facilitiesGeoJson(analysis, facilities as Feature[]).features },
    { name: 'coverage', features: standardCoverage(analysis).features },
    { name: 'suggestions', features: suggestionsGeoJson(plan).features },
  ];
  const planJson = JSON.stringify({ generatedBy: 'lifecircle plan', title: opts.title, scenario: { kind: 'plan' }, inputs: sourceLabels(files), inputNotes: notes, ...planSummary(plan) }, null, 2);
  // With a database --out, the report files go to --report-dir (if given), committed only with the tables.
  const dir = isPostgisUri(opts.out) ? opts.reportDir : opts.out;
  if (isPostgisUri(opts.out) && !dir) {
    const { writePostgisLayers } = await import('../io/write-postgis.js');
    return { plan, written: await writePostgisLayers(opts.out, layers, { plan: planJson }) };
  }
  const files_: [string, string | Uint8Array][] = [
    ...(isPostgisUri(opts.out) ? [] : [[join(dir!, 'suggestions.geojson'), JSON.stringify(suggestionsGeoJson(plan))] as [string, string]]),
    [join(dir!, 'suggestions.csv'), suggestionsCsv(plan)],
    [join(dir!, 'plan.json'), planJson],
    ...reportFiles(analysis, {
      facilities: facilities as Feature[], out: dir!, title: opts.title, scenario: { kind: 'plan' }, plan,
      coverage: standardCoverage(analysis), generatedAt: reportDate(),
      settings: { snapMaxM: opts.snapMaxM, gridSpacingM: opts.gridM },
      whatIf: opts.whatIf ? await whatIfEmbed(analysis, facilities as Feature[], { snapMaxM: opts.snapMaxM }) : undefined,
    }),
  ];
  const readFrom = [...Object.values(files), opts.standard, opts.categoryMap];
  if (isPostgisUri(opts.out)) {
    const { writePostgisLayers } = await import('../io/write-postgis.js');
    let tables: string[] = [];
    const reports = await writeOutputSet(dir!, files_, readFrom, async () => { tables = await writePostgisLayers(opts.out, layers, { plan: planJson }); }, '--report-dir');
    return { plan, written: [...tables, ...reports] };
  }
  if (opts.format?.includes('gpkg')) files_.push(await geoPackageFile(opts.out, layers));
  const written = await writeOutputSet(opts.out, files_, readFrom);
  return { plan, written };
}

function wholeNumber(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of sites, got "${s}"`);
  return n;
}

/** `--budget 5` (every category) or `--budget health=3,elder-care=2`. */
export function parseBudget(value: string): number | Record<string, number> {
  const count = wholeNumber;
  if (!value.includes('=')) return count(value.trim());
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [category, n, extra] = part.split('=');
    if (!category || n === undefined || extra !== undefined) throw new InvalidArgumentError(`expected category=N, got "${part}"`);
    out[category.trim()] = count(n.trim());
  }
  return out;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('suggest sites for new facilities that close the most of the gap to the standard')
    .requiredOption('--network <source>', 'street network: LineStrings in any input format (see below) (OSM tags honoured)')
    .requiredOption('--facilities <source>', 'existing facilities: GeoJSON Points/Polygons or CSV (lon,lat) with `category`')
    .option('--communities <source>', 'community polygons with id, name, kind, population, zone...; or points (居委会/村委会), scored as their Voronoi cells')
    .option('--boundary <source>', 'study area polygon(s) that the Voronoi cells of community points are clipped to (default: the network\'s convex hull)')
    .option('--units <hex:SIZE|grid:SIZE>', 'no communities: score hexagons (SIZE m between centres) or SIZE m squares over the populated area (needs --population)')
    .option('--population <file>', `population points (GeoJSON or CSV lon,lat,population); default: a ${DEFAULT_GRID_SPACING_M} m grid per community`)
    .option('--standard <name|file>', 'built-in standard (see `lifecircle standards`) or a JSON file', 'guangzhou-1530')
    .option('--category-map <file>', 'JSON category map replacing the built-in one')
    .addOption(new Option('--budget <n|list>', 'new sites per category: N for each, or category=N,... (default: until the targets are met)').argParser(parseBudget))
    .option('--candidates <file>', 'candidate sites (GeoJSON points or CSV lon,lat, e.g. vacant public buildings; optional `category` limits their use); default: network sites every --spacing-m')
    .addOption(new Option('--spacing-m <n>', 'spacing of network candidate sites, metres').default(200).argParser(SPACING_M))
    .option('--categories <list>', 'comma-separated categories to plan for (default: every category some community fails)', nameList)
    .addOption(new Option('--objective <name>', 'shortfall: people each failing rule still lacks; population: every person newly covered').choices(['shortfall', 'population'] as const).default('shortfall' as const))
    .addOption(new Option('--max-sites <n>', 'without --budget, at most this many sites per category').argParser(wholeNumber))
    .option('--out <dir|uri>', 'output folder (a plan has its own, so the baseline report stays), or postgresql://user:pass@host/db?schema=NAME to write the layers as PostGIS tables (one transaction)', 'lifecircle-plan')
    .addOption(new Option('--format <list>', 'extra output formats: gpkg (lifecircle.gpkg with communities, facilities, coverage, suggestions)').argParser(outputFormats))
    .option('--report-dir <dir>', REPORT_DIR_HELP)
    .option('--title <text>', 'title of the reports')
    .option('--population-field <name>', 'property (GeoJSON) or column (CSV) of population points holding the weight', 'population')
    .addOption(new Option('--grid-m <n>', `grid spacing for communities sampled without population points, metres (default ${DEFAULT_GRID_SPACING_M})`).argParser(GRID_M))
    .addOption(new Option('--speed-kmh <n>', SHARED_OPTION_HELP.speedKmh).argParser(SPEED_KMH))
    .addOption(new Option('--snap-max-m <n>', SHARED_OPTION_HELP.snapMaxM).argParser(SNAP_MAX_M))
    .addOption(new Option('--crs <crs>', CSV_OPTION_HELP.crs).choices(CRS_CHOICES))
    .addOption(new Option('--population-crs <crs>', CSV_OPTION_HELP.populationCrs).choices(CRS_CHOICES))
    .addOption(new Option('--candidates-crs <crs>', CSV_OPTION_HELP.candidatesCrs).choices(CRS_CHOICES))
    .addOption(new Option('--encoding <name>', CSV_OPTION_HELP.encoding).choices(ENCODING_CHOICES))
    .option('--what-if', 'report.html gets the what-if panel; the suggested sites open there as a scenario to accept or reject site by site')
    .option('--quiet', SHARED_OPTION_HELP.quiet)
    .addHelpText('after', LAYER_SOURCES_HELP)
    .addHelpText('after', `
Writes into --out: suggestions.geojson (ranked sites; pass it to \`analyze --add\` to confirm the gains),
suggestions.csv, plan.json (why each category stopped, attainment before and after, the guarantee), and
report.html and report.md: the analyze report with a suggested-sites section and map layer.

Examples:
  $ lifecircle plan --network streets.geojson --facilities pois.geojson --communities communities.geojson
  $ lifecircle plan ... --budget elder-care=5,health=2 --candidates vacant-buildings.geojson
  $ lifecircle analyze ... --add lifecircle-plan/suggestions.geojson    # writes lifecircle-whatif/`)
    .action(async (opts) => {
      const { plan, written } = await runPlan(opts, { ...opts, maxSites: opts.maxSites });
      for (const line of planLines(plan)) say(opts.quiet, line);
      say(opts.quiet, writtenLine(opts.out, opts.reportDir, written));
    });
}

const STOP_WORDS: Record<string, string> = {
  'targets-met': 'the targets are met',
  'budget-used': 'budget used',
  'no-gain': 'no candidate closes more of the gap',
  'max-sites': 'reached --max-sites',
  'nothing-failing': 'no community fails it',
  'no-candidates': 'no candidate within reach of a failing community',
};

/** A few lines for the terminal: sites per category, why each stopped, attainment before and after. */
export function planLines(plan: SitePlan): string[] {
  const lines = plan.categories.map((c) =>
    `${c.category}: ${c.sites} site${c.sites === 1 ? '' : 's'}${c.budget !== undefined ? ` of ${c.budget}` : ''}, ` +
    `${Math.round(c.newlyCovered)} people newly within reach, failing rules ${c.failingRulesBefore} -> ${c.failingRulesAfter} (${STOP_WORDS[c.stopReason]})`);
  for (const after of plan.after) {
    const before = plan.before.find((b) => b.kind === after.kind)!;
    if (after.scored === 0) continue;
    const word = after.kind === 'urban' ? 'urban' : 'villages';
    lines.push(`${word}: ${Object.keys(after.attained).map((level) => `${level} ${before.attained[level] ?? 0} -> ${after.attained[level]}/${after.scored}`).join(', ')}`);
  }
  const short = Object.entries(plan.shortfall).flatMap(([kind, levels]) =>
    Object.entries(levels ?? {}).filter(([, n]) => (n ?? 0) > 0).map(([level, n]) => `${n} more ${kind === 'urban' ? 'urban communities' : 'villages'} ${level}`));
  lines.push(short.length === 0 ? 'every target is met with these sites' : `short of the targets by: ${short.join('; ')}`);
  return lines;
}
