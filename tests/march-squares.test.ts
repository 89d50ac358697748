import { contours } from 'd3-contour';
import { describe, expect, it } from 'vitest';
import { MarchWorkspace } from '../src/isochrone/march-squares.js';
import { seeded } from './support/geo.js';

// Our marching squares against d3-contour (the implementation it replaces) on random grids with
// unreached cells, islands, lakes and islands in lakes: the same rings, point for point; each hole in
// the polygon whose ground surrounds it, by point-in-ring tests.

/** A ring as a canonical string: points rounded, unclosed, rotated to start at the smallest, in
 * whichever direction reads first (d3 turns its rings the other way round; orientation is tested apart). */
function canonical(points: number[][]): string {
  // Crossings next to an unreached cell sit on the reached cell's centre, so a ring may pass one point
  // twice in a row: drop repeats, as the GeoJSON writer does.
  const pts = points.map(([x, y]) => `${x.toFixed(9)},${y.toFixed(9)}`).filter((p, k, all) => p !== all[(k + all.length - 1) % all.length]);
  const rotated = (p: string[]) => {
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] < p[best]) best = k;
    return [...p.slice(best), ...p.slice(0, best)].join(' ');
  };
  const a = rotated(pts), b = rotated([...pts].reverse());
  return a < b ? a : b;
}

const signedArea = (r: Float64Array) => {
  let a = 0;
  for (let k = 0; k < r.length; k += 2) {
    const k2 = (k + 2) % r.length;
    a += r[k] * r[k2 + 1] - r[k2] * r[k + 1];
  }
  return a / 2;
};

function pointInRing(ring: number[][], [x, y]: [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const flatToPoints = (ring: Float64Array) => Array.from({ length: ring.length / 2 }, (_, k) => [ring[2 * k], ring[2 * k + 1]]);

/** A grid with a margin of unreached cells, blobs of values, unreached pockets inside them. */
function randomGrid(rand: () => number, nx: number, ny: number): Float32Array {
  const v = new Float32Array(nx * ny).fill(-Infinity);
  const blobs = Array.from({ length: 6 }, () => [2 + rand() * (nx - 4), 2 + rand() * (ny - 4), 2 + rand() * nx / 3]);
  for (let j = 1; j < ny - 1; j++) {
    for (let i = 1; i < nx - 1; i++) {
      let best = -Infinity;
      for (const [cx, cy, r] of blobs) {
        const d = Math.hypot(i - cx, j - cy);
        if (d < r) best = Math.max(best, -(d * 10 + rand() * 15));
      }
      // Pockets never reached (a park, a river) and bumps that make lakes at low levels.
      if (rand() < 0.04) best = -Infinity;
      v[j * nx + i] = best;
    }
  }
  return v;
}

describe('marching squares against d3-contour', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}: same rings, same holes in the same polygons`, () => {
      const rand = seeded(seed);
      const nx = 20 + Math.floor(rand() * 40), ny = 20 + Math.floor(rand() * 40);
      const values = randomGrid(rand, nx, ny);
      const rowMin = new Int32Array(ny).fill(0), rowMax = new Int32Array(ny).fill(nx - 1);
      const ws = new MarchWorkspace();
      for (const level of [-40, -90, -160, -250]) {
        const ours = ws.polygons({ values, nx, ny, rowMin, rowMax }, level, 0);
        const theirs = contours().size([nx, ny]).smooth(true).contour(values as unknown as number[], level);
        // d3 also returns rings of no area (a crossing and back along one line); ours drops them.
        const ringArea = (r: number[][]) => r.reduce((sum, [x, y], k) => sum + x * r[(k + 1) % r.length][1] - r[(k + 1) % r.length][0] * y, 0) / 2;
        const oursRings = ours.flatMap((p) => p.rings.map((r) => canonical(flatToPoints(r)))).sort();
        const theirRings = theirs.coordinates.flat().filter((r) => Math.abs(ringArea(r)) > 1e-9).map((r) => canonical(r)).sort();
        expect(oursRings, `level ${level}`).toEqual(theirRings);
        // Each hole belongs to the smallest exterior around the ground beside it (d3 gives a hole to the
        // first exterior around it, which is wrong for an island in a lake, so it is no oracle here).
        const exteriors = ours.map((p) => flatToPoints(p.rings[0]));
        ours.forEach((p, pi) => {
          for (const hole of p.rings.slice(1)) {
            const [x0, y0, x1, y1] = hole;
            const len = Math.hypot(x1 - x0, y1 - y0) || 1;
            // Ground lies to the left of every ring's direction.
            const probe: [number, number] = [(x0 + x1) / 2 - ((y1 - y0) / len) * 1e-4, (y0 + y1) / 2 + ((x1 - x0) / len) * 1e-4];
            let best = -1;
            exteriors.forEach((e, ei) => {
              if (pointInRing(e, probe) && (best < 0 || Math.abs(ringArea(e)) < Math.abs(ringArea(exteriors[best])))) best = ei;
            });
            expect(best, `level ${level}: a hole of polygon ${pi}`).toBe(pi);
          }
        });
        // Counter-clockwise around ground, clockwise around holes (x east, y north).
        for (const p of ours) {
          expect(signedArea(p.rings[0])).toBeGreaterThan(0);
          for (const h of p.rings.slice(1)) expect(signedArea(h)).toBeLessThan(0);
        }
      }
    });
  }

  it('skips the columns outside each row\'s reached span without changing the answer', () => {
    const rand = seeded(99);
    const nx = 60, ny = 40;
    const values = randomGrid(rand, nx, ny);
    const rowMin = new Int32Array(ny).fill(nx), rowMax = new Int32Array(ny).fill(-1);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (values[j * nx + i] > -Infinity) { rowMin[j] = Math.min(rowMin[j], i); rowMax[j] = Math.max(rowMax[j], i); }
    const full = { values, nx, ny, rowMin: new Int32Array(ny).fill(0), rowMax: new Int32Array(ny).fill(nx - 1) };
    const ws = new MarchWorkspace();
    const a = ws.polygons({ values, nx, ny, rowMin, rowMax }, -120, 0).map((p) => p.rings.map((r) => canonical(flatToPoints(r))).join('|')).sort();
    const b = ws.polygons(full, -120, 0).map((p) => p.rings.map((r) => canonical(flatToPoints(r))).join('|')).sort();
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
  });
});
