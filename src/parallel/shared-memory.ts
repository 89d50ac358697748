/**
 * Typed arrays in shared memory, for worker threads to read without copies of their own.
 *
 * An array already in shared memory is returned as it is; any other is copied once, and the copy is
 * kept for as long as the array lives: the route workers and the coverage worker read one shared copy
 * of the graph (on spread-L each copy of it cost about 0.1 s of the main thread), and the residents'
 * links serve every route and catchment call. So an array given again must not have changed since
 * (networks and links never do; arrays refilled between calls are allocated in shared memory).
 */
const copies = new WeakMap<ArrayBufferView, ArrayBufferView>();

export function inSharedMemory<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  let copy = copies.get(a) as T | undefined;
  if (!copy) {
    copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    copies.set(a, copy);
  }
  return copy;
}

/** Bytes between two touches when mapping memory in (`touchPages`): the smallest page. */
const PAGE_BYTES = 4096;

/**
 * Maps in the pages of bytes `from .. to - 1` of a shared buffer by touching each one (a write that
 * keeps the value: an atomic compare-and-exchange of 0 with 0, so a page another thread has written
 * meanwhile keeps what it wrote). `from` and `to` are multiples of 4.
 */
export function touchPages(buffer: SharedArrayBuffer, from: number, to: number): void {
  const words = new Int32Array(buffer, from, (to - from) >> 2);
  for (let i = 0; i < words.length; i += PAGE_BYTES >> 2) Atomics.compareExchange(words, i, 0, 0);
}
