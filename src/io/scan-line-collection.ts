import { stat } from 'node:fs/promises';
import type { GeoJsonProperties } from 'geojson';
import type { LineParts } from '../geo/line-parts.js';
import type { InputLimits } from './limits.js';
import { SEQ_EXTENSIONS } from './read-geojson.js';
import { layerFormat } from './layer-format.js';
import { COMMA, COLON, LBRACE, LBRACKET, ODD, RBRACE, RBRACKET, utf8, WORD_NULL } from './json-bytes.js';
import { FeatureCollectionScanner, KEY_COORDINATES, KEY_TYPE, scanFile } from './scan-feature-collection.js';

/**
 * The fast way through a street layer: a GeoJSON FeatureCollection of LineStrings and
 * MultiLineStrings, as OSM extracts, osmium and ogr2ogr write it,
 *
 *   {"type":"FeatureCollection", ..., "features":[
 *   {"type":"Feature","properties":{"highway":"residential", ...},"geometry":{"type":"LineString","coordinates":[[113.52,23.46],[113.53,23.47]]}},
 *   ...]}
 *
 * scanned byte by byte, in chunks, into the walkable line parts the network is built from: no string
 * of the file and no object per feature or position, only one parsed properties object per distinct
 * properties text, for the walkable filter. On the 49 MB spread-L streets that is a fraction of
 * JSON.parse and of the garbage collection of 200,000 retained Features.
 *
 * It accepts a strict subset of JSON and of GeoJSON, and only what the general reader and buildNetwork
 * would read into the same parts without a message: any other shape (another geometry, a null
 * geometry, a position out of range or not two or three numbers, members a Feature does not need, an
 * escape in a key, a trailing comma, anything invalid) returns undefined, and the caller reads the
 * file with readLayer and buildNetwork, which read it or name what is wrong, with file, feature and
 * field, as they always have.
 *
 * `walkable` must be a function of the properties alone: its answer is kept per properties text.
 */
export async function scanLineCollection(path: string, opts: ScanLinesOptions): Promise<LineParts | undefined> {
  // Limits this shape always meets (depth 4 for a MultiLineString's positions); a lower one takes the general path.
  if (opts.limits.jsonDepth < 4 || opts.limits.coordsPerFeature < 1) return undefined;
  const scanner = new LineScanner(opts.walkable, opts.limits, opts.sizeHint ?? 0);
  return (await scanFile(path, scanner, { chunkBytes: opts.chunkBytes ?? CHUNK_BYTES, onBytes: opts.onBytes })) ? scanner.parts() : undefined;
}

export interface ScanLinesOptions {
  /** Which lines are walkable, from their properties (buildNetwork's `walkable`). */
  walkable: (props: GeoJsonProperties) => boolean;
  limits: InputLimits;
  onBytes?: (bytesRead: number) => void;
  /** The file's size, to size the columns once. */
  sizeHint?: number;
  /** Bytes read at a time (tests make it tiny to cross every boundary). */
  chunkBytes?: number;
}

// 1 MB: a larger read buffer is only more fresh memory to fault in; the reads cost nothing next to the scan.
const CHUNK_BYTES = 1 << 20;

/** Distinct properties texts whose walkable answer is kept; past this many they are parsed each time. */
const MAX_CACHED_PROPERTIES = 1 << 14;

const WORD_LINE_STRING = utf8('LineString'), WORD_MULTI_LINE_STRING = utf8('MultiLineString');

/**
 * The scan (see FeatureCollectionScanner): a feature's parts and positions are written past the
 * committed ones and kept only when it ends walkable.
 */
class LineScanner extends FeatureCollectionScanner {
  private readonly walkableOf = new Map<string, boolean>();
  // Committed columns.
  private featureCount = 0;
  private notWalkable = 0;
  private partCount = 0;
  private positions = 0;
  private partStart: Int32Array;
  private partFeature: Int32Array;
  private lon: Float64Array;
  private lat: Float64Array;
  private minLon = Infinity;
  private minLat = Infinity;
  private maxLon = -Infinity;
  private maxLat = -Infinity;
  // The feature being scanned: its parts and positions so far (past the committed ones), and whether it is walkable.
  private featureParts = 0;
  private cursor = 0;
  private walkable = true;

  constructor(private readonly isWalkable: (props: GeoJsonProperties) => boolean, private readonly limits: InputLimits, sizeHint: number) {
    super(limits.jsonDepth);
    // About 25 bytes a position and 250 a line in the usual layout; the columns grow when that guess is short.
    const positions = Math.max(1024, Math.ceil(sizeHint / 20));
    const parts = Math.max(256, Math.ceil(sizeHint / 200));
    this.lon = new Float64Array(positions);
    this.lat = new Float64Array(positions);
    this.partStart = new Int32Array(parts + 1);
    this.partFeature = new Int32Array(parts);
  }

  parts(): LineParts {
    const n = this.partCount;
    this.partStart[n] = this.positions;
    return {
      featureCount: this.featureCount, notWalkable: this.notWalkable, partCount: n,
      partStart: this.partStart, partFeature: this.partFeature, lon: this.lon, lat: this.lat, positions: this.positions,
      minLon: this.minLon, minLat: this.minLat, maxLon: this.maxLon, maxLat: this.maxLat,
    };
  }

  protected beginFeature(): void {
    this.featureParts = 0;
    this.cursor = this.positions;
    this.walkable = true;
  }

  /** Left out, the properties are null to the walkable filter, as buildNetwork reads them. */
  protected noProperties(): void {
    this.walkable = this.isWalkable(null);
  }

  /** The feature just scanned joins the columns if it is walkable. */
  protected commit(): void {
    const i = this.featureCount++;
    if (!this.walkable) {
      this.notWalkable++;
      return;
    }
    const first = this.partCount;
    for (let k = 0; k < this.featureParts; k++) this.partFeature[first + k] = i;
    const lon = this.lon, lat = this.lat;
    for (let k = this.positions; k < this.cursor; k++) {
      const x = lon[k], y = lat[k];
      if (x < this.minLon) this.minLon = x;
      if (x > this.maxLon) this.maxLon = x;
      if (y < this.minLat) this.minLat = y;
      if (y > this.maxLat) this.maxLat = y;
    }
    this.partCount += this.featureParts;
    this.positions = this.cursor;
  }

  /** {"type":"LineString"|"MultiLineString","coordinates":...}, the type first. */
  protected geometry(): void {
    this.expect(LBRACE);
    this.ws();
    this.plainString();
    if (!this.is(KEY_TYPE)) throw ODD;
    this.ws();
    this.expect(COLON);
    this.ws();
    this.plainString();
    const multi = this.is(WORD_MULTI_LINE_STRING);
    if (!multi && !this.is(WORD_LINE_STRING)) throw ODD;
    this.ws();
    this.expect(COMMA);
    this.ws();
    this.plainString();
    if (!this.is(KEY_COORDINATES)) throw ODD;
    this.ws();
    this.expect(COLON);
    this.ws();
    const before = this.cursor;
    if (multi) {
      this.expect(LBRACKET);
      this.ws();
      if (this.peek() === RBRACKET) this.p++;
      else {
        for (;;) {
          this.line();
          this.ws();
          const c = this.next();
          if (c === RBRACKET) break;
          if (c !== COMMA) throw ODD;
          this.ws();
        }
      }
    } else {
      this.line();
    }
    if (this.cursor - before > this.limits.coordsPerFeature) throw ODD; // the general reader names the limit
    this.ws();
    this.expect(RBRACE);
  }

  /** One line's positions, [[x, y], ...], written as a part past the committed ones. */
  private line(): void {
    const part = this.partCount + this.featureParts++;
    if (part + 1 >= this.partStart.length) this.growParts();
    this.partStart[part] = this.cursor;
    this.expect(LBRACKET);
    this.ws();
    if (this.peek() === RBRACKET) { this.p++; return; }
    for (;;) {
      if (!this.plainPosition()) this.position();
      this.ws();
      const c = this.next();
      if (c === RBRACKET) return;
      if (c !== COMMA) throw ODD;
      this.ws();
    }
  }

  /** [x, y] or [x, y, z]: numbers, a WGS-84 longitude and latitude (anything else the general path checks and names). */
  private position(): void {
    this.expect(LBRACKET);
    this.ws();
    const x = this.number();
    this.ws();
    this.expect(COMMA);
    this.ws();
    const y = this.number();
    this.ws();
    let c = this.next();
    if (c === COMMA) {
      this.ws();
      this.number();
      this.ws();
      c = this.next();
    }
    if (c !== RBRACKET) throw ODD;
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) throw ODD;
    const k = this.cursor++;
    if (k >= this.lon.length) this.growPositions();
    this.lon[k] = x;
    this.lat[k] = y;
  }

  /**
   * The common spelling of a position, `[x,y]` with no spaces and plain decimals (no exponent, at most
   * 15 digits), read with the bytes in locals; false, having read nothing, for any other spelling or
   * where the bytes in hand end, which position() then reads (or refuses) as always.
   */
  private plainPosition(): boolean {
    const buf = this.buf, end = this.end;
    let p = this.p;
    if (p >= end || buf[p] !== LBRACKET) return false;
    const x = plainNumber(buf, p + 1, end, COMMA);
    if (x !== x) return false;
    const y = plainNumber(buf, plainEnd + 1, end, RBRACKET);
    if (y !== y) return false;
    p = plainEnd + 1;
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) return false;
    const k = this.cursor++;
    if (k >= this.lon.length) this.growPositions();
    this.lon[k] = x;
    this.lat[k] = y;
    this.p = p;
    return true;
  }

  /** An object within the depth limit, or null: whether its feature is walkable (kept per distinct text). */
  protected properties(): void {
    const c = this.peek();
    if (c === 0x6e) {
      this.word(WORD_NULL);
      this.walkable = this.isWalkable(null);
      return;
    }
    if (c !== LBRACE) throw ODD; // an array or a scalar: the general reader's decision
    const start = this.p;
    this.anyValue(this.limits.jsonDepth);
    const text = this.buf.toString('latin1', start, this.p);
    let walkable = this.walkableOf.get(text);
    if (walkable === undefined) {
      walkable = this.isWalkable(JSON.parse(this.buf.toString('utf8', start, this.p)) as GeoJsonProperties);
      if (this.walkableOf.size < MAX_CACHED_PROPERTIES) this.walkableOf.set(text, walkable);
    }
    this.walkable = walkable;
  }

  private growParts(): void {
    const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
    this.partStart = grow(this.partStart);
    this.partFeature = grow(this.partFeature);
  }

  private growPositions(): void {
    const grow = (a: Float64Array) => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
    this.lon = grow(this.lon);
    this.lat = grow(this.lat);
  }
}

/**
 * The walkable line parts of a street file when it is a plain GeoJSON FeatureCollection of lines
 * (scanLineCollection); undefined for anything else (another format, a GeoJSONSeq file, a file with
 * something odd or wrong in it): read that with readLayer and buildNetwork, which read it or name the problem.
 */
export async function readLineParts(source: string, opts: Omit<ScanLinesOptions, 'sizeHint'>): Promise<LineParts | undefined> {
  if (layerFormat(source) !== 'geojson' || SEQ_EXTENSIONS.test(source) || /\.(csv|tsv|txt)$/i.test(source)) return undefined;
  const size = (await stat(source).catch(() => undefined))?.size;
  if (!size) return undefined;
  return scanLineCollection(source, { ...opts, sizeHint: size });
}

/** Where the last plainNumber ended (the byte that closed it). */
let plainEnd = 0;

/**
 * A JSON number at buf[p] spelled `-?(0|[1-9][0-9]*)(.[0-9]+)?` with at most 15 digits and closed by
 * `closer`, as JSON.parse reads it (m / 10^k, both exact, is correctly rounded: Clinger's fast path);
 * NaN for any other spelling, or where the bytes in hand end first. Leaves the closer's offset in plainEnd.
 */
function plainNumber(buf: Buffer, p: number, end: number, closer: number): number {
  if (p >= end) return NaN;
  let c = buf[p];
  const negative = c === 0x2d;
  if (negative) { if (++p >= end) return NaN; c = buf[p]; }
  let m = 0, digits = 0, scale = 0;
  if (c === 0x30) {
    p++;
  } else if (c > 0x30 && c <= 0x39) {
    while (p < end && (c = buf[p]) >= 0x30 && c <= 0x39) { m = m * 10 + (c - 0x30); digits++; p++; }
  } else {
    return NaN;
  }
  if (p < end && buf[p] === 0x2e) {
    p++;
    const first = p;
    while (p < end && (c = buf[p]) >= 0x30 && c <= 0x39) { m = m * 10 + (c - 0x30); digits++; p++; }
    if (p === first) return NaN;
    scale = p - first;
  }
  if (p >= end || buf[p] !== closer || digits > 15) return NaN;
  plainEnd = p;
  const v = scale === 0 ? m : m / POW10[scale];
  return negative ? -v : v;
}

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
