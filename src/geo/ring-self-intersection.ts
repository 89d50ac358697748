import Flatbush from 'flatbush';
import type { Position } from 'geojson';

/**
 * The first pair of non-adjacent segments of a closed ring that touch or cross, as segment indices,
 * or undefined for a simple ring. Segments are indexed in a Flatbush, so a ring of thousands of
 * vertices costs about n log n, not n².
 */
export function ringSelfIntersection(input: readonly Position[]): [number, number] | undefined {
  // A repeated vertex is a zero-length segment that would "touch" both its neighbours' neighbours.
  const ring = input.filter((p, i) => i === 0 || p[0] !== input[i - 1][0] || p[1] !== input[i - 1][1]);
  const n = ring.length - 1; // segments of a closed ring
  if (n < 4) return undefined;
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[i + 1];
    index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  }
  index.finish();
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[i + 1];
    for (const j of index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]))) {
      if (j <= i) continue;
      // Neighbours share an endpoint by construction (the first and last segments too).
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsTouch(a, b, ring[j], ring[j + 1])) return [i, j];
    }
  }
  return undefined;
}

function orient(p: Position, q: Position, r: Position): number {
  const v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(p: Position, q: Position, r: Position): boolean {
  return Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1]);
}

/** Whether segments ab and cd share any point (the textbook orientation test). */
export function segmentsTouch(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, c, b)) || (o2 === 0 && onSegment(a, d, b)) || (o3 === 0 && onSegment(c, a, d)) || (o4 === 0 && onSegment(c, b, d));
}
