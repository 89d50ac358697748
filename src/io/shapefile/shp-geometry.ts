// The geometries of an ESRI .shp file (ESRI Shapefile Technical Description, 1998), as GeoJSON.
// Written here rather than taken from `shapefile` or `shpjs`: both read the L city's network about
// three times slower than its GeoJSON (see benchmarks/READERS.md), and the format is a fixed layout.
import type { Geometry, Position } from 'geojson';
import { InputError } from '../../errors.js';

const NULL = 0, POINT = 1, POLYLINE = 3, POLYGON = 5, MULTIPOINT = 8;

/** Each record's geometry (null for a null shape), in file order. */
/** `onRecord(i, share of the file parsed)` after each record, for a progress bar. */
export function readShpGeometries(shp: Uint8Array, file: string, onRecord?: (i: number, fraction: number) => void): (Geometry | null)[] {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.byteLength < 100 || view.getInt32(0, false) !== 9994) throw new InputError('not a shapefile (.shp): its header does not start with 9994', file);
  const end = Math.min(shp.byteLength, view.getInt32(24, false) * 2);
  const out: (Geometry | null)[] = [];
  let at = 100;
  while (at + 8 <= end) {
    const length = view.getInt32(at + 4, false) * 2;
    const content = at + 8;
    if (content + length > shp.byteLength || length < 4) throw new InputError(`record ${out.length + 1} runs past the end of the file (truncated .shp?)`, file, out.length);
    out.push(readShape(view, content, file, out.length));
    at = content + length;
    onRecord?.(out.length, at / end);
  }
  return out;
}

function readShape(view: DataView, at: number, file: string, index: number): Geometry | null {
  const type = view.getInt32(at, true);
  // Z (1x) and M (2x) variants share the x/y layout; z and m are not used. 31 is MultiPatch.
  const base = type === 31 ? -1 : type % 10;
  if (type === NULL) return null;
  if (base === POINT) {
    const x = view.getFloat64(at + 4, true);
    const y = view.getFloat64(at + 12, true);
    return { type: 'Point', coordinates: [x, y] };
  }
  if (base === MULTIPOINT) {
    const n = view.getInt32(at + 36, true);
    const coords: Position[] = new Array(n);
    for (let i = 0, p = at + 40; i < n; i++, p += 16) coords[i] = [view.getFloat64(p, true), view.getFloat64(p + 8, true)];
    return { type: 'MultiPoint', coordinates: coords };
  }
  if (base === POLYLINE || base === POLYGON) {
    const numParts = view.getInt32(at + 36, true);
    const numPoints = view.getInt32(at + 40, true);
    const partsAt = at + 44;
    const pointsAt = partsAt + numParts * 4;
    const parts: Position[][] = [];
    for (let k = 0; k < numParts; k++) {
      const from = view.getInt32(partsAt + k * 4, true);
      const to = k + 1 < numParts ? view.getInt32(partsAt + (k + 1) * 4, true) : numPoints;
      if (from < 0 || to > numPoints || from > to) throw new InputError(`shape ${index + 1}: part ${k} has a bad point range`, file, index, 'geometry');
      const ring: Position[] = new Array(to - from);
      for (let i = from, p = pointsAt + from * 16; i < to; i++, p += 16) ring[i - from] = [view.getFloat64(p, true), view.getFloat64(p + 8, true)];
      parts.push(ring);
    }
    if (base === POLYLINE) return parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts };
    return polygonFromRings(parts);
  }
  throw new InputError(`shape type ${type} is not supported (points, lines and polygons are)`, file, index, 'geometry');
}

/** Twice the signed area; negative for the clockwise rings that the format uses for outer rings. */
function signedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return -s;
}

function ringContains(ring: Position[], p: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The format lists outer rings clockwise and holes counter-clockwise, in any order; each hole goes
 * to the smallest outer ring that holds it (a hole held by none is kept as an outer ring, as GDAL does).
 */
function polygonFromRings(rings: Position[][]): Geometry {
  const outers: { ring: Position[]; area: number; holes: Position[][] }[] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    const a = signedArea2(ring);
    if (a <= 0) outers.push({ ring, area: -a, holes: [] });
    else holes.push(ring);
  }
  for (const hole of holes) {
    let best: (typeof outers)[number] | undefined;
    for (const o of outers) if (ringContains(o.ring, hole[0]) && (!best || o.area < best.area)) best = o;
    if (best) best.holes.push(hole);
    else outers.push({ ring: hole, area: signedArea2(hole), holes: [] });
  }
  const polys = outers.map((o) => [o.ring, ...o.holes]);
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}
