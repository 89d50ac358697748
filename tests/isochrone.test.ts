import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import KDBush from 'kdbush';
import type { Feature, LineString, MultiPolygon, Position } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import type { Network } from '../src/network/network.js';
import { isWalkable } from '../src/network/walkable.js';
import { linkPoints } from '../src/network/link-points.js';
import { distanceField } from '../src/routing/distance-field.js';
import { coverageAreas, isochroneFromField, isochrones } from '../src/isochrone/isochrones.js';
import { reachedLines } from '../src/isochrone/reached-lines.js';
import { blockGrid as gridCity, ll, seeded, streetEvery as street } from './support/geo.js';
import { oracleDijkstra, oracleGraph, oracleLines, oracleLink, type OracleGraph } from './support/oracle.js';

const walkAll = { walkable: () => true };
const CELL = 25, CAP = 120, SLACK = CELL / 2;

/** Plane metres of the network to [lon, lat], and back: the test talks to the oracle in metres. */
function planeOf(net: Network) {
  const { lon0, lat0, kx, ky } = net.plane;
  return {
    toLL: (x: number, y: number): Position => [lon0 + x / kx, lat0 + y / ky],
    toXY: (lon: number, lat: number): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky],
  };
}

/** The oracle's walking distance from an origin standing at [x, y]: to every vertex, and to points. */
function oracleFrom(g: OracleGraph, x: number, y: number) {
  const link = oracleLink(g, x, y)!;
  const [a, b] = g.segments[link.seg];
  const len = Math.hypot(g.xs[b] - g.xs[a], g.ys[b] - g.ys[a]);
  const dist = oracleDijkstra(g, [[a, link.off + link.t * len], [b, link.off + (1 - link.t) * len]]);
  return { dist, link };
}

/**
 * Points every `stepM` along every segment with the oracle's distance there: via either end, or, on the
 * origin's own segment, straight along it from the linking point.
 */
function networkSamples(g: OracleGraph, from: ReturnType<typeof oracleFrom>, stepM: number): { x: number; y: number; d: number }[] {
  const { dist, link } = from;
  const out: { x: number; y: number; d: number }[] = [];
  g.segments.forEach(([p, q], seg) => {
    const len = Math.hypot(g.xs[q] - g.xs[p], g.ys[q] - g.ys[p]);
    const n = Math.max(1, Math.ceil(len / stepM));
    for (let s = 0; s <= n; s++) {
      const u = s / n;
      let d = Math.min(dist[p] + u * len, dist[q] + (1 - u) * len);
      if (seg === link.seg) d = Math.min(d, link.off + Math.abs(u - link.t) * len);
      out.push({ x: g.xs[p] + u * (g.xs[q] - g.xs[p]), y: g.ys[p] + u * (g.ys[q] - g.ys[p]), d });
    }
  });
  return out;
}

function inside(poly: MultiPolygon, p: Position): boolean {
  return poly.coordinates.length > 0 && booleanPointInPolygon(p, poly);
}

function signedArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function polys(fc: { features: Feature[] }): MultiPolygon[] {
  return fc.features.filter((f) => f.geometry.type === 'MultiPolygon').map((f) => f.geometry as MultiPolygon);
}

describe('one straight street, worked by hand', () => {
  // A 2 km street along y = 0 with the origin on it at x = 0. At 60 m/min, 5 minutes reach x = +-300 on
  // the street; off the street, (x, y) takes |x| + |y| metres, and ground more than 120 m away is out.
  const feats = [street([-1000, 0], [1000, 0])];
  const net = buildNetwork(feats, walkAll);
  const { toLL, toXY } = planeOf(net);
  const o = toXY(...(feats[0].geometry.coordinates[20] as [number, number]));
  const at = (dx: number, dy: number) => toLL(o[0] + dx, o[1] + dy);
  const [five] = polys(isochrones(net, [at(0, 0)], { minutes: [5] }));

  it('covers the street to 300 m each way and the ground within |x| + |y| <= 300 near it, not beyond the cap', () => {
    // Off the street the cap is tested at cell centres with cellM / sqrt 2 to spare (102 m), and the
    // contour stops at the last centre within it: ground within 102 - 25 = 77 m is covered at any alignment.
    for (const [dx, dy] of [[0, 0], [280, 0], [-280, 0], [0, 75], [0, -75], [150, 75], [-150, -75], [200, 60]]) {
      expect(inside(five, at(dx, dy)), `(${dx}, ${dy})`).toBe(true);
    }
    for (const [dx, dy] of [[350, 0], [-350, 0], [0, 160], [0, -160], [250, 100], [-250, -100], [100, 150]]) {
      expect(inside(five, at(dx, dy)), `(${dx}, ${dy})`).toBe(false);
    }
  });

  it('gives the street itself as two lines from 0 to 5 minutes, 300 m each', () => {
    const links = linkPoints(net, [at(0, 0)]);
    const lines = reachedLines(net, distanceField(net, links, { maxDistM: 300 }), 5);
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect([l.properties.fromMin, l.properties.toMin].sort()).toEqual([0, 5]);
      const ends = [l.geometry.coordinates[0], l.geometry.coordinates[l.geometry.coordinates.length - 1]].map((p) => toXY(p[0], p[1]));
      const span = Math.abs(ends[1][0] - ends[0][0]);
      expect(span).toBeCloseTo(300, 1);
    }
  });

  it('draws from a DistanceField the same polygon as isochrones() does', () => {
    const links = linkPoints(net, [at(0, 0)]);
    const field = distanceField(net, links, { maxDistM: 300 + SLACK });
    const [fromField] = isochroneFromField(net, field, [5]);
    // Without the origin's off-street leg (zero here) the two agree exactly.
    expect(JSON.stringify(fromField)).toBe(JSON.stringify(five));
  });
});

describe('random street grids against an independent Dijkstra', () => {
  const minutes = [3, 6, 9];
  for (let seed = 1; seed <= 6; seed++) {
    it(`seed ${seed}: nesting, reached streets inside, far ground outside, RFC 7946 rings`, () => {
      const rand = seeded(seed);
      const feats = gridCity(12, () => rand() > 0.3);
      const net = buildNetwork(feats, walkAll);
      const { toLL, toXY } = planeOf(net);
      const g = oracleGraph(oracleLines(feats, toXY));
      const v = g.segments[Math.floor(rand() * g.segments.length)][0];
      const [ox, oy] = [g.xs[v], g.ys[v]];
      const shapes = polys(isochrones(net, [toLL(ox, oy)], { minutes, minIslandVertices: 0 }));
      const samples = networkSamples(g, oracleFrom(g, ox, oy), 10);

      // Every street point reachable within T lies inside the T polygon (no tolerance needed: the
      // contour is drawn half a cell past T).
      minutes.forEach((T, k) => {
        const missed = samples.filter((s) => s.d <= T * 60 && !inside(shapes[k], toLL(s.x, s.y)));
        expect(missed.length, `T=${T}: ${missed.length} reached street points outside`).toBe(0);
      });

      // Ground farther than cap + a cell diagonal from every street point reached within T + slack is
      // outside; and the polygons nest: inside T implies inside every larger T.
      const probes: [number, number][] = Array.from({ length: 600 }, () => [ox - 700 + rand() * 1400, oy - 700 + rand() * 1400]);
      minutes.forEach((T, k) => {
        const reached = samples.filter((s) => s.d <= T * 60 + SLACK);
        const idx = new KDBush(Math.max(reached.length, 1));
        for (const s of reached) idx.add(s.x, s.y);
        idx.finish();
        for (const [x, y] of probes) {
          const isIn = inside(shapes[k], toLL(x, y));
          if (isIn) {
            expect(idx.within(x, y, CAP + CELL * Math.SQRT2 + 10).length, `T=${T} (${x}, ${y})`).toBeGreaterThan(0);
            for (let m = k + 1; m < minutes.length; m++) expect(inside(shapes[m], toLL(x, y))).toBe(true);
          }
        }
      });

      for (const shape of shapes) {
        for (const polygon of shape.coordinates) {
          expect(signedArea(polygon[0])).toBeGreaterThan(0);
          for (const hole of polygon.slice(1)) expect(signedArea(hole)).toBeLessThan(0);
        }
      }
    });
  }
});

describe('barriers', () => {
  it('a river with one distant bridge: the far bank opposite the origin is not covered', () => {
    // Near bank: streets at y = 0 and y = -100; far bank: y = 200 and 300 (the river is 200 m wide,
    // more than the 120 m cap). The only bridge is at x = 1200.
    const feats = [
      street([0, 0], [1200, 0]), street([0, -100], [1200, -100]),
      street([0, 200], [1200, 200]), street([0, 300], [1200, 300]),
      ...[0, 400, 800, 1200].flatMap((x) => [street([x, -100], [x, 0]), street([x, 200], [x, 300])]),
      street([1200, 0], [1200, 200]),
    ];
    const net = buildNetwork(feats, walkAll);
    const { toLL, toXY } = planeOf(net);
    const origin = toXY(...(feats[0].geometry.coordinates[2] as [number, number])); // (100, 0)
    const at = (x: number, y: number) => toLL(origin[0] - 100 + x, origin[1] + y);
    const [ten, forty] = polys(isochrones(net, [at(100, 0)], { minutes: [10, 40] }));
    expect(inside(ten, at(100, -50))).toBe(true);
    expect(inside(ten, at(100, 60))).toBe(true); // the near half of the river is within 120 m of the bank
    for (const [x, y] of [[100, 200], [100, 250], [300, 200], [0, 300]]) expect(inside(ten, at(x, y)), `(${x}, ${y})`).toBe(false);
    // Across the bridge: 1100 + 200 + 1100 m = 40 minutes to (100, 200); the bank is reached by then.
    expect(inside(forty, at(150, 200))).toBe(true);
    expect(inside(forty, at(600, 100))).toBe(true);
  });

  it('a river just wider than twice the cap stays open at any angle and offset', () => {
    // Banks 2 x 120 + 1 m apart, the only bridge 1.5 km away; the river's middle line must stay
    // outside a 60-minute isochrone (both banks reached) however the river lies on the raster.
    const width = 2 * CAP + 1;
    for (const degrees of [0, 17, 45, 71]) {
      for (const shift of [0, 7.3, 12.5]) {
        const a = (degrees * Math.PI) / 180;
        const rot = (x: number, y: number): [number, number] => [x * Math.cos(a) - y * Math.sin(a) + shift, x * Math.sin(a) + y * Math.cos(a) + shift];
        const s = (p: [number, number], q: [number, number]) => street(rot(...p), rot(...q), 25);
        const feats = [
          s([0, 0], [1500, 0]), s([0, -100], [1500, -100]), s([0, width], [1500, width]), s([0, width + 100], [1500, width + 100]),
          ...[0, 300, 600, 900, 1200, 1500].flatMap((x) => [s([x, -100], [x, 0]), s([x, width], [x, width + 100])]),
          s([1500, 0], [1500, width]),
        ];
        const net = buildNetwork(feats, walkAll);
        const at = (x: number, y: number) => ll(...rot(x, y));
        const [sixty] = polys(isochrones(net, [at(300, 0)], { minutes: [60] }));
        for (let x = 0; x <= 1300; x += 20) expect(inside(sixty, at(x, width / 2)), `${degrees}°, shift ${shift}, x ${x}`).toBe(false);
        expect(inside(sixty, at(300, 60))).toBe(true); // within the cap of the near bank
        expect(inside(sixty, at(300, width - 60))).toBe(true); // and of the far bank, reached over the bridge
      }
    }
  });

  it('a park with no paths, wider than twice the cap, is a hole', () => {
    // A 1 km grid with the streets inside a 400 m square (x, y in 300..700) removed.
    const inPark = (x: number, y: number, h: boolean) => (h ? x >= 300 && x < 700 && y > 300 && y < 700 : y >= 300 && y < 700 && x > 300 && x < 700);
    const feats = gridCity(10, (x, y, h) => !inPark(x, y, h));
    const net = buildNetwork(feats, walkAll);
    const { toLL, toXY } = planeOf(net);
    const o = toXY(...(feats[0].geometry.coordinates[0] as [number, number])); // (0, 0)
    const at = (x: number, y: number) => toLL(o[0] + x, o[1] + y);
    const [all] = polys(isochrones(net, [at(0, 0)], { minutes: [40] }));
    expect(all.coordinates).toHaveLength(1);
    expect(all.coordinates[0].length).toBe(2);
    expect(inside(all, at(500, 500))).toBe(false);
    expect(inside(all, at(500, 360))).toBe(true); // 60 m in from the park's edge street
    expect(inside(all, at(200, 800))).toBe(true);
  });
});

describe('origins that reach nothing', () => {
  const feats = gridCity(4);
  const net = buildNetwork(feats, walkAll);
  const { toLL, toXY } = planeOf(net);
  const o = toXY(...(feats[0].geometry.coordinates[0] as [number, number]));

  it('an isolated origin, beyond the snapping distance, gets empty polygons and linked: false', () => {
    const fc = isochrones(net, [toLL(o[0] + 5000, o[1] + 5000), toLL(o[0], o[1])], { minutes: [5, 10] });
    expect(fc.features.map((f) => [f.properties.origin, f.properties.minutes, f.properties.linked])).toEqual([
      [0, 5, false], [0, 10, false], [1, 5, true], [1, 10, true],
    ]);
    expect(fc.features[0].geometry).toEqual({ type: 'MultiPolygon', coordinates: [] });
    expect(fc.features[2].geometry.coordinates.length).toBeGreaterThan(0);
  });

  it('uses feature ids as origin names', () => {
    const fc = isochrones(net, [{ type: 'Feature', properties: { id: 'school-7' }, geometry: { type: 'Point', coordinates: toLL(o[0], o[1]) } }], { minutes: [5] });
    expect(fc.features[0].properties.origin).toBe('school-7');
  });
});

describe('determinism', () => {
  it('the same input twice gives byte-identical output, lines included', () => {
    const run = () => {
      const rand = seeded(11);
      const feats = gridCity(10, () => rand() > 0.25);
      const net = buildNetwork(feats, walkAll);
      const { toLL, toXY } = planeOf(net);
      const o = toXY(...(feats[3].geometry.coordinates[0] as [number, number]));
      return JSON.stringify(isochrones(net, [toLL(o[0] + 13, o[1] + 7), toLL(o[0] + 400, o[1] + 300)], { minutes: [5, 10, 15], lines: true }));
    };
    const a = run();
    expect(a).toBe(run());
    expect(a).toMatch(/"fromMin"/);
    // Coordinates carry at most 7 decimals.
    expect(a).not.toMatch(/\d\.\d{8,}/);
  });
});

describe('multi-source coverage', () => {
  it('the area within T of any of two facilities is the union of their isochrones', () => {
    const rand = seeded(5);
    const feats = gridCity(12, () => rand() > 0.2);
    const net = buildNetwork(feats, walkAll);
    const { toLL, toXY } = planeOf(net);
    const o = toXY(...(feats[0].geometry.coordinates[0] as [number, number]));
    const a = toLL(o[0] + 300, o[1] + 300), b = toLL(o[0] + 800, o[1] + 700);
    const fac = [a, b].map((c) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: c } }));
    const cover = coverageAreas(net, fac, [6], { minIslandVertices: 0 }).features[0];
    expect(cover.properties).toEqual({ minutes: 6, facilities: 2 });
    const [isoA, isoB] = polys(isochrones(net, [a, b], { minutes: [6], minIslandVertices: 0 }));
    let agree = 0, n = 0;
    for (let i = 0; i < 1500; i++) {
      const p = toLL(o[0] + rand() * 1200, o[1] + rand() * 1200);
      n++;
      if (inside(cover.geometry, p) === (inside(isoA, p) || inside(isoB, p))) agree++;
    }
    // The same field cell by cell (the min of the two), so only points within centimetres of an edge differ.
    expect(agree / n).toBeGreaterThanOrEqual(0.995);
  });
});

describe('reached lines against the oracle', () => {
  it('each line end carries the oracle time there, and the lines add up to the reached length', () => {
    const rand = seeded(9);
    const feats = gridCity(10, () => rand() > 0.3);
    const net = buildNetwork(feats, walkAll);
    const { toLL, toXY } = planeOf(net);
    const g = oracleGraph(oracleLines(feats, toXY));
    const v = g.segments[17][0];
    const T = 7;
    const links = linkPoints(net, [toLL(g.xs[v] + 20, g.ys[v] + 30)], { minIslandVertices: 0 });
    const lines = reachedLines(net, distanceField(net, links, { maxDistM: T * 60 }), T);
    const from = oracleFrom(g, g.xs[v] + 20, g.ys[v] + 30);
    const { dist, link } = from;
    const samples = networkSamples(g, from, 1);
    const idx = new KDBush(samples.length);
    for (const s of samples) idx.add(s.x, s.y);
    idx.finish();
    const timeAt = (p: Position) => {
      const [x, y] = toXY(p[0], p[1]);
      const near = idx.within(x, y, 0.6).map((k) => samples[k].d);
      return Math.min(...near) / 60;
    };
    let total = 0;
    for (const l of lines) {
      const c = l.geometry.coordinates;
      expect(timeAt(c[0])).toBeCloseTo(l.properties.fromMin, 1);
      expect(timeAt(c[c.length - 1])).toBeCloseTo(l.properties.toMin, 1);
      for (let k = 1; k < c.length; k++) total += Math.hypot(...(toXY(c[k][0], c[k][1]).map((u, i) => u - toXY(c[k - 1][0], c[k - 1][1])[i]) as [number, number]));
    }
    // Reached length by the oracle: on each segment, the part where min(da + s, db + L - s) <= T.
    let expected = 0;
    const lim = T * 60;
    g.segments.forEach(([p, q], seg) => {
      const len = Math.hypot(g.xs[q] - g.xs[p], g.ys[q] - g.ys[p]);
      if (seg === link.seg) {
        // Reached straight from the linking point (and the ends are reached through it too).
        const r = Math.max(0, lim - link.off);
        expected += Math.min(len, link.t * len, r) + Math.min(len, (1 - link.t) * len, r);
        return;
      }
      const fromP = Math.max(0, Math.min(len, lim - dist[p])), fromQ = Math.max(0, Math.min(len, lim - dist[q]));
      expected += Math.min(len, fromP + fromQ);
    });
    expect(total).toBeCloseTo(expected, -1);
  });
});

const MONACO = new URL('../../shared/data/monaco/monaco-roads.geojson', import.meta.url);

describe.skipIf(!existsSync(MONACO))('Monaco (real OSM, a network the tests never saw)', () => {
  it('>= 99% of the street reached within T is inside, <= 2% of the area is beyond the cap; nested; deterministic', () => {
    const fcoll = JSON.parse(readFileSync(MONACO, 'utf8')) as { features: Feature<LineString>[] };
    const walkable = fcoll.features.filter((f) => isWalkable(f.properties) && f.geometry.type === 'LineString');
    const net = buildNetwork(fcoll.features);
    const { toLL, toXY } = planeOf(net);
    const g = oracleGraph(oracleLines(walkable, toXY));
    const rand = seeded(2025);
    const minutes = [5, 10, 15];
    let reachable = 0, covered = 0, cells = 0, beyond = 0;
    for (let trial = 0; trial < 6; trial++) {
      const v = g.segments[Math.floor(rand() * g.segments.length)][0];
      const origin = toLL(g.xs[v] + (rand() - 0.5) * 40, g.ys[v] + (rand() - 0.5) * 40);
      const fc = isochrones(net, [origin], { minutes, minIslandVertices: 0 });
      expect(JSON.stringify(isochrones(net, [origin], { minutes, minIslandVertices: 0 }))).toBe(JSON.stringify(fc));
      const shapes = polys(fc);
      const [ox, oy] = toXY(origin[0], origin[1]);
      const samples = networkSamples(g, oracleFrom(g, ox, oy), 10);
      minutes.forEach((T, k) => {
        const reached = samples.filter((s) => s.d <= T * 60);
        for (const s of reached) {
          reachable++;
          if (inside(shapes[k], toLL(s.x, s.y))) covered++;
        }
        // Area check on a 15 m lattice: the share of the polygon farther than the cap from the street
        // reached within T (the origin's own walk to the street counts as reached ground).
        const idx = new KDBush(reached.length + 1);
        for (const s of reached) idx.add(s.x, s.y);
        idx.add(ox, oy);
        idx.finish();
        const xs = reached.map((s) => s.x), ys = reached.map((s) => s.y);
        const [x0, x1, y0, y1] = [Math.min(ox, ...xs) - 200, Math.max(ox, ...xs) + 200, Math.min(oy, ...ys) - 200, Math.max(oy, ...ys) + 200];
        for (let x = x0; x <= x1; x += 15) {
          for (let y = y0; y <= y1; y += 15) {
            const p = toLL(x, y);
            if (!inside(shapes[k], p)) continue;
            cells++;
            if (idx.within(x, y, CAP + 10).length === 0) beyond++;
            if (k + 1 < minutes.length) expect(inside(shapes[k + 1], p)).toBe(true);
          }
        }
      });
    }
    expect(covered / reachable).toBeGreaterThanOrEqual(0.99);
    expect(beyond / cells).toBeLessThanOrEqual(0.02);
  });
});
