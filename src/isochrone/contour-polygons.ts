import type { MultiPolygon, Position } from 'geojson';
import type { LocalPlane } from '../geo/local-plane.js';
import type { TimeRaster } from './time-raster.js';
import { MarchWorkspace } from './march-squares.js';

export interface ContourOptions {
  /** Polygons and holes smaller than this are dropped (specks, pinholes). */
  minAreaM2: number;
  /** Decimal places of the output longitude and latitude (7 is about 1 cm). */
  decimals: number;
  /** Largest distance a point may move when rings are simplified, metres (0: not simplified). */
  simplifyM?: number;
}

/**
 * The region of the raster within each level (metres walked), as WGS-84 MultiPolygons: marching
 * squares with linear interpolation (`MarchWorkspace`), holes kept, specks dropped, coordinates rounded,
 * rings oriented as RFC 7946 asks (exterior counter-clockwise, holes clockwise).
 *
 * All levels come from one surface, so the regions nest: a cell within a lower level is within every
 * higher one. An area filter keeps nesting too, since a piece of a lower level lies inside a piece of a
 * higher level that is at least as large, and a hole of a higher level inside a hole at least as large.
 */
export function contourPolygons(raster: TimeRaster, levelsM: readonly number[], plane: LocalPlane, opts: ContourOptions, workspace = new MarchWorkspace()): MultiPolygon[] {
  const { nx, ny, x0, y0, cellM, rowMin, rowMax } = raster;
  const grid = { values: raster.grid(), nx, ny, rowMin, rowMax };
  const scale = 10 ** opts.decimals;
  const minArea = opts.minAreaM2 / (cellM * cellM);
  const { lon0, lat0, kx, ky } = plane;

  const tolerance = (opts.simplifyM ?? 0) / cellM;
  const toRing = (full: Float64Array): Position[] | undefined => {
    const ring = tolerance > 0 ? simplifyRing(full, tolerance) : full;
    const out: Position[] = [];
    let prevLon = NaN, prevLat = NaN;
    for (let k = 0; k < ring.length; k += 2) {
      const lon = Math.round((lon0 + (x0 + ring[k] * cellM) / kx) * scale) / scale;
      const lat = Math.round((lat0 + (y0 + ring[k + 1] * cellM) / ky) * scale) / scale;
      if (lon === prevLon && lat === prevLat) continue;
      out.push([lon, lat]);
      prevLon = lon;
      prevLat = lat;
    }
    const first = out[0];
    if (out.length > 1 && first[0] === prevLon && first[1] === prevLat) out.pop();
    if (out.length < 3) return undefined;
    out.push([first[0], first[1]]);
    return out;
  };

  return levelsM.map((level) => {
    // Values are negated walking metres: the region within `level` is where the value is >= -level.
    const coordinates: Position[][][] = [];
    for (const polygon of workspace.polygons(grid, -level, minArea)) {
      const exterior = toRing(polygon.rings[0]);
      if (!exterior) continue;
      const rings = [orient(exterior, true)];
      for (let h = 1; h < polygon.rings.length; h++) {
        const hole = toRing(polygon.rings[h]);
        if (hole) rings.push(orient(hole, false));
      }
      coordinates.push(rings);
    }
    return { type: 'MultiPolygon', coordinates };
  });
}

/**
 * A closed ring (flat, unclosed) simplified by Douglas-Peucker: kept points are the ring's two points
 * farthest apart along x + y, then recursively the point farthest from each chord while it lies more
 * than `tolerance` away. Every dropped point lies within `tolerance` of the simplified ring.
 */
export function simplifyRing(ring: Float64Array, tolerance: number): Float64Array {
  const n = ring.length / 2;
  if (n <= 4) return ring;
  // Two anchors far apart, so the ring splits into two open chains.
  let a = 0, b = 0;
  for (let k = 1; k < n; k++) {
    const s = ring[2 * k] + ring[2 * k + 1];
    if (s < ring[2 * a] + ring[2 * a + 1]) a = k;
    if (s > ring[2 * b] + ring[2 * b + 1]) b = k;
  }
  if (a === b) return ring;
  const keep = new Uint8Array(n);
  keep[a] = keep[b] = 1;
  const t2 = tolerance * tolerance;
  const stack: number[] = [a, b, b, a];
  while (stack.length) {
    const to = stack.pop()!, from = stack.pop()!;
    const x0 = ring[2 * from], y0 = ring[2 * from + 1];
    const dx = ring[2 * to] - x0, dy = ring[2 * to + 1] - y0;
    const len2 = dx * dx + dy * dy;
    let worst = -1, worstD = t2;
    for (let k = (from + 1) % n; k !== to; k = (k + 1) % n) {
      const px = ring[2 * k] - x0, py = ring[2 * k + 1] - y0;
      let d2: number;
      if (len2 === 0) d2 = px * px + py * py;
      else {
        const u = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const ex = px - u * dx, ey = py - u * dy;
        d2 = ex * ex + ey * ey;
      }
      if (d2 > worstD) { worstD = d2; worst = k; }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(from, worst, worst, to);
    }
  }
  let m = 0;
  for (let k = 0; k < n; k++) m += keep[k];
  if (m < 3) return ring;
  const out = new Float64Array(2 * m);
  for (let k = 0, o = 0; k < n; k++) if (keep[k]) { out[o++] = ring[2 * k]; out[o++] = ring[2 * k + 1]; }
  return out;
}

/** Shoelace area (positive when counter-clockwise with y up). */
function ringArea(ring: readonly (readonly number[])[]): number {
  let a = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

function orient(ring: Position[], counterClockwise: boolean): Position[] {
  return (ringArea(ring) > 0) === counterClockwise ? ring : ring.reverse();
}
