// GeoPackage (OGC 12-128r18): a SQLite file; `city.gpkg?layer=roads`, or no ?layer= for a file
// with one feature table. Geometries are blobs with a small header before WKB.
import type { Feature, Geometry } from 'geojson';
import type { Database } from 'sql.js';
import { InputError } from '../../errors.js';
import { readInputBytes } from '../file-errors.js';
import { crsFromEpsg, crsFromWkt, unstatedCrs, type LayerCrs } from '../layer-crs.js';
import { fileProgress, layerFeatures, type LayerReadOptions } from '../layer-source.js';
import { parseGpkgBlob } from '../wkb.js';
import { queryRows, quoteIdent, sqlite } from './sqlite.js';

export async function readGeoPackage(path: string, opts: LayerReadOptions & { layer?: string } = {}): Promise<Feature[]> {
  const bytes = await readInputBytes(path);
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (err) {
    throw new InputError(`not a GeoPackage (${(err as Error).message})`, path);
  }
  try {
    const progress = fileProgress(bytes.byteLength, opts.onBytes);
    const features = readLayer(db, path, opts, progress.record);
    progress.done();
    return features;
  } finally {
    db.close();
  }
}

/** The feature tables of a GeoPackage, as `layer` names. */
export function featureTables(db: Database, source: string): string[] {
  try {
    return queryRows(db, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name").map((r) => String(r.table_name));
  } catch (err) {
    throw new InputError(`not a GeoPackage (${(err as Error).message})`, source);
  }
}

function readLayer(db: Database, path: string, opts: LayerReadOptions & { layer?: string }, onRow: (i: number, fraction: number) => void): Feature[] {
  const tables = featureTables(db, path);
  const layer = opts.layer ?? (tables.length === 1 ? tables[0] : undefined);
  if (!layer || !tables.includes(layer)) {
    throw new InputError(opts.layer
      ? `no feature layer "${opts.layer}" (layers: ${tables.join(', ') || 'none'})`
      : tables.length === 0 ? 'the GeoPackage holds no feature layer' : `the GeoPackage holds ${tables.length} layers (${tables.join(', ')}); choose one with ${path}?layer=NAME`, path);
  }
  const source = `${path}?layer=${layer}`;
  const [geomCol] = queryRows(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?', [layer]);
  if (!geomCol) throw new InputError('the layer has no entry in gpkg_geometry_columns', source);
  const crs = gpkgCrs(db, Number(geomCol.srs_id), source);
  const geometryColumn = String(geomCol.column_name);
  // The integer primary key is the feature id in GDAL's reading, not an attribute.
  const pk = queryRows(db, `PRAGMA table_info(${quoteIdent(layer)})`).find((c) => Number(c.pk) === 1 && /^integer$/i.test(String(c.type)));
  const count = Number(queryRows(db, `SELECT count(*) AS n FROM ${quoteIdent(layer)}`)[0]?.n ?? 0);
  const stmt = db.prepare(`SELECT * FROM ${quoteIdent(layer)}`);
  const rows: { geometry: Geometry | null; properties: Record<string, unknown> }[] = [];
  try {
    const names = stmt.getColumnNames();
    const g = names.indexOf(geometryColumn);
    const keep = names.map((n, i) => i !== g && n !== pk?.name);
    while (stmt.step()) {
      const values = stmt.get();
      const properties: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) if (keep[i]) properties[names[i]] = values[i] instanceof Uint8Array ? null : values[i];
      const blob = values[g];
      let geometry: Geometry | null = null;
      if (blob instanceof Uint8Array) {
        try {
          geometry = parseGpkgBlob(blob);
        } catch (err) {
          throw new InputError(`the geometry cannot be read (${(err as Error).message})`, source, rows.length, geometryColumn);
        }
      }
      rows.push({ geometry, properties });
      onRow(rows.length, count > 0 ? rows.length / count : 0);
    }
  } finally {
    stmt.free();
  }
  return layerFeatures(rows, crs, source, opts);
}

function gpkgCrs(db: Database, srsId: number, source: string): LayerCrs {
  // 0 and -1 are the specification's "undefined geographic" and "undefined Cartesian" systems.
  if (srsId === 0 || srsId === -1) return unstatedCrs(`srs_id ${srsId}, undefined`);
  const [srs] = queryRows(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId]);
  if (!srs) throw new InputError(`srs_id ${srsId} is not in gpkg_spatial_ref_sys`, source);
  if (String(srs.organization).toUpperCase() === 'EPSG') {
    try {
      return crsFromEpsg(Number(srs.organization_coordsys_id), source);
    } catch (err) {
      if (!srs.definition || srs.definition === 'undefined') throw err;
    }
  }
  return crsFromWkt(String(srs.definition), source);
}
