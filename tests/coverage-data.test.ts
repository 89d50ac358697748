import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson';
import type { Analysis } from '../src/scoring/analyze.js';
import { coverageData } from '../src/report/coverage-data.js';
import { mapProjection, project, simplifyLine, type MapProjection } from '../src/report/map-projection.js';
import { categoryColour } from '../src/report/category-style.js';

/**
 * The page's coverage rings written the plain way, one array per ring and per point: project, drop
 * specks, simplify (simplifyLine, the map's own Douglas-Peucker), round, step-encode, count the
 * characters; while over the budget, grow the tolerance and simplify the rings again from the start.
 */
function reference(analysis: Analysis, proj: MapProjection, coverage: FeatureCollection, budget: number) {
  const keyOf = (f: Feature) => `${f.properties!.category}\u0000${f.properties!.minutes} min`;
  const order = (c: string) => analysis.categories.indexOf(c);
  const keys = [...new Set(coverage.features.map(keyOf))].sort((a, b) => {
    const [ca, ta] = a.split('\u0000'), [cb, tb] = b.split('\u0000');
    return order(ca) - order(cb) || ca.localeCompare(cb) || parseFloat(ta) - parseFloat(tb);
  });
  const groups = keys.map((key) => coverage.features.filter((f) => keyOf(f) === key)
    .flatMap((f) => (f.geometry as MultiPolygon).coordinates.flat())
    .map((ring) => ring.map((p) => project(proj, p[0], p[1]))));
  const scale = 10 ** proj.digits;
  const area = (ring: [number, number][]) => ring.reduce((a, p, i) => { const q = ring[(i + ring.length - 1) % ring.length]; return a + q[0] * p[1] - p[0] * q[1]; }, 0) / 2;
  const pass = (rings: [number, number][][], tol: number) => {
    let chars = 0;
    const encoded: number[][] = [];
    for (const ring of rings) {
      if (Math.abs(area(ring)) < tol * tol) continue;
      const simple = simplifyLine(ring, tol);
      const out: number[] = [];
      let lx = 0, ly = 0;
      for (const [px, py] of simple) {
        const x = Math.round(px * scale), y = Math.round(py * scale);
        if (out.length > 0 && x === lx && y === ly) continue;
        out.push(x - lx, y - ly);
        chars += String(x - lx).length + String(y - ly).length + 2;
        lx = x; ly = y;
      }
      if (out.length < 8) continue;
      encoded.push(out);
    }
    return { chars, encoded };
  };
  let tol = proj.toleranceM;
  let passes = groups.map((g) => pass(g, tol));
  for (let attempt = 0; attempt < 8; attempt++) {
    const chars = passes.reduce((n, p) => n + p.chars, 0);
    if (chars <= budget) break;
    tol *= Math.max(1.15, Math.min(4, (chars / budget) ** 1.5));
    passes = groups.map((g) => pass(g, tol));
  }
  return { toleranceM: tol, layers: passes.map((p, k) => ({ key: keys[k], rings: p.encoded })) };
}

/** Wiggly rings (a star with noise) around a centre, lon/lat, closed. */
function wigglyRing(lon: number, lat: number, radiusDeg: number, points: number, seed: number): Position[] {
  let s = seed;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const ring: Position[] = [];
  for (let i = 0; i < points; i++) {
    const a = (2 * Math.PI * i) / points, r = radiusDeg * (0.6 + 0.4 * rand());
    ring.push([lon + r * Math.cos(a), lat + r * Math.sin(a)]);
  }
  ring.push(ring[0]);
  return ring;
}

function city(): { analysis: Analysis; proj: MapProjection; coverage: FeatureCollection } {
  const categories = ['elder-care', 'health', 'culture'];
  const features: Feature[] = [];
  let seed = 7;
  for (const [c, category] of categories.entries()) {
    for (const minutes of [15, 5]) {
      const polygons: Position[][][] = [];
      for (let k = 0; k < 40; k++) {
        const lon = 113.2 + 0.02 * (k % 8), lat = 23.1 + 0.02 * Math.floor(k / 8);
        const size = (minutes / 15) * 0.004 * (1 + c) * (k % 5 === 0 ? 0.02 : 1);
        // Some specks, some with holes.
        polygons.push(k % 3 === 0 ? [wigglyRing(lon, lat, size, 200, seed++), wigglyRing(lon, lat, size / 3, 30, seed++).reverse()] : [wigglyRing(lon, lat, size, 60 + k * 5, seed++)]);
      }
      features.push({ type: 'Feature', properties: { category, minutes }, geometry: { type: 'MultiPolygon', coordinates: polygons } });
    }
  }
  const analysis = { categories } as unknown as Analysis;
  const proj = mapProjection(features.flatMap((f) => (f.geometry as MultiPolygon).coordinates.flat(2)));
  return { analysis, proj, coverage: { type: 'FeatureCollection', features } };
}

describe('coverageData', () => {
  const { analysis, proj, coverage } = city();

  it('equals the plain per-ring computation, pass for pass, at budgets that take one to several passes', () => {
    const tolerances = new Set<number>();
    for (const budget of [1e9, 60_000, 20_000, 5_000, 800]) {
      const got = coverageData(analysis, proj, coverage, (c) => c.toUpperCase(), budget);
      const want = reference(analysis, proj, coverage, budget);
      expect(got.toleranceM).toBe(want.toleranceM);
      expect(got.layers.map((l) => `${l.category}\u0000${l.threshold}`)).toEqual(want.layers.map((l) => l.key));
      expect(got.layers.map((l) => l.rings)).toEqual(want.layers.map((l) => l.rings));
      expect(got.layers.map((l) => [l.id, l.label, l.colour])).toEqual(got.layers.map((l, k) => [`cov-${k}`, l.category.toUpperCase(), categoryColour(analysis, l.category)]));
      tolerances.add(got.toleranceM);
    }
    // The budgets did force further passes (else the test would not reach them).
    expect(tolerances.size).toBeGreaterThanOrEqual(4);
  });

  // Rings on a coarse lattice (repeated points, collinear runs, rings of one or two points) at any
  // tolerance: the ranked points, filtered, are Douglas-Peucker run from the start.
  it('keeps at every tolerance what Douglas-Peucker from the start keeps (property)', () => {
    const ring = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 40 })
      .map((pts) => [...pts, pts[0]].map(([x, y]): Position => [113.3 + x * 0.001, 23.1 + y * 0.001]));
    fc.assert(fc.property(fc.array(ring, { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 400, noNaN: true }), (rings, toleranceM) => {
      const features: Feature[] = [{ type: 'Feature', properties: { category: 'health', minutes: 15 }, geometry: { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) } }];
      const fc1: FeatureCollection = { type: 'FeatureCollection', features };
      const at = { ...proj, toleranceM };
      const got = coverageData({ categories: ['health'] } as unknown as Analysis, at, fc1, (c) => c, 1e12);
      const want = reference({ categories: ['health'] } as unknown as Analysis, at, fc1, 1e12);
      expect(got.layers.map((l) => l.rings)).toEqual(want.layers.map((l) => l.rings));
    }), { numRuns: 500, seed: 20261203 });
  });
});
