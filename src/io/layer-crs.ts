// The coordinate system a layer states (a .prj, a GeoPackage srs, a PostGIS SRID, a FlatGeobuf
// header), resolved to a conversion to WGS-84 longitude/latitude. What is not recognised is refused
// with what was found: a wrong guess would move every point silently.
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { InputError } from '../errors.js';
import { epsgDefinition, epsgName, GEOGRAPHIC, tmerc, WEB_MERCATOR } from './crs-definitions.js';
import { parseWkt, wktChild, wktChildren, type WktNode } from './wkt.js';

export interface LayerCrs {
  /** What was found, for messages and diagnostics, e.g. "EPSG:4547 (CGCS2000 Gauss-Krüger)". */
  label: string;
  /** proj4 definition of a projected system; undefined for longitude/latitude on WGS-84 or CGCS2000. */
  definition?: string;
  /** No coordinate system stated at all: numbers are accepted only where they are degrees. */
  unstated?: boolean;
}

/** A layer whose file states no coordinate system; `why` says what is missing ("no .prj beside it"). */
export function unstatedCrs(why: string): LayerCrs {
  return { label: why, unstated: true };
}

export function crsFromEpsg(code: number, source: string): LayerCrs {
  const definition = epsgDefinition(code);
  if (!definition) {
    throw new InputError(`coordinate system EPSG:${code} is not one lifecircle converts (it knows WGS 84 4326, CGCS2000 4490 and its Gauss-Krüger zones 4491-4554, UTM 326xx/327xx, Web Mercator 3857); reproject the layer first, e.g. ogr2ogr -t_srs EPSG:4326`, source);
  }
  return { label: epsgName(code), definition: definition === GEOGRAPHIC ? undefined : definition };
}

/** Datums taken as WGS-84 (CGCS2000 differs by centimetres); anything else is refused by name. */
function acceptedDatum(name: string): boolean {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^d(?=[a-z])/, '');
  return ['wgs1984', 'wgs84', 'worldgeodeticsystem1984', 'china2000', 'cgcs2000', 'chinageodeticcoordinatesystem2000'].includes(key);
}

/** An OGC/ESRI WKT (WKT1, or WKT2 with an EPSG id), as in a .prj or a GeoPackage srs definition. */
export function crsFromWkt(text: string, source: string): LayerCrs {
  let root: WktNode;
  try {
    root = parseWkt(text);
  } catch (err) {
    throw new InputError(`the coordinate system text is not WKT (${(err as Error).message}): ${text.slice(0, 120)}`, source);
  }
  const name = typeof root.args[0] === 'string' ? root.args[0] : root.keyword;
  const id = wktChild(root, 'AUTHORITY') ?? wktChild(root, 'ID');
  if (id && String(id.args[0]).toUpperCase() === 'EPSG') {
    const code = Number(id.args[1]);
    if (epsgDefinition(code)) return crsFromEpsg(code, source);
  }
  const kw = root.keyword.toUpperCase();
  const geog = kw === 'GEOGCS' || kw === 'GEOGCRS' || kw === 'GEODCRS' ? root : (wktChild(root, 'GEOGCS') ?? wktChild(root, 'BASEGEOGCRS') ?? wktChild(root, 'BASEGEODCRS'));
  const datum = geog && (wktChild(geog, 'DATUM') ?? wktChild(geog, 'TRF'));
  const datumName = datum ? String(datum.args[0]) : 'none';
  if (!acceptedDatum(datumName)) {
    throw new InputError(`coordinate system "${name}" is on datum "${datumName}", which needs a datum shift lifecircle does not guess (Xi'an 1980 and Beijing 1954 parameters vary by province); reproject to CGCS2000 or WGS 84 first, e.g. ogr2ogr -t_srs EPSG:4490`, source);
  }
  if (geog === root) return { label: `${name} (longitude/latitude)` };
  if (kw !== 'PROJCS' && kw !== 'PROJCRS') throw new InputError(`coordinate system "${name}" (${root.keyword}) is not one lifecircle converts`, source);
  const unit = wktChildren(root, 'UNIT').pop() ?? wktChildren(root, 'LENGTHUNIT').pop();
  if (unit && Math.abs(Number(unit.args[1]) - 1) > 1e-9) {
    throw new InputError(`coordinate system "${name}" is in ${String(unit.args[0])}, not metres; reproject the layer first`, source);
  }
  const method = String((wktChild(root, 'PROJECTION') ?? wktChild(wktChild(root, 'CONVERSION') ?? root, 'METHOD'))?.args[0] ?? '');
  const methodKey = method.toLowerCase().replace(/[^a-z]/g, '');
  const param = (names: string[], fallback: number): number => {
    for (const p of [...wktChildren(root, 'PARAMETER'), ...wktChildren(wktChild(root, 'CONVERSION') ?? root, 'PARAMETER')]) {
      const key = String(p.args[0]).toLowerCase().replace(/[^a-z]/g, '');
      if (names.includes(key)) return Number(p.args[1]);
    }
    return fallback;
  };
  if (methodKey === 'transversemercator' || methodKey === 'gausskruger') {
    const spheroid = wktChild(datum!, 'SPHEROID') ?? wktChild(datum!, 'ELLIPSOID');
    const a = Number(spheroid?.args[1] ?? 6378137);
    const rf = Number(spheroid?.args[2] ?? 298.257222101);
    const definition = tmerc({
      lon0: param(['centralmeridian', 'longitudeofnaturalorigin', 'longitudeoforigin'], 0),
      lat0: param(['latitudeoforigin', 'latitudeofnaturalorigin'], 0),
      k: param(['scalefactor', 'scalefactoratnaturalorigin'], 1),
      x0: param(['falseeasting'], 0),
      y0: param(['falsenorthing'], 0),
      ellipsoid: `+a=${a} +rf=${rf}`,
    });
    return { label: `${name} (transverse Mercator)`, definition };
  }
  if (methodKey === 'mercatorauxiliarysphere' || methodKey === 'popularvisualisationpseudomercator' || /pseudo.?mercator|web.?mercator/i.test(name)) {
    return { label: `${name} (Web Mercator)`, definition: WEB_MERCATOR };
  }
  throw new InputError(`coordinate system "${name}" uses the ${method || 'unnamed'} projection, which lifecircle does not convert (it knows Gauss-Krüger/transverse Mercator, UTM and Web Mercator); reproject the layer first, e.g. ogr2ogr -t_srs EPSG:4326`, source);
}

const DEG = 180 / Math.PI;

/**
 * A function converting one position in `crs` to [lon, lat] in place; undefined when the numbers
 * are already degrees. The projection's own inverse is called directly: every system lifecircle
 * accepts is on WGS-84 or CGCS2000, so proj4's datum step would do nothing, and skipping its
 * per-point objects halves the time on the L city (1M positions).
 */
export function toWgs84Converter(crs: LayerCrs): ((p: Position) => void) | undefined {
  if (!crs.definition) return undefined;
  const projection = new proj4.Proj(crs.definition) as unknown as { inverse(p: { x: number; y: number }): { x: number; y: number } };
  const point = { x: 0, y: 0 };
  return (p) => {
    point.x = p[0];
    point.y = p[1];
    const r = projection.inverse(point);
    p[0] = r.x * DEG;
    p[1] = r.y * DEG;
  };
}

/**
 * Converts a freshly read geometry to WGS-84 in place. A layer without a stated coordinate system
 * is accepted only while its numbers are longitude/latitude; the first that is not stops the read.
 */
export function geometryToWgs84(geometry: Geometry | null, crs: LayerCrs, convert: ((p: Position) => void) | undefined, source: string, feature: number): void {
  if (!geometry) return;
  if (!convert && !crs.unstated) return;
  const each = convert ?? ((p: Position) => {
    if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)) {
      throw new InputError(`coordinates (${p[0]}, ${p[1]}) are not longitude/latitude and the layer states no coordinate system (${crs.label}); give it one (a .prj, an SRID) or reproject it to EPSG:4326`, source, feature, 'geometry');
    }
  });
  forEachPosition(geometry, each);
}

export function forEachPosition(g: Geometry, f: (p: Position) => void): void {
  switch (g.type) {
    case 'Point': f(g.coordinates); break;
    case 'MultiPoint': case 'LineString': for (const p of g.coordinates) f(p); break;
    case 'MultiLineString': case 'Polygon': for (const l of g.coordinates) for (const p of l) f(p); break;
    case 'MultiPolygon': for (const poly of g.coordinates) for (const l of poly) for (const p of l) f(p); break;
    case 'GeometryCollection': for (const c of g.geometries) forEachPosition(c, f); break;
  }
}
