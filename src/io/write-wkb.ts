// GeoJSON geometry as little-endian ISO WKB (2D): what a GeoPackage blob holds after its header and
// what PostGIS takes with ST_GeomFromWKB.
import type { Geometry, Position } from 'geojson';

const TYPE: Record<Geometry['type'], number> = {
  Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7,
};

function size(g: Geometry): number {
  switch (g.type) {
    case 'Point': return 21;
    case 'LineString': return 9 + 16 * g.coordinates.length;
    case 'Polygon': return 9 + g.coordinates.reduce((n, r) => n + 4 + 16 * r.length, 0);
    case 'MultiPoint': return 9 + 21 * g.coordinates.length;
    case 'MultiLineString': return 9 + g.coordinates.reduce((n, l) => n + 9 + 16 * l.length, 0);
    case 'MultiPolygon': return 9 + g.coordinates.reduce((n, p) => n + size({ type: 'Polygon', coordinates: p }), 0);
    case 'GeometryCollection': return 9 + g.geometries.reduce((n, c) => n + size(c), 0);
  }
}

export function wkbSize(g: Geometry): number {
  return size(g);
}

/** Writes `g` as WKB into `view` at `at`; returns the offset after it. */
export function writeWkb(g: Geometry, view: DataView, at: number): number {
  view.setUint8(at, 1);
  view.setUint32(at + 1, TYPE[g.type], true);
  at += 5;
  const pt = (p: Position) => { view.setFloat64(at, p[0], true); view.setFloat64(at + 8, p[1], true); at += 16; };
  const count = (n: number) => { view.setUint32(at, n, true); at += 4; };
  switch (g.type) {
    case 'Point': pt(g.coordinates); break;
    case 'LineString': count(g.coordinates.length); g.coordinates.forEach(pt); break;
    case 'Polygon': count(g.coordinates.length); for (const r of g.coordinates) { count(r.length); r.forEach(pt); } break;
    case 'MultiPoint': count(g.coordinates.length); for (const p of g.coordinates) at = writeWkb({ type: 'Point', coordinates: p }, view, at); break;
    case 'MultiLineString': count(g.coordinates.length); for (const l of g.coordinates) at = writeWkb({ type: 'LineString', coordinates: l }, view, at); break;
    case 'MultiPolygon': count(g.coordinates.length); for (const p of g.coordinates) at = writeWkb({ type: 'Polygon', coordinates: p }, view, at); break;
    case 'GeometryCollection': count(g.geometries.length); for (const c of g.geometries) at = writeWkb(c, view, at); break;
  }
  return at;
}

export function toWkb(g: Geometry): Uint8Array {
  const bytes = new Uint8Array(size(g));
  writeWkb(g, new DataView(bytes.buffer), 0);
  return bytes;
}

/** [minX, maxX, minY, maxY] of a geometry (the GeoPackage envelope order). */
export function envelope(g: Geometry): [number, number, number, number] {
  const e: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
  const visit = (c: unknown): void => {
    const a = c as unknown[];
    if (typeof a[0] === 'number') {
      const p = a as number[];
      if (p[0] < e[0]) e[0] = p[0];
      if (p[0] > e[1]) e[1] = p[0];
      if (p[1] < e[2]) e[2] = p[1];
      if (p[1] > e[3]) e[3] = p[1];
    } else for (const x of a) visit(x);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((c) => { const s = envelope(c); visit([[s[0], s[2]], [s[1], s[3]]]); });
  else visit(g.coordinates);
  return e;
}
