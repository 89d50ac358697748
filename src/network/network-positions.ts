import type { Feature, Position } from 'geojson';
import type { Network } from './network.js';
import { isWalkable } from './walkable.js';

/**
 * Every position of the walkable network (for its convex hull): the lines the graph is built from, or
 * the vertices of a network already built (the same points, so both give the same hull).
 */
export function networkPositions(network: readonly Feature[] | Network): Position[] {
  if (!Array.isArray(network)) {
    const built = network as Network;
    return Array.from({ length: built.vertexCount }, (_, v) => [built.vertexLon[v], built.vertexLat[v]]);
  }
  const out: Position[] = [];
  for (const f of network as readonly Feature[]) {
    if (!isWalkable(f.properties ?? null)) continue;
    const g = f.geometry;
    if (g?.type === 'LineString') out.push(...g.coordinates);
    else if (g?.type === 'MultiLineString') for (const l of g.coordinates) out.push(...l);
  }
  return out;
}
