// A throwaway PostgreSQL 15 + PostGIS 3 server for one test file: initdb in a temporary folder,
// listening on 127.0.0.1 on a free port, stopped and removed after the tests. As root (CI), the
// server runs as the `postgres` user, since PostgreSQL refuses to run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';

export const HAVE_POSTGIS = existsSync(join(BIN, 'initdb')) && existsSync(POSTGIS_CONTROL);
export const NO_POSTGIS = `PostgreSQL 15 + PostGIS 3 (Debian postgresql-15, postgresql-15-postgis-3) are not installed (${BIN})`;

export interface PostgisServer {
  /** postgresql://lifecircle:secret@127.0.0.1:PORT/city */
  uri: string;
  port: number;
  /** Runs SQL through psql, returning its unaligned output. */
  psql(sql: string): string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startPostgis(): Promise<PostgisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args]] as const : [join(BIN, cmd), args] as const;
    const r = spawnSync(full[0], [...full[1]], { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`]);
  const psqlAs = (db: string, sql: string) => {
    const r = spawnSync(join(BIN, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return r.stdout;
  };
  psqlAs('postgres', "CREATE ROLE lifecircle LOGIN PASSWORD 'secret'");
  psqlAs('postgres', 'CREATE DATABASE city OWNER lifecircle');
  psqlAs('city', 'CREATE EXTENSION postgis');
  let stopped = false;
  return {
    uri: `postgresql://lifecircle:secret@127.0.0.1:${port}/city`,
    port,
    psql: (sql) => psqlAs('city', sql),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Loads a file into a table with ogr2ogr (keeps its CRS as the SRID). */
export function ogrToPostgis(server: PostgisServer, file: string, table: string, extra: string[] = []): void {
  execFileSync('ogr2ogr', ['-f', 'PostgreSQL', `PG:host=127.0.0.1 port=${server.port} dbname=city user=lifecircle password=secret`, file, '-nln', table, '-lco', 'GEOMETRY_NAME=geom', '-overwrite', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
}
