// PostGIS: a table or a query, rows streamed through a server-side cursor so that a city-sized
// layer is never held twice (once as rows, once as features). The geometry column is found by its
// type; the coordinate system comes from its SRID.
import type { Feature, Geometry } from 'geojson';
import { InputError } from '../../errors.js';
import { crsFromEpsg, crsFromWkt, unstatedCrs, type LayerCrs } from '../layer-crs.js';
import { epsgDefinition } from '../crs-definitions.js';
import { layerFeatures, type LayerReadOptions } from '../layer-source.js';
import { isEmptyPoint, parseWkb } from '../wkb.js';
import { parsePostgisUri, quoteIdent, type PostgisSource } from './postgis-uri.js';
import { connectPostgis, type PgClient } from './postgis-client.js';

/** Rows per round trip: large enough to keep the wire busy, small enough to bound memory. */
const CURSOR_BATCH = 5000;

export async function readPostgis(uri: string, opts: LayerReadOptions = {}): Promise<Feature[]> {
  const src = parsePostgisUri(uri);
  if (!src.table && !src.sql) throw new InputError('say which rows to read: ?table=schema.name or ?sql=SELECT ...', src.label);
  const client = await connectPostgis(src);
  try {
    return await readRows(client, src, opts);
  } finally {
    await client.end();
  }
}

function baseQuery(src: PostgisSource): string {
  if (src.sql) return src.sql.replace(/;\s*$/, '');
  const t = src.table!;
  return `SELECT * FROM ${t.schema ? `${quoteIdent(t.schema)}.` : ''}${quoteIdent(t.name)}`;
}

async function readRows(client: PgClient, src: PostgisSource, opts: LayerReadOptions): Promise<Feature[]> {
  const types = await client.query("SELECT oid, typname FROM pg_type WHERE typname IN ('geometry', 'geography')").catch((err: Error) => {
    throw new InputError(`cannot query the database (${err.message})`, src.label);
  });
  const geometryOids = new Set((types.rows as { oid: number }[]).map((r) => Number(r.oid)));
  if (geometryOids.size === 0) throw new InputError('the database has no PostGIS (CREATE EXTENSION postgis)', src.label);
  const base = baseQuery(src);
  const probe = await client.query(`SELECT * FROM (${base}) AS lifecircle_q LIMIT 0`).catch((err: Error) => {
    throw new InputError(`the query failed (${err.message})`, src.label);
  });
  const fields = probe.fields as { name: string; dataTypeID: number }[];
  const geomFields = fields.filter((f) => geometryOids.has(f.dataTypeID));
  const geom = src.geometryColumn ? geomFields.find((f) => f.name === src.geometryColumn) : geomFields[0];
  if (!geom) {
    throw new InputError(src.geometryColumn
      ? `no geometry column "${src.geometryColumn}" (geometry columns: ${geomFields.map((f) => f.name).join(', ') || 'none'})`
      : `no geometry column among ${fields.map((f) => f.name).join(', ')}`, src.label);
  }
  if (geomFields.length > 1 && !src.geometryColumn) {
    opts.notes?.push({ level: 'warning', code: 'geometry-column', file: src.label, message: `several geometry columns (${geomFields.map((f) => f.name).join(', ')}); read "${geom.name}" (choose with &geometry=NAME)` });
  }
  const attrs = fields.filter((f) => f !== geom && !geometryOids.has(f.dataTypeID));
  const g = `lifecircle_q.${quoteIdent(geom.name)}`;
  const sql = `SELECT ${attrs.map((f) => `lifecircle_q.${quoteIdent(f.name)}`).join(', ')}${attrs.length ? ', ' : ''}` +
    `ST_AsBinary(${g}::geometry) AS lifecircle_wkb, ST_SRID(${g}::geometry) AS lifecircle_srid FROM (${base}) AS lifecircle_q`;
  const rows: { geometry: Geometry | null; properties: Record<string, unknown> }[] = [];
  let srid: number | undefined;
  const estimate = opts.onRows ? await estimatedRows(client, src) : undefined;
  opts.onRows?.(0, estimate);
  // Columns in the order selected: the attributes, then the geometry's WKB and SRID.
  const names = attrs.map((f) => f.name);
  const wkbAt = names.length;
  for await (const batch of client.cursor(sql, CURSOR_BATCH)) {
    for (const r of batch) {
      const properties: Record<string, unknown> = {};
      for (let k = 0; k < wkbAt; k++) properties[names[k]] = r[k];
      let geometry: Geometry | null = null;
      const wkb = r[wkbAt] as Uint8Array | null;
      if (wkb) {
        geometry = parseWkb(wkb).geometry;
        if (isEmptyPoint(geometry)) geometry = null;
        const s = Number(r[wkbAt + 1]);
        if (srid === undefined) srid = s;
        else if (s !== srid) throw new InputError(`rows mix SRIDs ${srid} and ${s}; transform them to one (ST_Transform) in ?sql=`, src.label, rows.length, geom.name);
      }
      rows.push({ geometry, properties });
    }
    opts.onRows?.(rows.length, estimate);
  }
  const crs = await sridCrs(client, srid, src.label);
  return layerFeatures(rows, crs, src.label, opts);
}

/**
 * The planner's estimate of a table's rows (pg_class.reltuples, kept by ANALYZE and autovacuum), so
 * a progress bar can show a share without counting the table first; undefined for a query or a
 * table never analysed.
 */
async function estimatedRows(client: PgClient, src: PostgisSource): Promise<number | undefined> {
  if (!src.table) return undefined;
  const name = `${src.table.schema ? `${quoteIdent(src.table.schema)}.` : ''}${quoteIdent(src.table.name)}`;
  const res = await client.query('SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)', [name]).catch(() => undefined);
  const n = Number((res?.rows[0] as { n?: number } | undefined)?.n);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
}

async function sridCrs(client: PgClient, srid: number | undefined, source: string): Promise<LayerCrs> {
  if (srid === undefined || srid === 0) return unstatedCrs('SRID 0');
  if (epsgDefinition(srid)) return crsFromEpsg(srid, source);
  const res = await client.query('SELECT auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = $1', [srid]);
  const row = res.rows[0] as { auth_name?: string; auth_srid?: number; srtext?: string } | undefined;
  if (row?.auth_name?.toUpperCase() === 'EPSG' && row.auth_srid && epsgDefinition(Number(row.auth_srid))) return crsFromEpsg(Number(row.auth_srid), source);
  if (row?.srtext) return crsFromWkt(row.srtext, source);
  return crsFromEpsg(srid, source);
}
