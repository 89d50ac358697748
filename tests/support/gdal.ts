// GDAL's command-line tools (Debian gdal-bin) as an independent writer and reader of GIS formats.
// Tests that need them skip, saying why, when they are not installed; .ci/run installs them.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

export const HAVE_GDAL = spawnSync('ogr2ogr', ['--version']).status === 0;
export const NO_GDAL = 'GDAL (ogr2ogr, Debian gdal-bin) is not installed';

export function ogr2ogr(args: string[], env: Record<string, string> = {}): void {
  execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
}

export function ogrinfo(args: string[]): string {
  return execFileSync('ogrinfo', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** WGS-84 lon/lat of projected points by gdaltransform (PROJ), one per input point. */
export async function gdalToWgs84(srs: string, points: [number, number][]): Promise<[number, number][]> {
  const child = promisify(execFile)('gdaltransform', ['-s_srs', srs, '-t_srs', 'EPSG:4326', '-output_xy'], { encoding: 'utf8' });
  child.child.stdin!.end(points.map((p) => `${p[0]} ${p[1]}`).join('\n') + '\n');
  const out = (await child).stdout;
  // gdaltransform keeps the traditional GIS order (x = easting / longitude) on both sides.
  return out.trim().split('\n').map((l) => {
    const [lon, lat] = l.trim().split(/\s+/).map(Number);
    return [lon, lat];
  });
}
