// Which side of its cut lines an incomplete admin boundary lies on (see extract-sides.ts for the
// two candidates). Evidence inside the extract, in this order:
//   1. its own `label` or `admin_centre` node: that side;
//   2. another cut boundary's label or admin_centre node: not that side, since boundaries of one
//      level do not overlap;
//   3. the same rule by area: a side that overlaps a complete boundary of the level, or every side
//      still possible for another cut one, is ruled out, repeated until nothing changes. Where
//      three boundaries meet inside the extract this alone decides all three.
// A boundary still undecided (or contradicted) is left out and reported, never guessed.
// Areas are compared on a grid over the box (GRID x GRID cells), not by polygon clipping: it only
// has to tell "overlaps" from "touches along a shared border", and it is cheap for long borders.
import type { Position } from 'geojson';
import { inSide, rasterize, rasterizeSide, type Box, type ExtractSides, type Side } from './extract-sides.js';

export interface CutBoundary {
  sides: ExtractSides;
  /** Its own label and admin_centre nodes inside the extract. */
  ownPoints: Array<[number, number]>;
}

export type SideChoice =
  | { side: Side; reason: 'own-node' | 'neighbours' }
  /** No evidence either way. */
  | { side: null; reason: 'undecided' }
  /** Both sides ruled out: the boundaries of this level overlap, or a label lies outside its own boundary. */
  | { side: null; reason: 'contradicted' };

const GRID = 128;
/**
 * Overlap above this share of the smaller area counts: the cut ends are carried straight to the
 * box edge, so neighbours' approximated corners may overlap by slivers.
 */
const OVERLAP_SHARE = 0.02;

interface Cells {
  cells: Uint8Array;
  count: number;
}

function counted(cells: Uint8Array): Cells {
  let count = 0;
  for (let i = 0; i < cells.length; i++) count += cells[i];
  return { cells, count };
}

function overlaps(a: Cells, b: Cells): boolean {
  if (a.count === 0 || b.count === 0) return false;
  let common = 0;
  for (let i = 0; i < a.cells.length; i++) common += a.cells[i] & b.cells[i];
  return common > OVERLAP_SHARE * Math.min(a.count, b.count);
}

/**
 * Chooses a side for each cut boundary of one admin level, given the rings of the level's complete
 * boundaries (one list of rings, outer and holes, per boundary).
 */
export function chooseSides(cut: readonly CutBoundary[], complete: ReadonlyArray<ReadonlyArray<readonly Position[]>>, box: Box): SideChoice[] {
  // possible[i][0]: side a still possible; [1]: side b. Complete boundaries follow the cut ones,
  // with their one side.
  const possible = [...cut.map(() => [true, true]), ...complete.map(() => [true, false])];
  const cells: Cells[][] = [
    ...cut.map((c) => {
      const a = rasterizeSide(c.sides, 'a', GRID);
      return [counted(a), counted(a.map((v) => v ^ 1))];
    }),
    ...complete.map((rings) => [counted(rasterize(rings, box, GRID)), { cells: new Uint8Array(0), count: 0 }]),
  ];
  const byOwn = cut.map(() => false);
  const SIDES: Side[] = ['a', 'b'];
  cut.forEach((c, i) => {
    for (const [x, y] of c.ownPoints) {
      const inA = inSide(c.sides, 'a', x, y);
      const inB = inSide(c.sides, 'b', x, y);
      if (inA === inB) continue; // outside the box
      possible[i][inA ? 1 : 0] = false;
      byOwn[i] = true;
    }
    const foreign = cut.flatMap((other, j) => (j === i ? [] : other.ownPoints));
    for (const [x, y] of foreign) {
      SIDES.forEach((side, k) => {
        if (possible[i][k] && inSide(c.sides, side, x, y)) possible[i][k] = false;
      });
    }
  });
  const open = (i: number) => possible[i][0] && possible[i][1];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < cut.length; i++) {
      if (!open(i)) continue;
      for (const k of [0, 1]) {
        const excluded = cells.some((_, j) => {
          if (j === i) return false;
          const still = [0, 1].filter((m) => possible[j][m]);
          return still.length > 0 && still.every((m) => overlaps(cells[i][k], cells[j][m]));
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
    return { side: a ? 'a' : 'b', reason: byOwn[i] ? 'own-node' : 'neighbours' };
  });
}
