import { join } from 'node:path';
import type { Feature } from 'geojson';
import type { Analysis } from '../scoring/analyze.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import { writeFilesAtomic } from '../io/write-atomic.js';
import { communitiesCsv } from '../report/communities-csv.js';
import { communitiesGeoJson, facilitiesGeoJson } from '../report/geojson-outputs.js';
import { summaryJson } from '../report/summary-json.js';
import { standardCoverage } from '../scoring/standard-coverage.js';

export interface OutputOptions {
  facilities: readonly Feature[];
  out: string;
  title?: string;
  inputs: Record<string, string | undefined>;
  notes: ImportDiagnostic[];
}

/** Every output of `analyze`, written all together or not at all. Returns the paths. */
export async function writeAnalysisOutputs(analysis: Analysis, opts: OutputOptions): Promise<string[]> {
  const meta = { generatedBy: 'lifecircle', title: opts.title, inputs: opts.inputs, inputNotes: opts.notes };
  const coverage = standardCoverage(analysis, opts.facilities);
  const files: [string, string][] = [
    [join(opts.out, 'communities.csv'), communitiesCsv(analysis)],
    [join(opts.out, 'communities.geojson'), JSON.stringify(communitiesGeoJson(analysis))],
    [join(opts.out, 'facilities.geojson'), JSON.stringify(facilitiesGeoJson(analysis, opts.facilities))],
    [join(opts.out, 'coverage.geojson'), JSON.stringify(coverage)],
    [join(opts.out, 'summary.json'), summaryJson(analysis, meta)],
  ];
  await writeFilesAtomic(files);
  return files.map(([p]) => p);
}
