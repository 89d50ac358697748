// Clipping admin boundaries the extract cuts: the two candidate sides of the cut lines, worked by
// hand on a 10 x 10 box, the choice between them, and a property test against polyclip-ts's
// intersection of the whole boundary with the box (what a complete extract would have given).
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { extractSides, inSide, rasterizeSide, shapeArea, sideRings, type Box, type ExtractSides, type Shape, type Side } from '../src/io/osm/extract-sides.js';
import { chooseSides } from '../src/io/osm/boundary-sides.js';
import { nestRings, pointInRing } from '../src/io/osm/rings.js';

const BOX: Box = [0, 0, 10, 10];
/** Area of a shape (shapeArea is twice it). */
const area = (s: Shape) => shapeArea(s) / 2;
const square = (w: number, s: number, e: number, n: number): Shape => [[[[w, s], [e, s], [e, n], [w, n], [w, s]]]];
const inShape = (s: Shape, x: number, y: number) =>
  s.some((poly) => pointInRing(x, y, poly[0]) && !poly.slice(1).some((h) => pointInRing(x, y, h)));
/** A side as polygons, traced by sideRings and nested. */
const shapeOf = (sides: ExtractSides, side: Side): Shape => {
  const g = nestRings(sideRings(sides, side));
  return (g === null ? [] : g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Shape;
};
/** Which of the two sides holds (x, y), by the traced polygons, checked against the parity test. */
const sideOf = (sides: ExtractSides, x: number, y: number) => {
  const a = inShape(shapeOf(sides, 'a'), x, y);
  const b = inShape(shapeOf(sides, 'b'), x, y);
  expect([a, b]).toEqual([inSide(sides, 'a', x, y), inSide(sides, 'b', x, y)]);
  return a ? 'a' : b ? 'b' : null;
};
const sideArea = (sides: ExtractSides, side: Side) => area(shapeOf(sides, side));

describe('the two sides of a cut boundary', () => {
  it('a line across the box splits it in two: 40 and 60', () => {
    const sides = extractSides([[[4, -1], [4, 11]]], BOX);
    expect([sideArea(sides, 'a'), sideArea(sides, 'b')].sort((x, y) => x - y)).toEqual([40, 60]);
    expect(sideOf(sides, 2, 5)).not.toBe(sideOf(sides, 6, 5));
  });

  it('carries an end left inside the box (its next node was cut away) to the nearest edge', () => {
    // Ends at y = 9.5: the nearest edge is the top one, so the split is the same as a full line.
    const sides = extractSides([[[4, -1], [4, 9.5]]], BOX);
    expect([sideArea(sides, 'a'), sideArea(sides, 'b')].sort((x, y) => x - y)).toEqual([40, 60]);
    // Both ends inside, stretch split by a missing node: the two runs still split the box.
    const runs = extractSides([[[4, 0.3], [4, 4]], [[4, 6], [4, 9.8]]], BOX);
    expect(sideArea(runs, 'a') * sideArea(runs, 'b')).toBeGreaterThan(0);
    expect(Math.abs(sideArea(runs, 'a') + sideArea(runs, 'b') - 100)).toBeLessThan(1e-9);
  });

  it('two crossing lines colour the box like a chessboard (by parity; a valid boundary never crosses itself)', () => {
    const sides = extractSides([[[4, -1], [4, 11]], [[-1, 6], [11, 6]]], BOX);
    const sw = inSide(sides, 'a', 1, 1) ? 'a' : 'b';
    expect(inSide(sides, sw, 8, 8)).toBe(true);
    expect(inSide(sides, sw, 1, 8)).toBe(false);
    expect(inSide(sides, sw, 8, 1)).toBe(false);
    // sw (4 x 6 = 24) + ne (6 x 4 = 24) against nw (4 x 4) + se (6 x 6): 48 of the 100 cells.
    const cells = rasterizeSide(sides, sw, 10);
    expect(cells.reduce((n, c) => n + c, 0)).toBe(48);
  });

  it('a closed ring inside the box is one side, the box around it the other', () => {
    const sides = extractSides([[[2, 2], [5, 2], [5, 5], [2, 5], [2, 2]]], BOX);
    expect(sideArea(sides, 'a')).toBeCloseTo(9, 9);
    expect(sideArea(sides, 'b')).toBeCloseTo(91, 9);
    expect(sideOf(sides, 3, 3)).toBe('a');
    expect(sideOf(sides, 8, 8)).toBe('b');
  });

  it('with no line in the box, the sides are nothing and the whole box', () => {
    const sides = extractSides([[[20, 20], [30, 30]]], BOX);
    expect(sideArea(sides, 'a')).toBe(0);
    expect(sideArea(sides, 'b')).toBe(100);
  });
});

describe('choosing a side', () => {
  const cut = (lines: Position[][], ownPoints: Array<[number, number]> = []) => ({ sides: extractSides(lines, BOX), ownPoints });
  const choose = (cuts: ReturnType<typeof cut>[], complete: Shape = []) => {
    const choices = chooseSides(cuts, complete.map((poly) => poly), BOX);
    return choices.map((c, i) => ({ ...c, shape: c.side ? shapeOf(cuts[i].sides, c.side) : null }));
  };

  it('takes the side holding the boundary\'s own label or admin_centre node', () => {
    const [left] = choose([cut([[[4, -1], [4, 11]]], [[1, 5]])]);
    expect(left.reason).toBe('own-node');
    expect(area(left.shape!)).toBeCloseTo(40, 9);
    const [right] = choose([cut([[[4, -1], [4, 11]]], [[9, 5]])]);
    expect(area(right.shape!)).toBeCloseTo(60, 9);
  });

  it('leaves a boundary undecided when nothing inside the extract tells, and says contradicted when nothing fits', () => {
    expect(chooseSides([cut([[[4, -1], [4, 11]]])], [], BOX)[0]).toEqual({ side: null, reason: 'undecided' });
    // Two boundaries split by one line, no labels: either way round fits.
    const two = chooseSides([cut([[[4, -1], [4, 11]]]), cut([[[4, -1], [4, 11]]])], [], BOX);
    expect(two.map((c) => c.reason)).toEqual(['undecided', 'undecided']);
    // A label on each side of its own line is impossible.
    expect(chooseSides([cut([[[4, -1], [4, 11]]], [[1, 5], [9, 5]])], [], BOX)[0].reason).toBe('contradicted');
  });

  it('rules out the side a complete boundary of the same level already covers', () => {
    const [c] = choose([cut([[[4, -1], [4, 11]]])], square(4, 0, 10, 10));
    expect(c.reason).toBe('neighbours');
    expect(area(c.shape!)).toBeCloseTo(40, 9);
    expect(inShape(c.shape!, 1, 5)).toBe(true);
  });

  it('decides three cut boundaries meeting at one point with no label at all', () => {
    // West half; south-east and north-east quarters. Each boundary's own lines only.
    const west = cut([[[5, -1], [5, 11]]]);
    const southEast = cut([[[5, -1], [5, 5], [11, 5]]]);
    const northEast = cut([[[5, 11], [5, 5], [11, 5]]]);
    const [w, se, ne] = choose([west, southEast, northEast]);
    expect([w.reason, se.reason, ne.reason]).toEqual(['neighbours', 'neighbours', 'neighbours']);
    expect(area(w.shape!)).toBeCloseTo(50, 9);
    expect(inShape(w.shape!, 2, 5)).toBe(true);
    expect(area(se.shape!)).toBeCloseTo(25, 9);
    expect(inShape(se.shape!, 8, 2)).toBe(true);
    expect(inShape(ne.shape!, 8, 8)).toBe(true);
  });
});

describe('clipped side against the whole boundary clipped by polygon intersection', () => {
  /** A star-shaped polygon around (cx, cy), densified so a cut end is close to where it leaves the box. */
  const star = fc.record({
    cx: fc.double({ min: 2, max: 8, noNaN: true }),
    cy: fc.double({ min: 2, max: 8, noNaN: true }),
    radii: fc.array(fc.double({ min: 2, max: 9, noNaN: true }), { minLength: 5, maxLength: 12 }),
  });

  it('equals the polygon inside the box, the cut made as osmconvert does (nodes outside dropped)', async () => {
    const polyclip = await import('polyclip-ts');
    fc.assert(
      fc.property(star, ({ cx, cy, radii }) => {
        const ring: Position[] = [];
        const n = radii.length;
        for (let i = 0; i < n; i++) {
          const [r0, r1] = [radii[i], radii[(i + 1) % n]];
          for (let s = 0; s < 20; s++) {
            const t = s / 20;
            const angle = ((i + t) / n) * 2 * Math.PI;
            const r = r0 + (r1 - r0) * t;
            ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
          }
        }
        ring.push(ring[0]);
        // Runs of vertices inside the box, as an extract that keeps only its own nodes leaves them.
        const runs: Position[][] = [];
        let run: Position[] = [];
        for (const p of ring) {
          if (p[0] > 0 && p[0] < 10 && p[1] > 0 && p[1] < 10) run.push(p);
          else {
            if (run.length >= 2) runs.push(run);
            run = [];
          }
        }
        if (run.length >= 2) runs.push(run);
        const expected = polyclip.intersection([ring] as never, square(0, 0, 10, 10) as never) as Shape;
        const sides = extractSides(runs.length ? runs : [ring], BOX);
        // The centre is inside the polygon (star-shaped around it) and inside the box.
        const [choice] = chooseSides([{ sides, ownPoints: [[cx, cy]] }], [], BOX);
        expect(choice.side).not.toBeNull();
        const got = shapeOf(sides, choice.side!);
        const symmetric = polyclip.xor(got as never, expected as never) as Shape;
        // Cut ends carried to the nearest edge differ from the true crossing by under a step.
        expect(area(symmetric)).toBeLessThan(0.02 * area(expected) + 0.05);
      }),
      // A fixed seed: polyclip-ts (the independent side) can take minutes on rare near-degenerate shapes.
      { numRuns: 40, seed: 20261202 },
    );
  });
});
