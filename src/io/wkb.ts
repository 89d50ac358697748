// Well-known binary geometry (OGC ISO WKB and PostGIS EWKB) as GeoJSON: what GeoPackage blobs hold
// after their header and what PostGIS sends for ST_AsBinary. Z and M values are read past and dropped.
import type { Geometry, Position } from 'geojson';

export interface WkbGeometry {
  geometry: Geometry;
  /** The SRID an EWKB carries, when it does. */
  srid?: number;
}

export function parseWkb(bytes: Uint8Array, offset = 0): WkbGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = offset;
  let srid: number | undefined;
  const read = (): Geometry => {
    const le = view.getUint8(at) === 1;
    let type = view.getUint32(at + 1, le);
    at += 5;
    // EWKB flags (PostGIS): Z 0x80000000, M 0x40000000, SRID 0x20000000. ISO: 1000s for Z, 2000s M, 3000s ZM.
    let dims = 2;
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    if (type & 0x20000000) { srid = view.getUint32(at, le); at += 4; }
    type &= 0x0fffffff;
    if (type >= 1000) { dims += type >= 3000 ? 2 : 1; type %= 1000; }
    const point = (): Position => {
      const p = [view.getFloat64(at, le), view.getFloat64(at + 8, le)];
      at += 8 * dims;
      return p;
    };
    const points = (): Position[] => {
      const n = view.getUint32(at, le);
      at += 4;
      const out: Position[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = point();
      return out;
    };
    const rings = (): Position[][] => {
      const n = view.getUint32(at, le);
      at += 4;
      const out: Position[][] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = points();
      return out;
    };
    const members = (): Geometry[] => {
      const n = view.getUint32(at, le);
      at += 4;
      const out: Geometry[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = read();
      return out;
    };
    switch (type) {
      case 1: return { type: 'Point', coordinates: point() };
      case 2: return { type: 'LineString', coordinates: points() };
      case 3: return { type: 'Polygon', coordinates: rings() };
      case 4: return { type: 'MultiPoint', coordinates: members().map((g) => (g as { coordinates: Position }).coordinates) };
      case 5: return { type: 'MultiLineString', coordinates: members().map((g) => (g as { coordinates: Position[] }).coordinates) };
      case 6: return { type: 'MultiPolygon', coordinates: members().map((g) => (g as { coordinates: Position[][] }).coordinates) };
      case 7: return { type: 'GeometryCollection', geometries: members() };
      default: throw new Error(`WKB geometry type ${type} is not supported`);
    }
  };
  const geometry = read();
  return { geometry, srid };
}

/** A GeoPackage geometry blob ("GP" header, flags, srs id, envelope) as GeoJSON; null when empty. */
export function parseGpkgBlob(blob: Uint8Array): Geometry | null {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" magic)');
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07] ?? 0;
  return parseWkb(blob, 8 + envelope).geometry;
}

/** A PostGIS point of a POINT EMPTY reads as NaN coordinates; such geometries count as null. */
export function isEmptyPoint(g: Geometry): boolean {
  return g.type === 'Point' && Number.isNaN(g.coordinates[0]);
}
