/**
 * The byte-level JSON lexing the collection scanners share (io/scan-point-collection.ts for population
 * points, io/scan-line-collection.ts for streets): a window of the
 * file in a Buffer, read position `p`, and strict readers for strings, numbers and whole values. They
 * accept a subset of JSON and throw ODD at anything else, so the caller falls back to JSON.parse,
 * which reads the file or names what is wrong; they throw MORE where the bytes in hand run out inside
 * a unit, so the unit is scanned again once more bytes are read.
 */
export abstract class JsonBytes {
  buf: Buffer = Buffer.allocUnsafe(0);
  end = 0;
  protected p = 0;
  protected final = false;
  // The last string read: its contents' bounds, and whether it holds an escape.
  protected sStart = 0;
  protected sEnd = 0;
  protected sEscaped = false;

  /**
   * Moves the unscanned bytes to the front and makes room for more, about `chunk`; returns the room.
   * The buffer is kept while at least half a chunk fits after the unscanned bytes: the unit cut at the
   * end of the last chunk is almost always kept, and a new buffer per chunk would be fresh memory,
   * whose first touch costs a page fault every 4 KB (on this project's VMs, as much as the scan).
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

  /** Any JSON value nested at most `maxDepth` deep (checkDepth's count: an object at the top is 1), validated. */
  protected anyValue(maxDepth: number): void {
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
  protected key(): void {
    this.string();
    this.ws();
    this.expect(COLON);
    this.ws();
  }

  /** A string, number, true, false or null. */
  protected scalar(): void {
    const c = this.peek();
    if (c === QUOTE) this.string();
    else if (c === 0x74) this.word(WORD_TRUE);
    else if (c === 0x66) this.word(WORD_FALSE);
    else if (c === 0x6e) this.word(WORD_NULL);
    else this.number();
  }

  /** A JSON number, strictly by the grammar, as JSON.parse would read it. */
  protected number(): number {
    const buf = this.buf, end = this.end;
    const start = this.p;
    let p = start;
    let c = p < end ? buf[p] : -1;
    const negative = c === MINUS;
    if (negative) c = ++p < end ? buf[p] : -1;
    let m = 0, exact = true, digits = 0, scale = 0;
    if (c === ZERO) {
      p++;
    } else if (c > ZERO && c <= NINE) {
      while (p < end && (c = buf[p]) >= ZERO && c <= NINE) { m = m * 10 + (c - ZERO); digits++; p++; }
    } else {
      this.p = p;
      throw p >= end && !this.final ? MORE : ODD;
    }
    if (p < end && buf[p] === DOT) {
      c = ++p < end ? buf[p] : -1;
      if (!(c >= ZERO && c <= NINE)) { this.p = p; throw p >= end && !this.final ? MORE : ODD; }
      while (p < end && (c = buf[p]) >= ZERO && c <= NINE) { m = m * 10 + (c - ZERO); digits++; scale--; p++; }
    }
    if (p < end && (buf[p] | 0x20) === 0x65) {
      c = ++p < end ? buf[p] : -1;
      if (c === MINUS || c === PLUS) c = ++p < end ? buf[p] : -1;
      if (!(c >= ZERO && c <= NINE)) { this.p = p; throw p >= end && !this.final ? MORE : ODD; }
      while (p < end && (c = buf[p]) >= ZERO && c <= NINE) p++;
      exact = false; // left to Number(), which reads the exponent as JSON.parse does
    }
    this.p = p;
    // The number ends at the first byte that cannot continue it; at the end of the bytes in hand it may go on.
    if (p >= end && !this.final) throw MORE;
    if (exact && digits <= 15 && m < MAX_EXACT && -scale <= 22) {
      const v = scale === 0 ? m : m / POW10[-scale];
      return negative ? -v : v;
    }
    return Number(buf.toString('latin1', start, p));
  }

  /** A string, its contents' bounds left in sStart/sEnd and whether it holds an escape in sEscaped; invalid strings are odd. */
  protected string(): void {
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
  protected plainString(): void {
    this.string();
    if (this.sEscaped) throw ODD;
  }

  /** Whether the last string read is exactly `bytes`. */
  protected is(bytes: Uint8Array): boolean {
    if (this.sEnd - this.sStart !== bytes.length) return false;
    for (let k = 0; k < bytes.length; k++) if (this.buf[this.sStart + k] !== bytes[k]) return false;
    return true;
  }

  /** Exactly the JSON string or literal `bytes` (a string when it is a type name). */
  protected word(bytes: Uint8Array): void {
    const quoted = bytes !== WORD_TRUE && bytes !== WORD_FALSE && bytes !== WORD_NULL;
    if (quoted) {
      this.plainString();
      if (!this.is(bytes)) throw ODD;
      return;
    }
    if (this.p + bytes.length > this.end) throw this.final ? ODD : MORE;
    for (let k = 0; k < bytes.length; k++) if (this.buf[this.p + k] !== bytes[k]) throw ODD;
    this.p += bytes.length;
  }

  protected ws(): void {
    const buf = this.buf;
    while (this.p < this.end) {
      const c = buf[this.p];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.p++;
    }
    if (!this.final) throw MORE;
  }

  protected peek(): number {
    if (this.p >= this.end) throw this.final ? ODD : MORE;
    return this.buf[this.p];
  }

  protected next(): number {
    if (this.p >= this.end) throw this.final ? ODD : MORE;
    return this.buf[this.p++];
  }

  protected expect(c: number): void {
    if (this.next() !== c) throw ODD;
  }
}

/** A unit (the opening, one member, one feature) larger than this is not the layer a scanner is for. */
export const MAX_UNIT_BYTES = 64 << 20;

/** Thrown when the text is not the shape a scanner accepts: read the file with the general reader. */
export const ODD = Symbol('not the plain collection this scanner reads');
/** Thrown when the bytes in hand end inside a unit: read more and scan that unit again. */
export const MORE = Symbol('needs more bytes');

// Byte values.
export const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;
const MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const WORD_TRUE = utf8('true'), WORD_FALSE = utf8('false'), WORD_NULL = utf8('null');

/** Powers of ten exactly representable as doubles: m / 10^k is then correctly rounded (Clinger's fast path). */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_EXACT = 2 ** 53;
