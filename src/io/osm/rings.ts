// Polygons from OSM ways: a multipolygon or boundary relation lists its ways in no particular
// order or direction, so they are chained end to end (by node id) into closed rings, and the rings
// are nested by geometry. Roles only group the ways to chain; which ring is a hole is decided by
// containment, as osmium does, since roles in the wild are sometimes wrong or empty.
import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface RingAssembly {
  /** Closed rings of node ids, first id repeated last. */
  rings: number[][];
  /** Chains that could not be closed (a member way missing from the extract, or a broken relation). */
  openChains: number;
  /** Those chains' node ids, in order: where an extract cut a boundary, what is left of it. */
  open: number[][];
}

/** Chains the ways of one role into closed rings of node ids. */
export function chainRings(ways: ReadonlyArray<{ refs: readonly number[] }>): RingAssembly {
  const rings: number[][] = [];
  const open: number[] = [];
  for (let i = 0; i < ways.length; i++) {
    const refs = ways[i].refs;
    if (refs.length < 2) continue;
    if (refs[0] === refs[refs.length - 1]) rings.push(refs.slice());
    else open.push(i);
  }
  // Endpoint node id -> indices (into `open`) of the open ways ending there.
  const byEnd = new Map<number, number[]>();
  const addEnd = (node: number, k: number) => {
    const list = byEnd.get(node);
    if (list) list.push(k);
    else byEnd.set(node, [k]);
  };
  open.forEach((wayIndex, k) => {
    const refs = ways[wayIndex].refs;
    addEnd(refs[0], k);
    addEnd(refs[refs.length - 1], k);
  });
  const used = new Uint8Array(open.length);
  const openIds: number[][] = [];
  for (let start = 0; start < open.length; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const chain = ways[open[start]].refs.slice();
    for (;;) {
      const end = chain[chain.length - 1];
      if (end === chain[0]) break;
      const candidates = byEnd.get(end) ?? [];
      const next = candidates.find((k) => !used[k]);
      if (next === undefined) break;
      used[next] = 1;
      const refs = ways[open[next]].refs;
      if (refs[0] === end) for (let j = 1; j < refs.length; j++) chain.push(refs[j]);
      else for (let j = refs.length - 2; j >= 0; j--) chain.push(refs[j]);
    }
    if (chain[0] === chain[chain.length - 1]) rings.push(chain);
    else openIds.push(chain);
  }
  return { rings, openChains: openIds.length, open: openIds };
}

/** Twice the signed area (shoelace) in degree units: positive when counter-clockwise. */
export function signedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum;
}

/** Even-odd ray test; points exactly on the boundary may go either way. */
export function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether ring `a` lies inside ring `b`: by a vertex of `a` that is not a vertex of `b` (rings may touch). */
function ringInside(a: readonly Position[], b: readonly Position[]): boolean {
  const bVertices = new Set(b.map((p) => `${p[0]},${p[1]}`));
  for (const p of a) {
    if (!bVertices.has(`${p[0]},${p[1]}`)) return pointInRing(p[0], p[1], b);
  }
  // Every vertex shared: the same ring traced twice; not nested.
  return false;
}

function ringBox(ring: readonly Position[]): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const p of ring) {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  }
  return [w, s, e, n];
}

function boxWithin(a: readonly number[], b: readonly number[]): boolean {
  return a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];
}

function oriented(ring: Position[], ccw: boolean): Position[] {
  return signedArea2(ring) > 0 === ccw ? ring : ring.slice().reverse();
}

/**
 * Nests closed coordinate rings into a GeoJSON Polygon or MultiPolygon (RFC 7946 winding:
 * exterior rings counter-clockwise, holes clockwise). A ring inside an odd number of others is a
 * hole of the smallest ring containing it. Returns null when no ring has an area.
 */
export function nestRings(rings: Position[][]): Polygon | MultiPolygon | null {
  const valid = rings.filter((r) => r.length >= 4 && signedArea2(r) !== 0);
  if (valid.length === 0) return null;
  const area = valid.map((r) => Math.abs(signedArea2(r)));
  const order = valid.map((_, i) => i).sort((a, b) => area[b] - area[a]);
  // parent[i]: the smallest ring containing ring i. Scanning larger rings first, the last
  // container found is the smallest one.
  const boxes = valid.map(ringBox);
  const parent = new Array<number>(valid.length).fill(-1);
  const depth = new Array<number>(valid.length).fill(0);
  for (let oi = 0; oi < order.length; oi++) {
    const i = order[oi];
    for (let oj = 0; oj < oi; oj++) {
      const j = order[oj];
      if (boxWithin(boxes[i], boxes[j]) && ringInside(valid[i], valid[j])) {
        parent[i] = j;
        depth[i] = depth[j] + 1;
      }
    }
  }
  const polygons: Position[][][] = [];
  const polygonOf = new Map<number, Position[][]>();
  for (const i of order) {
    if (depth[i] % 2 === 0) {
      const poly = [oriented(valid[i], true)];
      polygons.push(poly);
      polygonOf.set(i, poly);
    } else {
      polygonOf.get(parent[i])?.push(oriented(valid[i], false));
    }
  }
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
