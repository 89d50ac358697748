// postgresql://user:pass@host:port/db?table=schema.name (or &sql=SELECT ...): the connection part
// for pg, the layer part for lifecircle, and a label for messages that never shows the password.
import { InputError } from '../../errors.js';

export interface PostgisSource {
  /** The connection string pg receives (lifecircle's own parameters removed). */
  connectionString: string;
  table?: { schema?: string; name: string };
  sql?: string;
  /** Geometry column to use when a table has several (default: the first). */
  geometryColumn?: string;
  /** Output schema (`--out postgresql://...?schema=NAME`). */
  schema?: string;
  /** The URI with the password masked, for messages and summary.json. */
  label: string;
}

export function isPostgisUri(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

export function parsePostgisUri(uri: string): PostgisSource {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InputError('not a valid postgresql:// URI', maskPassword(uri));
  }
  const take = (name: string) => {
    const v = url.searchParams.get(name) ?? undefined;
    url.searchParams.delete(name);
    return v;
  };
  const tableText = take('table');
  const sql = take('sql');
  const geometryColumn = take('geometry');
  const schema = take('schema');
  const label = maskPassword(uri);
  const conn = new URL(uri);
  for (const k of ['table', 'sql', 'geometry', 'schema']) conn.searchParams.delete(k);
  let table: PostgisSource['table'];
  if (tableText) {
    const dot = tableText.indexOf('.');
    table = dot > 0 ? { schema: tableText.slice(0, dot), name: tableText.slice(dot + 1) } : { name: tableText };
  }
  return { connectionString: conn.toString(), table, sql, geometryColumn, schema, label };
}

export function maskPassword(uri: string): string {
  return uri.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
