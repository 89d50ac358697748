// FlatGeobuf (.fgb), read with the format's own maintained library. Its header carries the CRS as
// an organisation code and/or WKT.
import type { Feature, Geometry } from 'geojson';
import type { HeaderMeta } from 'flatgeobuf';
import { InputError } from '../../errors.js';
import { readInputBytes } from '../file-errors.js';
import { crsFromEpsg, crsFromWkt, unstatedCrs, type LayerCrs } from '../layer-crs.js';
import { fileProgress, layerFeatures, type LayerReadOptions } from '../layer-source.js';

export async function readFlatGeobuf(path: string, opts: LayerReadOptions = {}): Promise<Feature[]> {
  const bytes = await readInputBytes(path);
  const progress = fileProgress(bytes.byteLength, opts.onBytes);
  // The geojson entry point only: the package's index also loads its OpenLayers adapter.
  const { deserialize } = await import('flatgeobuf/lib/mjs/geojson.js');
  let header: HeaderMeta | undefined;
  const rows: { geometry: Geometry | null; properties: Record<string, unknown> }[] = [];
  try {
    for await (const f of deserialize(bytes, { headerMetaFn: (h: HeaderMeta) => { header = h; } })) {
      rows.push({ geometry: (f.geometry as Geometry | undefined) ?? null, properties: (f.properties as Record<string, unknown> | undefined) ?? {} });
      progress.record(rows.length, header?.featuresCount ? rows.length / header.featuresCount : 0);
    }
  } catch (err) {
    throw new InputError(`not a readable FlatGeobuf file (${(err as Error).message})`, path, rows.length);
  }
  const features = layerFeatures(rows, fgbCrs(header, path), path, opts);
  progress.done();
  return features;
}

function fgbCrs(header: HeaderMeta | undefined, source: string): LayerCrs {
  const crs = header?.crs;
  if (!crs || (!crs.code && !crs.wkt)) return unstatedCrs('no CRS in the FlatGeobuf header');
  if ((crs.org ?? 'EPSG').toUpperCase() === 'EPSG' && crs.code > 0) {
    try {
      return crsFromEpsg(crs.code, source);
    } catch (err) {
      if (!crs.wkt) throw err;
    }
  }
  if (crs.wkt) return crsFromWkt(crs.wkt, source);
  throw new InputError(`the FlatGeobuf header names CRS ${crs.org ?? ''}:${crs.code}, which lifecircle does not convert`, source);
}
