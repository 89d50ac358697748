// What is left of an admin boundary that the extract cuts: its lines inside the extract's box.
//
// Those lines divide the box into pieces, and crossing a line always goes from inside the boundary
// to outside or back. So the boundary's part of the box is one of exactly two unions of pieces (a
// 2-colouring), and the other is its complement in the box. Which one is not in the lines: the
// ring's course outside the extract decides it, and boundary ways have no agreed direction. The
// two candidates are built here; `boundary-sides.ts` picks one from evidence inside the extract.
//
// Construction: each line is clipped to the box; an end left inside the box (the next node was cut
// away) is carried straight to the nearest edge, where the real line leaves the extract. Each
// clipped line is closed along the box edge, always counter-clockwise from its end back to its
// start; a point lies in side `a` when it is inside an odd number of these closed shapes (parity
// flips across every line and nowhere else), and in side `b` otherwise. The chosen side's polygon
// is then traced as osmcoastline closes coastlines: the lines oriented with the inside on their
// left, joined counter-clockwise along the box edge. No polygon clipping library is needed (and
// polyclip-ts took about a second per boundary of a thousand vertices).
import type { Position } from 'geojson';
import { pointInRing } from './rings.js';

/** [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];
type Xy = [number, number];
/** A MultiPolygon's coordinates, as polyclip-ts returns them. */
export type Shape = Xy[][][];

export interface ExtractSides {
  box: Box;
  /** The lines clipped to the box, each from edge to edge. */
  pieces: Xy[][];
  /** Closed lines wholly inside the box. */
  rings: Xy[][];
  /** Each piece closed along the box edge, and the rings: side `a` is where an odd number of them cover. */
  closed: Xy[][];
}

export type Side = 'a' | 'b';
function inside(p: Position, box: Box): boolean {
  return p[0] > box[0] && p[0] < box[2] && p[1] > box[1] && p[1] < box[3];
}

/** The segment p-q clipped to the box (Liang-Barsky), or null when it misses. */
function clipSegment(p: Position, q: Position, box: Box): [Xy, Xy] | null {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  let t0 = 0;
  let t1 = 1;
  const edges: Array<[number, number]> = [[-dx, p[0] - box[0]], [dx, box[2] - p[0]], [-dy, p[1] - box[1]], [dy, box[3] - p[1]]];
  for (const [den, num] of edges) {
    if (den === 0) {
      if (num < 0) return null;
      continue;
    }
    const t = num / den;
    if (den < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  return [[p[0] + t0 * dx, p[1] + t0 * dy], [p[0] + t1 * dx, p[1] + t1 * dy]];
}

/** The nearest point on the box's edge to a point inside it. */
function toEdge(p: Xy, box: Box): Xy {
  const d = [p[0] - box[0], box[2] - p[0], p[1] - box[1], box[3] - p[1]];
  const k = d.indexOf(Math.min(...d));
  return k === 0 ? [box[0], p[1]] : k === 1 ? [box[2], p[1]] : k === 2 ? [p[0], box[1]] : [p[0], box[3]];
}

/** Position along the box edge, counter-clockwise from the south-west corner: 0..4, one per side. */
function perimeter(p: Xy, box: Box): number {
  const [w, s, e, n] = box;
  const d = [Math.abs(p[1] - s), Math.abs(p[0] - e), Math.abs(p[1] - n), Math.abs(p[0] - w)];
  const k = d.indexOf(Math.min(...d));
  if (k === 0) return (p[0] - w) / (e - w);
  if (k === 1) return 1 + (p[1] - s) / (n - s);
  if (k === 2) return 2 + (e - p[0]) / (e - w);
  return 3 + (n - p[1]) / (n - s);
}

function corner(k: number, box: Box): Xy {
  const [w, s, e, n] = box;
  return ([[w, s], [e, s], [e, n], [w, n]] as Xy[])[((k % 4) + 4) % 4];
}

/**
 * The stretches of a line inside the box. Ends that the clipping made lie on the edge; an end of
 * the line itself inside the box is carried to the nearest edge. A closed line wholly inside is
 * returned as it is (a ring).
 */
function clipLine(line: readonly Position[], box: Box): { pieces: Xy[][]; rings: Xy[][] } {
  const closed = line.length >= 4 && line[0][0] === line[line.length - 1][0] && line[0][1] === line[line.length - 1][1];
  if (closed) {
    const out = line.findIndex((p) => !inside(p, box));
    if (out < 0) return { pieces: [], rings: [line.map((p) => [p[0], p[1]] as Xy)] };
    // Start the ring where it is outside, so no stretch is split at the ring's first vertex.
    line = [...line.slice(out, -1), ...line.slice(0, out + 1)];
  }
  const pieces: Xy[][] = [];
  let current: Xy[] | null = null;
  for (let i = 1; i < line.length; i++) {
    const seg = clipSegment(line[i - 1], line[i], box);
    if (!seg) {
      current = null;
      continue;
    }
    const last: Xy | undefined = current?.[current.length - 1];
    if (!current || !last || last[0] !== seg[0][0] || last[1] !== seg[0][1]) {
      current = [seg[0]];
      pieces.push(current);
    }
    current.push(seg[1]);
    if (!inside(line[i], box)) current = null;
  }
  for (const piece of pieces) {
    if (inside(piece[0], box)) piece.unshift(toEdge(piece[0], box));
    const end = piece[piece.length - 1];
    if (inside(end, box)) piece.push(toEdge(end, box));
  }
  return { pieces: pieces.filter((p) => p.length >= 2), rings: [] };
}

/** A piece from edge to edge, closed counter-clockwise along the box from its end to its start. */
function closeAlongEdge(piece: Xy[], box: Box): Xy[] {
  const tEnd = perimeter(piece[piece.length - 1], box);
  let tStart = perimeter(piece[0], box);
  if (tStart <= tEnd) tStart += 4;
  const ring = piece.slice();
  for (let k = Math.floor(tEnd) + 1; k < tStart; k++) ring.push(corner(k, box));
  ring.push(piece[0]);
  return ring;
}

/** Twice the area of a shape (planar, in squared degrees): only compared with other areas. */
export function shapeArea(shape: Shape): number {
  let sum = 0;
  for (const poly of shape) {
    poly.forEach((ring, k) => {
      let a = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
      sum += k === 0 ? Math.abs(a) : -Math.abs(a);
    });
  }
  return sum;
}

/** The two candidate parts of the box for a boundary of which only `lines` (position runs) are known. */
export function extractSides(lines: readonly (readonly Position[])[], box: Box): ExtractSides {
  const pieces: Xy[][] = [];
  const rings: Xy[][] = [];
  for (const line of lines) {
    const clipped = clipLine(line, box);
    pieces.push(...clipped.pieces);
    rings.push(...clipped.rings);
  }
  return { box, pieces, rings, closed: [...pieces.map((p) => closeAlongEdge(p, box)), ...rings] };
}

function parity(rings: readonly Xy[][], x: number, y: number): boolean {
  let odd = false;
  for (const ring of rings) if (pointInRing(x, y, ring)) odd = !odd;
  return odd;
}

/** Whether (x, y), strictly inside the box, lies in the given side. */
export function inSide(sides: ExtractSides, side: Side, x: number, y: number): boolean {
  if (!inside([x, y], sides.box)) return false;
  return parity(sides.closed, x, y) === (side === 'a');
}

/**
 * Cells of a `size` x `size` grid over the box whose centres lie inside `rings` by the even-odd
 * rule, one scan line per row: how sides and neighbours are compared for overlap.
 */
export function rasterize(rings: readonly (readonly Position[])[], box: Box, size: number): Uint8Array {
  const cells = new Uint8Array(size * size);
  const [w, s, e, n] = box;
  const dx = (e - w) / size;
  const dy = (n - s) / size;
  const xs: number[] = [];
  for (let row = 0; row < size; row++) {
    const y = s + (row + 0.5) * dy;
    xs.length = 0;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x1, y1] = ring[j];
        const [x2, y2] = ring[i];
        if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil((xs[k] - w) / dx - 0.5));
      const to = Math.min(size - 1, Math.floor((xs[k + 1] - w) / dx - 0.5));
      for (let col = from; col <= to; col++) cells[row * size + col] = 1;
    }
  }
  return cells;
}

/** The side's cells on the grid (side `b` is the complement of `a`). */
export function rasterizeSide(sides: ExtractSides, side: Side, size: number): Uint8Array {
  const a = rasterize(sides.closed, sides.box, size);
  if (side === 'b') for (let i = 0; i < a.length; i++) a[i] ^= 1;
  return a;
}

/**
 * The side as rings: every piece turned so the side lies on its left, then joined to the next
 * piece's start counter-clockwise along the box edge, as osmcoastline closes coastlines; the rings
 * wholly inside the box are added, and nesting decides the holes. Empty when the side has no area.
 */
export function sideRings(sides: ExtractSides, side: Side): Xy[][] {
  const { box } = sides;
  const oriented = sides.pieces.map((piece) => (leftIsSide(sides, side, piece) ? piece : piece.slice().reverse()));
  const out: Xy[][] = [];
  if (oriented.length === 0) {
    // No line crosses the box: the side is the rings, or the box around them.
    const boxRing = [corner(0, box), corner(1, box), corner(2, box), corner(3, box), corner(0, box)];
    return side === 'a' ? sides.rings.slice() : [boxRing, ...sides.rings];
  }
  const starts = oriented.map((p) => perimeter(p[0], box));
  const used = new Uint8Array(oriented.length);
  for (let first = 0; first < oriented.length; first++) {
    if (used[first]) continue;
    used[first] = 1;
    const ring: Xy[] = oriented[first].slice();
    for (let guard = 0; guard <= oriented.length; guard++) {
      const tEnd = perimeter(ring[ring.length - 1], box);
      // The next start counter-clockwise from this end (the first piece's own start included).
      let next = -1;
      let best = Infinity;
      oriented.forEach((_, k) => {
        if (used[k] && k !== first) return;
        const ahead = (starts[k] - tEnd + 4) % 4;
        if (ahead < best) {
          best = ahead;
          next = k;
        }
      });
      const tNext = tEnd + best;
      for (let c = Math.floor(tEnd) + 1; c < tNext; c++) ring.push(corner(c, box));
      if (next === first) break;
      used[next] = 1;
      ring.push(...oriented[next]);
    }
    ring.push(ring[0]);
    out.push(ring);
  }
  return [...out, ...sides.rings];
}

/**
 * Whether the side lies to the left of the piece, tested just beside its segments, longest first,
 * until one has the side on one hand only: a segment traced there and back (a cut end carried to
 * the edge and back) has the same on both hands.
 */
function leftIsSide(sides: ExtractSides, side: Side, piece: Xy[]): boolean {
  const order = piece.slice(1).map((p, k) => ({ k: k + 1, length: Math.hypot(p[0] - piece[k][0], p[1] - piece[k][1]) }))
    .sort((p, q) => q.length - p.length);
  for (const { k, length } of order) {
    if (length === 0) break;
    const [x1, y1] = piece[k - 1];
    const [x2, y2] = piece[k];
    const step = (1e-7 * (sides.box[2] - sides.box[0])) / length;
    const left = inSide(sides, side, (x1 + x2) / 2 - (y2 - y1) * step, (y1 + y2) / 2 + (x2 - x1) * step);
    const right = inSide(sides, side, (x1 + x2) / 2 + (y2 - y1) * step, (y1 + y2) / 2 - (x2 - x1) * step);
    if (left !== right) return left;
  }
  return true;
}
