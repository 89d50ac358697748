// The coordinate systems a planning bureau's layers come in, as proj4 definitions generated from
// their parameters (not a copied table): geographic WGS-84 and CGCS2000, the 88 CGCS2000
// Gauss-Krüger zones (EPSG:4491-4554), WGS-84 UTM and Web Mercator.
//
// CGCS2000 and WGS-84 are taken as the same datum: their frames differ by a few centimetres, far
// below what a walking analysis can see, which is also how GDAL/PROJ treat them without a grid.
// Datums that need a real shift (Xi'an 1980, Beijing 1954) are not guessed: they are refused by the
// caller with a message, since the published 7-parameter sets vary by province.

/** CGCS2000's ellipsoid; WGS-84 differs only in the inverse flattening (298.257223563). */
const CGCS2000_ELLIPSOID = '+a=6378137 +rf=298.257222101';
const WGS84_ELLIPSOID = '+datum=WGS84';
const GEOGRAPHIC_WGS84 = `+proj=longlat ${WGS84_ELLIPSOID} +no_defs`;

export const WEB_MERCATOR = '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';

/** A transverse Mercator (Gauss-Krüger) definition. */
export function tmerc(params: { lon0: number; k?: number; x0?: number; y0?: number; lat0?: number; ellipsoid: string }): string {
  return `+proj=tmerc +lat_0=${params.lat0 ?? 0} +lon_0=${params.lon0} +k=${params.k ?? 1} +x_0=${params.x0 ?? 500000} +y_0=${params.y0 ?? 0} ${params.ellipsoid} +units=m +no_defs`;
}

/**
 * The proj4 definition of an EPSG code lifecircle knows, undefined otherwise.
 *
 * CGCS2000 Gauss-Krüger (EPSG's own numbering, checked against GDAL in tests):
 *   4491-4501  6-degree zones 13-23, false easting with the zone prefix (zone * 1e6 + 500000)
 *   4502-4512  6-degree, central meridian 75E-135E, false easting 500000
 *   4513-4533  3-degree zones 25-45 with the zone prefix
 *   4534-4554  3-degree, central meridian 75E-135E (EPSG:4547 is 114E, Guangzhou's)
 */
export function epsgDefinition(code: number): string | undefined {
  if (code === 4326 || code === 4490) return GEOGRAPHIC_WGS84;
  if (code === 3857 || code === 900913 || code === 102100 || code === 102113 || code === 3785) return WEB_MERCATOR;
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    return tmerc({ lon0: zone * 6 - 3, x0: zone * 1e6 + 500000, ellipsoid: CGCS2000_ELLIPSOID });
  }
  if (code >= 4502 && code <= 4512) return tmerc({ lon0: 75 + (code - 4502) * 6, ellipsoid: CGCS2000_ELLIPSOID });
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return tmerc({ lon0: zone * 3, x0: zone * 1e6 + 500000, ellipsoid: CGCS2000_ELLIPSOID });
  }
  if (code >= 4534 && code <= 4554) return tmerc({ lon0: 75 + (code - 4534) * 3, ellipsoid: CGCS2000_ELLIPSOID });
  if ((code >= 32601 && code <= 32660) || (code >= 32701 && code <= 32760)) {
    const zone = code % 100;
    const south = code >= 32701;
    return `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${WGS84_ELLIPSOID} +units=m +no_defs`;
  }
  return undefined;
}

/** A short human name of a known EPSG code, for messages and summary.json. */
export function epsgName(code: number): string {
  if (code === 4326) return 'EPSG:4326 (WGS 84)';
  if (code === 4490) return 'EPSG:4490 (CGCS2000)';
  if (code >= 4491 && code <= 4554) return `EPSG:${code} (CGCS2000 Gauss-Krüger)`;
  if (code >= 32601 && code <= 32760) return `EPSG:${code} (WGS 84 / UTM ${code % 100}${code >= 32701 ? 'S' : 'N'})`;
  if (epsgDefinition(code) === WEB_MERCATOR) return `EPSG:${code} (Web Mercator)`;
  return `EPSG:${code}`;
}

export const GEOGRAPHIC = GEOGRAPHIC_WGS84;
