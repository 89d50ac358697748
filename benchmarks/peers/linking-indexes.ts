import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import RBush from 'rbush';
import type { Network } from '../../src/network/network.js';
import { searchSegmentGrid, segmentGrid } from '../../src/network/segment-grid.js';

/**
 * Nearest-segment linking with four static indexes, on the same segments and points, each exact:
 * - flatbush and rbush over segment boxes, searched in a box that grows until the best segment found
 *   lies within it (a nearer segment would have to cross the box);
 * - kdbush over points placed along every segment at most `spacingM` apart, searched in a radius:
 *   a segment at distance d has a point within d + spacingM / 2, so once the best exact distance
 *   plus half the spacing is within the radius, nothing nearer was missed.
 * - the uniform segment grid linking itself uses (falls back to flatbush when the grid would not fit).
 * All must agree segment for segment (ties to the lower id).
 */
export interface IndexRun { index: string; buildMs: number; queryMs: number; segments: Int32Array }

const FIRST_RADIUS_M = 40;

function segmentGeometry(network: Network) {
  const { segmentGeom, geomVertex, vertexX, vertexY } = network;
  const n = segmentGeom.length;
  const x0 = new Float64Array(n), y0 = new Float64Array(n), x1 = new Float64Array(n), y1 = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const k = segmentGeom[s];
    x0[s] = vertexX[geomVertex[k]]; y0[s] = vertexY[geomVertex[k]];
    x1[s] = vertexX[geomVertex[k + 1]]; y1[s] = vertexY[geomVertex[k + 1]];
  }
  return { n, x0, y0, x1, y1 };
}

type Geometry = ReturnType<typeof segmentGeometry>;

function dist2(g: Geometry, s: number, px: number, py: number): number {
  const dx = g.x1[s] - g.x0[s], dy = g.y1[s] - g.y0[s];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - g.x0[s]) * dx + (py - g.y0[s]) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = g.x0[s] + t * dx - px, ey = g.y0[s] + t * dy - py;
  return ex * ex + ey * ey;
}

/**
 * Each point's nearest segment (-1 beyond snapMaxM) through an index searched by boxes that grow
 * fourfold from FIRST_RADIUS_M, as linking searches: `search` visits the segments whose boxes may meet the box.
 */
function nearestByBoxSearch(
  g: Geometry, xs: Float64Array, ys: Float64Array, snapMaxM: number,
  search: (minX: number, minY: number, maxX: number, maxY: number, visit: (s: number) => boolean) => void,
): Int32Array {
  const segments = new Int32Array(xs.length).fill(-1);
  let px = 0, py = 0, best = Infinity, bestSeg = -1;
  const visit = (s: number) => {
    const d = dist2(g, s, px, py);
    if (d < best || (d === best && s < bestSeg)) { best = d; bestSeg = s; }
    return false;
  };
  for (let i = 0; i < xs.length; i++) {
    px = xs[i]; py = ys[i]; best = Infinity; bestSeg = -1;
    for (let r = Math.min(FIRST_RADIUS_M, snapMaxM); ; r = Math.min(r * 4, snapMaxM)) {
      search(px - r, py - r, px + r, py + r, visit);
      if (best <= r * r || r >= snapMaxM) break;
    }
    if (best <= snapMaxM * snapMaxM) segments[i] = bestSeg;
  }
  return segments;
}

export function compareIndexes(network: Network, xs: Float64Array, ys: Float64Array, snapMaxM: number, spacingM = 10): IndexRun[] {
  const g = segmentGeometry(network);
  const runs: IndexRun[] = [];
  const out = () => new Int32Array(xs.length).fill(-1);

  {
    let t0 = performance.now();
    const index = new Flatbush(g.n);
    for (let s = 0; s < g.n; s++) index.add(Math.min(g.x0[s], g.x1[s]), Math.min(g.y0[s], g.y1[s]), Math.max(g.x0[s], g.x1[s]), Math.max(g.y0[s], g.y1[s]));
    index.finish();
    const buildMs = performance.now() - t0;
    t0 = performance.now();
    const segments = nearestByBoxSearch(g, xs, ys, snapMaxM, (x0, y0, x1, y1, visit) => index.search(x0, y0, x1, y1, visit));
    runs.push({ index: 'flatbush (segment boxes)', buildMs, queryMs: performance.now() - t0, segments });
  }

  {
    // The grid linking uses (network/segment-grid.ts), with the same box search as flatbush above.
    let t0 = performance.now();
    const grid = segmentGrid(network);
    const buildMs = performance.now() - t0;
    if (grid) {
      t0 = performance.now();
      const segments = nearestByBoxSearch(g, xs, ys, snapMaxM, (x0, y0, x1, y1, visit) => searchSegmentGrid(grid, x0, y0, x1, y1, visit));
      runs.push({ index: `uniform grid (${grid.cellM} m cells, used for linking)`, buildMs, queryMs: performance.now() - t0, segments });
    }
  }

  {
    let t0 = performance.now();
    interface Item { minX: number; minY: number; maxX: number; maxY: number; s: number }
    const items: Item[] = new Array(g.n);
    for (let s = 0; s < g.n; s++) items[s] = { minX: Math.min(g.x0[s], g.x1[s]), minY: Math.min(g.y0[s], g.y1[s]), maxX: Math.max(g.x0[s], g.x1[s]), maxY: Math.max(g.y0[s], g.y1[s]), s };
    const tree = new RBush<Item>().load(items);
    const buildMs = performance.now() - t0;
    t0 = performance.now();
    const segments = out();
    for (let i = 0; i < xs.length; i++) {
      const px = xs[i], py = ys[i];
      let best = Infinity, bestSeg = -1;
      for (let r = Math.min(FIRST_RADIUS_M, snapMaxM); ; r = Math.min(r * 4, snapMaxM)) {
        for (const it of tree.search({ minX: px - r, minY: py - r, maxX: px + r, maxY: py + r })) {
          const d = dist2(g, it.s, px, py);
          if (d < best || (d === best && it.s < bestSeg)) { best = d; bestSeg = it.s; }
        }
        if (best <= r * r || r >= snapMaxM) break;
      }
      if (best <= snapMaxM * snapMaxM) segments[i] = bestSeg;
    }
    runs.push({ index: 'rbush (segment boxes)', buildMs, queryMs: performance.now() - t0, segments });
  }

  {
    let t0 = performance.now();
    let count = 0;
    const pieces = new Int32Array(g.n);
    for (let s = 0; s < g.n; s++) {
      pieces[s] = Math.max(1, Math.ceil(Math.hypot(g.x1[s] - g.x0[s], g.y1[s] - g.y0[s]) / spacingM));
      count += pieces[s] + 1;
    }
    const index = new KDBush(count, 64, Float64Array);
    const pointSegment = new Int32Array(count);
    let p = 0;
    for (let s = 0; s < g.n; s++) {
      for (let k = 0; k <= pieces[s]; k++) {
        const t = k / pieces[s];
        index.add(g.x0[s] + t * (g.x1[s] - g.x0[s]), g.y0[s] + t * (g.y1[s] - g.y0[s]));
        pointSegment[p++] = s;
      }
    }
    index.finish();
    const buildMs = performance.now() - t0;
    t0 = performance.now();
    const segments = out();
    const half = spacingM / 2;
    for (let i = 0; i < xs.length; i++) {
      const px = xs[i], py = ys[i];
      let best = Infinity, bestSeg = -1;
      for (let r = Math.min(FIRST_RADIUS_M, snapMaxM + half); ; r = Math.min(r * 4, snapMaxM + half)) {
        for (const id of index.within(px, py, r)) {
          const s = pointSegment[id];
          const d = dist2(g, s, px, py);
          if (d < best || (d === best && s < bestSeg)) { best = d; bestSeg = s; }
        }
        if (Math.sqrt(best) + half <= r || r >= snapMaxM + half) break;
      }
      if (best <= snapMaxM * snapMaxM) segments[i] = bestSeg;
    }
    runs.push({ index: `kdbush (points every ${spacingM} m, radius)`, buildMs, queryMs: performance.now() - t0, segments });
  }
  return runs;
}
