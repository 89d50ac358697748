// SQLite for GeoPackages through sql.js (SQLite compiled to WebAssembly): no native build, so it
// installs anywhere npm does and runs in a browser too. better-sqlite3 was measured as the
// alternative (see benchmarks/READERS.md): v12 has no prebuilt binary reachable here and compiles
// from source for minutes on every install; v13 crashes on Node 20.
import type { Database, SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

export async function sqlite(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js').then((m) => ((m as unknown as { default: (o?: object) => Promise<SqlJsStatic> }).default ?? (m as unknown as (o?: object) => Promise<SqlJsStatic>))());
  return sqlJs;
}

/** Rows of a query as objects keyed by column name. */
export function queryRows(db: Database, sql: string, params: (string | number)[] = []): Record<string, unknown>[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Record<string, unknown>[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as Record<string, unknown>);
    return rows;
  } finally {
    stmt.free();
  }
}

/** An identifier quoted for SQL ("my table" with inner quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
