import { open } from 'node:fs/promises';
import type { PointColumns } from '../geo/point-columns.js';
import type { InputLimits } from './limits.js';

/**
 * The fast way through a population layer: a GeoJSON FeatureCollection of Points whose weight is a
 * number, as synthetic cities, osmium, ogr2ogr and most exports write it,
 *
 *   {"type":"FeatureCollection", ..., "features":[
 *   {"type":"Feature","properties":{"population":13, ...},"geometry":{"type":"Point","coordinates":[113.30,23.10]}},
 *   ...]}
 *
 * scanned byte by byte into columns, in chunks, with no string of the file and no object per feature.
 * On a million points that is a fraction of JSON.parse and the garbage collection of a million
 * retained Features (benchmarks/READERS.md, "Population points").
 *
 * It accepts a strict subset of JSON and of GeoJSON, and only what the general reader would read into
 * the same points without a message: any other shape (a Polygon, a nested or non-number weight, a
 * missing property, an escape in a key it needs, a trailing comma, anything invalid) returns
 * undefined, and the caller reads the file with the general reader, which reads it or names what is
 * wrong as it always has. The values (coordinates in range, weights non-negative) are checked where
 * they are used, as features' are.
 */
export async function scanPointCollection(path: string, opts: ScanOptions): Promise<PointColumns | undefined> {
  // Limits this shape always meets (depth 2, one position); a lower configured limit takes the general path.
  if (opts.limits.jsonDepth < 2 || opts.limits.coordsPerFeature < 1) return undefined;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined; // the general reader names the problem
  }
  try {
    const scanner = new PointScanner(opts.field, opts.limits.jsonDepth, opts.sizeHint ?? 0);
    const chunk = opts.chunkBytes ?? CHUNK_BYTES;
    let fileOffset = 0;
    for (;;) {
      const room = scanner.prepare(chunk);
      const { bytesRead } = await handle.read(scanner.buf, scanner.end, room, fileOffset);
      fileOffset += bytesRead;
      scanner.end += bytesRead;
      if (bytesRead > 0) opts.onBytes?.(fileOffset);
      const done = scanner.scan(bytesRead === 0);
      if (done) return scanner.columns(opts.field);
    }
  } catch (err) {
    if (err === ODD) return undefined;
    if ((err as NodeJS.ErrnoException).code) return undefined; // a read error: the general reader reports it
    throw err;
  } finally {
    await handle.close();
  }
}

export interface ScanOptions {
  /** The property holding each point's weight. */
  field: string;
  limits: InputLimits;
  onBytes?: (bytesRead: number) => void;
  /** The file's size, to size the columns once. */
  sizeHint?: number;
  /** Bytes read at a time (tests make it tiny to cross every boundary). */
  chunkBytes?: number;
}

const CHUNK_BYTES = 8 << 20;

/** A feature, header or member larger than this is not the point layer this reader is for. */
const MAX_UNIT_BYTES = 64 << 20;

/** Thrown when the text is not the shape this reader accepts: read the file with the general reader. */
const ODD = Symbol('not a plain point collection');
/** Thrown when the bytes in hand end inside a unit: read more and scan that unit again. */
const MORE = Symbol('needs more bytes');

type Phase = 'open' | 'member' | 'next-member' | 'feature' | 'trail';

// Byte values.
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;
const MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;

const utf8 = (s: string) => new TextEncoder().encode(s);
const KEY_TYPE = utf8('type'), KEY_FEATURES = utf8('features'), KEY_GEOMETRY = utf8('geometry'), KEY_PROPERTIES = utf8('properties');
const KEY_ID = utf8('id'), KEY_COORDINATES = utf8('coordinates');
const WORD_FEATURE_COLLECTION = utf8('FeatureCollection'), WORD_FEATURE = utf8('Feature'), WORD_POINT = utf8('Point');
const WORD_TRUE = utf8('true'), WORD_FALSE = utf8('false'), WORD_NULL = utf8('null');

/** Powers of ten exactly representable as doubles: m / 10^k is then correctly rounded (Clinger's fast path). */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_EXACT = 2 ** 53;

/**
 * The scan as a state machine over a window of the file. Each unit (the opening, one member of the
 * collection, one feature) is scanned from its first byte; one that runs past the bytes in hand
 * throws MORE and is scanned again once more are read, so a unit never needs to fit a chunk boundary.
 */
class PointScanner {
  buf: Buffer;
  end = 0;
  private p = 0;
  private final = false;
  private phase: Phase = 'open';
  private sawType = false;
  private sawFeatures = false;
  private readonly fieldBytes: Uint8Array;
  private count = 0;
  private lon: Float64Array;
  private lat: Float64Array;
  private weight: Float64Array;
  // The feature being scanned.
  private x = 0;
  private y = 0;
  private w = 0;
  // The last string read.
  private sStart = 0;
  private sEnd = 0;
  private sEscaped = false;

  constructor(private readonly field: string, private readonly maxDepth: number, sizeHint: number) {
    this.buf = Buffer.allocUnsafe(0);
    this.fieldBytes = utf8(field);
    // About 100 bytes a point in the usual layout; the columns grow when that guess is short.
    const capacity = Math.max(1024, Math.ceil(sizeHint / 90));
    this.lon = new Float64Array(capacity);
    this.lat = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
  }

  /**
   * Moves the unscanned bytes to the front and makes room for more, about `chunk`; returns the room.
   * The buffer is kept while at least half a chunk fits after the unscanned bytes (see JsonBytes.prepare:
   * a new buffer per chunk is fresh memory, a page fault every 4 KB).
   */
  prepare(chunk: number): number {
    const keep = this.end - this.p;
    if (keep > MAX_UNIT_BYTES) throw ODD;
    if (this.buf.length < keep + Math.ceil(chunk / 2)) {
      const next = Buffer.allocUnsafe(keep + chunk);
      this.buf.copy(next, 0, this.p, this.end);
      this.buf = next;
    } else if (this.p > 0) {
      this.buf.copy(this.buf, 0, this.p, this.end);
    }
    this.end = keep;
    this.p = 0;
    return this.buf.length - keep;
  }

  /** Scans every whole unit in hand; true when the collection has ended (`final`: no bytes follow). */
  scan(final: boolean): boolean {
    this.final = final;
    for (;;) {
      const start = this.p;
      try {
        if (this.unit()) return true;
      } catch (err) {
        if (err !== MORE) throw err;
        this.p = start;
        return false;
      }
    }
  }

  columns(field: string): PointColumns {
    const n = this.count;
    // Views, not copies: the unused tail is about a tenth of the columns.
    return { type: 'PointColumns', count: n, lon: this.lon.subarray(0, n), lat: this.lat.subarray(0, n), weight: this.weight.subarray(0, n), field };
  }

  /** One unit; true when the whole collection has been read. */
  private unit(): boolean {
    switch (this.phase) {
      case 'open':
        if (this.end < 3 && !this.final) throw MORE;
        if (this.has(3) && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.p = 3;
        this.ws();
        this.expect(LBRACE);
        this.ws();
        this.phase = 'member';
        return false;
      case 'member':
        this.member();
        return false;
      case 'next-member': {
        this.ws();
        const c = this.next();
        if (c === COMMA) { this.ws(); this.phase = 'member'; return false; }
        if (c !== RBRACE) throw ODD;
        if (!this.sawType || !this.sawFeatures) throw ODD;
        this.phase = 'trail';
        return false;
      }
      case 'feature': {
        this.feature();
        this.ws();
        const c = this.next();
        if (c === COMMA) this.ws();
        else if (c === RBRACKET) this.phase = 'next-member';
        else throw ODD;
        // Only now, when nothing of this unit can throw MORE and scan it again.
        this.push();
        return false;
      }
      case 'trail':
        this.ws();
        if (this.p < this.end) throw ODD; // text after the collection: invalid JSON, the general reader says so
        if (!this.final) throw MORE;
        return true;
    }
  }

  /** One member of the collection: its type, its features array (opened here), or anything else, checked by JSON.parse. */
  private member(): void {
    this.plainString();
    this.ws();
    this.expect(COLON);
    this.ws();
    if (this.is(KEY_TYPE)) {
      if (this.sawType) throw ODD;
      this.word(WORD_FEATURE_COLLECTION);
      this.sawType = true;
      this.phase = 'next-member';
    } else if (this.is(KEY_FEATURES)) {
      if (this.sawFeatures) throw ODD;
      this.expect(LBRACKET);
      this.ws();
      if (this.peek() !== LBRACE) throw ODD; // empty, or not objects: the general reader's decision and message
      this.sawFeatures = true;
      this.phase = 'feature';
    } else {
      // "name", "crs" (ogr2ogr writes one), "bbox", foreign members: any JSON value within the depth
      // limit the general reader checks them against.
      this.anyValue(this.maxDepth);
      this.phase = 'next-member';
    }
  }

  /** Any JSON value nested at most `maxDepth` deep (checkDepth's count: an object at the top is 1), validated. */
  private anyValue(maxDepth: number): void {
    const closers: number[] = [];
    for (;;) {
      const c = this.peek();
      if (c === LBRACE || c === LBRACKET) {
        this.p++;
        if (closers.length + 1 > maxDepth) throw ODD;
        closers.push(c === LBRACE ? RBRACE : RBRACKET);
        this.ws();
        if (this.peek() !== closers[closers.length - 1]) {
          if (c === LBRACE) this.key();
          continue;
        }
        this.p++;
        closers.pop();
      } else {
        this.scalar();
      }
      // After a value: close what ends here, then the next item, if any.
      for (;;) {
        if (closers.length === 0) return;
        this.ws();
        const d = this.next();
        if (d === closers[closers.length - 1]) { closers.pop(); continue; }
        if (d !== COMMA) throw ODD;
        this.ws();
        if (closers[closers.length - 1] === RBRACE) this.key();
        break;
      }
    }
  }

  /** `"name" :` inside an object being validated. */
  private key(): void {
    this.string();
    this.ws();
    this.expect(COLON);
    this.ws();
  }

  /** One Feature with a Point geometry, a numeric weight and at most an `id` besides, left in x, y, w. */
  private feature(): void {
    this.expect(LBRACE);
    this.ws();
    let sawType = false, sawGeometry = false, sawProperties = false, sawId = false;
    for (;;) {
      this.plainString();
      this.ws();
      this.expect(COLON);
      this.ws();
      if (this.is(KEY_TYPE)) {
        if (sawType) throw ODD;
        this.word(WORD_FEATURE);
        sawType = true;
      } else if (this.is(KEY_GEOMETRY)) {
        if (sawGeometry) throw ODD;
        this.point();
        sawGeometry = true;
      } else if (this.is(KEY_PROPERTIES)) {
        if (sawProperties) throw ODD;
        this.properties();
        sawProperties = true;
      } else if (this.is(KEY_ID)) {
        if (sawId) throw ODD;
        const c = this.peek();
        if (c === QUOTE) this.string();
        else this.number();
        sawId = true;
      } else {
        throw ODD;
      }
      this.ws();
      const c = this.next();
      if (c === RBRACE) break;
      if (c !== COMMA) throw ODD;
      this.ws();
    }
    if (!sawType || !sawGeometry || !sawProperties) throw ODD;
  }

  private push(): void {
    const n = this.count;
    if (n === this.lon.length) {
      const grow = (a: Float64Array) => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
      this.lon = grow(this.lon);
      this.lat = grow(this.lat);
      this.weight = grow(this.weight);
    }
    this.lon[n] = this.x;
    this.lat[n] = this.y;
    this.weight[n] = this.w;
    this.count = n + 1;
  }

  /** {"type":"Point","coordinates":[x,y(,z...)]} in either order. */
  private point(): void {
    this.expect(LBRACE);
    this.ws();
    let sawType = false, sawCoordinates = false;
    for (;;) {
      this.plainString();
      this.ws();
      this.expect(COLON);
      this.ws();
      if (this.is(KEY_TYPE)) {
        if (sawType) throw ODD;
        this.word(WORD_POINT);
        sawType = true;
      } else if (this.is(KEY_COORDINATES)) {
        if (sawCoordinates) throw ODD;
        this.position();
        sawCoordinates = true;
      } else {
        throw ODD;
      }
      this.ws();
      const c = this.next();
      if (c === RBRACE) break;
      if (c !== COMMA) throw ODD;
      this.ws();
    }
    if (!sawType || !sawCoordinates) throw ODD;
  }

  /** [x, y] or [x, y, z, ...]: numbers only. */
  private position(): void {
    this.expect(LBRACKET);
    this.ws();
    this.x = this.number();
    this.ws();
    this.expect(COMMA);
    this.ws();
    this.y = this.number();
    this.ws();
    for (;;) {
      const c = this.next();
      if (c === RBRACKET) return;
      if (c !== COMMA) throw ODD;
      this.ws();
      this.number();
      this.ws();
    }
  }

  /** A flat properties object holding the weight field once, as a number. */
  private properties(): void {
    this.expect(LBRACE);
    this.ws();
    let found = false;
    if (this.peek() === RBRACE) throw ODD;
    for (;;) {
      this.string();
      const isField = this.sEscaped ? this.decode(this.sStart, this.sEnd) === this.field : this.is(this.fieldBytes);
      this.ws();
      this.expect(COLON);
      this.ws();
      if (isField) {
        if (found) throw ODD; // JSON.parse keeps the last; rare enough to leave to it
        if (this.peek() === QUOTE) throw ODD; // "1,234": the general path's count() reads text
        this.w = this.number();
        found = true;
      } else {
        this.scalar();
      }
      this.ws();
      const c = this.next();
      if (c === RBRACE) break;
      if (c !== COMMA) throw ODD;
      this.ws();
    }
    if (!found) throw ODD;
  }

  /** A string, number, true, false or null; objects and arrays are not flat. */
  private scalar(): void {
    const c = this.peek();
    if (c === QUOTE) this.string();
    else if (c === 0x74) this.word(WORD_TRUE);
    else if (c === 0x66) this.word(WORD_FALSE);
    else if (c === 0x6e) this.word(WORD_NULL);
    else this.number();
  }

  /** A JSON number, strictly by the grammar, as JSON.parse would read it. */
  private number(): number {
    const start = this.p;
    let c = this.peek();
    const negative = c === MINUS;
    if (negative) { this.p++; c = this.peek(); }
    let m = 0, exact = true, digits = 0, scale = 0;
    if (c === ZERO) {
      this.p++;
    } else if (c > ZERO && c <= NINE) {
      while (this.p < this.end && (c = this.buf[this.p]) >= ZERO && c <= NINE) { m = m * 10 + (c - ZERO); digits++; this.p++; }
    } else {
      throw ODD;
    }
    if (this.p < this.end && this.buf[this.p] === DOT) {
      this.p++;
      c = this.peek();
      if (!(c >= ZERO && c <= NINE)) throw ODD;
      while (this.p < this.end && (c = this.buf[this.p]) >= ZERO && c <= NINE) { m = m * 10 + (c - ZERO); digits++; scale--; this.p++; }
    }
    if (this.p < this.end && (this.buf[this.p] | 0x20) === 0x65) {
      this.p++;
      c = this.peek();
      if (c === MINUS || c === PLUS) { this.p++; c = this.peek(); }
      if (!(c >= ZERO && c <= NINE)) throw ODD;
      while (this.p < this.end && (c = this.buf[this.p]) >= ZERO && c <= NINE) this.p++;
      exact = false; // left to Number(), which reads the exponent as JSON.parse does
    }
    // The number ends at the first byte that cannot continue it; at the end of the bytes in hand it may go on.
    if (this.p >= this.end && !this.final) throw MORE;
    if (exact && digits <= 15 && m < MAX_EXACT && -scale <= 22) {
      const v = scale === 0 ? m : m / POW10[-scale];
      return negative ? -v : v;
    }
    return Number(this.buf.toString('latin1', start, this.p));
  }

  /** A string, its contents' bounds left in sStart/sEnd and whether it holds an escape in sEscaped (no array per string); invalid strings are odd. */
  private string(): void {
    this.expect(QUOTE);
    const start = this.p;
    let escaped = false;
    const buf = this.buf;
    for (;;) {
      if (this.p >= this.end) throw this.final ? ODD : MORE;
      const c = buf[this.p++];
      if (c === QUOTE) {
        this.sStart = start;
        this.sEnd = this.p - 1;
        this.sEscaped = escaped;
        return;
      }
      if (c < 0x20) throw ODD; // a raw control character: invalid JSON
      if (c === BACKSLASH) {
        escaped = true;
        const e = this.next();
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            const h = this.next() | 0x20;
            if (!((h >= ZERO && h <= NINE) || (h >= 0x61 && h <= 0x66))) throw ODD;
          }
        } else if (!(e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) {
          throw ODD;
        }
      }
    }
  }

  /** A string that must be compared byte for byte: one with an escape is odd (rare for keys and types). */
  private plainString(): void {
    this.string();
    if (this.sEscaped) throw ODD;
  }

  /** Whether the last string read is exactly `bytes`. */
  private is(bytes: Uint8Array): boolean {
    return this.same(this.sStart, this.sEnd, bytes);
  }

  /** An escaped key as JSON.parse reads it. */
  private decode(start: number, end: number): string {
    return JSON.parse(this.buf.toString('utf8', start - 1, end + 1)) as string;
  }

  /** Exactly the JSON string or literal `bytes` (a string when it is a type name). */
  private word(bytes: Uint8Array): void {
    const quoted = bytes !== WORD_TRUE && bytes !== WORD_FALSE && bytes !== WORD_NULL;
    if (quoted) {
      this.plainString();
      if (!this.is(bytes)) throw ODD;
      return;
    }
    if (!this.has(bytes.length)) throw this.final ? ODD : MORE;
    for (let k = 0; k < bytes.length; k++) if (this.buf[this.p + k] !== bytes[k]) throw ODD;
    this.p += bytes.length;
  }

  private same(start: number, end: number, bytes: Uint8Array): boolean {
    if (end - start !== bytes.length) return false;
    for (let k = 0; k < bytes.length; k++) if (this.buf[start + k] !== bytes[k]) return false;
    return true;
  }

  private ws(): void {
    const buf = this.buf;
    while (this.p < this.end) {
      const c = buf[this.p];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.p++;
    }
    if (!this.final) throw MORE;
  }

  private has(n: number): boolean {
    return this.p + n <= this.end;
  }

  private peek(): number {
    if (this.p >= this.end) throw this.final ? ODD : MORE;
    return this.buf[this.p];
  }

  private next(): number {
    if (this.p >= this.end) throw this.final ? ODD : MORE;
    return this.buf[this.p++];
  }

  private expect(c: number): void {
    if (this.next() !== c) throw ODD;
  }
}
