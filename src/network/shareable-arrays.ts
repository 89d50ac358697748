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

/** The arrays `arraysInOneBlock` makes: a kind and a length each. */
export type ArraySpec = Record<string, readonly ['float64' | 'int32', number]>;
export type ArraysOf<S extends ArraySpec> = { [K in keyof S]: S[K][0] extends 'float64' ? Float64Array : Int32Array };

/**
 * Zeroed arrays as `spec` asks, in shared memory as views of one SharedArrayBuffer (each at a
 * multiple of 8 bytes), else plain ones. Why one buffer: Node takes an array's memory from glibc's
 * calloc. Once a process has freed large blocks, calloc hands out an array of a few MB from memory
 * freed earlier and clears it on the calling thread, faulting in whatever was given back meanwhile
 * (on spread-L about 125 ms of the calling thread for the 2SFCA layouts, found by a profile of the
 * command: benchmarks/ENGINE-CHANGES.md, "ninth pass"). A block above glibc's largest mmap threshold
 * (32 MB) is always freshly mapped and left untouched: its pages are faulted in where they are first
 * touched, e.g. by a worker that maps them in meanwhile (CatchmentRouter.startWarming). A smaller
 * block may still come from the heap (a small city's layout, whose clearing costs little). The arrays
 * of one block live and die together.
 */
export function arraysInOneBlock<const S extends ArraySpec>(spec: S, shared: boolean): ArraysOf<S> {
  const out: Record<string, Float64Array | Int32Array> = {};
  const entries = Object.entries(spec);
  if (!shared) {
    for (const [name, [kind, length]] of entries) out[name] = kind === 'float64' ? new Float64Array(length) : new Int32Array(length);
    return out as ArraysOf<S>;
  }
  // Each array at the next multiple of 8 bytes: where the one before it ends, rounded up.
  const offsets: number[] = [];
  let end = 0;
  for (const [, [kind, length]] of entries) {
    const offset = Math.ceil(end / 8) * 8;
    offsets.push(offset);
    end = offset + length * (kind === 'float64' ? 8 : 4);
  }
  const buffer = new SharedArrayBuffer(Math.ceil(end / 8) * 8);
  entries.forEach(([name, [kind, length]], i) => {
    out[name] = kind === 'float64' ? new Float64Array(buffer, offsets[i], length) : new Int32Array(buffer, offsets[i], length);
  });
  return out as ArraysOf<S>;
}
