// Output layers as PostGIS tables in one schema (`--out postgresql://...?schema=NAME`), written in
// one transaction: a failure half-way leaves the schema as it was, never half a result set. Tables of
// the same names are replaced, so a rerun updates the results beside the bureau's own data.
import { InputError } from '../errors.js';
import { connectPostgis } from './formats/postgis-client.js';
import { parsePostgisUri, quoteIdent } from './formats/postgis-uri.js';
import { toWkb } from './write-wkb.js';
import { cell, columnType, type OutputLayer } from './write-geopackage.js';

const SQL_TYPE = { INTEGER: 'bigint', REAL: 'double precision', TEXT: 'text' } as const;
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

/** Writes the layers (and optional JSON documents, as one-row jsonb tables); returns the table names. */
export async function writePostgisLayers(uri: string, layers: readonly OutputLayer[], documents: Record<string, string> = {}): Promise<string[]> {
  const src = parsePostgisUri(uri);
  const schema = src.schema ?? 'lifecircle';
  if (src.table || src.sql) throw new InputError('--out names a schema (?schema=NAME), not a table or a query', src.label);
  const client = await connectPostgis(src);
  const written: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    for (const layer of layers) {
      const table = `${quoteIdent(schema)}.${quoteIdent(layer.name)}`;
      const keys: string[] = [];
      for (const f of layer.features) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k)) keys.push(k);
      const columns = keys.filter((k) => !/^(fid|geom)$/i.test(k));
      const types = columns.map((k) => columnType(layer.features.map((f) => f.properties?.[k])));
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query(`CREATE TABLE ${table} (fid serial PRIMARY KEY, geom geometry(Geometry, 4326)${columns.map((c, i) => `, ${quoteIdent(c)} ${SQL_TYPE[types[i]]}`).join('')})`);
      const perRow = columns.length + 1;
      const batch = Math.max(1, Math.floor(MAX_PARAMS / perRow));
      for (let i = 0; i < layer.features.length; i += batch) {
        const rows = layer.features.slice(i, i + batch);
        const params: unknown[] = [];
        const values = rows.map((f) => {
          const base = params.length;
          params.push(f.geometry ? Buffer.from(toWkb(f.geometry)) : null, ...columns.map((c, k) => cell(f.properties?.[c], types[k])));
          return `(ST_GeomFromWKB($${base + 1}, 4326)${columns.map((_, k) => `, $${base + k + 2}`).join('')})`;
        });
        await client.query(`INSERT INTO ${table} (geom${columns.map((c) => `, ${quoteIdent(c)}`).join('')}) VALUES ${values.join(', ')}`, params);
      }
      written.push(`${schema}.${layer.name}`);
    }
    for (const [name, json] of Object.entries(documents)) {
      const table = `${quoteIdent(schema)}.${quoteIdent(name)}`;
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query(`CREATE TABLE ${table} (document jsonb NOT NULL)`);
      await client.query(`INSERT INTO ${table} VALUES ($1::jsonb)`, [json]);
      written.push(`${schema}.${name}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof InputError) throw err;
    throw new InputError(`writing the output tables failed, nothing was written (${(err as Error).message})`, src.label);
  } finally {
    await client.end();
  }
  return written;
}
