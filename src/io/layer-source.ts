// What every layer reader (Shapefile, GeoPackage, FlatGeobuf, PostGIS) shares: the options it
// takes, and the last step that turns its geometries and attributes into WGS-84 Features shaped
// exactly like those of the GeoJSON reader, so the analysis cannot tell the formats apart.
import type { Feature, Geometry } from 'geojson';
import { InputError } from '../errors.js';
import type { ImportDiagnostic } from './diagnostics.js';
import { geometryToWgs84, toWgs84Converter, type LayerCrs } from './layer-crs.js';
import type { PointCrs } from './crs.js';
import { removeOffset } from './offset-crs.js';

export interface LayerReadOptions {
  /** Accept a layer with no features (facilities, candidates); off by default, as in readFeatures. */
  allowEmpty?: boolean;
  /** Attribute encoding (Shapefile): 'auto' or undefined to use the .cpg or detect. */
  encoding?: string;
  /** Notes about the read (encoding chosen, CRS found, records skipped) are appended here. */
  notes?: ImportDiagnostic[];
  /** Bytes of the file(s) read so far, for a progress bar (the same hook as readFeatures'). */
  onBytes?: (bytesRead: number) => void;
  /** GCJ-02 or BD-09 named by the user: removed after the layer's own coordinate system (offset-crs.ts). */
  crs?: PointCrs;
  /** Rows read so far from a database (PostGIS), with the table's estimated row count when known. */
  onRows?: (rowsRead: number, rowsEstimated: number | undefined) => void;
}

/** Records between two progress reports: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_STEP = 512;

/**
 * Progress through a file a reader holds in memory, as bytes of the file (what the GeoJSON reader
 * reports as it reads): `record(i, fraction)` every PROGRESS_STEP records with the share parsed,
 * `done()` at the end.
 */
export function fileProgress(size: number, onBytes: ((bytesRead: number) => void) | undefined): { record(i: number, fraction: number): void; done(): void } {
  if (!onBytes) return { record() {}, done() {} };
  return {
    record(i, fraction) {
      if (i % PROGRESS_STEP === 0) onBytes(Math.min(size, Math.floor(size * fraction)));
    },
    done() {
      onBytes(size);
    },
  };
}

/** Builds the features, converted to WGS-84, and notes the coordinate system found. */
export function layerFeatures(
  rows: Iterable<{ geometry: Geometry | null; properties: Record<string, unknown> }>,
  crs: LayerCrs, source: string, opts: LayerReadOptions,
): Feature[] {
  const convert = toWgs84Converter(crs);
  const features: Feature[] = [];
  for (const row of rows) {
    geometryToWgs84(row.geometry, crs, convert, source, features.length);
    features.push({ type: 'Feature', properties: row.properties, geometry: row.geometry as Geometry });
  }
  noteCrs(crs, source, opts);
  removeOffset(features, opts.crs, source, crs, opts.notes);
  if (features.length === 0 && !opts.allowEmpty) throw new InputError('the layer holds no features', source);
  return features;
}

export function noteCrs(crs: LayerCrs, source: string, opts: LayerReadOptions): void {
  opts.notes?.push(crs.unstated
    ? { level: 'warning', code: 'crs-unstated', file: source, message: `no coordinate system stated (${crs.label}); the numbers are longitude/latitude and were read as WGS-84` }
    : { level: 'info', code: 'crs-converted', file: source, message: crs.definition ? `converted from ${crs.label} to WGS-84` : `read as ${crs.label}` });
}
