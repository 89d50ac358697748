import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Network } from '../src/network/network.js';
import type { Links } from '../src/network/link-points.js';
import { CatchmentCache, startTwoStepFca, twoStepFca } from '../src/scoring/two-step-fca.js';

// 2SFCA on small graphs made by hand, with what built networks never have (loops, parallel edges,
// zero-length edges, arcs in any order) and residents of several reaches (none, NaN, several
// classes), against a brute force: Bellman-Ford from each facility, every resident tested. Lengths,
// positions and reaches are whole metres, so every comparison is exact and no case is a rounding tie.

interface Case {
  network: Network;
  facilities: Links;
  residents: Links;
  capacity: Float64Array;
  weight: Float64Array;
  /** Each resident's reach of its own. */
  reach: Float64Array;
  /** Each resident's reach as its group's (a community's limit: a grouped cache takes no other). */
  groupReach: Float64Array;
  group: Int32Array;
  groups: number;
}

const TOLERANCE_M = 1e-6;

const caseOf = fc.record({
  nodes: fc.integer({ min: 1, max: 9 }),
  edges: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), loop: fc.boolean(), lengthM: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 16 }),
  points: fc.array(fc.record({ edge: fc.nat(), along: fc.nat(), offM: fc.integer({ min: 0, max: 8 }), linked: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 2, maxLength: 40 }),
  reaches: fc.array(fc.constantFrom(-1, NaN, 0, 10, 25, 40, 70, Infinity), { minLength: 1, maxLength: 3 }),
  seed: fc.nat(),
}).map(({ nodes, edges, points, reaches, seed }): Case => {
  const edgeFrom = edges.map((e) => e.from % nodes);
  const edgeTo = edges.map((e, i) => (e.loop ? edgeFrom[i] : e.to % nodes));
  const edgeLengthM = edges.map((e) => e.lengthM);
  // Arcs of each node in an order of their own (the seed turns them), not by edge.
  const arcs: { node: number; edge: number }[][] = Array.from({ length: nodes }, () => []);
  edges.forEach((_, e) => { arcs[edgeFrom[e]].push({ node: edgeTo[e], edge: e }); arcs[edgeTo[e]].push({ node: edgeFrom[e], edge: e }); });
  arcs.forEach((list) => { const turn = list.length ? seed % list.length : 0; list.push(...list.splice(0, turn)); });
  const adjStart = new Int32Array(nodes + 1);
  arcs.forEach((list, u) => { adjStart[u + 1] = adjStart[u] + list.length; });
  const flat = arcs.flat();
  const network = {
    nodeCount: nodes, edgeCount: edges.length, edgeFrom: Int32Array.from(edgeFrom), edgeTo: Int32Array.from(edgeTo), edgeLengthM: Float64Array.from(edgeLengthM),
    adjStart, adjNode: Int32Array.from(flat, (a) => a.node), adjEdge: Int32Array.from(flat, (a) => a.edge), adjLengthM: Float64Array.from(flat, (a) => edgeLengthM[a.edge]),
  } as unknown as Network;
  const links = (list: typeof points): Links => {
    const edge = Int32Array.from(list, (p) => (p.linked < 0.9 ? p.edge % edges.length : -1));
    return {
      count: list.length, edge, offsetM: Float64Array.from(list, (p, i) => (edge[i] >= 0 ? p.along % (edgeLengthM[edge[i]] + 1) : 0)),
      offNetworkM: Float64Array.from(list, (p) => p.offM), snapX: new Float64Array(list.length), snapY: new Float64Array(list.length), unlinked: 0, linkedToIsland: 0,
    } as unknown as Links;
  };
  // A third of the points are facilities, the rest residents; facilities also on residents' edges.
  const split = Math.max(1, Math.floor(points.length / 3));
  return {
    network, facilities: links(points.slice(0, split)), residents: links(points.slice(split)),
    capacity: Float64Array.from(points.slice(0, split), (_, j) => 1 + ((seed + j) % 20)),
    weight: Float64Array.from(points.slice(split), (p, r) => ((seed + r) % 7 === 0 ? 0 : 1 + (p.offM % 5))),
    reach: Float64Array.from(points.slice(split), (_, r) => reaches[(seed + r) % reaches.length]),
    groupReach: Float64Array.from(points.slice(split), (_, r) => reaches[(seed + groupOf(r)) % reaches.length]),
    group: Int32Array.from(points.slice(split), (_, r) => groupOf(r)), groups: 4,
  };
  // Neighbouring residents (often on one edge) in other groups.
  function groupOf(r: number) { return (seed + 3 * r) % 4; }
});

/** Walk from facility j to every resident (Infinity: none), by Bellman-Ford over the edges. */
function walks(c: Case, j: number): number[] {
  const { network: n, facilities: f, residents: r } = c;
  const e = f.edge[j];
  const out = new Array<number>(r.count).fill(Infinity);
  if (e < 0) return out;
  const d = new Array<number>(n.nodeCount).fill(Infinity);
  d[n.edgeFrom[e]] = f.offNetworkM[j] + f.offsetM[j];
  d[n.edgeTo[e]] = Math.min(d[n.edgeTo[e]], f.offNetworkM[j] + n.edgeLengthM[e] - f.offsetM[j]);
  for (let pass = 0; pass <= n.nodeCount; pass++) {
    for (let x = 0; x < n.edgeCount; x++) {
      const [u, v, l] = [n.edgeFrom[x], n.edgeTo[x], n.edgeLengthM[x]];
      d[v] = Math.min(d[v], d[u] + l);
      d[u] = Math.min(d[u], d[v] + l);
    }
  }
  for (let i = 0; i < r.count; i++) {
    const x = r.edge[i];
    if (x < 0) continue;
    const t = r.offsetM[i];
    let walk = Math.min(d[n.edgeFrom[x]] + t, d[n.edgeTo[x]] + n.edgeLengthM[x] - t);
    if (x === e) walk = Math.min(walk, f.offNetworkM[j] + Math.abs(f.offsetM[j] - t));
    out[i] = walk + r.offNetworkM[i];
  }
  return out;
}

function bruteForce(c: Case) {
  const { facilities: f, residents: r } = c;
  // A resident with no walk to the facility (another component) is out of any reach, an infinite one too.
  const within = Array.from({ length: f.count }, (_, j) => walks(c, j).map((walk, i) => r.edge[i] >= 0 && c.reach[i] >= 0 && walk < Infinity && walk <= c.reach[i] + TOLERANCE_M));
  const demand = within.map((row) => row.reduce((sum, w, i) => sum + (w ? c.weight[i] : 0), 0));
  const ratio = demand.map((d, j) => (d > 0 ? c.capacity[j] / d : 0));
  const access = Array.from({ length: r.count }, (_, i) => within.reduce((sum, row, j) => sum + (row[i] ? ratio[j] : 0), 0));
  const byGroup = new Array<number>(c.groups).fill(0);
  access.forEach((a, i) => { byGroup[c.group[i]] += c.weight[i] * a; });
  return { demand, access, byGroup, pairs: within.flat().filter(Boolean).length };
}

describe('2SFCA on graphs with loops and parallel edges, against brute force', () => {
  it('gives each facility its demand, each resident its access and each group its sum', () => {
    let pairs = 0;
    fc.assert(fc.property(caseOf, (c) => {
      const want = bruteForce(c);
      pairs += want.pairs;
      const got = twoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, c.reach);
      got.demand.forEach((d, j) => expect(d).toBeCloseTo(want.demand[j], 9));
      got.access.forEach((a, i) => expect(a).toBeCloseTo(want.access[i], 9));
      // By group, with reaches by group.
      const byGroup = bruteForce({ ...c, reach: c.groupReach });
      pairs += byGroup.pairs;
      const cache = new CatchmentCache(c.network, c.residents, { of: c.group, count: c.groups });
      const run = startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, c.groupReach, { cache });
      run.collect();
      const sums = run.finish();
      sums.demand.forEach((d, j) => expect(d).toBeCloseTo(byGroup.demand[j], 9));
      sums.byGroup.forEach((s, g) => expect(s).toBeCloseTo(byGroup.byGroup[g], 9));
    }), { numRuns: 400, seed: 20261203 });
    // The cases reach someone: the comparison has teeth.
    expect(pairs).toBeGreaterThan(2000);
  });

  it('refuses by group reaches that differ within a group, naming the residents', () => {
    const c = fc.sample(caseOf, { numRuns: 1, seed: 7 })[0];
    const cache = new CatchmentCache(c.network, c.residents, { of: new Int32Array(c.residents.count), count: 1 });
    const reach = new Float64Array(c.residents.count).fill(25);
    const linked = Array.from(c.residents.edge.keys()).filter((r) => c.residents.edge[r] >= 0);
    expect(linked.length).toBeGreaterThan(1);
    // Every way of counting nowhere is one: NaN and -1 alike.
    reach[linked[0]] = NaN;
    reach.fill(-1, linked[0] + 1);
    expect(() => startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, reach, { cache }).collect()).not.toThrow();
    reach[linked[1]] = 40;
    expect(() => startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, reach, { cache })).toThrow(
      new RegExp(`residents ${linked[0]} and ${linked[1]} of group 0 have reaches NaN and 40: a group's residents share one reach`),
    );
  });

  // A cache serves category after category: each run's layout is a new one, a copy of the open run's,
  // or an older one refilled, and only the edges whose points changed reach are summarized again.
  // Reaches that change for one group at a time leave the other edges as they were.
  const reachOf = fc.constantFrom(-1, NaN, 0, 10, 25, 40, 70, Infinity);
  const changes = fc.array(fc.record({ group: fc.nat(3), reach: reachOf }), { minLength: 1, maxLength: 5 });

  it('keeps each of a cache\'s runs exact when the reaches change in part from run to run', () => {
    fc.assert(fc.property(caseOf, changes, (c, steps) => {
      const reaches = [c.groupReach];
      for (const { group, reach } of steps) reaches.push(reaches[reaches.length - 1].map((x, i) => (c.group[i] === group ? reach : x)));
      const want = reaches.map((reach) => bruteForce({ ...c, reach }));
      // By group, runs overlapping as serveCategories makes them: the next started before this one is finished.
      const cache = new CatchmentCache(c.network, c.residents, { of: c.group, count: c.groups });
      const start = (k: number) => startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, reaches[k], { cache });
      type Open = { k: number; run: ReturnType<typeof start> };
      let previous: Open | undefined;
      let current: Open | undefined = { k: 0, run: start(0) };
      while (current) {
        if (previous) previous.run.finish().byGroup.forEach((s, g) => expect(s).toBeCloseTo(want[previous!.k].byGroup[g], 9));
        const next: Open | undefined = current.k + 1 < reaches.length ? { k: current.k + 1, run: start(current.k + 1) } : undefined;
        current.run.collect();
        previous = current;
        current = next;
      }
      previous!.run.finish().byGroup.forEach((s, g) => expect(s).toBeCloseTo(want[previous!.k].byGroup[g], 9));
      // By resident, one run after another on one cache.
      const byResident = new CatchmentCache(c.network, c.residents);
      reaches.forEach((reach, k) => {
        const got = twoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, reach, { cache: byResident });
        got.demand.forEach((d, j) => expect(d).toBeCloseTo(want[k].demand[j], 9));
        got.access.forEach((a, i) => expect(a).toBeCloseTo(want[k].access[i], 9));
      });
    }), { numRuns: 300, seed: 20261204 });
  });
});
