import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, LineString } from 'geojson';
import { buildNetwork } from '../src/network/build-network.js';
import { linkPlanePoints, DEFAULT_MIN_ISLAND_VERTICES, DEFAULT_SNAP_MAX_M, type LinkOptions } from '../src/network/link-points.js';
import { segmentGrid, segmentGridOf } from '../src/network/segment-grid.js';
import type { Network } from '../src/network/network.js';
import { toX, toY } from '../src/geo/local-plane.js';
import { line, ll } from './support/geo.js';

/**
 * Linking by brute force: every segment measured, the nearest on a component of at least
 * `minIslandVertices` vertices kept (ties to the lower segment id), the nearest of all when no such
 * one is within the cap. The same arithmetic per segment as the engine, so answers compare exactly.
 */
function bruteLink(net: Network, x: number, y: number, opts: LinkOptions = {}): { seg: number; t: number; island: boolean } {
  const cap2 = (opts.snapMaxM ?? DEFAULT_SNAP_MAX_M) ** 2;
  const minIsland = Math.min(opts.minIslandVertices ?? DEFAULT_MIN_ISLAND_VERTICES, net.stats.largestComponentVertices);
  let best = { d2: Infinity, seg: -1, t: 0 }, big = { d2: Infinity, seg: -1, t: 0 };
  for (let s = 0; s < net.segmentGeom.length; s++) {
    const k = net.segmentGeom[s];
    const v0 = net.geomVertex[k], v1 = net.geomVertex[k + 1];
    const x0 = net.vertexX[v0], y0 = net.vertexY[v0];
    const dx = net.vertexX[v1] - x0, dy = net.vertexY[v1] - y0;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = x0 + t * dx - x, ey = y0 + t * dy - y;
    const d2 = ex * ex + ey * ey;
    if (d2 < best.d2) best = { d2, seg: s, t };
    const size = net.componentVertexCount[net.nodeComponent[net.edgeFrom[net.segmentEdge[s]]]];
    if (size >= minIsland && d2 < big.d2) big = { d2, seg: s, t };
  }
  if (big.seg >= 0 && big.d2 <= cap2) return { seg: big.seg, t: big.t, island: false };
  if (best.seg >= 0 && best.d2 <= cap2) return { seg: best.seg, t: best.t, island: true };
  return { seg: -1, t: 0, island: false };
}

/** Random streets in a 2 km square: short wiggly lines, a few long diagonals, and small islands. */
const streets = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 6 })),
  { minLength: 1, maxLength: 40 },
).map((parts) => parts.map(([x, y, dx, dy, n]) =>
  line(Array.from({ length: n + 1 }, (_, i) => [x + (dx * i) / n + (i % 2) * 7, y + (dy * i) / n] as [number, number]))));
const points = fc.array(fc.tuple(fc.double({ min: -700, max: 2700, noNaN: true }), fc.double({ min: -700, max: 2700, noNaN: true })), { minLength: 1, maxLength: 60 });
const options = fc.record({ snapMaxM: fc.constantFrom(100, 500, 900), minIslandVertices: fc.constantFrom(0, 3, 8, 50) });

function checkAgainstBruteForce(features: Feature<LineString>[], pts: [number, number][], opts: LinkOptions): void {
  const net = buildNetwork(features);
  // Points drawn on the test plane, placed on the network's own.
  const xs = Float64Array.from(pts, ([x, y]) => toX(net.plane, ll(x, y)[0]));
  const ys = Float64Array.from(pts, ([x, y]) => toY(net.plane, ll(x, y)[1]));
  const links = linkPlanePoints(net, xs, ys, opts);
  let unlinked = 0, island = 0;
  for (let i = 0; i < pts.length; i++) {
    const want = bruteLink(net, xs[i], ys[i], opts);
    if (want.seg < 0) { unlinked++; expect(links.edge[i]).toBe(-1); continue; }
    if (want.island) island++;
    const k = net.segmentGeom[want.seg];
    expect(links.edge[i]).toBe(net.segmentEdge[want.seg]);
    expect(links.offsetM[i]).toBe(net.geomOffsetM[k] + want.t * (net.geomOffsetM[k + 1] - net.geomOffsetM[k]));
  }
  expect(links.unlinked).toBe(unlinked);
  expect(links.linkedToIsland).toBe(island);
}

describe('linking through the segment grid', () => {
  it('links every point as brute force over all segments does (fast-check)', () => {
    fc.assert(fc.property(streets, points, options, (features, pts, opts) => {
      expect(segmentGridOf(buildNetwork(features))).toBeDefined();
      checkAgainstBruteForce(features, pts, opts);
    }), { seed: 20261202, numRuns: 150 });
  });

  it('falls back to the R-tree when one stray line would stretch the grid over empty land, with the same answers', () => {
    fc.assert(fc.property(streets, points, options, (features, pts, opts) => {
      const withStray = [...features, line([[900_000, 900_000], [900_050, 900_000]])];
      expect(segmentGridOf(buildNetwork(withStray))).toBeUndefined();
      checkAgainstBruteForce(withStray, pts, opts);
    }), { seed: 7, numRuns: 60 });
  });

  it('lists every segment in every cell its box touches, so a query box finds all segments meeting it', () => {
    const net = buildNetwork([line([[0, 0], [170, 130]]), line([[10, 300], [15, 300]])]);
    const grid = segmentGrid(net, 50)!;
    const cellsOf = (s: number) => {
      const cells: number[] = [];
      for (let c = 0; c < grid.cols * grid.rows; c++) {
        for (let k = grid.cellStart[c]; k < grid.cellStart[c + 1]; k++) if (grid.cellSegment[k] === s) cells.push(c);
      }
      return cells;
    };
    // The diagonal spans 170 x 130 m from the grid's corner: columns 0-3, rows 0-2.
    expect(cellsOf(0).length).toBe(4 * 3);
    expect(cellsOf(1).length).toBe(1);
  });
});
