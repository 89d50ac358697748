import type { Position } from 'geojson';
import { localPlane, toX, toY, type LocalPlane } from '../geo/local-plane.js';

/**
 * The report map's projection: a local equirectangular plane at the data's mid-latitude (cheap-ruler's
 * factors), in metres with y pointing down as SVG wants it. At city scale it keeps shapes and
 * distances within 0.1%, so the scale bar can be drawn in metres.
 */
export interface MapProjection {
  readonly plane: LocalPlane;
  /** Decimals kept in path coordinates (metres). */
  readonly digits: number;
  /** Simplification tolerance for drawn lines and rings, metres. */
  readonly toleranceM: number;
  /** The view: [minX, minY, width, height] in projected metres. */
  readonly viewBox: [number, number, number, number];
}

export function mapProjection(positions: Iterable<Position>): MapProjection {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const [lon, lat] of positions) {
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  if (!Number.isFinite(minLon)) { minLon = maxLon = 113.26; minLat = maxLat = 23.13; }
  const plane = localPlane((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const w = Math.max((maxLon - minLon) * plane.kx, 50);
  const h = Math.max((maxLat - minLat) * plane.ky, 50);
  const pad = 0.04 * Math.max(w, h);
  const extent = Math.max(w, h);
  const digits = extent > 4000 ? 0 : 1;
  return {
    plane,
    digits,
    toleranceM: Math.max(extent / 4000, 0.2),
    viewBox: [round(-w / 2 - pad, digits), round(-h / 2 - pad, digits), round(w + 2 * pad, digits), round(h + 2 * pad, digits)],
  };
}

export function project(p: MapProjection, lon: number, lat: number): [number, number] {
  return [toX(p.plane, lon), -toY(p.plane, lat)];
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // no "-0" in the markup
}

/**
 * Douglas-Peucker on a projected line: keeps the points that stray more than `tolerance` from the
 * chord. Endpoints are always kept, so a closed ring stays closed.
 */
export function simplifyLine(points: [number, number][], tolerance: number): [number, number][] {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = points[a], [bx, by] = points[b];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1, worstD = t2;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      let d: number;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d > worstD) { worst = i; worstD = d; }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/**
 * SVG path data for one line or ring of projected points: the first point absolute, the rest as
 * relative line-tos between the rounded points (short numbers, and no drift since each step is taken
 * between already rounded positions); consecutive duplicates after rounding are dropped.
 */
export function pathData(points: [number, number][], digits: number, close: boolean): string {
  let out = '';
  let emitted = 0, lastX = 0, lastY = 0;
  for (const [px, py] of points) {
    const x = round(px, digits), y = round(py, digits);
    if (emitted === 0) {
      out = `M${x} ${y}`;
    } else {
      const dx = round(x - lastX, digits), dy = round(y - lastY, digits);
      if (dx === 0 && dy === 0) continue;
      // A minus sign separates numbers by itself.
      out += `${emitted === 1 ? 'l' : dx < 0 ? '' : ' '}${dx}${dy < 0 ? '' : ' '}${dy}`;
    }
    emitted++;
    lastX = x; lastY = y;
  }
  return close ? `${out}Z` : out;
}
