import type { Feature, Position } from 'geojson';
import pointOnFeature from '@turf/point-on-feature';
import { InputError } from '../errors.js';
import { checkPosition } from './validate-coordinates.js';

/**
 * The position that stands for a facility, resident or origin: a Point itself, or a point on any other
 * geometry (a Polygon's interior point: a building or a site drawn as an area).
 */
export function featurePosition(f: Feature, file: string | undefined, index: number): Position {
  const g = f.geometry;
  if (!g) throw new InputError('the feature has no geometry; expected a Point', file, index, 'geometry');
  if (g.type === 'Point') {
    checkPosition(g.coordinates, file, index, 'geometry.coordinates');
    return g.coordinates;
  }
  if (g.type === 'GeometryCollection') {
    throw new InputError('expected a Point or Polygon geometry, got GeometryCollection', file, index, 'geometry.type');
  }
  // Areas (a building, a park) and lines (a running track) stand at a point on them: for an area its
  // interior, never a centroid that may fall outside a concave shape.
  const parts: Position[] = g.type === 'MultiPoint' || g.type === 'LineString' ? g.coordinates
    : g.type === 'MultiLineString' || g.type === 'Polygon' ? g.coordinates.flat()
    : g.coordinates.flat(2);
  if (parts.length === 0) throw new InputError(`the ${g.type} has no coordinates`, file, index, 'geometry.coordinates');
  parts.forEach((p, k) => checkPosition(p, file, index, `geometry.coordinates (position ${k})`));
  if ((g.type === 'Polygon' && g.coordinates[0].length < 4)) {
    throw new InputError('the polygon has no ring of at least 4 positions', file, index, 'geometry.coordinates');
  }
  try {
    return pointOnFeature(closedRings(f)).geometry.coordinates;
  } catch (err) {
    throw new InputError(`cannot find a point on this ${g.type} (${err instanceof Error ? err.message : String(err)})`, file, index, 'geometry.coordinates');
  }
}

/** The feature with every unclosed polygon ring closed, on a copy (inputs are never modified). */
function closedRings(f: Feature): Feature {
  const g = f.geometry;
  if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') return f;
  const close = (ring: Position[]) => {
    const a = ring[0], b = ring[ring.length - 1];
    return a && b && (a[0] !== b[0] || a[1] !== b[1]) ? [...ring, a] : ring;
  };
  const coordinates = g.type === 'Polygon' ? g.coordinates.map(close) : g.coordinates.map((p) => p.map(close));
  return { ...f, geometry: { ...g, coordinates } as typeof g };
}

/** A feature's id, the one every output names it by (ARCHITECTURE.md, "Contracts"): its `id` property, else its GeoJSON id, else its index. */
export function featureId(f: Feature, index: number): string | number {
  const p = f.properties?.id;
  if (typeof p === 'string' || typeof p === 'number') return p;
  if (f.id !== undefined) return f.id;
  return index;
}
