// The outline of a set of grid cells as rings of grid-node ids. Communities are unions of street
// blocks, so their boundaries run along the (jittered) street junctions and neighbouring communities
// share exactly the same boundary coordinates: the polygons tile without gaps or overlaps.

/** Node id of grid node (i, j) in a grid of nx cells across (nx + 1 nodes). */
export function nodeId(nx: number, i: number, j: number): number {
  return j * (nx + 1) + i;
}

/**
 * Rings around the cells (cell id = j * nx + i). The first ring is the outer one, counter-clockwise in
 * grid coordinates; any others are holes, clockwise. Where the set touches itself diagonally the walk
 * turns left, which keeps each ring simple (a hole may touch the outer ring at one node).
 */
export function cellOutline(nx: number, cells: readonly number[]): number[][] {
  const inSet = new Set(cells);
  const has = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && inSet.has(j * nx + i);
  // Directed boundary edges with the set on their left, keyed by start node.
  const out = new Map<number, number[]>();
  const addEdge = (a: number, b: number) => {
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  };
  for (const c of cells) {
    const i = c % nx;
    const j = (c - i) / nx;
    const n00 = nodeId(nx, i, j);
    const n10 = nodeId(nx, i + 1, j);
    const n11 = nodeId(nx, i + 1, j + 1);
    const n01 = nodeId(nx, i, j + 1);
    if (!has(i, j - 1)) addEdge(n00, n10);
    if (!has(i + 1, j)) addEdge(n10, n11);
    if (!has(i, j + 1)) addEdge(n11, n01);
    if (!has(i - 1, j)) addEdge(n01, n00);
  }
  const xy = (n: number): [number, number] => [n % (nx + 1), Math.floor(n / (nx + 1))];
  const rings: number[][] = [];
  // Start nodes in sorted order so the output does not depend on Map insertion subtleties.
  const starts = [...out.keys()].sort((a, b) => a - b);
  for (const start of starts) {
    while ((out.get(start)?.length ?? 0) > 0) {
      const ring: number[] = [start];
      let prev = start;
      let cur = out.get(start)!.shift()!;
      while (cur !== start) {
        ring.push(cur);
        const options = out.get(cur)!;
        let pickIdx = 0;
        if (options.length > 1) {
          // Turn left: the option with the largest cross product of (incoming, outgoing).
          const [px, py] = xy(prev);
          const [cx, cy] = xy(cur);
          let best = -Infinity;
          options.forEach((o, k) => {
            const [ox, oy] = xy(o);
            const cross = (cx - px) * (oy - cy) - (cy - py) * (ox - cx);
            if (cross > best) { best = cross; pickIdx = k; }
          });
        }
        const next = options.splice(pickIdx, 1)[0];
        prev = cur;
        cur = next;
      }
      // Every node on the way is kept: jitter makes even a 'straight' run a real corner on the ground.
      rings.push(ring);
    }
  }
  const area = (r: number[]) => {
    let a = 0;
    for (let k = 0; k < r.length; k++) {
      const [x1, y1] = xy(r[k]);
      const [x2, y2] = xy(r[(k + 1) % r.length]);
      a += x1 * y2 - x2 * y1;
    }
    return a / 2;
  };
  const outer = rings.filter((r) => area(r) > 0);
  if (outer.length !== 1) throw new Error(`cellOutline: expected one outer ring, got ${outer.length} (cells not 4-connected?)`);
  return [outer[0], ...rings.filter((r) => area(r) < 0)];
}
