import type { Feature, Position } from 'geojson';

/** Every vertex of the lines of a network (for its convex hull). */
export function featurePositions(features: readonly Feature[]): Position[] {
  const out: Position[] = [];
  for (const f of features) {
    const g = f.geometry;
    if (g?.type === 'LineString') out.push(...g.coordinates);
    else if (g?.type === 'MultiLineString') for (const l of g.coordinates) out.push(...l);
  }
  return out;
}
