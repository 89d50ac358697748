// ESRI Shapefile: a .shp with its .dbf, .prj and .cpg beside it, or a .zip holding them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Feature } from 'geojson';
import { InputError } from '../../errors.js';
import { readShpGeometries } from '../shapefile/shp-geometry.js';
import { decodeFieldNames, readDbfHeader, readDbfRecords } from '../shapefile/dbf-table.js';
import { dbfEncoding } from '../shapefile/dbf-encoding.js';
import { crsFromWkt, unstatedCrs } from '../layer-crs.js';
import { fileProgress, layerFeatures, type LayerReadOptions } from '../layer-source.js';

/** The parts of one shapefile, by lower-case extension. */
type Parts = Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', Uint8Array>>;

export async function readShapefile(path: string, opts: LayerReadOptions & { layer?: string } = {}): Promise<Feature[]> {
  const parts = /\.zip$/i.test(path) ? await zipParts(path, opts.layer) : await siblingParts(path);
  // Bytes of the file named (.shp or .zip), as a progress bar that stat'ed it expects: the share of
  // the shapes parsed, then the whole file once the features are made.
  const progress = fileProgress(opts.onBytes ? (await stat(path)).size : 0, opts.onBytes);
  const features = shapefileFeatures(parts, path, opts, progress.record);
  progress.done();
  return features;
}

export function shapefileFeatures(parts: Parts, source: string, opts: LayerReadOptions, onRecord?: (i: number, fraction: number) => void): Feature[] {
  if (!parts.shp) throw new InputError('no .shp found', source);
  const geometries = readShpGeometries(parts.shp, source, onRecord);
  let properties: Record<string, unknown>[] = geometries.map(() => ({}));
  let deleted: boolean[] = [];
  if (parts.dbf) {
    const header = readDbfHeader(parts.dbf, source);
    const cpg = parts.cpg ? Buffer.from(parts.cpg).toString('latin1') : undefined;
    const { encoding, how } = dbfEncoding(parts.dbf, header, source, cpg, opts.encoding);
    decodeFieldNames(parts.dbf, header, encoding);
    ({ properties, deleted } = readDbfRecords(parts.dbf, header, encoding));
    if (properties.length !== geometries.length) {
      throw new InputError(`the .shp holds ${geometries.length} shapes but the .dbf ${properties.length} records`, source);
    }
    opts.notes?.push({ level: 'info', code: 'encoding', file: source, message: `attributes read as ${encoding} (${how})` });
  } else {
    opts.notes?.push({ level: 'warning', code: 'dbf-missing', file: source, message: 'no .dbf beside the .shp: the features have no attributes' });
  }
  const crs = parts.prj ? crsFromWkt(Buffer.from(parts.prj).toString('utf8'), source) : unstatedCrs('no .prj beside the .shp');
  const rows = geometries.map((geometry, i) => ({ geometry, properties: properties[i] }));
  const kept = deleted.some(Boolean) ? rows.filter((_, i) => !deleted[i]) : rows;
  if (kept.length < rows.length) {
    opts.notes?.push({ level: 'info', code: 'records-deleted', file: source, message: `${rows.length - kept.length} records marked deleted in the .dbf were left out` });
  }
  return layerFeatures(kept, crs, source, opts);
}

async function siblingParts(path: string): Promise<Parts> {
  const dir = dirname(path);
  const stem = basename(path, extname(path));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new InputError(`cannot read the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`, path);
  }
  const parts: Parts = {};
  // Extensions in any case (.SHP from older ArcView installs), the stem as given.
  for (const ext of ['shp', 'dbf', 'prj', 'cpg'] as const) {
    const name = names.find((n) => n.toLowerCase() === `${stem}.${ext}`.toLowerCase() && n.slice(0, stem.length) === stem);
    if (name) parts[ext] = await readFile(join(dir, name));
  }
  if (!parts.shp) throw new InputError('cannot read the file (ENOENT)', path);
  return parts;
}

async function zipParts(path: string, layer?: string): Promise<Parts> {
  const { unzipSync } = await import('fflate');
  let zip: Record<string, Uint8Array>;
  try {
    zip = unzipSync(await readFile(path), { filter: (f) => /\.(shp|dbf|prj|cpg)$/i.test(f.name) && !/(^|\/)__MACOSX\//.test(f.name) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw new InputError(`cannot read the file (${(err as NodeJS.ErrnoException).code})`, path);
    throw new InputError(`not a readable zip (${(err as Error).message})`, path);
  }
  const stems = [...new Set(Object.keys(zip).filter((n) => /\.shp$/i.test(n)).map((n) => n.slice(0, -4)))];
  const chosen = layer ? stems.filter((s) => basename(s) === layer || s === layer) : stems;
  if (chosen.length !== 1) {
    const found = stems.map((s) => basename(s)).join(', ') || 'none';
    throw new InputError(layer
      ? `the zip holds no shapefile named "${layer}" (it holds: ${found})`
      : stems.length === 0 ? 'the zip holds no .shp' : `the zip holds several shapefiles (${found}); choose one with ?layer=NAME`, path);
  }
  const stem = chosen[0];
  const parts: Parts = {};
  for (const [name, bytes] of Object.entries(zip)) {
    const ext = name.slice(stem.length + 1).toLowerCase();
    if (name.slice(0, stem.length + 1).toLowerCase() === `${stem}.`.toLowerCase() && ['shp', 'dbf', 'prj', 'cpg'].includes(ext)) parts[ext as keyof Parts] = bytes;
  }
  return parts;
}
