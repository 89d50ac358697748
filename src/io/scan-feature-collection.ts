import { open } from 'node:fs/promises';
import { COMMA, COLON, JsonBytes, LBRACE, LBRACKET, MORE, ODD, QUOTE, RBRACE, RBRACKET, utf8 } from './json-bytes.js';

/**
 * What the byte-level collection scanners share (io/scan-point-collection.ts for population points,
 * io/scan-line-collection.ts for streets): a GeoJSON FeatureCollection read in chunks, its members
 * ("type", "features", anything else within the depth limit), and each Feature's members ("type",
 * "geometry", "properties", "id", in any order, nothing else). A subclass reads the geometry and the
 * properties of one feature and keeps the feature once it has been scanned whole.
 *
 * The scan is a state machine over a window of the file. Each unit (the opening, one member of the
 * collection, one feature) is scanned from its first byte; one that runs past the bytes in hand
 * throws MORE and is scanned again once more are read, so a unit never needs to fit a chunk boundary.
 * Anything outside the plain shape throws ODD, and the caller reads the file with the general reader.
 */
export abstract class FeatureCollectionScanner extends JsonBytes {
  private phase: 'open' | 'member' | 'next-member' | 'feature' | 'trail' = 'open';
  private sawType = false;
  private sawFeatures = false;

  /** `memberDepth`: the deepest JSON value the collection's other members may hold (the general reader's limit). */
  protected constructor(private readonly memberDepth: number) {
    super();
  }

  /** A new feature begins (scanned again from here when its bytes ran out). */
  protected abstract beginFeature(): void;
  /** The value of the feature's "geometry". */
  protected abstract geometry(): void;
  /** The value of the feature's "properties". */
  protected abstract properties(): void;
  /** A feature without "properties": refuse it (throw ODD) or read it as null. */
  protected abstract noProperties(): void;
  /** The feature was scanned whole: keep it. Nothing of it is scanned again after this. */
  protected abstract commit(): void;

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

  /**
   * An object's members, each key one of `keys` at most once (anything else is odd): `read(k)` reads
   * the value of `keys[k]`. Returns the keys seen, bit k for `keys[k]`.
   */
  protected members(keys: readonly Uint8Array[], read: (k: number) => void): number {
    this.expect(LBRACE);
    this.ws();
    let seen = 0;
    for (;;) {
      this.plainString();
      let k = 0;
      while (k < keys.length && !this.is(keys[k])) k++;
      if (k === keys.length || (seen >> k) & 1) throw ODD;
      seen |= 1 << k;
      this.ws();
      this.expect(COLON);
      this.ws();
      read(k);
      this.ws();
      const c = this.next();
      if (c === RBRACE) return seen;
      if (c !== COMMA) throw ODD;
      this.ws();
    }
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
        this.beginFeature();
        const seen = this.members(FEATURE_KEYS, this.featureMember);
        if (!(seen & F_TYPE) || !(seen & F_GEOMETRY)) throw ODD;
        if (!(seen & F_PROPERTIES)) this.noProperties();
        this.ws();
        const c = this.next();
        if (c === COMMA) this.ws();
        else if (c === RBRACKET) this.phase = 'next-member';
        else throw ODD;
        // Only now, when nothing of this unit can throw MORE and scan it again.
        this.commit();
        return false;
      }
      case 'trail':
        this.ws();
        if (this.p < this.end) throw ODD; // text after the collection: invalid JSON, the general reader says so
        if (!this.final) throw MORE;
        return true;
    }
  }

  /** One member of the collection: its type, its features array (opened here), or anything else, checked by depth. */
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
      this.anyValue(this.memberDepth);
      this.phase = 'next-member';
    }
  }

  // Made once per scanner, not per feature.
  private readonly featureMember = (k: number): void => {
    if (k === 0) this.word(WORD_FEATURE);
    else if (k === 1) this.geometry();
    else if (k === 2) this.properties();
    else if (this.peek() === QUOTE) this.string();
    else this.number();
  };
}

/**
 * Reads a file through a scanner, `chunkBytes` at a time: true when it held a plain collection the
 * scanner took whole, false for anything else (odd content, a file that cannot be opened or read),
 * which the general reader then reads or names.
 */
export async function scanFile(path: string, scanner: FeatureCollectionScanner, opts: { chunkBytes: number; onBytes?: (bytesRead: number) => void }): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    let fileOffset = 0;
    for (;;) {
      const room = scanner.prepare(opts.chunkBytes);
      const { bytesRead } = await handle.read(scanner.buf, scanner.end, room, fileOffset);
      fileOffset += bytesRead;
      scanner.end += bytesRead;
      if (bytesRead > 0) opts.onBytes?.(fileOffset);
      if (scanner.scan(bytesRead === 0)) return true;
    }
  } catch (err) {
    if (err === ODD) return false;
    if ((err as NodeJS.ErrnoException).code) return false; // a read error: the general reader reports it
    throw err;
  } finally {
    await handle.close();
  }
}

export const KEY_TYPE = utf8('type'), KEY_COORDINATES = utf8('coordinates');
const KEY_FEATURES = utf8('features');
const WORD_FEATURE_COLLECTION = utf8('FeatureCollection'), WORD_FEATURE = utf8('Feature');
const FEATURE_KEYS = [KEY_TYPE, utf8('geometry'), utf8('properties'), utf8('id')];
const F_TYPE = 1, F_GEOMETRY = 2, F_PROPERTIES = 4;
