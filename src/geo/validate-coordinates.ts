import type { Position } from 'geojson';
import { InputError } from '../errors.js';

/**
 * Checks one WGS-84 position and says what is most likely wrong with it. Projected inputs (metres)
 * and swapped axes are the two mistakes planners make most, so they get their own words.
 */
export function checkPosition(p: unknown, file: string | undefined, feature: number, field: string): asserts p is Position {
  if (!Array.isArray(p) || p.length < 2) {
    throw new InputError('expected a [longitude, latitude] position', file, feature, field);
  }
  checkLonLat(p[0], p[1], file, feature, field);
}

/** checkPosition for a longitude and latitude held apart (a PointColumns' point), with the same messages. */
export function checkLonLat(lon: unknown, lat: unknown, file: string | undefined, feature: number, field: string): void {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new InputError(`coordinates must be finite numbers, got [${String(lon)}, ${String(lat)}]`, file, feature, field);
  }
  if (Math.abs(lon) <= 180 && Math.abs(lat) <= 90) return;
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
    throw new InputError(
      `coordinates [${lon}, ${lat}] look projected (metres); lifecircle needs WGS-84 longitude, latitude (EPSG:4326)`,
      file, feature, field,
    );
  }
  if (Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
    throw new InputError(
      `coordinates [${lon}, ${lat}] look swapped (latitude, longitude); GeoJSON order is [longitude, latitude]`,
      file, feature, field,
    );
  }
  throw new InputError(`coordinates [${lon}, ${lat}] are out of range for longitude, latitude`, file, feature, field);
}
