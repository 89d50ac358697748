import { stat } from 'node:fs/promises';
import type { PointColumns } from '../geo/point-columns.js';
import type { PointCrs } from './crs.js';
import type { ImportDiagnostic } from './diagnostics.js';
import { limitsWith, type InputLimits } from './limits.js';
import { removeColumnsOffset } from './offset-crs.js';
import { layerFormat } from './layer-format.js';
import { scanPointCollection } from './scan-point-collection.js';
import { SEQ_EXTENSIONS } from './read-geojson.js';

export interface ReadPointColumnsOptions {
  /** The property holding each point's weight. Default "population". */
  field?: string;
  /** GCJ-02 / BD-09 offset to remove, as readLayer's `crs`. */
  crs?: PointCrs;
  notes?: ImportDiagnostic[];
  onBytes?: (bytesRead: number) => void;
  limits?: Partial<InputLimits>;
  /** Bytes read at a time (tests make it tiny). */
  chunkBytes?: number;
}

/**
 * A population layer as columns, when it is a GeoJSON FeatureCollection of Points with a number
 * for a weight (scanPointCollection); undefined for anything else (another format, a GeoJSONSeq
 * file, a Polygon, a text weight, a file with something wrong in it): read that with readLayer,
 * which reads it or names the problem. The columns are the features' points in order, offset removed.
 */
export async function readPointColumns(source: string, opts: ReadPointColumnsOptions = {}): Promise<PointColumns | undefined> {
  if (layerFormat(source) !== 'geojson' || SEQ_EXTENSIONS.test(source) || /\.(csv|tsv|txt)$/i.test(source)) return undefined;
  const size = (await stat(source).catch(() => undefined))?.size;
  if (!size) return undefined;
  const columns = await scanPointCollection(source, {
    field: opts.field ?? 'population', limits: limitsWith(opts.limits), onBytes: opts.onBytes, sizeHint: size, chunkBytes: opts.chunkBytes,
  });
  if (columns) removeColumnsOffset(columns, opts.crs, source, opts.notes);
  return columns;
}
