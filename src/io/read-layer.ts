// One entry point for every vector input, chosen by the file's extension or the URI's scheme:
//   GeoJSON / GeoJSONSeq (.geojson, .json, .geojsonl, ...)   read-geojson.ts
//   Shapefile (.shp with .dbf/.prj/.cpg, or a .zip)           formats/read-shapefile.ts
//   GeoPackage (city.gpkg?layer=roads)                        formats/read-geopackage.ts
//   FlatGeobuf (.fgb)                                         formats/read-flatgeobuf.ts
//   PostGIS (postgresql://...?table=schema.name | &sql=...)   formats/read-postgis.ts
// Every reader returns WGS-84 Features shaped as the GeoJSON reader's. CSV tables are not layers:
// their columns need roles (lon/lat, weight, category) and are read in cli/load-inputs.ts.
import type { Feature } from 'geojson';
import { readFeatures } from './read-geojson.js';
import { InputError } from '../errors.js';
import { checkInputFile, readFailure } from './file-errors.js';
import { checkDepth, checkGeometrySize, limitsWith } from './limits.js';
import type { LayerReadOptions } from './layer-source.js';
import { isPostgisUri, maskPassword } from './formats/postgis-uri.js';
import { removeOffset } from './offset-crs.js';
// Which reader a source needs is io/layer-format.ts, a module of its own so a caller that reads only
// GeoJSON need not load the format readers' dependencies (proj4, gcoord) to ask.
import { layerFormat, splitLayer } from './layer-format.js';

export type { LayerReadOptions };

/** The local file an input reads (for "inputs are never overwritten"), undefined for a database. */
export function inputFileOf(source: string): string | undefined {
  return isPostgisUri(source) ? undefined : splitLayer(source).path;
}

/** How an input is named in summary.json and messages: a database URI without its password. */
export function sourceLabel(source: string): string {
  return isPostgisUri(source) ? maskPassword(source) : source;
}

/** Every input's label (see sourceLabel), for summary.json and plan.json. */
export function sourceLabels<T extends object>(inputs: T): T {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, typeof v === 'string' ? sourceLabel(v) : v])) as T;
}

export async function readLayer(source: string, opts: LayerReadOptions = {}): Promise<Feature[]> {
  const { path, layer } = splitLayer(source);
  const format = layerFormat(source);
  if (format === 'postgis' || format === 'geojson') {
    if (format === 'postgis') return checkedFeatures(await (await import('./formats/read-postgis.js')).readPostgis(source, opts), sourceLabel(source));
    const features = await readFeatures(source, { allowEmpty: opts.allowEmpty, onBytes: opts.onBytes });
    removeOffset(features, opts.crs, source, undefined, opts.notes);
    return features;
  }
  // One error path for the format readers too: a folder, a FIFO or a missing file is a sentence, and
  // whatever a corrupt file makes a format library throw becomes an InputError naming the file.
  await checkInputFile(path);
  try {
    const features = format === 'shapefile' ? await (await import('./formats/read-shapefile.js')).readShapefile(path, { ...opts, layer })
      : format === 'geopackage' ? await (await import('./formats/read-geopackage.js')).readGeoPackage(path, { ...opts, layer })
      : await (await import('./formats/read-flatgeobuf.js')).readFlatGeobuf(path, opts);
    return checkedFeatures(features, path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code && (err as NodeJS.ErrnoException).path) throw readFailure(err, path);
    throw new InputError(`cannot read this ${format} file (${err instanceof Error ? err.message : String(err)})`, path);
  }
}

/** The limits of io/limits.ts (nesting depth, positions per feature) on features a format reader made. */
function checkedFeatures(features: Feature[], file: string): Feature[] {
  const limits = limitsWith(undefined);
  features.forEach((f, i) => {
    checkDepth(f.properties, limits.jsonDepth, file, i, 'properties');
    checkGeometrySize(f.geometry, limits, file, i);
  });
  return features;
}

/** Whether a source is a CSV table (read by role in the CLI, not as a layer). */
export function isCsvTable(source: string): boolean {
  return !isPostgisUri(source) && /\.(csv|tsv|txt)$/i.test(source);
}
