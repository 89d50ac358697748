import { isPostgisUri } from './formats/postgis-uri.js';

export type LayerFormat = 'geojson' | 'shapefile' | 'geopackage' | 'flatgeobuf' | 'postgis';

/** A file path with its `?layer=NAME` split off (GeoPackage, zipped shapefiles). */
export function splitLayer(source: string): { path: string; layer?: string } {
  const m = /^(.*\.(?:gpkg|zip|shp))\?layer=(.+)$/i.exec(source);
  return m ? { path: m[1], layer: decodeURIComponent(m[2]) } : { path: source };
}

export function layerFormat(source: string): LayerFormat {
  if (isPostgisUri(source)) return 'postgis';
  const { path } = splitLayer(source);
  if (/\.(shp|zip)$/i.test(path)) return 'shapefile';
  if (/\.gpkg$/i.test(path)) return 'geopackage';
  if (/\.fgb$/i.test(path)) return 'flatgeobuf';
  return 'geojson';
}
