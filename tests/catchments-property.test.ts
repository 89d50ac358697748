import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Network } from '../src/network/network.js';
import type { Links } from '../src/network/link-points.js';
import { CatchmentCache, startTwoStepFca, twoStepFca } from '../src/scoring/two-step-fca.js';
import { groupReaches } from './support/group-reaches.js';
import { NetworkSearch } from '../src/routing/network-search.js';

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
      const groups = { of: c.group, count: c.groups };
      const cache = new CatchmentCache(c.network, c.residents, groups);
      const run = startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, undefined, { cache, groupReachM: groupReaches(groups, c.groupReach) });
      run.collect();
      const sums = run.finish();
      sums.demand.forEach((d, j) => expect(d).toBeCloseTo(byGroup.demand[j], 9));
      sums.byGroup.forEach((s, g) => expect(s).toBeCloseTo(byGroup.byGroup[g], 9));
    }), { numRuns: 400, seed: 20261203 });
    // The cases reach someone: the comparison has teeth.
    expect(pairs).toBeGreaterThan(2000);
  });

  it('counts NaN and -1 alike as nowhere by group, and refuses reaches a cache cannot take', () => {
    const linkedOf = (c: Case) => Array.from(c.residents.edge.keys()).filter((r) => c.residents.edge[r] >= 0);
    // Group 0: the first two linked residents, who reach nowhere; group 1: the others, who walk 25 m (so a layout is made).
    const groupsOf = (x: Case) => {
      const linked = linkedOf(x);
      return Int32Array.from(x.residents.edge.keys(), (r) => (r === linked[0] || r === linked[1] ? 0 : 1));
    };
    const wantOf = (x: Case) => bruteForce({ ...x, reach: Float64Array.from(groupsOf(x), (g) => (g === 0 ? -1 : 25)) }).demand;
    const c = fc.sample(caseOf.filter((x) => linkedOf(x).length >= 3 && wantOf(x).some((d) => d > 0)), { numRuns: 1, seed: 7 })[0];
    const of = groupsOf(c), want = wantOf(c);
    const cache = new CatchmentCache(c.network, c.residents, { of, count: 2 });
    const start = (residentReachM: Float64Array | undefined, groupReachM: Float64Array | undefined, on = cache) =>
      startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, residentReachM, { cache: on, groupReachM });
    const demand = (groupReachM: Float64Array) => {
      const run = start(undefined, groupReachM);
      run.collect();
      return Array.from(run.finish().demand);
    };
    for (const nowhere of [NaN, -1, -Infinity]) demand(Float64Array.of(nowhere, 25)).forEach((d, j) => expect(d).toBeCloseTo(want[j], 9));
    // Reaches by resident only for a cache without groups; by group only for a cache of groups, of as many groups; and some reaches at all.
    expect(() => start(new Float64Array(c.residents.count).fill(25), undefined)).toThrow(/a cache of groups takes its reaches by group/);
    expect(() => start(undefined, Float64Array.of(25))).toThrow(/reaches for 1 groups, not 2/);
    expect(() => start(undefined, Float64Array.of(25, 25), new CatchmentCache(c.network, c.residents))).toThrow(/reaches by group for a cache without groups/);
    expect(() => start(undefined, undefined, new CatchmentCache(c.network, c.residents))).toThrow(/no reaches/);
    // A refused run leaves the cache as it was.
    demand(Float64Array.of(-1, 25)).forEach((d, j) => expect(d).toBeCloseTo(want[j], 9));
  });

  // A cache serves category after category on one layout: each run's reaches are new ones, of their
  // own while the open run's are read, or the older ones refilled, with the limits of the edges of
  // several groups made again. Reaches change for one group at a time.
  const reachOf = fc.constantFrom(-1, NaN, 0, 10, 25, 40, 70, Infinity);
  const changes = fc.array(fc.record({ group: fc.nat(3), reach: reachOf }), { minLength: 1, maxLength: 5 });

  it('keeps each of a cache\'s runs exact when the reaches change in part from run to run', () => {
    fc.assert(fc.property(caseOf, changes, (c, steps) => {
      const reaches = [c.groupReach];
      for (const { group, reach } of steps) reaches.push(reaches[reaches.length - 1].map((x, i) => (c.group[i] === group ? reach : x)));
      const want = reaches.map((reach) => bruteForce({ ...c, reach }));
      // By group, runs overlapping as serveCategories makes them: the next started before this one is finished.
      const groups = { of: c.group, count: c.groups };
      const cache = new CatchmentCache(c.network, c.residents, groups);
      const start = (k: number) => startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, undefined, { cache, groupReachM: groupReaches(groups, reaches[k]) });
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

// The summaries' shortcuts (an edge passed over, an edge or a node's edges taken whole) must count
// exactly whom each resident's own test counts, to the last bit: at fractional lengths, positions and
// legs, with the reach a hair from a resident's walk. The reference is that test itself, on the
// distances of one full search from the facility (as the kernel's own search finds them).
describe('2SFCA at a reach a hair from a walk', () => {
  /** Each resident's walk from facility j as the kernel's test computes it (routing/catchments.ts). */
  function ownTestWalks(c: Case, j: number): number[] {
    const { network: n, facilities: f, residents: r } = c;
    const out = new Array<number>(r.count).fill(Infinity);
    const own = f.edge[j];
    if (own < 0) return out;
    const search = new NetworkSearch(n);
    search.reset();
    const fOff = f.offNetworkM[j], fAlong = f.offsetM[j];
    search.seed(n.edgeFrom[own], fOff + fAlong, 0);
    search.seed(n.edgeTo[own], fOff + (n.edgeLengthM[own] - fAlong), 0);
    search.run(Infinity, undefined, false);
    for (let i = 0; i < r.count; i++) {
      const x = r.edge[i];
      if (x < 0) continue;
      const t = r.offsetM[i], du = search.distanceM(n.edgeFrom[x]), dB = search.distanceM(n.edgeTo[x]) + n.edgeLengthM[x];
      out[i] = (x === own ? Math.min(Math.min(du + t, dB - t), fOff + Math.abs(fAlong - t)) : Math.min(du + t, dB - t)) + r.offNetworkM[i];
    }
    return out;
  }
  /** The case with every length, position and leg scaled by an irrational factor. */
  function fractional(c: Case): Case {
    const k = Math.SQRT2 * 0.7311;
    const n = c.network;
    const edgeLengthM = n.edgeLengthM.map((l) => l * k);
    const network = { ...n, edgeLengthM, adjLengthM: Float64Array.from(n.adjEdge, (e) => edgeLengthM[e]) } as Network;
    const scale = (l: Links): Links => ({ ...l, offsetM: l.offsetM.map((x) => x * k), offNetworkM: l.offNetworkM.map((x) => x * k) });
    return { ...c, network, facilities: scale(c.facilities), residents: scale(c.residents) };
  }

  it('counts exactly whom each resident\'s own test counts', () => {
    let boundary = 0;
    fc.assert(fc.property(caseOf, fc.nat(), fc.constantFrom(0, 1e-12, -1e-12, 1e-9, -1e-9, 5e-7, -5e-7, 2e-6, -2e-6), (integral, pick, eps) => {
      const c = fractional(integral);
      const walk = Array.from({ length: c.facilities.count }, (_, j) => ownTestWalks(c, j));
      // Groups 0 and 1 walk to a hair of one resident's walk from one facility; 2 and 3 not at all (edges of both kinds mix).
      const candidates = walk.flatMap((row) => row.filter((w, i) => w < Infinity && c.group[i] < 2));
      if (candidates.length === 0) return;
      const reachM = candidates[pick % candidates.length] - TOLERANCE_M + eps;
      const reach = Float64Array.from(c.group, (g) => (g < 2 ? reachM : -1));
      const cache = new CatchmentCache(c.network, c.residents, { of: c.group, count: c.groups });
      const run = startTwoStepFca(c.network, c.facilities, c.capacity, c.residents, c.weight, undefined, { cache, groupReachM: Float64Array.from({ length: c.groups }, (_, g) => (g < 2 ? reachM : -1)) });
      run.collect();
      const { demand } = run.finish();
      walk.forEach((row, j) => {
        const want = row.reduce((sum, w, i) => sum + (reach[i] >= 0 && w <= reach[i] + TOLERANCE_M ? c.weight[i] : 0), 0);
        expect(demand[j], `facility ${j}`).toBeCloseTo(want, 9);
        boundary += row.filter((w, i) => reach[i] >= 0 && Math.abs(w - reach[i] - TOLERANCE_M) <= 3e-6 && c.weight[i] > 0).length;
      });
    }), { numRuns: 400, seed: 20261205 });
    // Residents of weight at a hair from the reach: the comparison is at the boundary.
    expect(boundary).toBeGreaterThan(200);
  });
});
