import type { Feature, LineString, Point, Position } from 'geojson';
import { localPlane, toLat, toLon } from '../../src/geo/local-plane.js';

/** Tests draw their maps in metres around a point in Guangzhou and turn them into WGS-84 here. */
export const PLANE = localPlane(113.3, 23.1);

export function ll(x: number, y: number): Position {
  return [toLon(PLANE, x), toLat(PLANE, y)];
}

export function line(coordsM: [number, number][], properties: Record<string, unknown> = {}): Feature<LineString> {
  return { type: 'Feature', properties, geometry: { type: 'LineString', coordinates: coordsM.map(([x, y]) => ll(x, y)) } };
}

export function point(x: number, y: number, properties: Record<string, unknown> = {}): Feature<Point> {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: ll(x, y) } };
}

/** mulberry32: a tiny seeded generator, so every random test is the same on every run. */
export { mulberry32 as seeded } from '../../scripts/synth/random.js';
