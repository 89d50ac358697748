import { basename, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Feature, FeatureCollection } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import { assertNotOverwritingInputs } from '../io/protect-inputs.js';
import { sourceLabels } from '../io/read-layer.js';
import { isPostgisUri } from '../io/formats/postgis-uri.js';
import type { OutputLayer } from '../io/write-geopackage.js';
import { writeOutputFolder } from '../io/output-folder.js';
import { communitiesCsv } from '../report/communities-csv.js';
import { communitiesGeoJson, facilitiesGeoJson } from '../report/geojson-outputs.js';
import { summaryJson } from '../report/summary-json.js';
import { reportHtml } from '../report/report-html.js';
import { reportMarkdown } from '../report/report-md.js';
import type { ReportSettings } from '../report/report-sections.js';
import { coverageOnThreads } from '../parallel/parallel-coverage.js';
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
  /** Stages as they start: coverage (categories drawn of all), report, write. */
  onProgress?: ProgressCallback;
  /** Embed the what-if panel (engine and state) in report.html. */
  whatIf?: boolean;
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
  progress('coverage', 0, analysis.categories.length);
  const coverage = await coverageOnThreads(analysis, { full: opts.coverageFull, onCategory: (done, total) => progress('coverage', done, total) });
  const communities = communitiesGeoJson(analysis);
  const facilities = facilitiesGeoJson(analysis, opts.facilities);
  const layers: OutputLayer[] = [
    { name: 'communities', features: communities.features },
    { name: 'facilities', features: facilities.features },
    { name: 'coverage', features: coverage.features },
  ];
  if (isPostgisUri(opts.out)) {
    // The tables, and summary.json as a one-row jsonb table; the reports are files and need a folder.
    progress('write', 0, 1);
    const { writePostgisLayers } = await import('../io/write-postgis.js');
    return writePostgisLayers(opts.out, layers, { summary: summaryJson(analysis, meta) });
  }
  progress('report', 0, 1);
  const reports = reportFiles(analysis, { ...opts, coverage, generatedAt, whatIf: opts.whatIf ? await whatIfEmbed(analysis, opts.facilities, opts.settings) : undefined });
  progress('write', 0, 1);
  const files: [string, string | Uint8Array][] = [
    [join(opts.out, 'communities.csv'), communitiesCsv(analysis)],
    [join(opts.out, 'communities.geojson'), JSON.stringify(communities)],
    [join(opts.out, 'facilities.geojson'), JSON.stringify(facilities)],
    [join(opts.out, 'coverage.geojson'), JSON.stringify(coverage)],
    [join(opts.out, 'summary.json'), summaryJson(analysis, meta)],
    ...reports,
  ];
  if (opts.formats?.includes('gpkg')) files.push(await geoPackageFile(opts.out, layers));
  return writeOutputSet(opts.out, files, opts.readFrom ?? Object.values(opts.inputs));
}

/**
 * Writes [path, contents] pairs, all inside `out`, as the folder's new set (see io/output-folder.ts):
 * a kill at any moment leaves the old set or the new one. Refuses to touch any of `readFrom`.
 */
export async function writeOutputSet(out: string, files: readonly (readonly [string, string | Uint8Array])[], readFrom: readonly (string | undefined)[]): Promise<string[]> {
  await assertNotOverwritingInputs(files.map(([p]) => p), readFrom);
  return writeOutputFolder(out, files.map(([p, data]) => [basename(p), data] as const), { inputs: readFrom });
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
