// Well-known binary geometry (OGC ISO WKB and PostGIS EWKB) as GeoJSON: what GeoPackage blobs hold
// after their header and what PostGIS sends for ST_AsBinary. Z and M values are read past and dropped.
import type { Geometry, Position } from 'geojson';

export interface WkbGeometry {
  geometry: Geometry;
  /** The SRID an EWKB carries, when it does. */
  srid?: number;
}

/**
 * Parses one WKB/EWKB geometry. A small cursor object and plain functions, not closures made per
 * call: a PostGIS layer of a million points calls this a million times.
 */
export function parseWkb(bytes: Uint8Array, offset = 0): WkbGeometry {
  const c: Cursor = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at: offset, le: true, dims: 2, srid: undefined };
  const geometry = readGeometry(c);
  return { geometry, srid: c.srid };
}

interface Cursor {
  view: DataView;
  at: number;
  /** Byte order and dimensions of the geometry being read (members set their own). */
  le: boolean;
  dims: number;
  srid: number | undefined;
}

function readGeometry(c: Cursor): Geometry {
  const { view } = c;
  const le = view.getUint8(c.at) === 1;
  let type = view.getUint32(c.at + 1, le);
  c.at += 5;
  // EWKB flags (PostGIS): Z 0x80000000, M 0x40000000, SRID 0x20000000. ISO: 1000s for Z, 2000s M, 3000s ZM.
  let dims = 2;
  if (type & 0x80000000) dims++;
  if (type & 0x40000000) dims++;
  if (type & 0x20000000) { c.srid = view.getUint32(c.at, le); c.at += 4; }
  type &= 0x0fffffff;
  if (type >= 1000) { dims += type >= 3000 ? 2 : 1; type %= 1000; }
  c.le = le;
  c.dims = dims;
  switch (type) {
    case 1: return { type: 'Point', coordinates: readPoint(c) };
    case 2: return { type: 'LineString', coordinates: readPoints(c) };
    case 3: return { type: 'Polygon', coordinates: readRings(c) };
    case 4: return { type: 'MultiPoint', coordinates: readMembers(c).map((g) => (g as { coordinates: Position }).coordinates) };
    case 5: return { type: 'MultiLineString', coordinates: readMembers(c).map((g) => (g as { coordinates: Position[] }).coordinates) };
    case 6: return { type: 'MultiPolygon', coordinates: readMembers(c).map((g) => (g as { coordinates: Position[][] }).coordinates) };
    case 7: return { type: 'GeometryCollection', geometries: readMembers(c) };
    default: throw new Error(`WKB geometry type ${type} is not supported`);
  }
}

function readPoint(c: Cursor): Position {
  const p = [c.view.getFloat64(c.at, c.le), c.view.getFloat64(c.at + 8, c.le)];
  c.at += 8 * c.dims;
  return p;
}

/**
 * A count, then that many of what `read` reads: a line's points, a polygon's rings, a collection's
 * members. `read` is one of the plain functions here, so no closure is made per call.
 */
function readList<T>(c: Cursor, read: (c: Cursor) => T): T[] {
  const n = c.view.getUint32(c.at, c.le);
  c.at += 4;
  const out: T[] = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = read(c);
  return out;
}

function readPoints(c: Cursor): Position[] {
  return readList(c, readPoint);
}

function readRings(c: Cursor): Position[][] {
  return readList(c, readPoints);
}

function readMembers(c: Cursor): Geometry[] {
  return readList(c, readGeometry);
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
