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
