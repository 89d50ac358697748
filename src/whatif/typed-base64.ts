/**
 * Typed arrays as base64 text, for state embedded in a page. btoa/atob exist in browsers and in Node
 * 20 alike (Buffer does not exist in a browser). Little-endian byte order, as every platform that runs
 * the report has; values are kept bit for bit, so results computed from them equal the CLI's.
 */
export type TypedKind = 'f64' | 'i32' | 'u8';
export interface EncodedArray { readonly kind: TypedKind; readonly base64: string }

type Typed = Float64Array | Int32Array | Uint8Array;
const CHUNK = 0x8000;

export function encodeArray(a: Typed): EncodedArray {
  const kind: TypedKind = a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : 'u8';
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let text = '';
  // String.fromCharCode takes arguments: a chunk at a time keeps within the engine's argument limit.
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  return { kind, base64: btoa(text) };
}

function bytesOf(e: EncodedArray): Uint8Array {
  const text = atob(e.base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function decodeF64(e: EncodedArray): Float64Array { return new Float64Array(expect(e, 'f64').buffer); }
export function decodeI32(e: EncodedArray): Int32Array { return new Int32Array(expect(e, 'i32').buffer); }
export function decodeU8(e: EncodedArray): Uint8Array { return expect(e, 'u8'); }

function expect(e: EncodedArray, kind: TypedKind): Uint8Array {
  if (e.kind !== kind) throw new Error(`embedded array is ${e.kind}, expected ${kind}`);
  return bytesOf(e);
}
