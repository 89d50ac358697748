import { basename, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Feature, FeatureCollection } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import { assertNotOverwritingInputs } from '../io/protect-inputs.js';
import { sourceLabels } from '../io/read-layer.js';
import { isPostgisUri } from '../io/formats/postgis-uri.js';
import { InputError } from '../errors.js';
import type { OutputLayer } from '../io/write-geopackage.js';
import { writeOutputFolder } from '../io/output-folder.js';
import { communitiesCsv } from '../report/communities-csv.js';
import { communityRows } from '../report/community-table.js';
import { communitiesGeoJson, facilitiesGeoJson, facilitiesGeoJsonText } from '../report/geojson-outputs.js';
import { summaryJson } from '../report/summary-json.js';
import { reportHtml } from '../report/report-html.js';
import { reportMarkdown } from '../report/report-md.js';
import type { ReportSettings } from '../report/report-sections.js';
import { coverageOnThreads, type CoverageJob } from '../parallel/parallel-coverage.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import type { ProgressCallback } from './progress.js';
import { whatIfState } from '../whatif/state.js';
import { readWhatIfEngine } from '../io/whatif-engine.js';
import type { WhatIfEmbed } from '../report/whatif-section.js';
import { scenarioTitle, type Scenario } from '../report/scenario.js';

export interface OutputOptions {
  facilities: readonly Feature[];
  out: string;
  title?: string;
  /** Baseline, plan or what-if: recorded in summary.json and shown in the reports. */
  scenario?: Scenario;
  inputs: Record<string, string | undefined>;
  notes: ImportDiagnostic[];
  /** Settings the method section names (snapping distance, grid spacing). */
  settings?: ReportSettings;
  /** Extra output formats: 'gpkg' adds lifecircle.gpkg holding every output layer. */
  formats?: readonly string[];
  /** Every file read, none of which an output may replace (default: the `inputs`). */
  readFrom?: readonly (string | undefined)[];
  /** coverage.geojson at full resolution (25 m cells, unsimplified) however large the city. */
  coverageFull?: boolean;
  /** Coverage already being drawn for this analysis (`startCoverage`); drawn here when absent. */
  coverage?: CoverageJob;
  /** Stages as they start: tables (the community table, facilities, summary), coverage (categories drawn of all), report, write. */
  onProgress?: ProgressCallback;
  /** Embed the what-if panel (engine and state) in report.html. */
  whatIf?: boolean;
  /**
   * With `out` a PostGIS URI: the folder that also gets the report files (report.html, report.md,
   * communities.csv, summary.json), committed only if the tables are.
   */
  reportDir?: string;
}

export const REPORT_DIR_HELP = 'with --out postgresql://...: also write the report files (report.html, report.md, communities.csv, summary.json; plan: suggestions.csv, plan.json) to this folder, only if the tables are written';

/** --report-dir belongs to a database --out: with a folder --out the reports are already in it. */
export function checkReportDir(out: string, reportDir: string | undefined): void {
  if (reportDir !== undefined && !isPostgisUri(out)) {
    throw new InputError('--report-dir goes with --out postgresql://...; with a folder --out the report files are written into it');
  }
}

/** The line saying what was written: the tables and, if asked, the report folder (or how to get one). */
export function writtenLine(out: string, reportDir: string | undefined, written: readonly string[]): string {
  if (!isPostgisUri(out)) return `wrote ${written.length} files to ${out}; open ${join(out, 'report.html')}`;
  const tables = written.filter((w) => !w.includes('/') && !w.includes('\\'));
  return reportDir
    ? `wrote tables ${tables.join(', ')} and ${written.length - tables.length} report files to ${reportDir}; open ${join(reportDir, 'report.html')}`
    : `wrote tables ${tables.join(', ')}; no report files (add --report-dir DIR for report.html, report.md, communities.csv and summary.json)`;
}

/**
 * The date the reports carry: today, or SOURCE_DATE_EPOCH (seconds) when set, the reproducible-builds
 * convention, so a rerun can give byte-identical files.
 */
export function reportDate(env: Record<string, string | undefined> = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return (env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
}

/** Every output of `analyze`, written all together or not at all. Returns the paths. */
export async function writeAnalysisOutputs(analysis: Analysis, opts: OutputOptions): Promise<string[]> {
  const generatedAt = reportDate();
  const scenario = opts.scenario ?? { kind: 'baseline' };
  const meta = { generatedBy: 'lifecircle', title: scenarioTitle(scenario, opts.title), scenario, inputs: sourceLabels(opts.inputs), inputNotes: opts.notes };
  const progress = opts.onProgress ?? (() => {});
  const postgis = isPostgisUri(opts.out);
  // The tables first: they need no coverage, and a coverage worker still drawing (startCoverage) has
  // the other core meanwhile. One community table for communities.geojson and communities.csv.
  progress('tables', 0, 1);
  const rows = communityRows(analysis);
  const communities = communitiesGeoJson(analysis, rows);
  // communities.csv goes into a folder: --out's, or --report-dir's beside database tables.
  const csv = postgis && !opts.reportDir ? '' : communitiesCsv(analysis, rows);
  const summary = summaryJson(analysis, meta);
  const tableFiles: [string, string][] = postgis ? [] : [
    [join(opts.out, 'communities.geojson'), JSON.stringify(communities)],
    [join(opts.out, 'facilities.geojson'), facilitiesGeoJsonText(analysis, opts.facilities)],
  ];
  progress('coverage', 0, analysis.categories.length);
  const onCategory = (done: number, total: number) => progress('coverage', done, total);
  const coverage = await (opts.coverage ? opts.coverage.finish(onCategory) : coverageOnThreads(analysis, { full: opts.coverageFull, onCategory }));
  // The layers as features for a database or a GeoPackage; facilities.geojson is written as text directly.
  const layers = (): OutputLayer[] => [
    { name: 'communities', features: communities.features },
    { name: 'facilities', features: facilitiesGeoJson(analysis, opts.facilities).features },
    { name: 'coverage', features: coverage.features },
  ];
  if (postgis) {
    // The tables, and summary.json as a one-row jsonb table; the reports are files and need a
    // folder: --report-dir, written only if the tables are.
    const { writePostgisLayers } = await import('../io/write-postgis.js');
    const tables = () => writePostgisLayers(opts.out, layers(), { summary });
    if (!opts.reportDir) {
      progress('write', 0, 1);
      return tables();
    }
    const dir = opts.reportDir;
    progress('report', 0, 1);
    const reports = reportFiles(analysis, { ...opts, out: dir, coverage, generatedAt, whatIf: opts.whatIf ? await whatIfEmbed(analysis, opts.facilities, opts.settings) : undefined });
    progress('write', 0, 1);
    let written: string[] = [];
    const files = await writeOutputSet(dir, [
      [join(dir, 'communities.csv'), csv],
      [join(dir, 'summary.json'), summary],
      ...reports,
    ], opts.readFrom ?? Object.values(opts.inputs), async () => { written = await tables(); }, '--report-dir');
    return [...written, ...files];
  }
  progress('report', 0, 1);
  const reports = reportFiles(analysis, { ...opts, coverage, generatedAt, whatIf: opts.whatIf ? await whatIfEmbed(analysis, opts.facilities, opts.settings) : undefined });
  progress('write', 0, 1);
  const files: [string, string | Uint8Array][] = [
    [join(opts.out, 'communities.csv'), csv],
    ...tableFiles,
    [join(opts.out, 'coverage.geojson'), JSON.stringify(coverage)],
    [join(opts.out, 'summary.json'), summary],
    ...reports,
  ];
  if (opts.formats?.includes('gpkg')) files.push(await geoPackageFile(opts.out, layers()));
  return writeOutputSet(opts.out, files, opts.readFrom ?? Object.values(opts.inputs));
}

/**
 * Writes [path, contents] pairs, all inside `out`, as the folder's new set (see io/output-folder.ts):
 * a kill at any moment leaves the old set or the new one. Refuses to touch any of `readFrom`.
 */
export async function writeOutputSet(
  out: string, files: readonly (readonly [string, string | Uint8Array])[], readFrom: readonly (string | undefined)[],
  beforeCommit?: () => Promise<unknown>, flag?: string,
): Promise<string[]> {
  await assertNotOverwritingInputs(files.map(([p]) => p), readFrom);
  return writeOutputFolder(out, files.map(([p, data]) => [basename(p), data] as const), { inputs: readFrom, flag }, beforeCommit);
}

export interface ReportFileOptions {
  facilities: readonly Feature[];
  out: string;
  title?: string;
  scenario?: Scenario;
  settings?: ReportSettings;
  /** Coverage areas for the map's layers (`standardCoverage`). */
  coverage: FeatureCollection;
  generatedAt: string;
  /** Suggested sites: the reports gain their section and map layer. */
  plan?: SitePlan;
  /** The what-if panel's engine and state (`whatIfEmbed`). */
  whatIf?: WhatIfEmbed;
}

/** What report.html needs for its what-if panel: the engine bundle and the analysis' compact state. */
export async function whatIfEmbed(analysis: Analysis, facilities: readonly Feature[], settings: ReportSettings = {}): Promise<WhatIfEmbed> {
  return { engine: await readWhatIfEngine(), state: whatIfState(analysis, facilities, settings) };
}

/** report.md and report.html as [path, text], for the caller to write with its other files at once. */
export function reportFiles(analysis: Analysis, opts: ReportFileOptions): [string, string][] {
  const { title, generatedAt, plan, scenario } = opts;
  return [
    [join(opts.out, 'report.md'), reportMarkdown(analysis, { ...opts.settings, title, scenario, generatedAt, plan })],
    [join(opts.out, 'report.html'), reportHtml(analysis, { ...opts.settings, title, scenario, generatedAt, coverage: opts.coverage, plan, whatIf: opts.whatIf })],
  ];
}

/** The GeoPackage output: every layer in one file for QGIS and ArcGIS. */
export async function geoPackageFile(out: string, layers: readonly OutputLayer[]): Promise<[string, Uint8Array]> {
  const { geoPackageBytes } = await import('../io/write-geopackage.js');
  return [join(out, 'lifecircle.gpkg'), await geoPackageBytes(layers)];
}

/** Parses --format: a comma-separated list of extra output formats (only `gpkg` for now). */
export function outputFormats(value: string): string[] {
  const formats = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) if (f !== 'gpkg' && f !== 'geopackage') throw new InvalidArgumentError(`unknown output format "${f}" (known: gpkg)`);
  return formats.map((f) => (f === 'geopackage' ? 'gpkg' : f));
}
