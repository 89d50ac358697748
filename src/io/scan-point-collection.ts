import { open } from 'node:fs/promises';
import type { PointColumns } from '../geo/point-columns.js';
import type { InputLimits } from './limits.js';
import { COMMA, COLON, JsonBytes, LBRACE, LBRACKET, MORE, ODD, QUOTE, RBRACE, RBRACKET, utf8 } from './json-bytes.js';

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

type Phase = 'open' | 'member' | 'next-member' | 'feature' | 'trail';

const KEY_TYPE = utf8('type'), KEY_FEATURES = utf8('features'), KEY_GEOMETRY = utf8('geometry'), KEY_PROPERTIES = utf8('properties');
const KEY_ID = utf8('id'), KEY_COORDINATES = utf8('coordinates');
const WORD_FEATURE_COLLECTION = utf8('FeatureCollection'), WORD_FEATURE = utf8('Feature'), WORD_POINT = utf8('Point');

/**
 * The scan as a state machine over a window of the file. Each unit (the opening, one member of the
 * collection, one feature) is scanned from its first byte; one that runs past the bytes in hand
 * throws MORE and is scanned again once more are read, so a unit never needs to fit a chunk boundary.
 */
class PointScanner extends JsonBytes {
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

  constructor(private readonly field: string, private readonly maxDepth: number, sizeHint: number) {
    super();
    this.fieldBytes = utf8(field);
    // About 100 bytes a point in the usual layout; the columns grow when that guess is short.
    const capacity = Math.max(1024, Math.ceil(sizeHint / 90));
    this.lon = new Float64Array(capacity);
    this.lat = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
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
        if (this.end >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.p = 3;
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

  /** An escaped key as JSON.parse reads it. */
  private decode(start: number, end: number): string {
    return JSON.parse(this.buf.toString('utf8', start - 1, end + 1)) as string;
  }
}
