import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { analyzeSyntheticCity } from './support/synthetic-analysis.js';
import { cityCoverageOptions, standardCoverage } from '../src/isochrone/standard-coverage.js';
import type { Network } from '../src/network/network.js';
import { seeded } from './support/geo.js';

// coverage.geojson at city extent, as `analyze` writes it by default (cells sized to the extent, rings
// simplified to the cell size, 5 decimals), on the spread layout of the synthetic city (8 x 5.5 km at S):
// thresholds still nest, holes are kept and turned the right way, and the areas stay those of the
// full-resolution drawing.

const analysis = analyzeSyntheticCity('spread-S', 4);
const simple = standardCoverage(analysis);
const full = standardCoverage(analysis, { full: true });
const { simplifyM = 0 } = cityCoverageOptions(analysis.network);
const plane = analysis.network.plane;
const xy = ([lon, lat]: Position): [number, number] => [(lon - plane.lon0) * plane.kx, (lat - plane.lat0) * plane.ky];

/** Distance from a point to the nearest ring edge of a MultiPolygon, metres. */
function toBoundaryM(shape: MultiPolygon, p: [number, number]): number {
  let best = Infinity;
  for (const polygon of shape.coordinates) for (const ring of polygon) {
    for (let k = 1; k < ring.length; k++) {
      const [ax, ay] = xy(ring[k - 1]), [bx, by] = xy(ring[k]);
      const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const u = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(p[0] - ax - u * dx, p[1] - ay - u * dy));
    }
  }
  return best;
}

function signedArea(ring: Position[]): number {
  let a = 0;
  for (let k = 1; k < ring.length; k++) {
    const [x0, y0] = xy(ring[k - 1]), [x1, y1] = xy(ring[k]);
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
}

const area = (shape: MultiPolygon) => shape.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + signedArea(r), 0), 0);

describe('coverage at city extent', () => {
  it('sizes cells to the extent: 25 m for a district, about 50 m for 80 x 55 km', () => {
    expect(cityCoverageOptions(analysis.network).cellM).toBe(25);
    const wide = { vertexX: Float64Array.of(0, 80_000), vertexY: Float64Array.of(0, 55_000) } as unknown as Network;
    expect(cityCoverageOptions(wide).cellM).toBe(50);
    expect(cityCoverageOptions(wide).simplifyM).toBe(50);
    expect(cityCoverageOptions(wide, { cellM: 30 }).cellM).toBe(30);
  });

  it('draws every category at every threshold, with holes, exteriors counter-clockwise and holes clockwise', () => {
    expect(simple.features.map((f) => `${f.properties.category}:${f.properties.minutes ?? f.properties.meters}`))
      .toEqual(full.features.map((f) => `${f.properties.category}:${f.properties.minutes ?? f.properties.meters}`));
    let holes = 0;
    for (const f of simple.features) {
      for (const polygon of f.geometry.coordinates) {
        expect(signedArea(polygon[0])).toBeGreaterThan(0);
        for (const hole of polygon.slice(1)) expect(signedArea(hole)).toBeLessThan(0);
        holes += polygon.length - 1;
      }
    }
    expect(holes).toBeGreaterThan(20);
  });

  it('keeps the area of the full-resolution drawing to within 3%, in far fewer bytes', () => {
    simple.features.forEach((f, k) => {
      const a = area(f.geometry), b = area(full.features[k].geometry);
      if (b > 0) expect(Math.abs(a - b) / b, `${f.properties.category} ${f.properties.minutes}`).toBeLessThan(0.03);
    });
    expect(JSON.stringify(simple).length).toBeLessThan(JSON.stringify(full).length / 2.5);
  });

  it('nests: a point within a threshold is within every larger one of its category, up to the simplification', () => {
    const rand = seeded(5);
    const xs = analysis.network.vertexX, ys = analysis.network.vertexY;
    // Probes near streets, where the boundaries are.
    const probes: [number, number][] = Array.from({ length: 400 }, () => {
      const v = Math.floor(rand() * xs.length);
      return [xs[v] + (rand() - 0.5) * 300, ys[v] + (rand() - 0.5) * 300];
    });
    const lonLat = ([x, y]: [number, number]) => [plane.lon0 + x / plane.kx, plane.lat0 + y / plane.ky];
    let checked = 0;
    for (const category of analysis.categories) {
      const levels = simple.features.filter((f) => f.properties.category === category && f.geometry.coordinates.length > 0);
      for (let k = 0; k + 1 < levels.length; k++) {
        const [small, large] = [levels[k].geometry, levels[k + 1].geometry];
        if (area(small) > area(large)) continue; // another pace's group, not a nesting pair
        for (const p of probes) {
          const pt = lonLat(p);
          if (!booleanPointInPolygon(pt, small)) continue;
          checked++;
          // Each outline moved at most simplifyM, so a point beyond 2 simplifyM of both is decided.
          if (!booleanPointInPolygon(pt, large)) expect(Math.min(toBoundaryM(small, p), toBoundaryM(large, p))).toBeLessThanOrEqual(2 * simplifyM + 1e-6);
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
