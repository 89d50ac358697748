import { stat } from 'node:fs/promises';
import type { Feature } from 'geojson';
import { inputFileOf, isCsvTable, readLayer } from '../io/read-layer.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import type { PointCrs } from '../io/crs.js';
import type { CsvEncodingOption } from '../io/csv.js';

export interface PointInputOptions {
  /**
   * `facilities`: a CSV is read as a POI table (Amap/Baidu exports too: names and types are
   * categorised); `population`: a lon/lat table with a weight column; `points`: a lon/lat table
   * whose other columns are kept as they are (origins, candidate sites).
   */
  role: 'facilities' | 'population' | 'points';
  /** Coordinate system of CSV inputs (GeoJSON is WGS-84 by definition); unstated, WGS-84 with a warning. */
  crs?: PointCrs;
  /** The option that states `crs` for this input, named in that warning. */
  crsFlag?: string;
  encoding?: CsvEncodingOption;
  /** Population: the property the weight is read from (GeoJSON) or written to (CSV). Default `population`. */
  populationField?: string;
  /** Whether an empty collection is allowed (facilities, added facilities, candidates). */
  allowEmpty?: boolean;
  /** Bytes of the file read so far (GeoJSON as it is read; a CSV once read). */
  onBytes?: (bytesRead: number) => void;
}

/** A layer of any format (GeoJSON, Shapefile, GeoPackage, FlatGeobuf, PostGIS); notes go to `notes`. */
export function readInputLayer(source: string, notes: ImportDiagnostic[], opts: { encoding?: CsvEncodingOption; allowEmpty?: boolean; onBytes?: (bytesRead: number) => void } = {}): Promise<Feature[]> {
  return readLayer(source, { notes, encoding: opts.encoding, allowEmpty: opts.allowEmpty, onBytes: opts.onBytes });
}

/**
 * Points from a CSV table (by extension) or any layer format. Notes about the read (a CSV's encoding,
 * an unstated coordinate system, rows that matched no category, a layer's CRS) go to `notes`.
 */
export async function readPointFeatures(path: string, notes: ImportDiagnostic[] = [], opts: PointInputOptions = { role: 'points' }): Promise<Feature[]> {
  if (!isCsvTable(path)) return readInputLayer(path, notes, { encoding: opts.encoding, allowEmpty: opts.allowEmpty, onBytes: opts.onBytes });
  const features = await readPointTable(path, notes, opts);
  opts.onBytes?.((await stat(path)).size);
  return features;
}

async function readPointTable(path: string, notes: ImportDiagnostic[], opts: PointInputOptions): Promise<Feature[]> {
  if (opts.role === 'facilities') {
    const { readPoiTable } = await import('../intake/classified-readers.js');
    // Unmatched rows are kept (category null) so that the analysis counts them.
    const table = await readPoiTable(path, { crs: opts.crs, crsFlag: opts.crsFlag, encoding: opts.encoding, keepUncategorized: true });
    notes.push(...table.diagnostics);
    return table.facilities.features;
  }
  const { readPointsCsv } = await import('../io/csv.js');
  const table = await readPointsCsv(path, {
    crs: opts.crs, crsFlag: opts.crsFlag, encoding: opts.encoding,
    weighted: opts.role === 'population', populationField: opts.populationField,
  });
  notes.push(...table.diagnostics);
  return table.points.features;
}

/** The inputs `analyze` and `plan` share, with the options that say how to read them. */
export interface AnalysisFiles {
  network: string;
  facilities: string;
  communities: string;
  population?: string;
}

export interface AnalysisReadOptions {
  crs?: PointCrs;
  populationCrs?: PointCrs;
  encoding?: CsvEncodingOption;
  populationField?: string;
  /** Bytes read so far over all the input files, and their total size (for a progress bar). */
  onBytes?: (bytesRead: number, bytesTotal: number) => void;
}

/**
 * Reads network, facilities (may be empty: a city without any yet), communities and optional
 * population, in parallel; CSV notes go to `notes`.
 */
export async function readAnalysisInputs(files: AnalysisFiles, opts: AnalysisReadOptions, notes: ImportDiagnostic[]):
  Promise<{ network: Feature[]; facilities: Feature[]; communities: Feature[]; population?: Feature[] }> {
  const bytes = opts.onBytes ? await byteCounter([files.network, files.facilities, files.communities, files.population], opts.onBytes) : [];
  const [network, facilities, communities, population] = await Promise.all([
    readInputLayer(files.network, notes, { encoding: opts.encoding, onBytes: bytes[0] }),
    readPointFeatures(files.facilities, notes, { role: 'facilities', crs: opts.crs, crsFlag: '--crs', encoding: opts.encoding, allowEmpty: true, onBytes: bytes[1] }),
    readInputLayer(files.communities, notes, { encoding: opts.encoding, onBytes: bytes[2] }),
    files.population
      ? readPointFeatures(files.population, notes, { role: 'population', crs: opts.populationCrs, crsFlag: '--population-crs', encoding: opts.encoding, populationField: opts.populationField, onBytes: bytes[3] })
      : Promise.resolve(undefined),
  ]);
  return { network, facilities, communities, population };
}

/**
 * One byte callback per file, adding up to `report(read over all files, their total size)`. A file
 * that cannot be stat'ed counts 0 here: its reader names the problem.
 */
async function byteCounter(paths: readonly (string | undefined)[], report: (bytesRead: number, bytesTotal: number) => void): Promise<((n: number) => void)[]> {
  // A GeoPackage layer counts its file; a database counts 0 (its rows are not bytes of a file).
  const files = paths.map((p) => (p ? inputFileOf(p) : undefined));
  const sizes = await Promise.all(files.map(async (p) => (p ? (await stat(p).catch(() => undefined))?.size ?? 0 : 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const read = sizes.map(() => 0);
  let sum = 0;
  return paths.map((_, k) => (n: number) => {
    sum += n - read[k];
    read[k] = n;
    report(sum, total);
  });
}
