import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { laneLattice, PAIR_CAPACITY, STEPS, UNREACHED, WASM_MIN_GROUPS, type LaneKernel, type LaneLattice } from '../src/isochrone/lane-lattice.js';
import { COVERAGE_LANES_WASM } from '../src/isochrone/coverage-lanes-wasm.js';
import { KERNELS, assembleWat, bytesModule } from '../scripts/wasm/assemble.js';

// The coverage stack's write: the WebAssembly kernel (eight lanes a vector) against the JavaScript one
// (lane by lane), and both against walks worked by hand.

interface Edge {
  along: number[];
  back: number[];
  perUnit: number[];
  active: boolean[];
  pairs: { cell: number; s: number; h: number }[];
}

function run(kernel: LaneKernel, cells: number, groups: number, edges: readonly Edge[]): LaneLattice {
  const lat = laneLattice(cells, groups, kernel);
  expect(lat.kernel).toBe(kernel);
  for (const edge of edges) {
    for (let g = 0; g < groups; g++) {
      lat.along[g] = edge.along[g];
      lat.back[g] = edge.back[g];
      lat.perUnit[g] = edge.perUnit[g];
      lat.active[g] = edge.active[g] ? 0xffff : 0;
    }
    let n = 0;
    for (const p of edge.pairs) {
      if (n === PAIR_CAPACITY) {
        lat.write(n);
        n = 0;
      }
      lat.pairCell[n] = p.cell;
      lat.pairS[n] = p.s;
      lat.pairH[n++] = p.h;
    }
    lat.write(n);
  }
  return lat;
}


/** Each cell's steps, group by group (lanes beyond the groups left out). */
function steps(lat: LaneLattice, cells: number, groups: number): number[] {
  return Array.from({ length: cells * groups }, (_, k) => lat.values[Math.floor(k / groups) * lat.lanes + (k % groups)]);
}

describe('lane lattice', () => {
  it('writes walks worked by hand, keeps the shorter, and leaves lanes off and cells unwritten at 0', () => {
    // Units of 5 cm (20 steps a metre). Walks are min(along + s, back - s) + h.
    const perUnit = [20, 20, 20];
    for (const kernel of ['wasm', 'js'] as const) {
      const lat = run(kernel, 4, 3, [
        // A 300 m edge: lane 0 is 100 m from its start and 200 m from its end, lane 1 0 and 20 m; lane 2 is off.
        { along: [100, 0, 7], back: [500, 320, 309], perUnit, active: [true, true, false], pairs: [{ cell: 1, s: 20, h: 5 }, { cell: 2, s: 290, h: 0 }] },
        // A 10 m edge, every lane on: shorter walks replace longer ones, longer ones are not kept.
        { along: [50, 3000, 0], back: [5010, 4010, 10], perUnit, active: [true, true, true], pairs: [{ cell: 1, s: 0, h: 0 }, { cell: 2, s: 1, h: 1 }, { cell: 3, s: 10, h: 400 }] },
      ]);
      expect(lat.lanes).toBe(kernel === 'wasm' ? 8 : 3);
      const at = (cell: number, g: number) => lat.values[cell * lat.lanes + g];
      // Lane 0: cell 1, 125 m then 50 m; cell 2, 210 m (from the end) then 52 m; cell 3, 460 m.
      expect([at(1, 0), at(2, 0), at(3, 0)]).toEqual([UNREACHED - 1000, UNREACHED - 1040, UNREACHED - 9200]);
      // Lane 1: cell 1, 25 m (3,000 m is not kept); cell 2, 30 m from the end; cell 3, 3,410 m: more steps than 16 bits hold, kept as the last.
      expect([at(1, 1), at(2, 1), at(3, 1)]).toEqual([UNREACHED - 500, UNREACHED - 600, UNREACHED - STEPS]);
      // Lane 2, on for the second edge only: 0 m, 2 m, 400 m.
      expect([at(1, 2), at(2, 2), at(3, 2)]).toEqual([UNREACHED, UNREACHED - 40, UNREACHED - 8000]);
      for (let g = 0; g < lat.lanes; g++) expect(at(0, g)).toBe(0);
      for (let g = 3; g < lat.lanes; g++) expect([at(1, g), at(2, g), at(3, g)]).toEqual([0, 0, 0]);
    }
  });

  it('rounds groups up to blocks of 8 lanes for WebAssembly, and chooses it from WASM_MIN_GROUPS groups', () => {
    expect([1, 8, 9, 16].map((groups) => laneLattice(1, groups, 'wasm').lanes)).toEqual([8, 8, 16, 16]);
    expect(laneLattice(1, 11, 'js').lanes).toBe(11);
    expect([1, WASM_MIN_GROUPS - 1, WASM_MIN_GROUPS, 16].map((groups) => laneLattice(1, groups).kernel)).toEqual(['js', 'js', 'wasm', 'wasm']);
  });

  it('falls back to JavaScript for a lattice beyond WebAssembly\'s 4 GB', () => {
    // 134,215,156 cells of 16 lanes: one more than fits with the kernel's scratch. Neither lattice is touched, so neither costs memory.
    const lat = laneLattice(134_215_156, 16, 'wasm');
    expect([lat.kernel, lat.lanes, lat.values.length]).toEqual(['js', 16, 134_215_156 * 16]);
  });

  // Walks as the coverage stack makes them: a node's distance or Infinity, an offset within the edge,
  // a leg within the cap; units from centimetres to metres, so that some walks pass the last step.
  const laneCase = fc.integer({ min: 1, max: 16 }).chain((groups) => {
    const walk = fc.oneof(fc.double({ min: 0, max: 5000, noNaN: true }), fc.constant(Infinity), fc.integer({ min: 0, max: 5000 }));
    const edge = fc.double({ min: 0, max: 800, noNaN: true }).chain((len) => fc.record({
      along: fc.array(walk, { minLength: groups, maxLength: groups }),
      toEnd: fc.array(walk, { minLength: groups, maxLength: groups }),
      perUnit: fc.array(fc.double({ min: 0.5, max: 100, noNaN: true }), { minLength: groups, maxLength: groups }),
      active: fc.array(fc.boolean(), { minLength: groups, maxLength: groups }),
      pairs: fc.array(fc.record({ cell: fc.integer({ min: 0, max: 63 }), u: fc.double({ min: 0, max: 1, noNaN: true }), h: fc.double({ min: 0, max: 150, noNaN: true }) }), { maxLength: 40 }),
    }).map(({ toEnd, pairs, ...rest }): Edge => ({
      ...rest,
      back: toEnd.map((d) => d + len),
      pairs: pairs.map(({ cell, u, h }) => ({ cell, s: u * len, h })),
    })));
    return fc.record({ groups: fc.constant(groups), edges: fc.array(edge, { minLength: 1, maxLength: 6 }) });
  });

  it('writes the same steps with WebAssembly as lane by lane in JavaScript (property)', () => {
    fc.assert(fc.property(laneCase, ({ groups, edges }) => {
      const wasm = run('wasm', 64, groups, edges), js = run('js', 64, groups, edges);
      expect(steps(wasm, 64, groups)).toEqual(steps(js, 64, groups));
      // Each cell and group is the best of its pairs, by hand.
      for (let g = 0; g < groups; g++) {
        const best = new Array<number>(64).fill(0);
        for (const e of edges) {
          if (!e.active[g]) continue;
          for (const p of e.pairs) {
            const v = (Math.min(e.along[g] + p.s, e.back[g] - p.s) + p.h) * e.perUnit[g] + 0.5;
            best[p.cell] = Math.max(best[p.cell], UNREACHED - Math.min(STEPS, Math.floor(v)));
          }
        }
        expect(Array.from({ length: 64 }, (_, c) => js.values[c * js.lanes + g])).toEqual(best);
      }
    }), { numRuns: 300 });
  });

  it('writes more pairs than it holds at once, in several writes', () => {
    const pairs = Array.from({ length: 2 * PAIR_CAPACITY + 7 }, (_, k) => ({ cell: k % 64, s: (k * 7) % 100, h: k % 13 }));
    const edges: Edge[] = [{ along: [3, 40], back: [150, 120], perUnit: [10, 3], active: [true, true], pairs }];
    const wasm = run('wasm', 64, 2, edges), js = run('js', 64, 2, edges);
    expect(steps(wasm, 64, 2)).toEqual(steps(js, 64, 2));
    // Every cell of both groups was written, by pairs of all three writes.
    expect(steps(wasm, 64, 2).includes(0)).toBe(false);
  });

  it('carries the bytes its WebAssembly text assembles to, in the module `npm run wasm` writes', async () => {
    const [kernel] = KERNELS;
    const root = fileURLToPath(new URL('..', import.meta.url));
    const bytes = await assembleWat(root + kernel.wat);
    expect(bytes).toEqual(COVERAGE_LANES_WASM);
    expect(readFileSync(root + kernel.module, 'utf8')).toBe(bytesModule(kernel, bytes));
  });
});
