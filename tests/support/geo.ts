import type { Feature, LineString, Point, Polygon, Position } from 'geojson';
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

/**
 * The one-street town most tests are worked on by hand: a straight street along y = 0 from x0 to x1
 * metres, a vertex every 100 m, so every walk along it is |x1 - x2| metres (60 m a minute at 3.6 km/h).
 */
export function straightStreet(x0: number, x1: number, properties: Record<string, unknown> = { highway: 'residential' }): Feature<LineString> {
  return line(Array.from({ length: Math.round((x1 - x0) / 100) + 1 }, (_, i) => [x0 + i * 100, 0] as [number, number]), properties);
}

/** A community on that street: the band from x0 to x1 metres along it, 50 m either side. */
export function band(x0: number, x1: number, properties: Record<string, unknown> = {}): Feature<Polygon> {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [[ll(x0, -50), ll(x1, -50), ll(x1, 50), ll(x0, 50), ll(x0, -50)]] } };
}

/** A street drawn vertex by vertex every `stepM`, so that crossing streets share vertices and join. */
export function streetEvery(from: [number, number], to: [number, number], stepM = 50): Feature<LineString> {
  const n = Math.max(1, Math.round(Math.hypot(to[0] - from[0], to[1] - from[1]) / stepM));
  return line(Array.from({ length: n + 1 }, (_, k) => [from[0] + ((to[0] - from[0]) * k) / n, from[1] + ((to[1] - from[1]) * k) / n] as [number, number]));
}

/** A 100 m street grid of n x n blocks, each block side a separate line; `keep` decides which stay. */
export function blockGrid(n: number, keep: (x: number, y: number, horizontal: boolean) => boolean = () => true): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= n; j++) {
      if (i < n && keep(i * 100, j * 100, true)) out.push(streetEvery([i * 100, j * 100], [(i + 1) * 100, j * 100]));
      if (j < n && keep(i * 100, j * 100, false)) out.push(streetEvery([i * 100, j * 100], [i * 100, (j + 1) * 100]));
    }
  }
  return out;
}

/** mulberry32: a tiny seeded generator, so every random test is the same on every run. */
export { mulberry32 as seeded } from '../../scripts/synth/random.js';
