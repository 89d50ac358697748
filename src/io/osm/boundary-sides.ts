// Which side of its cut lines an incomplete admin boundary lies on (see extract-sides.ts for the
// two candidates). Evidence inside the extract, in this order:
//   1. its own `label` or `admin_centre` node: that side;
//   2. another cut boundary's label or admin_centre node: not that side, since boundaries of one
//      level do not overlap;
//   3. the same rule by area: a side that overlaps a complete boundary of the level, or every side
//      still possible for another cut one, is ruled out, repeated until nothing changes. Where
//      three boundaries meet inside the extract this alone decides all three.
// A boundary still undecided (or contradicted) is left out and reported, never guessed.
import { pointInRing } from './rings.js';
import { shapeArea, type ExtractSides, type Shape } from './extract-sides.js';
import * as polyclip from 'polyclip-ts';

export interface CutBoundary {
  sides: ExtractSides;
  /** Its own label and admin_centre nodes inside the extract. */
  ownPoints: Array<[number, number]>;
}

export type SideChoice =
  | { side: Shape; reason: 'own-node' | 'neighbours' }
  /** No evidence either way. */
  | { side: null; reason: 'undecided' }
  /** Both sides ruled out: the boundaries of this level overlap, or a label lies outside its own boundary. */
  | { side: null; reason: 'contradicted' };

/**
 * Overlap above this share of the smaller area counts: the cut ends are carried straight to the
 * box edge, so neighbours' approximated corners may overlap by slivers.
 */
const OVERLAP_SHARE = 0.02;

function inShape(shape: Shape, x: number, y: number): boolean {
  return shape.some((poly) => pointInRing(x, y, poly[0]) && !poly.slice(1).some((hole) => pointInRing(x, y, hole)));
}

type Bounds = [number, number, number, number];

function boundsOf(shape: Shape): Bounds {
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of shape) {
    for (const [x, y] of poly[0]) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

interface Measured {
  shape: Shape;
  area: number;
  bounds: Bounds;
}

function measured(shape: Shape): Measured {
  return { shape, area: shapeArea(shape), bounds: boundsOf(shape) };
}

function overlaps(a: Measured, b: Measured): boolean {
  if (a.area <= 0 || b.area <= 0) return false;
  if (a.bounds[0] >= b.bounds[2] || b.bounds[0] >= a.bounds[2] || a.bounds[1] >= b.bounds[3] || b.bounds[1] >= a.bounds[3]) return false;
  const common = polyclip.intersection(a.shape as polyclip.Geom, b.shape as polyclip.Geom) as Shape;
  return shapeArea(common) > OVERLAP_SHARE * Math.min(a.area, b.area);
}


/** Chooses a side for each cut boundary of one admin level, given the level's complete boundaries. */
export function chooseSides(cut: readonly CutBoundary[], complete: readonly Shape[]): SideChoice[] {
  // possible[i][0]: side a still possible; [1]: side b. Complete boundaries follow the cut ones,
  // with their one side.
  const possible = [...cut.map(() => [true, true]), ...complete.map(() => [true, false])];
  const shapes = [...cut.map((c) => [measured(c.sides.a), measured(c.sides.b)]), ...complete.map((s) => [measured(s), measured([])])];
  const byOwn = cut.map(() => false);
  cut.forEach((c, i) => {
    for (const [x, y] of c.ownPoints) {
      const inA = inShape(c.sides.a, x, y);
      const inB = inShape(c.sides.b, x, y);
      if (inA === inB) continue; // on a line, or outside the box
      possible[i][inA ? 1 : 0] = false;
      byOwn[i] = true;
    }
    const foreign = cut.flatMap((other, j) => (j === i ? [] : other.ownPoints));
    for (const [x, y] of foreign) {
      for (const k of [0, 1]) if (possible[i][k] && inShape(shapes[i][k].shape, x, y)) possible[i][k] = false;
    }
  });
  const open = (i: number) => possible[i][0] && possible[i][1];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < cut.length; i++) {
      if (!open(i)) continue;
      for (const k of [0, 1]) {
        const excluded = shapes.some((_, j) => {
          if (j === i) return false;
          const still = [0, 1].filter((m) => possible[j][m]);
          return still.length > 0 && still.every((m) => overlaps(shapes[i][k], shapes[j][m]));
        });
        if (excluded) {
          possible[i][k] = false;
          changed = true;
          break;
        }
      }
    }
  }
  return cut.map((_, i): SideChoice => {
    const [a, b] = possible[i];
    if (a && b) return { side: null, reason: 'undecided' };
    if (!a && !b) return { side: null, reason: 'contradicted' };
    return { side: shapes[i][a ? 0 : 1].shape, reason: byOwn[i] ? 'own-node' : 'neighbours' };
  });
}
