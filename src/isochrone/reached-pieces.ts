import type { Network } from '../network/network.js';
import type { FieldView } from './reach-field.js';

/**
 * The reached network as straight pieces along which the walking distance changes linearly: every
 * edge is cut at its geometry vertices, at the points where its distance function bends (the far
 * point between its two ends, a source standing on it) and at the level, and only pieces within the
 * level are kept. Partially reached edges therefore end exactly where the level runs out, and the
 * edge a source stands on is walked both ways from the linking point.
 *
 * Drawing from these pieces is exact: no resampling, no time error along a street. Stored flat, six
 * numbers a piece (x0, y0, d0, x1, y1, d1 in plane metres and metres walked), reused between origins.
 */
/** What collecting reads of a network. */
type PiecesNetwork = Pick<Network, 'nodeCount' | 'edgeCount' | 'adjStart' | 'adjEdge' | 'edgeFrom' | 'edgeTo' | 'edgeLengthM' | 'edgeGeomStart' | 'geomVertex' | 'geomOffsetM' | 'vertexX' | 'vertexY'>;

/** Above one reached node in this many, edges are scanned in storage order rather than from the reached nodes. */
const DENSE_SHARE = 8;

export class ReachedPieces {
  coords = new Float64Array(6 * 1024);
  /** Edge of each piece; -1 for the straight walk from a source to its linking point. */
  edge = new Int32Array(1024);
  /** 1 where a piece does not continue the previous one as one line of linear time. */
  startsLine = new Uint8Array(1024);
  count = 0;
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;

  private edgeStamp = new Uint32Array(0);
  private generation = 0;
  // Knots of one edge's distance function (offset along the edge, distance there), reused per edge.
  private knotS = new Float64Array(16);
  private knotD = new Float64Array(16);
  private baseS = new Float64Array(16);
  private baseD = new Float64Array(16);
  private readonly p2 = new Float64Array(2);
  private readonly d2 = new Float64Array(2);
  /** Every node's distance, when most of the network is reached. */
  private dist = new Float64Array(0);

  /**
   * Collects the pieces of `network` reached within `levelM` metres in `view`; with `sourcesOnly`, only
   * those of the edges that sources stand on and the sources' walks to their linking points.
   */
  collect(network: PiecesNetwork, view: FieldView, levelM: number, sourcesOnly = false): this {
    this.count = 0;
    this.minX = this.minY = Infinity;
    this.maxX = this.maxY = -Infinity;
    // Only the source edges: no stamps needed (a stamp per edge is a fresh 4 bytes x edges per collector).
    if (sourcesOnly) {
      this.collectSourceEdges(network, view, levelM, undefined, 0);
      return this;
    }
    if (this.edgeStamp.length !== network.edgeCount) {
      this.edgeStamp = new Uint32Array(network.edgeCount);
      this.generation = 0;
    }
    if (this.generation === 0xffffffff) {
      this.edgeStamp.fill(0);
      this.generation = 0;
    }
    const gen = ++this.generation;
    const stamp = this.edgeStamp;
    const { edgeFrom, edgeTo, edgeLengthM, adjStart, adjEdge } = network;
    // Edges with sources on them first.
    this.collectSourceEdges(network, view, levelM, stamp, gen);

    const p2 = this.p2, d2 = this.d2;
    if (view.reachedCount * DENSE_SHARE > network.nodeCount) {
      // Most of the network is reached (coverage of a whole city): every edge in storage order, which
      // keeps the geometry reads sequential, instead of edges in the search's order, which is
      // scattered over the city and pays a cache miss for every array an edge touches.
      if (this.dist.length !== network.nodeCount) this.dist = new Float64Array(network.nodeCount);
      const dist = this.dist;
      view.fillDistances(dist);
      // About a piece per geometry segment: grow once rather than double twenty times.
      this.reserve(network.geomVertex.length);
      for (let e = 0, n = network.edgeCount; e < n; e++) {
        if (stamp[e] === gen) continue;
        const dA = dist[edgeFrom[e]], dB = dist[edgeTo[e]];
        if (dA > levelM && dB > levelM) continue;
        p2[1] = edgeLengthM[e];
        d2[0] = dA;
        d2[1] = dB;
        this.addEdge(network, e, p2, d2, 2, levelM);
      }
      return this;
    }
    view.forEachReachedNode((u) => {
      for (let a = adjStart[u], end = adjStart[u + 1]; a < end; a++) {
        const e = adjEdge[a];
        if (stamp[e] === gen) continue;
        stamp[e] = gen;
        const dA = view.nodeDistM(edgeFrom[e]), dB = view.nodeDistM(edgeTo[e]);
        if (dA > levelM && dB > levelM) continue;
        p2[1] = edgeLengthM[e];
        d2[0] = dA;
        d2[1] = dB;
        this.addEdge(network, e, p2, d2, 2, levelM);
      }
    });
    return this;
  }

  /** The pieces of the edges sources stand on (their distance has a V at every source) and the sources' legs; stamps those edges when given. */
  private collectSourceEdges(network: PiecesNetwork, view: FieldView, levelM: number, stamp: Uint32Array | undefined, gen: number): void {
    const { sources } = view;
    const { edgeFrom, edgeTo, edgeLengthM } = network;
    const onEdge = new Map<number, number[]>();
    for (let s = 0; s < sources.count; s++) {
      const e = sources.edge[s];
      if (e < 0) continue;
      const list = onEdge.get(e);
      if (list) list.push(s);
      else onEdge.set(e, [s]);
      if (view.sourceX && view.sourceY) this.addLeg(view.sourceX[s], view.sourceY[s], sources.snapX[s], sources.snapY[s], sources.offNetworkM[s], levelM);
    }
    for (const [e, list] of onEdge) {
      if (stamp) stamp[e] = gen;
      list.sort((a, b) => sources.offsetM[a] - sources.offsetM[b] || a - b);
      const m = list.length + 2;
      const p = new Float64Array(m), d = new Float64Array(m);
      p[0] = 0;
      d[0] = view.nodeDistM(edgeFrom[e]);
      for (let i = 0; i < list.length; i++) {
        p[i + 1] = sources.offsetM[list[i]];
        d[i + 1] = sources.offNetworkM[list[i]];
      }
      p[m - 1] = edgeLengthM[e];
      d[m - 1] = view.nodeDistM(edgeTo[e]);
      this.addEdge(network, e, p, d, m, levelM);
    }
  }

  /**
   * One edge, given its entries: positions along it (ascending, first 0, last its length) where walkers
   * enter with a known distance (its two ends, and any sources standing on it).
   */
  private addEdge(network: PiecesNetwork, e: number, p: Float64Array, d: Float64Array, m: number, levelM: number): void {
    // Between consecutive entries the distance is min(s + cF, cG - s): the best entry behind plus the
    // walk forward, or the best entry ahead plus the walk back. cF and cG are running minima.
    this.ensureKnots(4 * m + 4);
    const baseS = this.baseS, baseD = this.baseD;
    let nb = 0;
    let cF = Infinity;
    for (let i = 0; i < m - 1; i++) {
      cF = Math.min(cF, d[i] - p[i]);
      let cG = Infinity;
      for (let j = i + 1; j < m; j++) cG = Math.min(cG, d[j] + p[j]);
      const a = p[i], b = p[i + 1];
      baseS[nb] = a; baseD[nb++] = Math.min(a + cF, cG - a);
      const peak = (cG - cF) / 2;
      if (peak > a && peak < b) { baseS[nb] = peak; baseD[nb++] = peak + cF; }
      if (i === m - 2) { baseS[nb] = b; baseD[nb++] = Math.min(b + cF, cG - b); }
    }
    // The distance is finite everywhere on the edge or nowhere (when no entry is reached).
    if (!(baseD[0] < Infinity)) return;

    // Add the points where the distance crosses the level, so pieces are either wholly in or out.
    const knotS = this.knotS, knotD = this.knotD;
    let nk = 0;
    for (let k = 0; k < nb; k++) {
      if (k > 0) {
        const sa = baseS[k - 1], da = baseD[k - 1], sb = baseS[k], db = baseD[k];
        if ((da < levelM && db > levelM) || (da > levelM && db < levelM)) {
          knotS[nk] = sa + ((levelM - da) / (db - da)) * (sb - sa);
          knotD[nk++] = levelM;
        }
      }
      knotS[nk] = baseS[k];
      knotD[nk++] = baseD[k];
    }

    const { edgeGeomStart, geomVertex, geomOffsetM, vertexX, vertexY } = network;
    const gStart = edgeGeomStart[e], gEnd = edgeGeomStart[e + 1];
    const tolerance = levelM * 1e-12 + 1e-9;
    let ki = 1;
    let s = 0, dist = knotD[0];
    let x = vertexX[geomVertex[gStart]], y = vertexY[geomVertex[gStart]];
    let newLine = 1;
    for (let gi = gStart + 1; gi < gEnd;) {
      const gs = geomOffsetM[gi];
      const ks = ki < nk ? knotS[ki] : Infinity;
      let ns: number, nd: number, nx: number, ny: number, atKnot: boolean;
      if (ks < gs) {
        const g0 = geomOffsetM[gi - 1];
        const f = (ks - g0) / (gs - g0);
        const v0 = geomVertex[gi - 1], v1 = geomVertex[gi];
        nx = vertexX[v0] + f * (vertexX[v1] - vertexX[v0]);
        ny = vertexY[v0] + f * (vertexY[v1] - vertexY[v0]);
        ns = ks;
        nd = knotD[ki++];
        atKnot = true;
      } else {
        const v1 = geomVertex[gi++];
        nx = vertexX[v1];
        ny = vertexY[v1];
        ns = gs;
        if (ks === gs) {
          nd = knotD[ki++];
          atKnot = true;
        } else {
          const sa = knotS[ki - 1], sb = knotS[ki];
          nd = knotD[ki - 1] + ((gs - sa) / (sb - sa)) * (knotD[ki] - knotD[ki - 1]);
          atKnot = false;
        }
      }
      if (ns > s) {
        if (dist <= levelM + tolerance && nd <= levelM + tolerance) {
          this.push(x, y, dist, nx, ny, nd, e, newLine);
          newLine = 0;
        } else {
          newLine = 1;
        }
      }
      if (atKnot) newLine = 1;
      s = ns; dist = nd; x = nx; y = ny;
    }
  }

  /** The straight walk from a source to its linking point, cut at the level. */
  private addLeg(x0: number, y0: number, x1: number, y1: number, lengthM: number, levelM: number): void {
    if (!(lengthM > 0)) return;
    if (lengthM > levelM) {
      const f = levelM / lengthM;
      this.push(x0, y0, 0, x0 + f * (x1 - x0), y0 + f * (y1 - y0), levelM, -1, 1);
    } else {
      this.push(x0, y0, 0, x1, y1, lengthM, -1, 1);
    }
  }

  private push(x0: number, y0: number, d0: number, x1: number, y1: number, d1: number, edge: number, startsLine: number): void {
    const i = this.count;
    if (i === this.edge.length) this.grow();
    const c = this.coords;
    c[6 * i] = x0; c[6 * i + 1] = y0; c[6 * i + 2] = d0;
    c[6 * i + 3] = x1; c[6 * i + 4] = y1; c[6 * i + 5] = d1;
    this.edge[i] = edge;
    this.startsLine[i] = startsLine;
    this.count = i + 1;
    if (x0 < this.minX) this.minX = x0;
    if (x1 < this.minX) this.minX = x1;
    if (y0 < this.minY) this.minY = y0;
    if (y1 < this.minY) this.minY = y1;
    if (x0 > this.maxX) this.maxX = x0;
    if (x1 > this.maxX) this.maxX = x1;
    if (y0 > this.maxY) this.maxY = y0;
    if (y1 > this.maxY) this.maxY = y1;
  }

  private grow(n = this.edge.length * 2): void {
    const coords = new Float64Array(6 * n);
    coords.set(this.coords);
    this.coords = coords;
    const edge = new Int32Array(n);
    edge.set(this.edge);
    this.edge = edge;
    const starts = new Uint8Array(n);
    starts.set(this.startsLine);
    this.startsLine = starts;
  }

  private reserve(n: number): void {
    if (this.edge.length < n) this.grow(n);
  }

  private ensureKnots(n: number): void {
    if (this.knotS.length >= n) return;
    this.knotS = new Float64Array(n);
    this.knotD = new Float64Array(n);
    this.baseS = new Float64Array(n);
    this.baseD = new Float64Array(n);
  }
}
