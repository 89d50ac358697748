import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, LineString } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPoints, type Links } from '../src/network/link-points.js';
import { distanceField, distancesAtPoints, pointToPointM, singleLink } from '../src/routing/distance-field.js';
import { travelTimes } from '../src/routing/travel-times.js';
import { NetworkSearch } from '../src/routing/network-search.js';
import { ll, line, point, seeded } from './support/geo.js';
import { oracleDistance, oracleFor, oracleLink, oracleNearest } from './support/oracle.js';

/** A random street map on a 10 m lattice: lines that share lattice vertices, some crossing without one. */
function randomStreets(rand: () => number, lineCount: number): Feature<LineString>[] {
  const lines: Feature<LineString>[] = [];
  for (let l = 0; l < lineCount; l++) {
    const coords: [number, number][] = [];
    let x = Math.floor(rand() * 20) * 10, y = Math.floor(rand() * 20) * 10;
    coords.push([x, y]);
    const steps = 1 + Math.floor(rand() * 5);
    for (let s = 0; s < steps; s++) {
      // Diagonal steps make crossings that share no vertex.
      x += (Math.floor(rand() * 5) - 2) * 10;
      y += (Math.floor(rand() * 5) - 2) * 10;
      coords.push([x, y]);
    }
    lines.push(line(coords));
  }
  return lines;
}

describe('routing against brute force on random small graphs', () => {
  it('point-to-point distances equal an independent plain Dijkstra', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = seeded(seed);
      const features = randomStreets(rand, 12);
      const net = buildNetwork(features);
      const { g, project } = oracleFor(features, net);
      const pts = Array.from({ length: 8 }, () => ll(rand() * 220 - 10, rand() * 220 - 10));
      const links = linkPoints(net, pts, { minIslandVertices: 0, snapMaxM: 1e6 });
      const olinks = pts.map((p) => oracleLink(g, ...project(p[0], p[1]))!);
      for (let i = 0; i < pts.length; i++) {
        expect(links.offNetworkM[i]).toBeCloseTo(olinks[i].off, 6);
        for (let j = 0; j < pts.length; j++) {
          const ours = pointToPointM(net, links, i, links, j);
          const theirs = oracleDistance(g, olinks[i], olinks[j]);
          if (theirs === Infinity) expect(ours).toBe(Infinity);
          else expect(ours).toBeCloseTo(theirs, 6);
        }
      }
    }
  });

  it('a multi-source field gives each point the distance to its nearest source', () => {
    for (let seed = 100; seed < 120; seed++) {
      const rand = seeded(seed);
      const features = randomStreets(rand, 15);
      const net = buildNetwork(features);
      const { g, project } = oracleFor(features, net);
      const sources = Array.from({ length: 4 }, () => ll(rand() * 200, rand() * 200));
      const pts = Array.from({ length: 20 }, () => ll(rand() * 200, rand() * 200));
      const opts = { minIslandVertices: 0, snapMaxM: 1e6 };
      const field = distanceField(net, linkPoints(net, sources, opts));
      const at = distancesAtPoints(field, linkPoints(net, pts, opts));
      const osrc = sources.map((p) => oracleLink(g, ...project(p[0], p[1]))!);
      pts.forEach((p, i) => {
        const expected = oracleNearest(g, osrc, oracleLink(g, ...project(p[0], p[1]))!);
        if (expected === Infinity) expect(at.distM[i]).toBe(Infinity);
        else expect(at.distM[i]).toBeCloseTo(expected, 6);
      });
    }
  });

  it('a bounded search is exact within the bound and Infinity beyond it', () => {
    const rand = seeded(7);
    const features = randomStreets(rand, 40);
    const net = buildNetwork(features);
    const pts = Array.from({ length: 50 }, () => ll(rand() * 200, rand() * 200));
    const links = linkPoints(net, pts, { minIslandVertices: 0 });
    const src = linkPoints(net, [ll(100, 100)], { minIslandVertices: 0 });
    const full = distancesAtPoints(distanceField(net, src), links);
    const bounded = distancesAtPoints(distanceField(net, src, { maxDistM: 80 }), links);
    for (let i = 0; i < pts.length; i++) {
      expect(bounded.distM[i]).toBe(full.distM[i] <= 80 ? full.distM[i] : Infinity);
    }
  });
});

describe('distances at points', () => {
  // Each point's candidates written out one by one: both ends of its edge through the field, and every
  // source on its own edge found by scanning all sources (not the field's edge map).
  function byHand(field: ReturnType<typeof distanceField>, points: Links, i: number): number {
    const e = points.edge[i];
    if (e < 0) return Infinity;
    const { network: net, sources } = field;
    const off = points.offNetworkM[i], along = points.offsetM[i];
    let best = Math.min(off + along + field.nodeDistM[net.edgeFrom[e]], off + (net.edgeLengthM[e] - along) + field.nodeDistM[net.edgeTo[e]]);
    for (let s = 0; s < sources.count; s++) {
      if (sources.edge[s] === e) best = Math.min(best, off + Math.abs(sources.offsetM[s] - along) + sources.offNetworkM[s]);
    }
    return best <= field.maxDistM ? best : Infinity;
  }

  it('each point gets the nearest of its candidates, and a source at exactly that distance', () => {
    let direct = 0;
    for (let seed = 200; seed < 230; seed++) {
      const rand = seeded(seed);
      const net = buildNetwork(randomStreets(rand, 20));
      // On a 5 m lattice, so that points share edges with sources and ties between ways are common.
      const onLattice = () => ll(Math.floor(rand() * 40) * 5, Math.floor(rand() * 40) * 5);
      const sources = linkPoints(net, Array.from({ length: 1 + Math.floor(rand() * 8) }, onLattice), { minIslandVertices: 0 });
      const points = linkPoints(net, Array.from({ length: 60 }, onLattice), { minIslandVertices: 0, snapMaxM: 15 });
      for (const maxDistM of [Infinity, 20 + rand() * 100]) {
        const field = distanceField(net, sources, { maxDistM });
        const at = distancesAtPoints(field, points);
        for (let i = 0; i < points.count; i++) {
          expect(at.distM[i]).toBe(byHand(field, points, i));
          const s = at.source[i];
          if (at.distM[i] === Infinity) { expect(s).toBe(-1); continue; }
          // The source named is one at that distance: alone through the field, it gives the same.
          expect(distancesAtPoints(distanceField(net, singleLink(sources, s)), singleLink(points, i)).distM[0]).toBeCloseTo(at.distM[i], 9);
          if (sources.edge[s] === points.edge[i]) direct++;
        }
      }
    }
    expect(direct).toBeGreaterThan(20);
  });
});

describe('properties (fast-check)', () => {
  const scene = fc.record({ seed: fc.integer({ min: 1, max: 1e6 }), a: fc.nat(2000), b: fc.nat(2000), c: fc.nat(2000) });
  it('distances are symmetric and obey the triangle inequality', () => {
    fc.assert(fc.property(scene, ({ seed, a, b, c }) => {
      const rand = seeded(seed);
      const net = buildNetwork(randomStreets(rand, 25));
      const at = (k: number) => ll((k % 45) * 5 - 10, Math.floor(k / 45) * 5 - 10);
      const links = linkPoints(net, [at(a), at(b), at(c)], { minIslandVertices: 0 });
      const d = (i: number, j: number) => pointToPointM(net, links, i, links, j);
      if (d(0, 1) === Infinity) expect(d(1, 0)).toBe(Infinity);
      else expect(Math.abs(d(0, 1) - d(1, 0))).toBeLessThan(1e-6);
      if (Number.isFinite(d(0, 2))) expect(d(0, 2)).toBeLessThanOrEqual(d(0, 1) + d(1, 2) + 1e-6);
    }), { numRuns: 150 });
  });

  it('travel time scales with 1 / speed', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 1, max: 10, noNaN: true }), (seed, speedKmh) => {
      const rand = seeded(seed);
      const net = buildNetwork(randomStreets(rand, 20));
      const facilities = [point(rand() * 200, rand() * 200, { category: 'health' })];
      const points = Array.from({ length: 10 }, () => point(rand() * 200, rand() * 200));
      const slow = travelTimes(net, facilities, points, { speedKmh, minIslandVertices: 0 }).byCategory.get('health')!;
      const fast = travelTimes(net, facilities, points, { speedKmh: speedKmh * 2, minIslandVertices: 0 }).byCategory.get('health')!;
      for (let i = 0; i < points.length; i++) {
        if (slow.minutes[i] === Infinity) expect(fast.minutes[i]).toBe(Infinity);
        else expect(fast.minutes[i]).toBeCloseTo(slow.minutes[i] / 2, 9);
      }
    }), { numRuns: 60 });
  });
});

describe('reuse', () => {
  it('a reused search gives the same answers as fresh ones', () => {
    // One NetworkSearch runs every field in turn, with a short bounded search between two full ones, so
    // state left over from the previous run (labels, distances, the queue) would show as a difference.
    const rand = seeded(3);
    const net = buildNetwork(randomStreets(rand, 250));
    const pts = Array.from({ length: 15 }, () => ll(rand() * 200, rand() * 200));
    const links = linkPoints(net, pts, { minIslandVertices: 0 });
    const reused = new NetworkSearch(net);
    let compared = 0;
    for (let i = 0; i < pts.length; i++) {
      const fresh = distancesAtPoints(distanceField(net, singleLink(links, i)), links);
      distanceField(net, singleLink(links, (i + 1) % pts.length), { search: reused, maxDistM: 20 });
      const again = distancesAtPoints(distanceField(net, singleLink(links, i), { search: reused }), links);
      expect([...again.distM]).toEqual([...fresh.distM]);
      expect([...again.source]).toEqual([...fresh.source]);
      compared += fresh.distM.filter(Number.isFinite).length;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
