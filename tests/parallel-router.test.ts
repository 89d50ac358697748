import { afterAll, describe, expect, it } from 'vitest';
import type { Feature, LineString } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints, type Links } from '../src/network/link-points.js';
import { sequentialRouter } from '../src/routing/field-router.js';
import { distanceField } from '../src/routing/distance-field.js';
import { ParallelRouter } from '../src/parallel/parallel-router.js';
import { analyze } from '../src/scoring/analyze.js';
import { nearestSums } from '../src/routing/nearest-sums.js';
import { line, ll, point, seeded } from './support/geo.js';

// A 14 x 14 block grid with blocks missing (so some points are far, some on islands), source sets of
// many sizes, including none and one, and points on the same edges as sources.
const rand = seeded(23);
const streets: Feature<LineString>[] = [];
for (let i = 0; i <= 14; i++) {
  for (let j = 0; j < 14; j++) {
    if (rand() < 0.18) continue;
    streets.push(line([[j * 70, i * 70], [(j + 1) * 70, i * 70]]), line([[i * 70, j * 70], [i * 70, (j + 1) * 70]]));
  }
}
const network = buildNetwork(streets);
const at = (k: number) => linkPoints(network, Array.from({ length: k }, () => ll(rand() * 980, rand() * 980)));
const sets: Links[] = [5, 0, 1, 40, 3, 12, 2, 0, 30, 7].map(at);
const points = at(3000);
const expected = sequentialRouter(network).route(sets, points);

const routers: ParallelRouter[] = [];
afterAll(async () => { await Promise.all(routers.map((r) => r.close())); });
const start = (opts: ConstructorParameters<typeof Object>[0]) => {
  const r = ParallelRouter.start(network, opts as never);
  routers.push(r);
  return r;
};

function expectSame(got: ReturnType<typeof sequentialRouter>['route'] extends (...a: never[]) => infer R ? R : never): void {
  expect(got.length).toBe(expected.length);
  got.forEach((g, k) => {
    expect(Array.from(g.distM), `set ${k}`).toEqual(Array.from(expected[k].distM));
    expect(Array.from(g.source), `set ${k}`).toEqual(Array.from(expected[k].source));
  });
}

describe('ParallelRouter', () => {
  it('gives the answers of the sequential router, with one and with two workers, call after call', async () => {
    // Something is reached, something is not: the comparison has teeth.
    expect(expected[0].distM.some((d) => Number.isFinite(d))).toBe(true);
    expect(expected[1].distM.every((d) => d === Infinity)).toBe(true);
    for (const workers of [1, 2]) {
      const router = start({ workers });
      // Started cold, the calling thread may answer every set alone; warm, the workers take some.
      expectSame(router.route(sets, points));
      await router.ready;
      // Five calls at least, and on until a worker has answered a set (a busy machine can wake it late).
      let byWorkers = 0;
      for (let call = 0; call < 5 || (byWorkers === 0 && call < 50); call++) {
        const done: number[] = [];
        expectSame(router.route(sets, points, (n) => done.push(n)));
        expect(done).toEqual(sets.map((_, k) => k + 1));
        byWorkers += router.lastRoute.byWorkers;
      }
      expect(byWorkers).toBeGreaterThan(0);
    }
  });

  it('computes a set again on the calling thread when its worker is late, with the same answers', async () => {
    // Patience 0: every set a worker has taken but not finished is redone here at once.
    const router = start({ workers: 1, patienceMs: 0 });
    await router.ready;
    // A redo needs the worker to have taken a set and not finished it when this thread runs out: on a
    // busy machine the worker may not be scheduled at all during a round, so rounds go on (each
    // checked) until one redoes a set, for up to 20 s.
    let redone = 0;
    const until = performance.now() + 20_000;
    for (let round = 0; redone === 0 && (round < 10 || performance.now() < until); round++) {
      expectSame(router.route(sets, points));
      redone += router.lastRoute.redone;
      await new Promise((resolve) => setTimeout(resolve, round % 5));
    }
    expect(redone).toBeGreaterThan(0);
  });

  it('works without workers, and for a single set', () => {
    expectSame(start({ workers: 0 }).route(sets, points));
    const one = start({ workers: 1 }).route(sets.slice(3, 4), points);
    expect(Array.from(one[0].distM)).toEqual(Array.from(expected[3].distM));
  });

  it('sends back the node distances of the sets asked for, equal to the sequential field', async () => {
    const keep = sets.map((_, k) => k % 3 !== 1);
    const byField = sets.map((s) => distanceField(network, s).nodeDistM);
    const router = start({ workers: 2 });
    await router.ready;
    const check = (got: ReturnType<typeof router.route>) => {
      expectSame(got);
      got.forEach((g, k) => {
        if (keep[k]) expect(Array.from(g.nodeDistM!), `set ${k}`).toEqual(Array.from(byField[k]));
        else expect(g.nodeDistM, `set ${k}`).toBeUndefined();
      });
    };
    check(sequentialRouter(network).route(sets, points, undefined, keep));
    // Until the workers have answered some sets (on a loaded machine the calling thread may take them all for a while).
    let byWorkers = 0;
    for (let call = 0; call < 30 && byWorkers === 0; call++) {
      check(router.route(sets, points, undefined, keep));
      byWorkers += router.lastRoute.byWorkers;
    }
    expect(byWorkers).toBeGreaterThan(0);
  });

  it('gives analyze the same scores as its default routing', async () => {
    const facilities = ['grocery', 'health', 'elder-care', 'culture', 'sports'].flatMap((category, c) =>
      Array.from({ length: 2 + c }, () => point(rand() * 980, rand() * 980, { category })));
    const communities: Feature[] = [0, 1, 2, 3].map((q) => {
      const x0 = (q % 2) * 490, y0 = Math.floor(q / 2) * 490;
      return { type: 'Feature', properties: { id: `c${q}`, kind: 'urban', zone: 'central' },
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 490, y0], [x0 + 490, y0 + 490], [x0, y0 + 490], [x0, y0]].map(([x, y]) => ll(x, y))] } };
    });
    const population = Array.from({ length: 800 }, () => point(rand() * 980, rand() * 980, { population: 1 + Math.floor(rand() * 20) }));
    const base = analyze({ network, facilities, communities, population });
    const router = start({ workers: 1 });
    await router.ready;
    // The served populations go to the workers, with every array they read in shared memory.
    const sums: { shared: boolean; tasks: number }[] = [];
    const startSums = router.startNearestSums.bind(router);
    router.startNearestSums = (points, tasks) => {
      const inShared = (a: ArrayBufferView) => a.buffer instanceof SharedArrayBuffer;
      sums.push({ shared: inShared(points.weight) && tasks.every((t) => inShared(t.nearest.distM) && inShared(t.nearest.source)), tasks: tasks.length });
      return startSums(points, tasks);
    };
    const parallel = analyze({ network, facilities, communities, population }, { router });
    expect(sums).toEqual([{ shared: true, tasks: parallel.categories.length }]);
    expect(parallel.residents.people.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(parallel.communities).toEqual(base.communities);
    // Served populations (summed on the worker) and 2SFCA, facility by facility.
    expect(parallel.facilities).toEqual(base.facilities);
    expect(parallel.facilities.some((f) => f.servedPopulation > 0)).toBe(true);
    expect([...parallel.residentDistancesM.keys()]).toEqual([...base.residentDistancesM.keys()]);
    for (const [key, d] of base.residentDistancesM) expect(Array.from(parallel.residentDistancesM.get(key)!)).toEqual(Array.from(d));
    // Each category's field at every node is kept, the same from either router.
    expect([...parallel.categoryFields!.nodeDistM.keys()]).toEqual(base.categories);
    for (const [category, d] of base.categoryFields!.nodeDistM) expect(Array.from(parallel.categoryFields!.nodeDistM.get(category)!)).toEqual(Array.from(d));
  });

  it('sums the served populations on a worker from the routed distances in place, as on one thread', async () => {
    const router = start({ workers: 1, patienceMs: 5000 });
    await router.ready;
    const routed = router.route(sets, points);
    for (const r of routed) expect(r.distM.buffer).toBeInstanceOf(SharedArrayBuffer);
    // 3,000 points in 6 groups of 500, each with a limit (one without a rule), weights 1 to 7.
    const grouped = { weight: Float64Array.from({ length: points.count }, (_, r) => 1 + (r % 7)), start: Int32Array.from({ length: 7 }, (_, g) => 500 * g) };
    const tasks = routed.map((nearest, k) => ({
      nearest, sources: sets[k].count, withinM: Float64Array.from([150, 300, -1, 80, 600, 40 * k]),
    }));
    const expected = tasks.map((t) => nearestSums(grouped, t));
    // The worker takes the tasks while this thread waits (it does nothing else here); on until it
    // has answered some (a busy machine can wake it late), every answer compared.
    let byWorkers = 0;
    for (let call = 0; byWorkers === 0 && call < 20; call++) {
      const collect = router.startNearestSums(grouped, tasks);
      await new Promise((resolve) => setTimeout(resolve, 100 * (call + 1)));
      const got = collect();
      got.forEach((g, k) => expect(Array.from(g), `set ${k}`).toEqual(Array.from(expected[k])));
      byWorkers += router.lastNearestSums.byWorkers;
    }
    expect(byWorkers).toBeGreaterThan(0);
    expect(expected.some((e) => e.some((x) => x > 0))).toBe(true);
    // Distances outside shared memory stay on this thread (a copy to the workers would cost more than the sums).
    const plain = sequentialRouter(network).route(sets, points);
    const byHere = router.startNearestSums(grouped, plain.map((nearest, k) => ({ ...tasks[k], nearest })))();
    expect(router.lastNearestSums).toEqual({ byWorkers: 0, redone: 0 });
    byHere.forEach((g, k) => expect(Array.from(g), `set ${k}`).toEqual(Array.from(expected[k])));
  });
});
