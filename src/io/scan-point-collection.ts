import type { PointColumns } from '../geo/point-columns.js';
import type { InputLimits } from './limits.js';
import { COMMA, COLON, LBRACE, LBRACKET, ODD, QUOTE, RBRACE, RBRACKET, utf8 } from './json-bytes.js';
import { FeatureCollectionScanner, KEY_COORDINATES, KEY_TYPE, scanFile } from './scan-feature-collection.js';

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
  const scanner = new PointScanner(opts.field, opts.limits.jsonDepth, opts.sizeHint ?? 0);
  return (await scanFile(path, scanner, { chunkBytes: opts.chunkBytes ?? CHUNK_BYTES, onBytes: opts.onBytes })) ? scanner.columns(opts.field) : undefined;
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

const WORD_POINT = utf8('Point');
const POINT_KEYS = [KEY_TYPE, KEY_COORDINATES];

/** The scan (see FeatureCollectionScanner): each feature's point and weight, left in x, y, w, then pushed onto the columns. */
class PointScanner extends FeatureCollectionScanner {
  private readonly fieldBytes: Uint8Array;
  private count = 0;
  private lon: Float64Array;
  private lat: Float64Array;
  private weight: Float64Array;
  // The feature being scanned.
  private x = 0;
  private y = 0;
  private w = 0;

  constructor(private readonly field: string, maxDepth: number, sizeHint: number) {
    super(maxDepth);
    this.fieldBytes = utf8(field);
    // About 100 bytes a point in the usual layout; the columns grow when that guess is short.
    const capacity = Math.max(1024, Math.ceil(sizeHint / 90));
    this.lon = new Float64Array(capacity);
    this.lat = new Float64Array(capacity);
    this.weight = new Float64Array(capacity);
  }

  columns(field: string): PointColumns {
    const n = this.count;
    // Views, not copies: the unused tail is about a tenth of the columns.
    return { type: 'PointColumns', count: n, lon: this.lon.subarray(0, n), lat: this.lat.subarray(0, n), weight: this.weight.subarray(0, n), field };
  }

  protected beginFeature(): void {}

  /** A point without a weight is the general reader's to read (and refuse). */
  protected noProperties(): void {
    throw ODD;
  }

  /** The feature's point joins the columns. */
  protected commit(): void {
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
  protected geometry(): void {
    if (this.members(POINT_KEYS, this.pointMember) !== 3) throw ODD;
  }

  private readonly pointMember = (k: number): void => {
    if (k === 0) this.word(WORD_POINT);
    else this.position();
  };

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
  protected properties(): void {
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
