import { COVERAGE_LANES_WASM } from './coverage-lanes-wasm.js';

/** Steps of the 16-bit walk; the one above them marks a cell no group's street reaches. */
export const STEPS = 65534;
export const UNREACHED = 65535;

/** Lanes come in blocks of 8: one 128-bit vector of 16-bit walks. */
const BLOCK = 8;
/** Pairs a lattice holds between writes. */
export const PAIR_CAPACITY = 4096;

/** Which code writes the lanes: WebAssembly's vectors, or plain JavaScript (the reference, and the fallback). */
export type LaneKernel = 'wasm' | 'js';

/**
 * Fewer groups than this are written by the JavaScript kernel unless asked otherwise: a vector of 8
 * lanes then carries mostly padding (memory, and fresh pages, that JavaScript does not touch), and a
 * scratch benchmark of the write alone (2M pairs, lattice already touched) had JavaScript as fast at 1
 * to 3 groups (18-32 ms against 25-52) and WebAssembly faster from 4 (54 against 39 ms; 16: 224 against 78).
 */
export const WASM_MIN_GROUPS = 4;

/**
 * The coverage stack's lattice: for each cell, one 16-bit walk per group ("lane"), and the pairs of
 * cells and street offsets one edge writes into it.
 *
 * A walk is stored as UNREACHED - step, so that 0 (fresh memory, never written) means no street of the
 * group came near, and a shorter walk is a larger number: writing keeps the larger.
 *
 * The edge being written sets, per lane, `along`, `back`, `perUnit` and `active`; a cell at offset s
 * along the edge and h off it then holds min(along + s, back - s) + h metres, in the lane's units.
 * Eight lanes cost one vector operation where WebAssembly has SIMD (every browser since 2021 and Node
 * 20 do); the JavaScript kernel, lane by lane, is what the WebAssembly one is tested against. Both do
 * the same f64 operations in the same order, so they write the same steps wherever the walk is above
 * -1 m (the JavaScript one wraps a negative step into 16 bits, the WebAssembly one saturates it): the
 * coverage stack's walks are never negative, as its offsets s lie within their edge (at most one ulp
 * past its length, which is its last geometry offset).
 *
 * On the spread-L city (113M group values), the WebAssembly kernel took the coverage pass from
 * 1.36-1.59 s to about 0.56 s (benchmarks/ENGINE-CHANGES.md, twelfth pass).
 */
export interface LaneLattice {
  /** The code that writes it. */
  readonly kernel: LaneKernel;
  /** Lanes per cell: the groups (WebAssembly: rounded up to a multiple of 8, one vector's worth). */
  readonly lanes: number;
  /** cells x lanes steps, lane g of cell c at c * lanes + g. */
  readonly values: Uint16Array;
  /** The pairs to write: a cell, the offset along the edge of the street point nearest it, and the straight leg to it (metres). */
  readonly pairCell: Int32Array;
  readonly pairS: Float64Array;
  readonly pairH: Float64Array;
  /** Per lane, for the edge: the walk to offset s is min(along + s, back - s) metres. */
  readonly along: Float64Array;
  readonly back: Float64Array;
  /** Per lane: steps a metre. */
  readonly perUnit: Float64Array;
  /** Per lane: 0xffff when the lane's group is drawn on this edge, 0 when not. */
  readonly active: Uint16Array;
  /** Writes the first n pairs into every active lane. */
  write(n: number): void;
}

/**
 * A lattice of `cells` cells for `groups` groups, written by `kernel` (default: WebAssembly from
 * WASM_MIN_GROUPS groups on). 'wasm' falls back to 'js' where WebAssembly cannot hold it: no SIMD,
 * compiling refused, or more than its 4 GB of memory.
 */
export function laneLattice(cells: number, groups: number, kernel: LaneKernel = groups >= WASM_MIN_GROUPS ? 'wasm' : 'js'): LaneLattice {
  return (kernel === 'wasm' && wasmLattice(cells, Math.ceil(groups / BLOCK) * BLOCK)) || jsLattice(cells, groups);
}

function jsLattice(cells: number, lanes: number): LaneLattice {
  const lattice = {
    kernel: 'js' as const,
    lanes,
    values: new Uint16Array(cells * lanes),
    pairCell: new Int32Array(PAIR_CAPACITY),
    pairS: new Float64Array(PAIR_CAPACITY),
    pairH: new Float64Array(PAIR_CAPACITY),
    along: new Float64Array(lanes),
    back: new Float64Array(lanes),
    perUnit: new Float64Array(lanes),
    active: new Uint16Array(lanes),
    write: (n: number) => writeLanesJs(lattice, n),
  };
  return lattice;
}

function writeLanesJs(lattice: LaneLattice, n: number): void {
  const { lanes, values, pairCell, pairS, pairH, along, back, perUnit, active } = lattice;
  for (let g = 0; g < lanes; g++) {
    if (!active[g]) continue;
    const A = along[g], B = back[g], pu = perUnit[g];
    for (let k = 0; k < n; k++) {
      const a = A + pairS[k], b = B - pairS[k];
      const v = ((a < b ? a : b) + pairH[k]) * pu + 0.5;
      // Walks beyond every level (a long edge reached from one end) are kept as the largest step.
      const w = UNREACHED - (v < STEPS ? v | 0 : STEPS);
      const c = pairCell[k] * lanes + g;
      if (w > values[c]) values[c] = w;
    }
  }
}

/** The little of WebAssembly used here: the project's lib (ES2022, no DOM) does not declare it. */
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

interface LanesExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  write(cellPtr: number, sPtr: number, hPtr: number, alongPtr: number, backPtr: number, unitPtr: number, maskPtr: number, lattice: number, stride: number, n: number): void;
}

/** The compiled kernel, once per thread; null where WebAssembly or its SIMD is missing. */
let lanesModule: object | null | undefined;

function compileLanes(): object | null {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(COVERAGE_LANES_WASM)) return null;
  try {
    return new WebAssembly.Module(COVERAGE_LANES_WASM);
  } catch {
    // A page whose Content-Security-Policy forbids compiling WebAssembly.
    return null;
  }
}

function wasmLattice(cells: number, lanes: number): LaneLattice | null {
  if (lanesModule === undefined) lanesModule = compileLanes();
  if (!lanesModule) return null;
  const exports = new WebAssembly.Instance(lanesModule).exports as LanesExports;
  // Memory, by byte offset (`...At`): the lane constants, the pairs, then the lattice (16-byte aligned
  // throughout, as lanes are a multiple of 8).
  const alongAt = 0, backAt = alongAt + 8 * lanes, perUnitAt = backAt + 8 * lanes, activeAt = perUnitAt + 8 * lanes;
  const pairSAt = activeAt + 2 * lanes, pairHAt = pairSAt + 8 * PAIR_CAPACITY, pairCellAt = pairHAt + 8 * PAIR_CAPACITY;
  const latticeAt = pairCellAt + 4 * PAIR_CAPACITY;
  const bytes = latticeAt + 2 * cells * lanes;
  const PAGE = 65536;
  const pages = Math.ceil(bytes / PAGE);
  const { memory } = exports;
  try {
    // Fresh pages are zero and are not touched until written, as with a typed array.
    memory.grow(pages - memory.buffer.byteLength / PAGE);
  } catch {
    return null;
  }
  const { buffer } = memory;
  const views = {
    kernel: 'wasm' as const,
    lanes,
    values: new Uint16Array(buffer, latticeAt, cells * lanes),
    pairCell: new Int32Array(buffer, pairCellAt, PAIR_CAPACITY),
    pairS: new Float64Array(buffer, pairSAt, PAIR_CAPACITY),
    pairH: new Float64Array(buffer, pairHAt, PAIR_CAPACITY),
    along: new Float64Array(buffer, alongAt, lanes),
    back: new Float64Array(buffer, backAt, lanes),
    perUnit: new Float64Array(buffer, perUnitAt, lanes),
    active: new Uint16Array(buffer, activeAt, lanes),
  };
  const write = exports.write;
  const activeLanes = views.active;
  return {
    ...views,
    write(n) {
      if (n === 0) return;
      for (let b = 0; b < lanes; b += BLOCK) {
        let any = 0;
        for (let g = b; g < b + BLOCK; g++) any |= activeLanes[g];
        if (any) write(pairCellAt, pairSAt, pairHAt, alongAt + 8 * b, backAt + 8 * b, perUnitAt + 8 * b, activeAt + 2 * b, latticeAt + 2 * b, 2 * lanes, n);
      }
    },
  };
}
