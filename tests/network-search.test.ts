import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, LineString } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import type { Network } from '../src/network/network.js';
import { NetworkSearch } from '../src/routing/network-search.js';
import { BucketQueue } from '../src/routing/bucket-queue.js';
import { hilbert, hilbertOrder } from '../src/network/hilbert-order.js';
import { line, seeded } from './support/geo.js';

/** Random streets with arcs from under a metre to a few hundred metres, so bins of any width see both. */
function streets(rand: () => number, count: number): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  for (let l = 0; l < count; l++) {
    const coords: [number, number][] = [[Math.floor(rand() * 5) * 40, Math.floor(rand() * 5) * 40]];
    for (let s = 0; s < 4; s++) {
      const [x, y] = coords[coords.length - 1];
      // Some steps are tiny: arcs shorter than a bin are what forces the search to correct itself.
      const step = rand() < 0.3 ? 0.5 + rand() : 40;
      coords.push([x + Math.round(rand() * 2 - 1) * step, y + Math.round(rand() * 2 - 1) * step]);
    }
    out.push(line(coords));
  }
  return out;
}

/**
 * Textbook Dijkstra with an array scan for the minimum: slow, obviously right. With `expandWithinM`,
 * a node goes on to its neighbours only when its distance is within its limit there.
 */
function plainDistances(net: Network, seeds: [number, number][], expandWithinM?: number[]): number[] {
  const dist = new Array<number>(net.nodeCount).fill(Infinity);
  const done = new Array<boolean>(net.nodeCount).fill(false);
  for (const [n, d] of seeds) dist[n] = Math.min(dist[n], d);
  for (;;) {
    let u = -1;
    for (let i = 0; i < net.nodeCount; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) return dist;
    done[u] = true;
    if (expandWithinM && dist[u] > expandWithinM[u]) continue;
    for (let e = 0; e < net.edgeCount; e++) {
      const other = net.edgeFrom[e] === u ? net.edgeTo[e] : net.edgeTo[e] === u ? net.edgeFrom[e] : -1;
      if (other >= 0) dist[other] = Math.min(dist[other], dist[u] + net.edgeLengthM[e]);
    }
  }
}

describe('NetworkSearch is exact whatever the bin width', () => {
  it('equals a textbook Dijkstra, multi-source and bounded, for bins from 0.01 m to 1 km', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1e6 }),
      fc.constantFrom(0.01, 0.3, 1, 7, 50, 1000),
      fc.option(fc.double({ min: 0, max: 400, noNaN: true }), { nil: undefined }),
      // A search's own width (`reset(bucketWidthM)`, as catchments ask for one), between two at the search's.
      fc.constantFrom(0.01, 7, 120, 1000),
      (seed, widthM, maxDistM, ownWidthM) => {
        const rand = seeded(seed);
        const net = buildNetwork(streets(rand, 40));
        const seedSets = Array.from({ length: 3 }, () => Array.from({ length: 3 }, (): [number, number] => [Math.floor(rand() * net.nodeCount), rand() * 30]));
        const expectedOf = seedSets.map((seeds) => plainDistances(net, seeds));
        const search = new NetworkSearch(net, { bucketWidthM: widthM });
        // Runs one after another on one search, so later runs also check that a reused search forgets the
        // earlier ones, on its own queue and on another's: other seeds, and a short bound that leaves
        // entries in a queue before a longer one.
        const rounds: [number | undefined, number, number | undefined][] = [
          [undefined, 0, maxDistM], [ownWidthM, 1, (maxDistM ?? 400) / 4], [ownWidthM, 2, maxDistM], [undefined, 0, maxDistM],
        ];
        for (const [round, set, roundMaxM] of rounds) {
          const seeds = seedSets[set], expected = expectedOf[set];
          search.reset(round);
          seeds.forEach(([n, d], i) => search.seed(n, d, i));
          search.run(roundMaxM);
          const bound = roundMaxM ?? Infinity;
          const settled = Array.from(search.settled.subarray(0, search.settledCount));
          expect(new Set(settled).size).toBe(settled.length);
          for (let n = 0; n < net.nodeCount; n++) {
            const want = expected[n] <= bound ? expected[n] : Infinity;
            const got = search.distanceM(n);
            if (want === Infinity) expect(got).toBe(Infinity);
            else expect(Math.abs(got - want)).toBeLessThan(1e-9);
            expect(settled.includes(n)).toBe(want < Infinity);
          }
        }
      }), { numRuns: 120 });
  });

  it('expands no node beyond its limit, and a node within it from exactly the distance the limits leave', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(0.3, 7, 50), (seed, widthM) => {
      const rand = seeded(seed);
      const net = buildNetwork(streets(rand, 40));
      const seeds: [number, number][] = Array.from({ length: 2 }, () => [Math.floor(rand() * net.nodeCount), rand() * 30]);
      // Some nodes stop the search (a limit below any distance), some never do, the rest somewhere between.
      const limits = Array.from({ length: net.nodeCount }, () => (rand() < 0.2 ? -1 : rand() < 0.3 ? Infinity : rand() * 300));
      const expected = plainDistances(net, seeds, limits);
      const search = new NetworkSearch(net, { bucketWidthM: widthM });
      search.reset();
      seeds.forEach(([n, d], i) => search.seed(n, d, i));
      search.run(250, Float64Array.from(limits));
      const settled = new Set(search.settled.subarray(0, search.settledCount));
      for (let n = 0; n < net.nodeCount; n++) {
        const want = expected[n] <= 250 ? expected[n] : Infinity;
        const got = search.distanceM(n);
        if (want === Infinity) expect(got).toBe(Infinity);
        else expect(Math.abs(got - want)).toBeLessThan(1e-9);
        expect(settled.has(n)).toBe(want < Infinity && want <= limits[n]);
      }
    }), { numRuns: 120 });
  });

  it('lists as reached, once each, the seeds and every neighbour of an expanded node, and nothing else', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
      const rand = seeded(seed);
      const net = buildNetwork(streets(rand, 40));
      const seeds = Array.from({ length: 2 }, () => Math.floor(rand() * net.nodeCount));
      const limits = Float64Array.from({ length: net.nodeCount }, () => (rand() < 0.2 ? -1 : rand() * 300));
      const search = new NetworkSearch(net, { bucketWidthM: 7 });
      // A search before, so that stale values of another generation are about.
      search.reset();
      search.seed(0, 0, 0);
      search.run(100);
      search.reset();
      seeds.forEach((n, i) => search.seed(n, rand() * 30, i));
      search.run(250, limits);
      const reached = Array.from(search.reached.subarray(0, search.reachedCount));
      expect(new Set(reached).size).toBe(reached.length);
      const expected = new Set(seeds);
      for (const u of search.settled.subarray(0, search.settledCount)) {
        for (let a = net.adjStart[u]; a < net.adjStart[u + 1]; a++) expected.add(net.adjNode[a]);
      }
      expect(new Set(reached)).toEqual(expected);
    }), { numRuns: 120 });
  });

  it('labels each node with a seed at exactly its distance', () => {
    const rand = seeded(42);
    const net = buildNetwork(streets(rand, 30));
    const seeds: [number, number][] = Array.from({ length: 5 }, () => [Math.floor(rand() * net.nodeCount), rand() * 50]);
    const search = new NetworkSearch(net, { bucketWidthM: 100 });
    search.reset();
    seeds.forEach(([n, d], i) => search.seed(n, d, i));
    search.run();
    for (let n = 0; n < net.nodeCount; n++) {
      const l = search.labelOf(n);
      if (search.distanceM(n) === Infinity) { expect(l).toBe(-1); continue; }
      expect(Math.abs(plainDistances(net, [seeds[l]])[n] - search.distanceM(n))).toBeLessThan(1e-9);
    }
  });
});

describe('writeField', () => {
  it('writes every node\'s distanceM and labelOf, for runs that reach a few nodes and runs that reach most', () => {
    let sparse = 0, dense = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rand = seeded(seed);
      const net = buildNetwork(streets(rand, 60));
      const search = new NetworkSearch(net);
      // Stale values in the arrays must be overwritten, whichever way they are written.
      const nodeDistM = new Float64Array(net.nodeCount).fill(-7), nodeSource = new Int32Array(net.nodeCount).fill(99);
      for (const maxDistM of [Infinity, rand() * 60, 0]) {
        search.reset();
        // A seed beyond the bound is stamped but never reached.
        for (let k = 0; k < 3; k++) search.seed(Math.floor(rand() * net.nodeCount), k === 2 ? 1e6 : rand() * 20, k);
        search.run(maxDistM);
        search.writeField(nodeDistM, nodeSource);
        if (search.settledCount * 8 >= net.nodeCount) dense++; else sparse++;
        for (let n = 0; n < net.nodeCount; n++) {
          expect(nodeDistM[n]).toBe(search.distanceM(n));
          expect(nodeSource[n]).toBe(search.labelOf(n));
        }
      }
    }
    expect(sparse).toBeGreaterThan(5);
    expect(dense).toBeGreaterThan(5);
  });
});

describe('BucketQueue', () => {
  it('pops in key order to within one bin, and every entry exactly once', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { maxLength: 300 }), fc.double({ min: 0.1, max: 500, noNaN: true }), (keys, widthM) => {
      const q = new BucketQueue(4, widthM);
      keys.forEach((k, i) => q.push(i, k));
      const seen: number[] = [];
      let last = -Infinity;
      for (let p = q.pop(); p >= 0; p = q.pop()) {
        const k = q.entryKey[p];
        expect(k).toBeGreaterThan(last - widthM);
        expect(k).toBe(keys[q.entryNode[p]]);
        last = Math.max(last, k);
        seen.push(q.entryNode[p]);
      }
      expect(seen.sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
      q.clear();
      expect(q.pop()).toBe(-1);
    }));
  });
});

describe('Hilbert node order', () => {
  it('visits the four quadrants of a 2x2 grid along the curve', () => {
    // The order-1 Hilbert curve goes (0,0) -> (0,1) -> (1,1) -> (1,0); scaled to the 16-bit grid.
    const hi = 0xffff;
    const keys = [[0, 0], [0, hi], [hi, hi], [hi, 0]].map(([x, y]) => hilbert(x, y));
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
  });

  it('is a permutation and keeps neighbours near each other', () => {
    const k = 64;
    const xs = new Float64Array(k * k), ys = new Float64Array(k * k);
    const ids = new Int32Array(k * k);
    const rand = seeded(1);
    for (let i = 0; i < k * k; i++) { xs[i] = i % k; ys[i] = Math.floor(i / k); ids[i] = i; }
    for (let i = ids.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
    const order = hilbertOrder(xs, ys, ids);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(k * k).keys()]);
    // Consecutive ids along a Hilbert curve are grid neighbours: each step moves exactly one cell.
    for (let i = 1; i < order.length; i++) {
      expect(Math.abs(xs[order[i]] - xs[order[i - 1]]) + Math.abs(ys[order[i]] - ys[order[i - 1]])).toBe(1);
    }
  });
});
