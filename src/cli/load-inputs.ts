import type { Feature } from 'geojson';
import { readFeatures } from '../io/read-geojson.js';
import type { ImportDiagnostic } from '../io/diagnostics.js';

/** Points from GeoJSON, GeoJSONSeq or CSV (by extension); CSV notes (encoding, CRS) go to `notes`. */
export async function readPointFeatures(path: string, notes: ImportDiagnostic[] = []): Promise<Feature[]> {
  if (/\.(csv|tsv|txt)$/i.test(path)) {
    const { readPointsCsv } = await import('../io/csv.js');
    const table = await readPointsCsv(path);
    notes.push(...table.diagnostics);
    return table.points.features;
  }
  return readFeatures(path);
}
