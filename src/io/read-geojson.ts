import { open } from 'node:fs/promises';
import type { Feature } from 'geojson';
import { InputError, quoteValue } from '../errors.js';
import { checkInputFile, readFailure } from './file-errors.js';
import { fileLines, LineTooLongError } from './file-lines.js';
import { checkDepth, checkGeometrySize, limitsWith, type InputLimits } from './limits.js';

/** Extensions that always mean one feature per line (GeoJSONSeq, RFC 8142, or newline-delimited JSON). */
export const SEQ_EXTENSIONS = /\.(geojsonl|geojsons|geojsonseq|ndjson|jsonl|seq)$/i;

export interface ReadFeaturesOptions {
  /**
   * Accept a collection (or sequence) with no features. Off by default: an empty network or set of
   * communities is a mistake, while an empty set of facilities is a district that has none yet.
   */
  allowEmpty?: boolean;
  /** Told how many bytes of the file have been read so far, as reading goes on (for a progress bar). */
  onBytes?: (bytesRead: number) => void;
  /** Limits on one feature (nesting depth, positions); default DEFAULT_LIMITS. */
  limits?: Partial<InputLimits>;
  /** Files larger than this are streamed, never read as one string (default MAX_PARSE_BYTES; tests lower it). */
  maxParseBytes?: number;
  /** Longest line read as one string (default DEFAULT_MAX_LINE_BYTES; tests lower it). */
  maxLineBytes?: number;
}

/**
 * Reads the features of a GeoJSON FeatureCollection, a single Feature, or a GeoJSONSeq file
 * (one feature per line, with or without the RS separator). Errors name the file and, where it
 * applies, the feature index.
 */
export async function readFeatures(path: string, opts: ReadFeaturesOptions = {}): Promise<Feature[]> {
  const size = await checkInputFile(path);
  if (size === 0) throw new InputError('the file is empty', path);
  try {
    const features = SEQ_EXTENSIONS.test(path) || (await looksLikeSeq(path)) ? await readSeq(path, opts) : await readCollection(path, size, opts);
    opts.onBytes?.(size);
    return features;
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as NodeJS.ErrnoException).code) throw readFailure(err, path);
    throw err;
  }
}

/** A file whose first line is a whole Feature is a sequence; a FeatureCollection's first line never is. */
async function looksLikeSeq(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    // Only the first line is decoded (a newline byte is never inside a UTF-8 sequence), not the whole
    // megabyte: on a large collection that is most of the time this check takes.
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl < 0) return false;
    const first = stripRecordSeparator(buf.toString('utf8', 0, nl)).trim();
    if (!first) return false;
    try {
      const obj = JSON.parse(first) as { type?: unknown };
      return obj?.type === 'Feature';
    } catch {
      return false;
    }
  } finally {
    await handle.close();
  }
}

async function readSeq(path: string, opts: ReadFeaturesOptions): Promise<Feature[]> {
  const features: Feature[] = [];
  const limits = limitsWith(opts.limits);
  let lineNo = 0;
  const lines = fileLines(path, opts.maxLineBytes);
  for await (const raw of guardLines(lines, path)) {
    lineNo++;
    const line = stripRecordSeparator(raw).trim();
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      throw new InputError(`line ${lineNo} is not valid JSON (${(err as Error).message})`, path, features.length);
    }
    features.push(asFeature(obj, path, features.length, limits));
  }
  if (features.length === 0 && !opts.allowEmpty) throw new InputError('the file holds no features', path);
  return features;
}

/** Node cannot hold a string longer than about 512 MB; larger collections need the streaming reader. */
export const MAX_PARSE_BYTES = 400 * 1024 * 1024;

/** A GeoJSONSeq line too long to hold as one string is an InputError naming the line. */
async function* guardLines(lines: AsyncGenerator<string>, path: string): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (err) {
    if (err instanceof LineTooLongError) {
      throw new InputError(`line ${err.lineNo} is longer than ${Math.round(err.maxBytes / 1048576)} MiB; a GeoJSONSeq file holds one feature per line`, path);
    }
    throw err;
  }
}

async function readCollection(path: string, size: number, opts: ReadFeaturesOptions): Promise<Feature[]> {
  if (size > (opts.maxParseBytes ?? MAX_PARSE_BYTES)) {
    // One feature per line (the common layout of large exports) parses line by line at JSON.parse
    // speed; any other layout goes through the token-level streaming parser.
    const { readCollectionByLines } = await import('./collection-by-lines.js');
    const byLines = await readCollectionByLines(path, opts);
    if (byLines && (byLines.length > 0 || opts.allowEmpty)) return byLines;
    const { streamCollection } = await import('./stream-geojson.js');
    return streamCollection(path, opts);
  }
  const text = stripBom(await readUtf8(path, size, opts.onBytes));
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON (${(err as Error).message})`, path);
  }
  return collectionFeatures(obj, path, opts);
}

/**
 * The file as one string, read in 16 MB chunks into one buffer of its size (the memory readFile would
 * take) so that the bytes read can be reported as it goes.
 */
async function readUtf8(path: string, size: number, onBytes: ((bytesRead: number) => void) | undefined): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let offset = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, offset, Math.min(1 << 24, size - offset), offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      onBytes?.(offset);
      if (offset === size) break;
    }
    return buf.toString('utf8', 0, offset);
  } finally {
    await handle.close();
  }
}

/** The features of a parsed GeoJSON object, checked to be Features. */
export function collectionFeatures(obj: unknown, file: string, opts: ReadFeaturesOptions = {}): Feature[] {
  const o = obj as { type?: unknown; features?: unknown } | null;
  if (!o || typeof o !== 'object') throw new InputError('expected a GeoJSON object', file, undefined, 'type');
  if (o.type === 'Feature') return [asFeature(o, file, 0)];
  if (o.type !== 'FeatureCollection') {
    throw new InputError(`expected a FeatureCollection or Feature, got type ${quoteValue(o.type)}`, file, undefined, 'type');
  }
  if (!Array.isArray(o.features)) throw new InputError('a FeatureCollection needs a features array', file, undefined, 'features');
  const limits0 = limitsWith(opts.limits);
  for (const [key, value] of Object.entries(o)) if (key !== 'features') checkDepth(value, limits0.jsonDepth, file, undefined, key);
  if (o.features.length === 0 && !opts.allowEmpty) throw new InputError('the FeatureCollection holds no features', file, undefined, 'features');
  const limits = limitsWith(opts.limits);
  return o.features.map((f, i) => asFeature(f, file, i, limits));
}

/**
 * Checks one parsed feature: its type, its properties, and that it nests no deeper and holds no more
 * positions than `limits` allow (a property nested 100,000 deep would overflow the stack later).
 */
export function asFeature(obj: unknown, file: string, index: number, limits: InputLimits = limitsWith(undefined)): Feature {
  const f = obj as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
  if (!f || typeof f !== 'object' || f.type !== 'Feature') {
    throw new InputError(`expected a Feature, got ${f && typeof f === 'object' ? `type ${quoteValue(f.type)}` : typeof f}`, file, index, 'type');
  }
  if (f.properties !== undefined && f.properties !== null && typeof f.properties !== 'object') {
    throw new InputError('properties must be an object or null', file, index, 'properties');
  }
  checkDepth(f.properties, limits.jsonDepth, file, index, 'properties');
  checkGeometrySize(f.geometry, limits, file, index);
  return f as Feature;
}

function stripRecordSeparator(line: string): string {
  return line.charCodeAt(0) === 0x1e ? line.slice(1) : line;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
