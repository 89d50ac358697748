// lifecircle's coordinate-system conversions against GDAL/PROJ (gdaltransform), an independent
// implementation, at points inside each system's area: every CGCS2000 Gauss-Krüger zone EPSG
// defines (4491-4554), UTM north and south, and Web Mercator; plus the .prj texts ArcGIS and GDAL
// write, and the refusals (a datum that needs a shift, projected numbers without a CRS).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { crsFromEpsg, crsFromWkt, geometryToWgs84, toWgs84Converter, unstatedCrs } from '../src/io/layer-crs.js';
import { HAVE_GDAL, NO_GDAL, gdalToWgs84 } from './support/gdal.js';

/** Projected points that lie inside a system's zone: around the central meridian, 2,000-5,000 km north. */
function samplePoints(code: number): [number, number][] {
  const prefix = (code >= 4491 && code <= 4501) ? (code - 4491 + 13) * 1e6 : (code >= 4513 && code <= 4533) ? (code - 4513 + 25) * 1e6 : 0;
  if (code === 3857) return [[12611000, 2642000], [-8237000, 4970000], [0, 0]];
  const south = code >= 32701 && code <= 32760;
  return [[prefix + 500000, south ? 7_000_000 : 2_500_000], [prefix + 380_000, south ? 9_000_000 : 3_400_000], [prefix + 612_345.6, south ? 6_100_000 : 4_900_000]];
}

const convert = (code: number, pts: [number, number][]) => {
  const f = toWgs84Converter(crsFromEpsg(code, 'test'))!;
  return pts.map((p) => { const q: Position = [...p]; f(q); return q; });
};

describe.skipIf(!HAVE_GDAL)(`EPSG conversions agree with gdaltransform to 1e-9 degrees${HAVE_GDAL ? '' : ` (skipped: ${NO_GDAL})`}`, () => {
  const codes = [...Array.from({ length: 64 }, (_, i) => 4491 + i), 32649, 32650, 32733, 3857];
  const byGdal = new Map<number, [number, number][]>();
  beforeAll(async () => {
    // Four gdaltransform processes at a time: each takes a moment to load PROJ's database.
    for (let i = 0; i < codes.length; i += 4) {
      await Promise.all(codes.slice(i, i + 4).map(async (c) => byGdal.set(c, await gdalToWgs84(`EPSG:${c}`, samplePoints(c)))));
    }
  });
  it.each(codes)('EPSG:%i', (code) => {
    const ours = convert(code, samplePoints(code));
    const gdal = byGdal.get(code)!;
    ours.forEach((p, i) => {
      expect(Math.abs(p[0] - gdal[i][0])).toBeLessThan(1e-9);
      expect(Math.abs(p[1] - gdal[i][1])).toBeLessThan(1e-9);
    });
  });
});

describe('.prj and WKT texts', () => {
  const esri4547 = 'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

  it('an ESRI .prj without an EPSG code converts exactly as EPSG:4547', () => {
    const f = toWgs84Converter(crsFromWkt(esri4547, 'a.prj'))!;
    const pts: [number, number][] = [[432196.58, 2558096.76], [500000, 2500000]];
    const ours = pts.map((p) => { const q: Position = [...p]; f(q); return q; });
    expect(ours).toEqual(convert(4547, pts));
    // Guangzhou: x 432 km in zone CM 114E lies west of 114E, y 2558 km is about 23.1N.
    expect(ours[0][0]).toBeGreaterThan(113.3);
    expect(ours[0][0]).toBeLessThan(113.4);
    expect(ours[0][1]).toBeCloseTo(23.12, 1);
  });

  it('geographic CGCS2000 and WGS-84 need no conversion', () => {
    expect(crsFromWkt('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]', 'a.prj').definition).toBeUndefined();
    expect(crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]', 'a.prj').definition).toBeUndefined();
  });

  it("Xi'an 1980 and Beijing 1954 are refused with the datum named, never shifted on a guess", () => {
    const xian = 'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(() => crsFromWkt(xian, 'roads.prj')).toThrow(/roads\.prj: .*Xian_1980_3_Degree_GK_CM_114E.*D_Xian_1980/);
    expect(() => crsFromEpsg(2383, 'roads.prj')).toThrow(/EPSG:2383 is not one lifecircle converts/);
  });

  it('a projection lifecircle does not convert, and feet, are refused by name', () => {
    const lcc = 'PROJCS["WGS_84_Lambert",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]';
    expect(() => crsFromWkt(lcc, 'x.prj')).toThrow(/Lambert_Conformal_Conic projection/);
    expect(() => crsFromWkt(lcc.replace('UNIT["Meter",1.0]', 'UNIT["Foot_US",0.3048006096012192]'), 'x.prj')).toThrow(/Foot_US, not metres/);
    expect(() => crsFromWkt('not wkt at all', 'x.prj')).toThrow(/x\.prj: the coordinate system text is not WKT/);
  });

  it('without a CRS, degrees pass and projected numbers stop with the feature named', () => {
    const crs = unstatedCrs('no .prj beside the .shp');
    expect(() => geometryToWgs84({ type: 'Point', coordinates: [113.3, 23.1] }, crs, undefined, 'a.shp', 0)).not.toThrow();
    expect(() => geometryToWgs84({ type: 'LineString', coordinates: [[113.3, 23.1], [432196.58, 2558096.76]] }, crs, undefined, 'a.shp', 7))
      .toThrow(/a\.shp, feature 7, field geometry: coordinates \(432196\.58, 2558096\.76\) are not longitude\/latitude .*no \.prj beside the \.shp/);
  });
});
