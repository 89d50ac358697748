/**
 * An independent implementation of the travel time (README, "What the numbers mean") for tests:
 * every vertex is a node, linking scans every segment, and Dijkstra is the plain textbook one. Slow
 * on purpose; shares no code with src/ beyond the projection to metres (which is cheap-ruler's, not ours).
 */
export interface OracleGraph {
  xs: number[];
  ys: number[];
  adj: [number, number][][];
  segments: [number, number][];
}

/** A position as the oracle reads it: metres x, y and the integer 1e-7-degree keys that decide identity. */
export type OraclePosition = [x: number, y: number, lonKey: number, latKey: number];

export function oracleGraph(lines: OraclePosition[][]): OracleGraph {
  const key = new Map<string, number>();
  const xs: number[] = [], ys: number[] = [], adj: [number, number][][] = [], segments: [number, number][] = [];
  const id = (x: number, y: number, kx: string) => {
    let v = key.get(kx);
    if (v === undefined) { v = xs.length; key.set(kx, v); xs.push(x); ys.push(y); adj.push([]); }
    return v;
  };
  for (const l of lines) {
    let prev = -1;
    for (const p of l) {
      const v = id(p[0], p[1], `${p[2]},${p[3]}`);
      if (prev >= 0 && prev !== v) {
        const d = Math.hypot(xs[v] - xs[prev], ys[v] - ys[prev]);
        adj[prev].push([v, d]);
        adj[v].push([prev, d]);
        segments.push([prev, v]);
      }
      prev = v;
    }
  }
  return { xs, ys, adj, segments };
}

/** Lines as [x, y, lonKey, latKey] positions: metres plus the 1e-7-degree key that decides identity. */
export function oracleLines(features: { geometry: { coordinates: number[][] } }[], project: (lon: number, lat: number) => [number, number]): OraclePosition[][] {
  return features.map((f) => f.geometry.coordinates.map(([lon, lat]): OraclePosition => {
    const [x, y] = project(lon, lat);
    return [x, y, Math.round(lon * 1e7), Math.round(lat * 1e7)];
  }));
}

export interface OracleLink { seg: number; t: number; off: number }

export function oracleLink(g: OracleGraph, x: number, y: number, maxM = Infinity): OracleLink | undefined {
  let best: OracleLink | undefined;
  g.segments.forEach(([a, b], seg) => {
    const dx = g.xs[b] - g.xs[a], dy = g.ys[b] - g.ys[a];
    const len2 = dx * dx + dy * dy;
    const t = Math.max(0, Math.min(1, ((x - g.xs[a]) * dx + (y - g.ys[a]) * dy) / len2));
    const off = Math.hypot(g.xs[a] + t * dx - x, g.ys[a] + t * dy - y);
    if (!best || off < best.off) best = { seg, t, off };
  });
  return best && best.off <= maxM ? best : undefined;
}

export function oracleDijkstra(g: OracleGraph, seeds: [number, number][]): number[] {
  const dist = new Array<number>(g.xs.length).fill(Infinity);
  const done = new Array<boolean>(g.xs.length).fill(false);
  // A sorted frontier is slow but obviously right.
  const frontier: [number, number][] = [];
  for (const [v, d] of seeds) if (d < dist[v]) { dist[v] = d; frontier.push([d, v]); }
  while (frontier.length) {
    let bi = 0;
    for (let i = 1; i < frontier.length; i++) if (frontier[i][0] < frontier[bi][0]) bi = i;
    const [d, u] = frontier[bi];
    frontier[bi] = frontier[frontier.length - 1];
    frontier.pop();
    if (done[u]) continue;
    done[u] = true;
    for (const [v, w] of g.adj[u]) {
      if (d + w < dist[v]) { dist[v] = d + w; frontier.push([d + w, v]); }
    }
  }
  return dist;
}

function segLen(g: OracleGraph, seg: number): number {
  const [a, b] = g.segments[seg];
  return Math.hypot(g.xs[b] - g.xs[a], g.ys[b] - g.ys[a]);
}

/** Travel distance between two linked points, as the README defines it. */
export function oracleDistance(g: OracleGraph, p: OracleLink, q: OracleLink): number {
  const [pa, pb] = g.segments[p.seg];
  const lp = segLen(g, p.seg);
  const dist = oracleDijkstra(g, [[pa, p.t * lp], [pb, (1 - p.t) * lp]]);
  const [qa, qb] = g.segments[q.seg];
  const lq = segLen(g, q.seg);
  let best = Math.min(dist[qa] + q.t * lq, dist[qb] + (1 - q.t) * lq);
  if (p.seg === q.seg) best = Math.min(best, Math.abs(p.t - q.t) * lp);
  return p.off + best + q.off;
}

/** Distance from a point to the nearest of several linked sources. */
export function oracleNearest(g: OracleGraph, sources: OracleLink[], q: OracleLink): number {
  const seeds: [number, number][] = [];
  for (const s of sources) {
    const [a, b] = g.segments[s.seg];
    const l = segLen(g, s.seg);
    seeds.push([a, s.off + s.t * l], [b, s.off + (1 - s.t) * l]);
  }
  const dist = oracleDijkstra(g, seeds);
  const [qa, qb] = g.segments[q.seg];
  const lq = segLen(g, q.seg);
  let best = Math.min(dist[qa] + q.t * lq, dist[qb] + (1 - q.t) * lq);
  for (const s of sources) if (s.seg === q.seg) best = Math.min(best, s.off + Math.abs(s.t - q.t) * lq);
  return best + q.off;
}

/** The oracle's graph of a network's lines, projected on the network's own plane (so metres compare). */
export function oracleFor(features: { geometry: { coordinates: number[][] } }[], net: { plane: { lon0: number; lat0: number; kx: number; ky: number } }) {
  const { lon0, lat0, kx, ky } = net.plane;
  const project = (lon: number, lat: number): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky];
  return { g: oracleGraph(oracleLines(features, project)), project };
}
