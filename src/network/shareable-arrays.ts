/**
 * Typed arrays in shared memory when `shared` (a router's workers then read them without a copy:
 * see parallel/shared-memory.ts), else plain ones. Zeroed either way. A browser page without
 * cross-origin isolation has no SharedArrayBuffer: callers ask for shared memory only for a router
 * that has workers.
 */
export function float64s(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}

export function int32s(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
}

export function uint8s(length: number, shared: boolean): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
}
