// China's map services publish offset coordinates: Amap (Gaode), Tencent and Google China use
// GCJ-02, Baidu uses BD-09 (GCJ-02 offset once more). Left unconverted they sit 100-700 m from the
// OSM streets, enough to put a clinic on the wrong side of a block. gcoord (maintained, MIT, no
// dependencies) does the conversions; its GCJ-02 inverse iterates to 1e-6 degrees (about 0.1 m).
import gcoordImport from 'gcoord';
import type { Position } from 'geojson';

/** Coordinate systems a point table may be in. */
export type PointCrs = 'wgs84' | 'gcj02' | 'bd09';

// gcoord ships CommonJS whose typings declare an ES default export; under NodeNext the default
// import is module.exports itself at run time, while a bundler's ESM build gives `.default`.
type Gcoord = typeof gcoordImport.default;
const gcoord: Gcoord = ((gcoordImport as unknown as { default?: Gcoord }).default ?? gcoordImport) as Gcoord;

/**
 * gcoord's own test for "inside China": outside it GCJ-02 equals WGS-84 and gcoord returns the
 * input unchanged. Exported so importers can warn about points a Chinese CRS cannot apply to.
 */
export function inChinaBox(lon: number, lat: number): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

/** Converts one [lon, lat] from `crs` to WGS-84. */
export function toWgs84(position: Position, crs: PointCrs): Position {
  if (crs === 'wgs84') return [position[0], position[1]];
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return gcoord.transform([position[0], position[1]] as [number, number], from, gcoord.WGS84);
}

/** Converts one [lon, lat] from WGS-84 to `crs` (for writing back, and for tests' round trips). */
export function fromWgs84(position: Position, crs: PointCrs): Position {
  if (crs === 'wgs84') return [position[0], position[1]];
  const to = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return gcoord.transform([position[0], position[1]] as [number, number], gcoord.WGS84, to);
}

/** Parses a user's CRS name; accepts the common spellings (GCJ-02, amap, BD09LL, baidu, EPSG:4326). */
export function parseCrs(name: string): PointCrs | undefined {
  const key = name.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (['wgs84', 'wgs1984', 'epsg:4326', 'epsg4326', '4326', 'gps'].includes(key)) return 'wgs84';
  if (['gcj02', 'gcj', 'amap', 'gaode', 'autonavi', 'mars', 'tencent', 'qq'].includes(key)) return 'gcj02';
  if (['bd09', 'bd09ll', 'baidu', 'bmap'].includes(key)) return 'bd09';
  return undefined;
}
