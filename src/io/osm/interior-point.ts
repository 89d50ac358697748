// A point that stands for a polygon: its area centroid when that lies inside (what planners and
// osmium-based tools expect), otherwise the middle of the widest interior stretch of a horizontal
// line through the centroid (the scan-line idea of JTS InteriorPointArea), so an L-shaped school
// or a ring-shaped park still gets a point on its own ground.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import CheapRuler from 'cheap-ruler';
import { pointInRing } from './rings.js';

/**
 * Area centroid and area (in squared degrees) of a polygon with holes, computed about the first
 * vertex for precision. Each ring's own centroid is (moment / 3a) whatever its winding, so weighting
 * it by |a| and subtracting holes needs only the sign of each ring's a.
 */
function centroidOf(rings: Position[][]): { x: number; y: number; area: number } {
  const ox = rings[0][0][0];
  const oy = rings[0][0][1];
  let area = 0;
  let mx = 0;
  let my = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    let a = 0;
    let x = 0;
    let y = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const x0 = ring[j][0] - ox;
      const y0 = ring[j][1] - oy;
      const x1 = ring[i][0] - ox;
      const y1 = ring[i][1] - oy;
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      x += (x0 + x1) * cross;
      y += (y0 + y1) * cross;
    }
    const k = (r === 0 ? 1 : -1) * Math.sign(a);
    area += (r === 0 ? 1 : -1) * Math.abs(a);
    mx += k * x;
    my += k * y;
  }
  if (area <= 0) return { x: ox, y: oy, area: 0 };
  return { x: ox + mx / (3 * area), y: oy + my / (3 * area), area: area / 2 };
}

function insidePolygon(x: number, y: number, rings: Position[][]): boolean {
  if (!pointInRing(x, y, rings[0])) return false;
  for (let r = 1; r < rings.length; r++) if (pointInRing(x, y, rings[r])) return false;
  return true;
}

function scanLinePoint(rings: Position[][], y: number): Position | null {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
  }
  if (xs.length < 2) return null;
  xs.sort((a, b) => a - b);
  let best = -1;
  let bestWidth = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1] - xs[i];
    if (w > bestWidth) {
      bestWidth = w;
      best = i;
    }
  }
  return [(xs[best] + xs[best + 1]) / 2, y];
}

function polygonInteriorPoint(rings: Position[][]): Position {
  const c = centroidOf(rings);
  if (insidePolygon(c.x, c.y, rings)) return [c.x, c.y];
  let south = Infinity;
  let north = -Infinity;
  for (const p of rings[0]) {
    if (p[1] < south) south = p[1];
    if (p[1] > north) north = p[1];
  }
  // The centroid's latitude first, then the middle of the extent; a line through a vertex is
  // still fine for the half-open crossing rule above.
  for (const y of [c.y, (south + north) / 2]) {
    const p = scanLinePoint(rings, y);
    if (p && insidePolygon(p[0], p[1], rings)) return p;
  }
  return rings[0][0].slice(0, 2);
}

/** An interior point of a polygon; for a MultiPolygon, of its largest part. */
export function interiorPoint(geometry: Polygon | MultiPolygon): Position {
  if (geometry.type === 'Polygon') return polygonInteriorPoint(geometry.coordinates);
  let best = geometry.coordinates[0];
  let bestArea = -1;
  for (const poly of geometry.coordinates) {
    const a = Math.abs(centroidOf(poly).area);
    if (a > bestArea) {
      bestArea = a;
      best = poly;
    }
  }
  return polygonInteriorPoint(best);
}

/** Footprint area in square metres (holes subtracted), on the local plane of cheap-ruler. */
export function areaM2(geometry: Polygon | MultiPolygon): number {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const rings of polys) {
    const ruler = new CheapRuler(rings[0][0][1], 'meters');
    total += ruler.area(rings as [number, number][][]);
  }
  return total;
}
