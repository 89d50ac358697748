// The few things lifecircle asks of PostgreSQL, over `pg` (node-postgres, the maintained pure-JS
// client) and `pg-cursor` for reading in batches. Numbers come back as numbers (pg gives bigint
// and numeric as strings, to keep precision that populations and capacities do not need) and
// dates as their text, so that a table reads like the GeoJSON it was loaded from.
import { InputError } from '../../errors.js';
import type { PostgisSource } from './postgis-uri.js';

export interface PgResult {
  rows: Record<string, unknown>[];
  fields: { name: string; dataTypeID: number }[];
}

export interface PgClient {
  query(sql: string, params?: unknown[]): Promise<PgResult>;
  /**
   * Rows of `sql` in batches of `size`, through a server-side cursor, each row an array of its
   * columns in the query's order (no object per row: a layer may have millions).
   */
  cursor(sql: string, size: number): AsyncIterable<unknown[][]>;
  end(): Promise<void>;
}

const INT8 = 20, NUMERIC = 1700, DATE = 1082, TIMESTAMP = 1114, TIMESTAMPTZ = 1184;

export async function connectPostgis(src: PostgisSource): Promise<PgClient> {
  const [{ default: pg }, { default: Cursor }] = await Promise.all([import('pg'), import('pg-cursor')]);
  const typeParser = (oid: number, format?: string) => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === DATE || oid === TIMESTAMP || oid === TIMESTAMPTZ) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  };
  const client = new pg.Client({ connectionString: src.connectionString, types: { getTypeParser: typeParser as never } });
  try {
    await client.connect();
  } catch (err) {
    throw new InputError(`cannot connect to the database (${(err as Error).message})`, src.label);
  }
  return {
    query: async (sql, params) => {
      const r = await client.query(sql, params as unknown[]);
      return { rows: r.rows as Record<string, unknown>[], fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) };
    },
    cursor: (sql, size) => ({
      async *[Symbol.asyncIterator]() {
        const cursor = client.query(new Cursor(sql, undefined, { rowMode: 'array' }));
        try {
          for (;;) {
            const rows = await cursor.read(size).catch((err: Error) => {
              throw new InputError(`the query failed (${err.message})`, src.label);
            });
            if (rows.length === 0) break;
            yield rows as unknown[][];
          }
        } finally {
          await cursor.close();
        }
      },
    }),
    end: () => client.end(),
  };
}
