import type { Feature, Position } from 'geojson';
import pointOnFeature from '@turf/point-on-feature';
import { InputError } from '../errors.js';
import { checkPosition } from './validate-coordinates.js';

/**
 * The position that stands for a facility, resident or origin: a Point itself, a Polygon's interior
 * point (a building or a site drawn as an area). Other geometries are an error naming the feature.
 */
export function featurePosition(f: Feature, file: string | undefined, index: number): Position {
  const g = f.geometry;
  if (!g) throw new InputError('the feature has no geometry; expected a Point', file, index, 'geometry');
  if (g.type === 'Point') {
    checkPosition(g.coordinates, file, index, 'geometry.coordinates');
    return g.coordinates;
  }
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
    rings.forEach((ring, r) => ring.forEach((p, k) => checkPosition(p, file, index, `geometry.coordinates (ring ${r}, position ${k})`)));
    if (rings.length === 0 || rings[0].length < 4) throw new InputError('the polygon has no ring of at least 4 positions', file, index, 'geometry.coordinates');
    return pointOnFeature(f).geometry.coordinates;
  }
  throw new InputError(`expected a Point or Polygon geometry, got ${g.type}`, file, index, 'geometry.type');
}

/** A feature's id as DESIGN section 5 defines it: its `id` property, else its GeoJSON id, else its index. */
export function featureId(f: Feature, index: number): string | number {
  const p = f.properties?.id;
  if (typeof p === 'string' || typeof p === 'number') return p;
  if (f.id !== undefined) return f.id;
  return index;
}
