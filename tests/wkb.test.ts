// WKB reading (GeoPackage blobs, PostGIS ST_AsBinary): every geometry type written by the WKB writer
// reads back equal (fast-check), and hand-made EWKB with an SRID, Z and big-endian order reads as
// PostGIS sends it. GDAL-written files are read in gis-formats.test.ts.
import fc from 'fast-check';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseWkb } from '../src/io/wkb.js';
import { toWkb } from '../src/io/write-wkb.js';

const position = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })).map((p) => p as Position);
const line = fc.array(position, { minLength: 2, maxLength: 6 });
const ring = fc.array(position, { minLength: 3, maxLength: 6 }).map((r) => [...r, r[0]]);
const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
const simple: fc.Arbitrary<Geometry> = fc.oneof(
  position.map((coordinates) => ({ type: 'Point' as const, coordinates })),
  line.map((coordinates) => ({ type: 'LineString' as const, coordinates })),
  polygon.map((coordinates) => ({ type: 'Polygon' as const, coordinates })),
  fc.array(position, { minLength: 1, maxLength: 4 }).map((coordinates) => ({ type: 'MultiPoint' as const, coordinates })),
  fc.array(line, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiLineString' as const, coordinates })),
  fc.array(polygon, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon' as const, coordinates })),
);
const geometry = fc.oneof(simple, fc.array(simple, { minLength: 1, maxLength: 3 }).map((geometries) => ({ type: 'GeometryCollection', geometries }) as Geometry));

describe('parseWkb', () => {
  it('reads back every geometry the writer writes (property)', () => {
    fc.assert(fc.property(geometry, (g) => {
      expect(parseWkb(toWkb(g)).geometry).toEqual(g);
    }), { numRuns: 300 });
  });

  it('reads EWKB as PostGIS sends it: big-endian, an SRID, Z values skipped', () => {
    // POINT Z (113.3 23.1 5) with SRID 4326, big-endian: type 0xA0000001.
    const b = new DataView(new ArrayBuffer(1 + 4 + 4 + 24));
    b.setUint8(0, 0);
    b.setUint32(1, 0xa0000001, false);
    b.setUint32(5, 4326, false);
    b.setFloat64(9, 113.3, false);
    b.setFloat64(17, 23.1, false);
    b.setFloat64(25, 5, false);
    expect(parseWkb(new Uint8Array(b.buffer))).toEqual({ geometry: { type: 'Point', coordinates: [113.3, 23.1] }, srid: 4326 });
    // ISO LINESTRING Z (type 1002), little-endian, two points.
    const l = new DataView(new ArrayBuffer(1 + 4 + 4 + 2 * 24));
    l.setUint8(0, 1);
    l.setUint32(1, 1002, true);
    l.setUint32(5, 2, true);
    [[1, 2, 9], [3, 4, 9]].flat().forEach((v, i) => l.setFloat64(9 + 8 * i, v, true));
    expect(parseWkb(new Uint8Array(l.buffer)).geometry).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  });
});
