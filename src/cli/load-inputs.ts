import type { Feature } from 'geojson';
import { readFeatures } from '../io/read-geojson.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';
import type { PointCrs } from '../io/crs.js';
import type { CsvEncodingOption } from '../io/csv.js';

export interface PointInputOptions {
  /**
   * `facilities`: a CSV is read as a POI table (Amap/Baidu exports too: names and types are
   * categorised); `points`: a plain lon/lat(/population) table.
   */
  role: 'facilities' | 'points';
  /** Coordinate system of CSV inputs (GeoJSON is WGS-84 by definition). */
  crs?: PointCrs;
  encoding?: CsvEncodingOption;
}

/**
 * Points from GeoJSON, GeoJSONSeq or CSV (by extension). Notes about a CSV (its encoding, an unstated
 * coordinate system, rows that matched no category) go to `notes`.
 */
export async function readPointFeatures(path: string, notes: ImportDiagnostic[] = [], opts: PointInputOptions = { role: 'points' }): Promise<Feature[]> {
  if (!/\.(csv|tsv|txt)$/i.test(path)) return readFeatures(path);
  if (opts.role === 'facilities') {
    const { readPoiTable } = await import('../io/poi-table.js');
    // Unmatched rows are kept (category null) so that the analysis counts them.
    const table = await readPoiTable(path, { crs: opts.crs, encoding: opts.encoding, keepUncategorized: true });
    notes.push(...table.diagnostics);
    return table.facilities.features;
  }
  const { readPointsCsv } = await import('../io/csv.js');
  const table = await readPointsCsv(path, { crs: opts.crs, encoding: opts.encoding });
  notes.push(...table.diagnostics);
  return table.points.features;
}
