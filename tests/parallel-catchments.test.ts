import { afterAll, describe, expect, it } from 'vitest';
import type { Feature, LineString } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints } from '../src/network/link-points.js';
import { distanceField, distancesAtPoints, singleLink } from '../src/routing/distance-field.js';
import { CATCHMENT_PART_SIZE, CatchmentSearch, edgeSlots, searchOrder, type CatchmentPart, type CatchmentRouter } from '../src/routing/catchments.js';
import { memberField } from '../src/routing/member-field.js';
import { NetworkSearch } from '../src/routing/network-search.js';
import { ParallelRouter } from '../src/parallel/parallel-router.js';
import { groupReaches } from './support/group-reaches.js';
import { CatchmentCache, fieldClasses, startTwoStepFca, twoStepFca, type ResidentGroups, type TwoStepResult, type TwoStepRun, type TwoStepSums } from '../src/scoring/two-step-fca.js';
import { analyze } from '../src/scoring/analyze.js';
import { endCategoryRun, startClassFields } from '../src/scoring/category-service.js';
import type { Residents } from '../src/scoring/residents.js';
import { THRESHOLD_EPSILON_M } from '../src/scoring/rule-distance.js';
import { line, ll, point, seeded } from './support/geo.js';

// 2SFCA's catchment searches spread over worker threads must give the sums of one thread, bit for
// bit: the same parts, in the same order, summed on the calling thread. A 16 x 16 grid of 80 m blocks
// with streets missing (islands, detours), residents of several reaches (some with none, some of
// weight 0) and more facilities than fit in a few parts, several on one spot and on residents' edges.
const rand = seeded(31);
const streets: Feature<LineString>[] = [];
for (let i = 0; i <= 16; i++) {
  for (let j = 0; j < 16; j++) {
    if (rand() > 0.12) streets.push(line([[j * 80, i * 80], [(j + 1) * 80, i * 80]]));
    if (rand() > 0.12) streets.push(line([[i * 80, j * 80], [i * 80, (j + 1) * 80]]));
  }
}
const network = buildNetwork(streets);
const facPts = Array.from({ length: 5 * CATCHMENT_PART_SIZE + 17 }, () => ll(rand() * 1280, rand() * 1280));
facPts.push(facPts[3], facPts[3]);
const resPts = Array.from({ length: 1500 }, () => {
  // Most near a street (several per edge), some in the blocks.
  const along = rand() * 1280, across = Math.floor(rand() * 17) * 80 + (rand() < 0.8 ? (rand() - 0.5) * 10 : rand() * 40);
  return rand() < 0.5 ? ll(along, across) : ll(across, along);
});
const facilities = linkPoints(network, facPts);
const residents = linkPoints(network, resPts);
const capacity = Float64Array.from(facPts, () => 1 + Math.floor(rand() * 60));
const weight = Float64Array.from(resPts, () => (rand() < 0.05 ? 0 : 1 + Math.floor(rand() * 50)));
const third = (x: number, size: number) => Math.max(0, Math.min(2, Math.floor(x / size)));
/** Residents in 9 groups by where they live (3 x 3 squares), as communities are. */
const groups: ResidentGroups = {
  of: Int32Array.from(resPts, (p) => third(p[0] - ll(0, 0)[0], ll(430, 0)[0] - ll(0, 0)[0]) + 3 * third(p[1] - ll(0, 0)[1], ll(0, 430)[1] - ll(0, 0)[1])),
  count: 9,
};
/** Reach classes as a standard gives them, by group (a community's limit): mostly one, a far-walking class in one corner, one group without a rule. */
const reaches = [
  Float64Array.from(resPts, () => 300),
  Float64Array.from(groups.of, (g) => (g === 0 ? 1500 : g === 7 ? -1 : 250)),
  Float64Array.from(groups.of, (g) => (g % 2 === 0 ? 200 : 450)),
  Float64Array.from(resPts, () => -1),
];

const sequential = () => {
  const cache = new CatchmentCache(network, residents);
  return reaches.map((reach) => copy(twoStepFca(network, facilities, capacity, residents, weight, reach, { cache })));
};
const expected = sequential();

function copy(r: TwoStepResult): TwoStepResult {
  return { demand: r.demand.slice(), ratio: r.ratio.slice(), access: r.access.slice() };
}

/** Step 2 by group on this thread, run after run on one cache. */
const expectedByGroup = (() => {
  const cache = new CatchmentCache(network, residents, groups);
  return reaches.map((reach) => {
    const run = startTwoStepFca(network, facilities, capacity, residents, weight, undefined, { cache, groupReachM: groupReaches(groups, reach) });
    run.collect();
    return run.finish().byGroup.slice();
  });
})();

function expectSame(got: TwoStepResult[]): void {
  expect(got.length).toBe(expected.length);
  got.forEach((g, c) => {
    expect(Array.from(g.demand), `reaches ${c}: demand`).toEqual(Array.from(expected[c].demand));
    expect(Array.from(g.ratio), `reaches ${c}: ratio`).toEqual(Array.from(expected[c].ratio));
    expect(Array.from(g.access), `reaches ${c}: access`).toEqual(Array.from(expected[c].access));
  });
}

const routers: ParallelRouter[] = [];
afterAll(async () => { await Promise.all(routers.map((r) => r.close())); });
const start = (opts: { workers: number; patienceMs?: number }) => {
  const r = ParallelRouter.start(network, opts);
  routers.push(r);
  return r;
};

function onRouter(router: ParallelRouter): TwoStepResult[] {
  // One cache across the calls, as analyze keeps one: its layout is refilled in shared memory.
  const cache = new CatchmentCache(network, residents);
  return reaches.map((reach) => copy(twoStepFca(network, facilities, capacity, residents, weight, reach, { cache, router })));
}

describe('2SFCA catchments on worker threads', () => {
  it('the sequential sums equal brute force (a search from every facility), with facilities in several parts', () => {
    expect(facilities.count).toBeGreaterThan(4 * CATCHMENT_PART_SIZE);
    const dist = Array.from({ length: facilities.count }, (_, j) => distancesAtPoints(distanceField(network, singleLink(facilities, j)), residents).distM);
    reaches.forEach((reach, c) => {
      const inReach = (j: number, i: number) => reach[i] >= 0 && dist[j][i] <= reach[i] + 1e-6;
      let pairs = 0;
      for (let j = 0; j < facilities.count; j++) {
        let demand = 0;
        for (let i = 0; i < residents.count; i++) if (inReach(j, i)) { demand += weight[i]; pairs++; }
        expect(expected[c].demand[j], `reaches ${c}, facility ${j}`).toBeCloseTo(demand, 9);
        expect(expected[c].ratio[j]).toBeCloseTo(demand > 0 ? capacity[j] / demand : 0, 12);
      }
      for (let i = 0; i < residents.count; i++) {
        let access = 0;
        for (let j = 0; j < facilities.count; j++) if (inReach(j, i)) access += expected[c].ratio[j];
        expect(expected[c].access[i], `reaches ${c}, resident ${i}`).toBeCloseTo(access, 12);
      }
      // Something is in reach, except where nobody has a rule: the comparison has teeth.
      if (c < 3) expect(pairs).toBeGreaterThan(1000);
      else expect(pairs).toBe(0);
    });
  });

  it('sums step 2 by group as the weighted sum of its residents\' access', () => {
    reaches.forEach((_, c) => {
      const want = new Float64Array(groups.count);
      for (let i = 0; i < residents.count; i++) want[groups.of[i]] += weight[i] * expected[c].access[i];
      for (let g = 0; g < groups.count; g++) expect(expectedByGroup[c][g], `reaches ${c}, group ${g}`).toBeCloseTo(want[g], 9);
      // Every group has access, but the one without a rule.
      if (c < 3) expect(want.filter((a) => a > 0).length, `reaches ${c}`).toBe(groups.count - (c === 1 ? 1 : 0));
    });
    // Demand and ratio do not depend on the groups.
    const cache = new CatchmentCache(network, residents, groups);
    const run = startTwoStepFca(network, facilities, capacity, residents, weight, undefined, { cache, groupReachM: groupReaches(groups, reaches[1]) });
    run.collect();
    const got = run.finish();
    expect(Array.from(got.demand)).toEqual(Array.from(expected[1].demand));
    expect(() => twoStepFca(network, facilities, capacity, residents, weight, reaches[1], { cache })).toThrow(/per-resident access/);
    expect(() => new CatchmentCache(network, residents, { of: groups.of.map((g) => (g === 4 ? 9 : g)), count: 9 })).toThrow(/group 9, not one of 0 to 8/);
    expect(() => new CatchmentCache(network, residents, { of: groups.of.subarray(1), count: 9 })).toThrow(/groups for 1499 residents, not 1500/);
    expect(() => new CatchmentCache(network, residents, { of: groups.of, count: 9.5 })).toThrow(/9.5 groups/);
  });

  it('gives the sequential answers bit for bit, with one and with two workers, call after call', async () => {
    for (const workers of [1, 2]) {
      const router = start({ workers });
      // Started cold, the calling thread may compute every part alone; warm, the workers take some.
      expectSame(onRouter(router));
      await router.ready;
      // Four calls at least, and on until a worker has answered a part (a busy machine can wake it late
      // enough for this thread to finish a call alone): the comparison must cover the workers' parts.
      let byWorkers = 0;
      for (let call = 0; call < 4 || (byWorkers === 0 && call < 50); call++) {
        expectSame(onRouter(router));
        byWorkers += router.lastCatchments.byWorkers;
      }
      expect(byWorkers).toBeGreaterThan(0);
    }
  });

  it('gives the same answers when categories overlap as serveCategories runs them: finish one, start the next, collect', async () => {
    // Categories with the same reaches in a row (the next one starts while the last one's searches
    // run on the same layout), and with other reaches (the next start fills the cache's other layout,
    // never the one the searches in flight read). One reach array serves every run, as the category
    // service's does, and is scribbled over as soon as a run has started (a run reads its reaches only
    // while it starts). Step 2 by resident and by group.
    const sequence = [0, 0, 1, 1, 1, 2, 3, 0, 2, 2];
    // Patience 0: a part a worker has not finished is redone here at once, while that worker may
    // still be searching with a layout a later start refills.
    for (const opts of [{ workers: 0 }, { workers: 1 }, { workers: 2 }, { workers: 1, patienceMs: 0 }]) {
      const router = start(opts);
      await router.ready;
      for (const grouped of [false, true]) {
        let cache = new CatchmentCache(network, residents, grouped ? groups : undefined);
        const buffer = new Float64Array(resPts.length);
        const startRun = (i: number) => {
          buffer.set(reaches[sequence[i]]);
          // A cache of groups takes its communities' reaches; by resident, the caller's array, refilled after the start.
          const run = grouped
            ? startTwoStepFca(network, facilities, capacity, residents, weight, undefined, { cache, router, groupReachM: groupReaches(groups, buffer) })
            : startTwoStepFca(network, facilities, capacity, residents, weight, buffer, { cache, router });
          buffer.fill(-1);
          return run;
        };
        const got: TwoStepSums[] = [];
        const keep = (r: TwoStepSums) => got.push({ demand: r.demand.slice(), ratio: r.ratio.slice(), byGroup: r.byGroup.slice() });
        let previous: TwoStepRun | undefined;
        let current: TwoStepRun | undefined = startRun(0);
        for (let i = 0; current; i++) {
          if (previous) keep(previous.finish());
          const next = i + 1 < sequence.length ? startRun(i + 1) : undefined;
          current.collect();
          previous = current;
          current = next;
        }
        keep(previous!.finish());
        // The other order the contract allows: collect, start the next, then finish (a run's layout,
        // which step 2 by resident reads, must outlive the next start). A new cache: one layout to begin with.
        cache = new CatchmentCache(network, residents, grouped ? groups : undefined);
        let open = startRun(0);
        for (let i = 0; i < sequence.length; i++) {
          open.collect();
          const next = i + 1 < sequence.length ? startRun(i + 1) : undefined;
          keep(open.finish());
          if (next) open = next;
        }
        expect(got.length).toBe(2 * sequence.length);
        got.forEach((g, run) => {
          const i = run % sequence.length;
          const want = expected[sequence[i]];
          expect(Array.from(g.demand), `run ${i}: demand`).toEqual(Array.from(want.demand));
          // By resident, step 2's sums are by place in slot order: place k is resident bySlot.point[k].
          const wantSums = grouped ? expectedByGroup[sequence[i]] : Array.from(cache.bySlot.point, (r) => want.access[r]);
          expect(Array.from(g.byGroup), `run ${i}: step 2, ${grouped ? 'by group' : 'by resident'}`).toEqual(Array.from(wantSums));
        });
      }
    }
  });

  it('computes a part again on the calling thread when its worker is late, with the same answers', async () => {
    // Patience 0: a part a worker has taken and not finished within four times this thread's time for a
    // part is redone here. A worker is that late only when it is held up (descheduled, collecting), which
    // on a quiet machine is rare: the calls go on until one happens, up to 200 rounds (20 were too few
    // about one time in five when this file ran alone).
    const router = start({ workers: 1, patienceMs: 0 });
    await router.ready;
    let redone = 0;
    for (let round = 0; round < 200 && redone === 0; round++) {
      const cache = new CatchmentCache(network, residents);
      for (const [c, reach] of reaches.entries()) {
        const got = copy(twoStepFca(network, facilities, capacity, residents, weight, reach, { cache, router }));
        expect(Array.from(got.access), `reaches ${c}`).toEqual(Array.from(expected[c].access));
        expect(Array.from(got.demand), `reaches ${c}`).toEqual(Array.from(expected[c].demand));
        redone += router.lastCatchments.redone;
      }
    }
    expect(redone).toBeGreaterThan(0);
  });

  it('numbers every edge once by from node, with each node\'s edges one run of slots, and searches the facilities in node order', () => {
    const { slotOfEdge, edgeOfSlot, fromStart, occupiedCount } = edgeSlots(network);
    expect(occupiedCount).toBe(network.edgeCount);
    expect(Array.from(edgeOfSlot).sort((a, b) => a - b)).toEqual(Array.from({ length: network.edgeCount }, (_, e) => e));
    for (let e = 0; e < network.edgeCount; e++) expect(edgeOfSlot[slotOfEdge[e]]).toBe(e);
    // Node u's slots are exactly the edges leaving it.
    expect(fromStart[0]).toBe(0);
    expect(fromStart[network.nodeCount]).toBe(network.edgeCount);
    for (let u = 0; u < network.nodeCount; u++) {
      const leaving = Array.from({ length: network.edgeCount }, (_, e) => e).filter((e) => network.edgeFrom[e] === u);
      const slots = Array.from({ length: fromStart[u + 1] - fromStart[u] }, (_, i) => edgeOfSlot[fromStart[u] + i]);
      expect(slots.sort((a, b) => a - b)).toEqual(leaving);
    }
    // Only an edge's from node places it: two edges from node 1 and none from nodes 0 and 2, the
    // occupied one (edge 2) in the first run.
    const byHand = edgeSlots({ nodeCount: 3, edgeFrom: Int32Array.of(1, 1, 1) }, Uint8Array.of(0, 0, 1));
    expect(byHand.occupiedCount).toBe(1);
    expect(Array.from(byHand.fromStart)).toEqual([0, 0, 1, 1]);
    expect(Array.from(byHand.edgeOfSlot)).toEqual([2, 0, 1]);
    // With the edges that carry residents first.
    const occupied = new Uint8Array(network.edgeCount);
    for (let r = 0; r < residents.count; r++) if (residents.edge[r] >= 0) occupied[residents.edge[r]] = 1;
    const withPoints = edgeSlots(network, occupied);
    expect(withPoints.occupiedCount).toBe(occupied.reduce((n, o) => n + o, 0));
    expect(withPoints.occupiedCount).toBeLessThan(network.edgeCount);
    for (let e = 0; e < network.edgeCount; e++) expect(withPoints.slotOfEdge[e] < withPoints.occupiedCount).toBe(occupied[e] === 1);
    expect(Array.from(withPoints.edgeOfSlot).sort((a, b) => a - b)).toEqual(Array.from({ length: network.edgeCount }, (_, e) => e));
    // The runs cover the occupied slots only, in node order.
    expect(withPoints.fromStart[network.nodeCount]).toBe(withPoints.occupiedCount);
    for (let s = 0; s < withPoints.occupiedCount; s++) {
      const u = network.edgeFrom[withPoints.edgeOfSlot[s]];
      expect(s >= withPoints.fromStart[u] && s < withPoints.fromStart[u + 1]).toBe(true);
    }
    const order = searchOrder(network, facilities);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: facilities.count }, (_, j) => j));
    const startNode = (j: number) => (facilities.edge[j] >= 0 ? network.edgeFrom[facilities.edge[j]] : Infinity);
    for (let i = 1; i < order.length; i++) expect(startNode(order[i - 1])).toBeLessThanOrEqual(startNode(order[i]));
  });

  it.each([
    ['by resident', undefined],
    // Groups that share edges (the squares' residents in two halves), each of one reach.
    ['by group', { of: Int32Array.from(resPts, (_, r) => groups.of[r] + 9 * (r % 2)), count: 18 }],
  ] as const)('gives the same parts whether the sums are copies or views into a buffer that grows mid-part (%s)', (_, groups) => {
    const cache = new CatchmentCache(network, residents, groups);
    const reach = reaches[1];
    const points = cache.points(groups ? cache.reachClasses(undefined, undefined, groupReaches(groups, reach)) : cache.reachClasses(reach), weight, false);
    const searchM = Float64Array.from({ length: facilities.count }, () => 1500 + 1e-6);
    const order = searchOrder(network, facilities);
    const parts = (search: CatchmentSearch, view: boolean) => {
      search.begin();
      const got: CatchmentPart[] = [];
      for (let from = 0; from < facilities.count; from += CATCHMENT_PART_SIZE) {
        got.push(search.part(points, facilities, searchM, order, from, Math.min(facilities.count, from + CATCHMENT_PART_SIZE), view));
      }
      return got.map((p) => ({ ...p, groups: Array.from(p.groups), sums: Array.from(p.sums), demand: Array.from(p.demand), groupEnd: Array.from(p.groupEnd) }));
    };
    const copies = parts(new CatchmentSearch(network), false);
    // A 7-entry buffer grows many times, often in the middle of a part.
    const small = new CatchmentSearch(network, undefined, 7);
    expect(parts(small, true)).toEqual(copies);
    // A second call reuses the grown buffer from its start.
    expect(parts(small, true)).toEqual(copies);
    expect(copies.reduce((n, p) => n + p.groups.length, 0)).toBeGreaterThan(groups ? 500 : 1000);
    // By resident every entry adds 1, and the parts carry no sums; by group, a sum per entry.
    for (const p of copies) expect(p.sums.length).toBe(groups ? p.groups.length : 0);
  });

  it('searches the reach classes\' fields on the workers as this thread does', async () => {
    const router = start({ workers: 1, patienceMs: 60_000 });
    await router.ready;
    const members = reaches.slice(0, 3).map((reach) => Uint8Array.from(reach, (r, i) => (r >= 400 && residents.edge[i] >= 0 ? 1 : 0)));
    members.push(new Uint8Array(residents.count));
    const boundM = [400, 1500, 450, 300];
    const collect = router.startMemberFields(residents, members, boundM);
    // The worker has the fields to itself for a while: it answers some.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const got = collect();
    const search = new NetworkSearch(network);
    members.forEach((m, i) => {
      const want = memberField(network, search, residents, m, boundM[i]);
      expect(Array.from(got[i]), `field ${i}`).toEqual(Array.from(want));
      const reached = want.filter((d) => d < Infinity).length;
      if (i === 3) expect(reached, 'no members').toBe(0);
      else if (m.some((x) => x === 1)) expect(reached, `field ${i}`).toBeGreaterThan(10);
    });
    expect(router.lastMemberFields.byWorkers).toBeGreaterThan(0);
  });

  it('uses class fields searched elsewhere once, with the same answers, and lets go of those never asked for', () => {
    const reach = reaches[1];
    const classes = [...new Set(Array.from(reach).filter((r, i) => r >= 0 && residents.edge[i] >= 0))].sort((a, b) => b - a);
    expect(fieldClasses(classes).length).toBeGreaterThan(0);
    const specs = fieldClasses(classes).map((reachM) => ({ reachM, members: Uint8Array.from(reach, (r, i) => (r === reachM && residents.edge[i] >= 0 ? 1 : 0)) }));
    // One spec that no run has: never collected.
    specs.push({ reachM: 777, members: new Uint8Array(residents.count).fill(1) });
    let collected = 0;
    const search = new NetworkSearch(network);
    const collect = () => { collected++; return specs.map((c) => memberField(network, search, residents, c.members, c.reachM + THRESHOLD_EPSILON_M)); };
    const cache = new CatchmentCache(network, residents, groups);
    cache.expectClassFields(specs, collect);
    expect(collected).toBe(0);
    for (let round = 0; round < 2; round++) {
      const run = startTwoStepFca(network, facilities, capacity, residents, weight, undefined, { cache, groupReachM: groupReaches(groups, reach) });
      run.collect();
      expect(Array.from(run.finish().byGroup)).toEqual(Array.from(expectedByGroup[1]));
    }
    expect(collected).toBe(1);
    // Collected or not, release keeps only fields already made; a spec never collected is dropped.
    const pending = new CatchmentCache(network, residents, groups);
    let late = 0;
    pending.expectClassFields(specs, () => { late++; return collect(); });
    pending.release();
    const run = startTwoStepFca(network, facilities, capacity, residents, weight, undefined, { cache: pending, groupReachM: groupReaches(groups, reach) });
    run.collect();
    expect(Array.from(run.finish().byGroup)).toEqual(Array.from(expectedByGroup[1]));
    expect(late).toBe(0);
  });

  it('maps fresh memory in on a worker without changing a value, and stops when asked', async () => {
    const router = start({ workers: 1, patienceMs: 60_000 });
    await router.ready;
    // Five 2 MB parts and one small; on a busy machine the worker may start late, so the call is made
    // again (fresh memory each time) until it has mapped them all in, at most 20 times.
    for (let attempt = 0; attempt < 20; attempt++) {
      const buffers = [new SharedArrayBuffer(9 << 20), new SharedArrayBuffer(4096 * 3 + 8)];
      // Values written before, on the words a worker touches (a page's first) and on others, are kept;
      // and one written meanwhile, below.
      const words = new Int32Array(buffers[0]);
      const want = (i: number) => (i % 1024 === 0 && (i >> 10) % 3 === 1 ? (i >> 10) + 1 : i % 100_003 === 0 ? i + 5 : 0);
      for (let i = 0; i < words.length; i++) { const w = want(i); if (w) words[i] = w; }
      const ready = router.startWarming(buffers);
      new Int32Array(buffers[1])[1024] = 7;
      await new Promise((resolve) => setTimeout(resolve, 300));
      ready();
      for (let i = 0; i < words.length; i++) if (words[i] !== want(i)) expect.fail(`word ${i} is ${words[i]}, not ${want(i)}`);
      expect(Array.from(new Int32Array(buffers[1]))).toEqual(Array.from({ length: buffers[1].byteLength / 4 }, (_, i) => (i === 1024 ? 7 : 0)));
      if (router.lastWarming.byWorkers === 6) break;
    }
    expect(router.lastWarming.byWorkers).toBe(6);
    // Asked at once, this thread takes what the worker has not begun and leaves it.
    const big = new SharedArrayBuffer(64 << 20);
    router.startWarming([big])();
    expect(router.lastWarming.byWorkers).toBeLessThan(32);
    expect(new Float64Array(big).every((x) => x === 0)).toBe(true);
  });

  it('takes a class field of the same residents at a larger reach for a smaller one, with the same answers', () => {
    const reach = reaches[1];
    const classes = [...new Set(Array.from(reach).filter((r, i) => r >= 0 && residents.edge[i] >= 0))].sort((a, b) => b - a);
    const [reachM] = fieldClasses(classes);
    const members = Uint8Array.from(reach, (r, i) => (r === reachM && residents.edge[i] >= 0 ? 1 : 0));
    const search = new NetworkSearch(network);
    let collected = 0;
    const cache = new CatchmentCache(network, residents, groups);
    cache.expectClassFields([{ reachM: 3 * reachM, members }], () => {
      collected++;
      return [memberField(network, search, residents, members, 3 * reachM + THRESHOLD_EPSILON_M)];
    });
    expect(cache.hasClassField(reachM, members)).toBe(true);
    expect(cache.hasClassField(4 * reachM, members)).toBe(false);
    const run = startTwoStepFca(network, facilities, capacity, residents, weight, undefined, { cache, groupReachM: groupReaches(groups, reach) });
    run.collect();
    expect(Array.from(run.finish().byGroup)).toEqual(Array.from(expectedByGroup[1]));
    // The larger field served the class: the cache searched none of its own.
    expect(collected).toBe(1);
  });

  it('starts one field for the same communities at two reaches, at the larger (as serveCategories asks for them)', () => {
    // Two communities: the first a village's, whose limits are 1,800 m in one category and 5 km in another.
    const half = Math.floor(residents.count / 2);
    const town = { count: residents.count, start: Int32Array.of(0, half, residents.count), people: weight } as unknown as Residents;
    const links = { ...residents };
    const bounds: number[][] = [];
    const router: CatchmentRouter = {
      sharesMemory: false,
      catchments: () => [],
      startMemberFields(_, members, boundM) {
        bounds.push([...boundM]);
        return () => members.map(() => new Float64Array(network.nodeCount).fill(Infinity));
      },
    };
    const limits = [Float64Array.of(1800, 900), Float64Array.of(5000, 600)].map((perCommunity, k) => ({ perCommunity, key: `c${k}` }));
    startClassFields({ network, residents: town, residentLinks: links, catchments: router }, limits);
    endCategoryRun(links);
    expect(bounds).toEqual([[5000 + THRESHOLD_EPSILON_M]]);
  });

  it('refuses a layout whose reaches are not in shared memory, which its workers would read stale', async () => {
    const router = start({ workers: 1 });
    await router.ready;
    const order = searchOrder(network, facilities);
    const searchM = new Float64Array(facilities.count).fill(300 + THRESHOLD_EPSILON_M);
    const plain = new CatchmentCache(network, residents, groups);
    const points = plain.points(plain.reachClasses(undefined, undefined, groupReaches(groups, reaches[0])), weight, false);
    expect(() => router.startCatchments(points, facilities, searchM, order)).toThrow(/reaches are not in shared memory/);
    // Laid out for the router (as startTwoStepFca does, by its sharesMemory), the same call is taken.
    const sharedCache = new CatchmentCache(network, residents, groups);
    const sharedPoints = sharedCache.points(sharedCache.reachClasses(undefined, undefined, groupReaches(groups, reaches[0])), weight, router.sharesMemory);
    const parts = router.startCatchments(sharedPoints, facilities, searchM, order)();
    expect(parts.reduce((n, p) => n + p.demand.length, 0)).toBe(facilities.count);
  });

  it('works without workers', () => {
    expectSame(onRouter(start({ workers: 0 })));
  });

  it('gives analyze the same served population, 2SFCA and access as its default routing', async () => {
    const categories = ['grocery', 'health', 'elder-care', 'culture', 'sports'];
    const facilityFeatures = facPts.map((p, j) => ({
      type: 'Feature' as const, properties: { category: categories[j % categories.length], capacity: capacity[j] }, geometry: { type: 'Point' as const, coordinates: p },
    }));
    const communities: Feature[] = [0, 1, 2, 3].map((q) => {
      const x0 = (q % 2) * 640, y0 = Math.floor(q / 2) * 640;
      return { type: 'Feature', properties: { id: `c${q}`, kind: q === 0 ? 'village' : 'urban', zone: 'central' },
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 640, y0], [x0 + 640, y0 + 640], [x0, y0 + 640], [x0, y0]].map(([x, y]) => ll(x, y))] } };
    });
    const population = Array.from({ length: 1200 }, () => point(rand() * 1280, rand() * 1280, { population: 1 + Math.floor(rand() * 20) }));
    const inputs = { network, facilities: facilityFeatures, communities, population };
    const base = analyze(inputs);
    const router = start({ workers: 1 });
    await router.ready;
    const parallel = analyze(inputs, { router });
    expect(parallel.facilities).toEqual(base.facilities);
    expect(base.facilities.filter((f) => f.demand !== undefined && f.demand > 0).length).toBeGreaterThan(100);
    expect([...parallel.accessPer1000.keys()]).toEqual([...base.accessPer1000.keys()]);
    // Served grouped by their residents' limits (grocery with health, before elder care), the access
    // per category is still listed in the standard's order (the community table's columns).
    expect([...base.accessPer1000.keys()]).toEqual(base.categories.filter((c) => categories.includes(c)));
    for (const [category, a] of base.accessPer1000) expect(Array.from(parallel.accessPer1000.get(category)!), category).toEqual(Array.from(a));
    expect(parallel.communities).toEqual(base.communities);
  });

  it('serves each category of a run as it serves that category alone, though a run reuses the reaches of equal limits', async () => {
    // serveCategories fills the residents' reaches only when the limits change, and 2SFCA then
    // skips comparing them (the limits' key vouches): a category must get nothing of another's.
    // Villages (one quadrant) walk farther, and the standard gives the categories other limits.
    const categories = ['grocery', 'health', 'elder-care', 'culture', 'sports', 'childcare'];
    const facilityFeatures = facPts.map((p, j) => ({
      type: 'Feature' as const, properties: { category: categories[(j * 7) % categories.length], capacity: capacity[j] }, geometry: { type: 'Point' as const, coordinates: p },
    }));
    const communities: Feature[] = [0, 1, 2, 3].map((q) => {
      const x0 = (q % 2) * 640, y0 = Math.floor(q / 2) * 640;
      return { type: 'Feature', properties: { id: `c${q}`, kind: q === 0 ? 'village' : 'urban', zone: 'central' },
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 640, y0], [x0 + 640, y0 + 640], [x0, y0 + 640], [x0, y0]].map(([x, y]) => ll(x, y))] } };
    });
    const population = Array.from({ length: 1200 }, () => point(rand() * 1280, rand() * 1280, { population: 1 + Math.floor(rand() * 20) }));
    const a = analyze({ network, facilities: facilityFeatures, communities, population });
    const { serveCategories } = await import('../src/scoring/serve-facilities.js');
    const { categoryLimits } = await import('../src/scoring/category-service.js');
    const { fieldMembers, routeField } = await import('../src/scoring/route-fields.js');
    const { NetworkSearch } = await import('../src/routing/network-search.js');
    const search = new NetworkSearch(a.network);
    const served = a.categories.filter((c) => categories.includes(c));
    const nearest = new Map(served.map((c) => [c, routeField(a.network, a.facilityLinks, fieldMembers(a.facilities, c), a.residentLinks, search)]));
    const communityList = a.communities.map((c) => c.community);
    const keys = new Set(served.map((c) => categoryLimits(a.standard, communityList, c).key));
    expect(keys.size).toBeGreaterThan(1);
    expect(keys.size).toBeLessThan(served.length);
    // A fresh copy of the residents' links gives each serving its own 2SFCA cache.
    const serve = (cats: readonly string[], catchments?: ParallelRouter, residentLinks = { ...a.residentLinks }, residents = a.residents) => {
      const facilities = a.facilities.map((f) => ({ ...f }));
      const accessPer1000 = new Map<string, Float64Array>();
      const ctx = {
        network: a.network, standard: a.standard, communities: communityList, residents,
        residentLinks, facilityLinks: a.facilityLinks, search, catchments,
      };
      serveCategories(ctx, facilities, cats, (c) => nearest.get(c)!, accessPer1000);
      return { facilities, accessPer1000 };
    };
    const together = serve(served);
    for (const category of served) {
      const alone = serve([category]);
      const mine = (f: { category?: string }) => f.category === category;
      expect(together.facilities.filter(mine), category).toEqual(alone.facilities.filter(mine));
      expect(Array.from(together.accessPer1000.get(category)!), category).toEqual(Array.from(alone.accessPer1000.get(category)!));
    }
    expect(together.facilities.filter((f) => f.servedPopulation > 0).length).toBeGreaterThan(100);
    // The same links with other residents (the communities' boundaries moved): their own communities'
    // access, as with links of their own, not the first residents' (the 2SFCA cache is made again).
    const links = { ...a.residentLinks };
    const bounds = a.residents.start;
    const moved = { ...a.residents, start: bounds.map((s, i) => (i === 0 || i === bounds.length - 1 ? s : Math.max(bounds[i - 1], s - 40))) };
    serve(served, undefined, links);
    const again = serve(served, undefined, links, moved), fresh = serve(served, undefined, { ...a.residentLinks }, moved);
    for (const category of served) {
      expect(Array.from(again.accessPer1000.get(category)!), category).toEqual(Array.from(fresh.accessPer1000.get(category)!));
      expect(Array.from(again.accessPer1000.get(category)!), category).not.toEqual(Array.from(together.accessPer1000.get(category)!));
    }
    // On a worker too (the layout in shared memory, runs overlapping as the workers search), bit for bit.
    const router = start({ workers: 1, patienceMs: 0 });
    await router.ready;
    const onWorker = serve(served, router);
    expect(onWorker.facilities).toEqual(together.facilities);
    for (const category of served) expect(Array.from(onWorker.accessPer1000.get(category)!), category).toEqual(Array.from(together.accessPer1000.get(category)!));
    // The reach classes' fields go to the worker once per set of links: a second run over the same
    // links (a what-if's) has them already and starts none.
    let started = 0;
    const startMemberFields = router.startMemberFields.bind(router);
    router.startMemberFields = (...args) => { started++; return startMemberFields(...args); };
    const sameLinks = { ...a.residentLinks };
    serve(served, router, sameLinks);
    expect(started).toBe(1);
    expect(serve(served, router, sameLinks).facilities).toEqual(together.facilities);
    expect(started).toBe(1);
    // A run that fails midway lets go of what it started; the next run over its links is whole.
    const failing = { ...a.residentLinks };
    const ctx = { network: a.network, standard: a.standard, communities: communityList, residents: a.residents, residentLinks: failing, facilityLinks: a.facilityLinks, search, catchments: router };
    expect(() => serveCategories(ctx, a.facilities.map((f) => ({ ...f })), served, (c) => nearest.get(c)!, new Map(), () => { throw new Error('stopped'); })).toThrow('stopped');
    expect(serve(served, router, failing).facilities).toEqual(together.facilities);
  });
});
