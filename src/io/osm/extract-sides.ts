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
// start; the XOR of these closed shapes changes parity across every line and nowhere else, so it is
// one side, and the box minus it is the other.
import type { Position } from 'geojson';
import * as polyclip from 'polyclip-ts';

/** [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];
type Xy = [number, number];
/** A MultiPolygon's coordinates, as polyclip-ts returns them. */
export type Shape = Xy[][][];

export interface ExtractSides {
  /** One side: the XOR of the clipped lines closed along the box edge. */
  a: Shape;
  /** The other: the box minus `a`. */
  b: Shape;
}

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
  const shapes: Xy[][][] = [];
  for (const line of lines) {
    const { pieces, rings } = clipLine(line, box);
    for (const ring of rings) shapes.push([ring]);
    for (const piece of pieces) shapes.push([closeAlongEdge(piece, box)]);
  }
  const whole: Shape = [[[corner(0, box), corner(1, box), corner(2, box), corner(3, box), corner(0, box)]]];
  if (shapes.length === 0) return { a: [], b: whole };
  const [first, ...rest] = shapes;
  // Each closed shape is normalised first (a line may cross itself); the XOR then flips across lines.
  let a = polyclip.union(first as polyclip.Geom) as Shape;
  for (const s of rest) a = polyclip.xor(a as polyclip.Geom, polyclip.union(s as polyclip.Geom)) as Shape;
  return { a, b: polyclip.difference(whole as polyclip.Geom, a as polyclip.Geom) as Shape };
}
