import type { Position } from 'geojson';
import type { Network } from './network.js';
import { toX, toY } from '../geo/local-plane.js';
import { searchSegmentGrid, segmentGridOf } from './segment-grid.js';

export interface LinkOptions {
  /** A point farther than this from every walkable edge is unlinked. Default 500 m. */
  snapMaxM?: number;
  /**
   * Components with fewer distinct vertices than this are islands: a point links into one only when
   * no edge of a larger component lies within `snapMaxM`. Default 50.
   */
  minIslandVertices?: number;
}

export const DEFAULT_SNAP_MAX_M = 500;
export const DEFAULT_MIN_ISLAND_VERTICES = 50;

/**
 * Where each point meets the network: the nearest point of the nearest walkable edge.
 * Typed arrays, one slot per input point; `edge[i] === -1` marks an unlinked point.
 */
export interface Links {
  readonly count: number;
  /** Edge the point links to, or -1 when it is unlinked. */
  readonly edge: Int32Array;
  /** Distance along that edge from its `edgeFrom` node to the linking point, metres. */
  readonly offsetM: Float64Array;
  /** The straight off-network leg from the point to the street, metres (walked and counted). */
  readonly offNetworkM: Float64Array;
  /** The linking point on the local plane, metres. */
  readonly snapX: Float64Array;
  readonly snapY: Float64Array;
  /** Points left unlinked (farther than snapMaxM from every edge). */
  readonly unlinked: number;
  /** Points that linked into an island because nothing larger was within reach. */
  readonly linkedToIsland: number;
}

/** The first search box; it grows fourfold until the answer is proven or the cap is reached. */
const FIRST_RADIUS_M = 40;

/**
 * Links points given as [lon, lat] positions.
 * The search is exact: a segment closer than the box half-width always intersects the box, so the
 * best segment found is the nearest once its distance is within the box.
 */
export function linkPoints(network: Network, points: readonly Position[], opts: LinkOptions = {}): Links {
  const n = points.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = toX(network.plane, points[i][0]);
    ys[i] = toY(network.plane, points[i][1]);
  }
  return linkPlanePoints(network, xs, ys, opts);
}

/** The same as `linkPoints` for points already on the network's local plane. */
export function linkPlanePoints(network: Network, xs: Float64Array, ys: Float64Array, opts: LinkOptions = {}): Links {
  const snapMaxM = opts.snapMaxM ?? DEFAULT_SNAP_MAX_M;
  // Where no component is large enough, none is an island: everything links to its nearest edge.
  const minIsland = Math.min(opts.minIslandVertices ?? DEFAULT_MIN_ISLAND_VERTICES, network.stats.largestComponentVertices);
  const n = xs.length;
  const edge = new Int32Array(n).fill(-1);
  const offsetM = new Float64Array(n);
  const offNetworkM = new Float64Array(n);
  const snapX = new Float64Array(n);
  const snapY = new Float64Array(n);
  const { segmentIndex, segmentGeom, segmentEdge, geomVertex, geomOffsetM, vertexX, vertexY } = network;
  const grid = segmentGridOf(network);
  const onBig = segmentsOnBigComponents(network, minIsland);

  // Search state shared with the filter callback, so the search allocates no closure per point.
  let px = 0, py = 0;
  let bestD2 = Infinity, bestSeg = -1, bestT = 0;
  let bigD2 = Infinity, bigSeg = -1, bigT = 0;
  const visit = (s: number): boolean => {
    const k = segmentGeom[s];
    const v0 = geomVertex[k], v1 = geomVertex[k + 1];
    const x0 = vertexX[v0], y0 = vertexY[v0];
    const dx = vertexX[v1] - x0, dy = vertexY[v1] - y0;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = x0 + t * dx - px, ey = y0 + t * dy - py;
    const d2 = ex * ex + ey * ey;
    // Ties go to the lower segment id, so the result does not depend on the tree's visiting order.
    if (d2 < bestD2 || (d2 === bestD2 && s < bestSeg)) { bestD2 = d2; bestSeg = s; bestT = t; }
    if ((d2 < bigD2 || (d2 === bigD2 && s < bigSeg)) && onBig[s] === 1) { bigD2 = d2; bigSeg = s; bigT = t; }
    return false;
  };

  let unlinked = 0;
  let linkedToIsland = 0;
  const cap2 = snapMaxM * snapMaxM;
  for (let i = 0; i < n; i++) {
    px = xs[i]; py = ys[i];
    bestD2 = Infinity; bestSeg = -1; bigD2 = Infinity; bigSeg = -1;
    let r = Math.min(FIRST_RADIUS_M, snapMaxM);
    for (;;) {
      if (grid) searchSegmentGrid(grid, px - r, py - r, px + r, py + r, visit);
      else segmentIndex.search(px - r, py - r, px + r, py + r, visit);
      if (bigD2 <= r * r || r >= snapMaxM) break;
      r = Math.min(r * 4, snapMaxM);
    }
    let seg = -1, t = 0;
    if (bigSeg >= 0 && bigD2 <= cap2) { seg = bigSeg; t = bigT; }
    else if (bestSeg >= 0 && bestD2 <= cap2) { seg = bestSeg; t = bestT; linkedToIsland++; }
    if (seg < 0) { unlinked++; continue; }
    const k = segmentGeom[seg];
    const v0 = geomVertex[k], v1 = geomVertex[k + 1];
    const sx = vertexX[v0] + t * (vertexX[v1] - vertexX[v0]);
    const sy = vertexY[v0] + t * (vertexY[v1] - vertexY[v0]);
    edge[i] = segmentEdge[seg];
    offsetM[i] = geomOffsetM[k] + t * (geomOffsetM[k + 1] - geomOffsetM[k]);
    offNetworkM[i] = Math.hypot(sx - px, sy - py);
    snapX[i] = sx;
    snapY[i] = sy;
  }
  return { count: n, edge, offsetM, offNetworkM, snapX, snapY, unlinked, linkedToIsland };
}

/** 1 for each segment of a component with at least `minIsland` vertices: one byte read per candidate instead of four lookups. */
function segmentsOnBigComponents(network: Network, minIsland: number): Uint8Array {
  const { segmentEdge, edgeFrom, nodeComponent, componentVertexCount } = network;
  const onBig = new Uint8Array(segmentEdge.length);
  for (let s = 0; s < onBig.length; s++) onBig[s] = componentVertexCount[nodeComponent[edgeFrom[segmentEdge[s]]]] >= minIsland ? 1 : 0;
  return onBig;
}

/** The links of some of the points, in the given order. */
export function subsetLinks(links: Links, members: readonly number[]): Links {
  const n = members.length;
  const edge = new Int32Array(n), offsetM = new Float64Array(n), offNetworkM = new Float64Array(n);
  const snapX = new Float64Array(n), snapY = new Float64Array(n);
  let unlinked = 0;
  members.forEach((m, i) => {
    edge[i] = links.edge[m];
    offsetM[i] = links.offsetM[m];
    offNetworkM[i] = links.offNetworkM[m];
    snapX[i] = links.snapX[m];
    snapY[i] = links.snapY[m];
    if (edge[i] < 0) unlinked++;
  });
  return { count: n, edge, offsetM, offNetworkM, snapX, snapY, unlinked, linkedToIsland: 0 };
}
