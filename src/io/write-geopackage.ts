// Output layers as one GeoPackage (OGC 12-128r18, version 1.3) for QGIS and ArcGIS: each layer a
// feature table in WGS-84 (EPSG:4326) with its properties as columns. Written with sql.js in
// memory and returned as bytes, so the caller writes it with the other outputs all at once.
import type { Feature, Geometry } from 'geojson';
import { quoteIdent, sqlite } from './formats/sqlite.js';
import { envelope, wkbSize, writeWkb } from './write-wkb.js';

export interface OutputLayer {
  name: string;
  features: readonly Feature[];
}

const WGS84_WKT = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

/** A GeoPackage geometry blob: "GP", version 0, flags (little-endian, xy envelope), srs id, envelope, WKB. */
export function gpkgBlob(g: Geometry, srsId = 4326): Uint8Array {
  const bytes = new Uint8Array(8 + 32 + wkbSize(g));
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x47; bytes[1] = 0x50; bytes[2] = 0; bytes[3] = 0b0000_0011;
  view.setInt32(4, srsId, true);
  const [minX, maxX, minY, maxY] = envelope(g);
  view.setFloat64(8, minX, true); view.setFloat64(16, maxX, true); view.setFloat64(24, minY, true); view.setFloat64(32, maxY, true);
  writeWkb(g, view, 40);
  return bytes;
}

/** The column type a property's values fit: INTEGER, REAL, or TEXT (objects and arrays as JSON). */
export function columnType(values: unknown[]): 'INTEGER' | 'REAL' | 'TEXT' {
  let type: 'INTEGER' | 'REAL' | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'number' || typeof v === 'boolean') type = Number.isInteger(Number(v)) && type !== 'REAL' ? 'INTEGER' : 'REAL';
    else return 'TEXT';
  }
  return type ?? 'TEXT';
}

export function cell(v: unknown, type: string): string | number | null {
  if (v === null || v === undefined) return null;
  if (type !== 'TEXT') return Number(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The GeoPackage's geometry type name for a layer (GEOMETRY when it mixes types). */
export function geometryTypeName(features: readonly Feature[]): string {
  const types = new Set(features.filter((f) => f.geometry).map((f) => f.geometry.type.toUpperCase()));
  return types.size === 1 ? [...types][0] : 'GEOMETRY';
}

export async function geoPackageBytes(layers: readonly OutputLayer[]): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    db.run('PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;');
    db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));`);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run(['Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined Cartesian coordinate reference system']);
    srs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    srs.run(['WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
    srs.free();
    for (const layer of layers) writeLayer(db, layer);
    return db.export();
  } finally {
    db.close();
  }
}

function writeLayer(db: import('sql.js').Database, layer: OutputLayer): void {
  const keys: string[] = [];
  for (const f of layer.features) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k)) keys.push(k);
  // Column names compare without case in SQLite; the fid and geom names are ours.
  const columns = keys.filter((k) => !/^(fid|geom)$/i.test(k));
  const types = columns.map((k) => columnType(layer.features.map((f) => f.properties?.[k])));
  const t = quoteIdent(layer.name);
  db.run(`CREATE TABLE ${t} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geometryTypeName(layer.features)}${columns.map((c, i) => `, ${quoteIdent(c)} ${types[i]}`).join('')})`);
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  db.run('BEGIN');
  const insert = db.prepare(`INSERT INTO ${t} (geom${columns.map((c) => `, ${quoteIdent(c)}`).join('')}) VALUES (?${', ?'.repeat(columns.length)})`);
  for (const f of layer.features) {
    let blob: Uint8Array | null = null;
    if (f.geometry) {
      blob = gpkgBlob(f.geometry);
      const [minX, maxX, minY, maxY] = envelope(f.geometry);
      box[0] = Math.min(box[0], minX); box[1] = Math.min(box[1], minY); box[2] = Math.max(box[2], maxX); box[3] = Math.max(box[3], maxY);
    }
    insert.run([blob, ...columns.map((c, i) => cell(f.properties?.[c], types[i]))]);
  }
  insert.free();
  db.run('COMMIT');
  const ext = Number.isFinite(box[0]) ? box : [null, null, null, null];
  db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, 4326)', [layer.name, 'features', layer.name, ...ext]);
  db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)', [layer.name, 'geom', geometryTypeName(layer.features)]);
}
