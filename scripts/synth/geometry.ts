// Small plane-geometry helpers over flat [x0, y0, x1, y1, ...] rings in metres.

/** Even-odd point in ring. */
export function pointInRing(ring: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i];
    const yi = ring[2 * i + 1];
    const xj = ring[2 * j];
    const yj = ring[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInRings(rings: readonly ArrayLike<number>[], x: number, y: number): boolean {
  if (!pointInRing(rings[0], x, y)) return false;
  for (let h = 1; h < rings.length; h++) if (pointInRing(rings[h], x, y)) return false;
  return true;
}

/** Distance from a point to the ring's boundary, metres. */
export function distanceToRing(ring: ArrayLike<number>, x: number, y: number): number {
  let best = Infinity;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = ring[2 * j];
    const ay = ring[2 * j + 1];
    const dx = ring[2 * i] - ax;
    const dy = ring[2 * i + 1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}
