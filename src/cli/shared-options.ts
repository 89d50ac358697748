import { InvalidArgumentError } from 'commander';
import { DEFAULT_SNAP_MAX_M } from '../network/link-points.js';
import { DEFAULT_WALK_SPEED_KMH } from '../geo/walking-speed.js';

/** Parses a positive number for an option, or tells commander why not (exit code 2). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/** Parses a comma-separated list of positive numbers, e.g. "5,10,15". */
export function positiveNumberList(value: string): number[] {
  return value.split(',').map((s) => positiveNumber(s.trim()));
}

/**
 * A parser for a number that must lie in [min, max]: `--grid-m 1e-9` would loop for ever and
 * `--speed-kmh 1e308` overflows later into a message about another field, so both are refused here,
 * where commander names the flag. The range is wide enough for any real use and says so.
 */
export function numberInRange(min: number, max: number, unit: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number of ${unit}, got "${value}"`);
    if (n < min || n > max) throw new InvalidArgumentError(`expected ${min} to ${max} ${unit}, got ${value}`);
    return n;
  };
}

/** Ranges of the numeric flags shared by several commands. */
export const SPEED_KMH = numberInRange(0.5, 60, 'km/h');
export const SNAP_MAX_M = numberInRange(0.1, 100_000, 'metres');
export const GRID_M = numberInRange(1, 10_000, 'metres');
export const SPACING_M = numberInRange(5, 10_000, 'metres');

/** A whole number at least `min` (limits such as --max-grid-cells). */
export function wholeNumberAtLeast(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    return n;
  };
}

export function nameList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export const SHARED_OPTION_HELP = {
  speedKmh: `walking speed in km/h (default ${DEFAULT_WALK_SPEED_KMH}, or the standard's)`,
  snapMaxM: `points farther than this many metres from every street are unlinked (default ${DEFAULT_SNAP_MAX_M})`,
  quiet: 'no progress output',
};

export const CRS_CHOICES = ['wgs84', 'gcj02', 'bd09'] as const;
export const ENCODING_CHOICES = ['auto', 'utf8', 'gbk', 'gb18030'] as const;
export const CSV_OPTION_HELP = {
  crs: 'coordinate system of the facilities: wgs84, gcj02 (Amap/Gaode, Tencent) or bd09 (Baidu), for a CSV, GeoJSON, Shapefile, GeoPackage, FlatGeobuf or PostGIS input (after the layer\'s own CRS); a CSV that does not state it is read as WGS-84 with a warning',
  populationCrs: 'coordinate system of the population input (choices as --crs, any format); a CSV that does not state it is read as WGS-84 with a warning',
  pointsCrs: 'coordinate system of the points input (choices as --crs, any format); a CSV that does not state it is read as WGS-84 with a warning',
  candidatesCrs: 'coordinate system of the candidates input (choices as --crs, any format); a CSV that does not state it is read as WGS-84 with a warning',
  encoding: 'text encoding of CSV inputs (default: detected; GBK/GB18030 files from Excel read right)',
};

/** Appended to the help of every command that reads layers. */
export const LAYER_SOURCES_HELP = `
A <source> is a file or a database table, chosen by its name:
  streets.geojson | streets.geojsonl            GeoJSON / GeoJSONSeq (WGS-84)
  roads.shp | roads.zip                         Shapefile (.dbf/.prj/.cpg beside it, or zipped); GBK detected
  city.gpkg?layer=roads | one-layer.gpkg        GeoPackage
  roads.fgb                                     FlatGeobuf
  'postgresql://user:pass@host:5432/db?table=schema.roads'  (or &sql=SELECT ...)  PostGIS
  pois.csv                                      CSV with lon,lat (points only)
Projected layers (CGCS2000 Gauss-Krüger EPSG:4491-4554, UTM, Web Mercator) are converted to WGS-84
from their .prj / srs / SRID; a projected layer that states no CRS is refused.`;
