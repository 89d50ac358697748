import type { NetworkBuilder, StreetTags } from './network-builder.js';
import { cellOutline, nodeId } from './outline.js';
import type { Random } from './random.js';
import { crossesAnyRiver, inAnyRiver, type River } from './river.js';

// A street grid district: a lattice of junctions, rotated, warped and jittered so that no two blocks
// are alike, with streets as long OSM-style ways running through several junctions, curved by shape
// vertices, mid-block footways and dead-end service roads joining those ways in their interiors.
// Cells (blocks) that fall in a river are left without streets except along a few bridge lines.
// Strong jitter and dropped segments make the same code produce an irregular old town or a village.

export interface GridDistrictSpec {
  centreX: number;
  centreY: number;
  /** Cells across (x) and up (y). */
  nx: number;
  ny: number;
  cellWM: number;
  cellHM: number;
  rotationRad: number;
  /** Random displacement of each junction, metres. */
  jitterM: number;
  /** A sine warp bends the grid lines: amplitude and wavelength, metres. */
  warpAmpM: number;
  warpWaveM: number;
  /** Pieces per street segment between junctions: subdivisions - 1 shape vertices. */
  subdivisions: number;
  /** Lateral displacement of shape vertices, metres. */
  wobbleM: number;
  /** Every k-th grid line (counted from the middle) is a main road. */
  arterialEvery: number;
  /** Share of minor interior segments removed: T-junctions and irregular blocks. */
  dropShare: number;
  footpathShare: number;
  serviceShare: number;
  /** Share of service roads tagged access=private (gated compounds) or foot=no. */
  privateShare: number;
  /** Where a river crosses, every k-th column line is a bridge (0: no bridges). */
  bridgeEveryCols: number;
  bridgeOffset: number;
  /** Ways run through up to this many junctions. */
  maxWaySegments: number;
  minorHighway: string;
}

export const defaultGridSpec: Omit<GridDistrictSpec, 'centreX' | 'centreY' | 'nx' | 'ny'> = {
  cellWM: 100,
  cellHM: 100,
  rotationRad: 0,
  jitterM: 8,
  warpAmpM: 20,
  warpWaveM: 1500,
  subdivisions: 2,
  wobbleM: 3,
  arterialEvery: 5,
  dropShare: 0.05,
  footpathShare: 0.25,
  serviceShare: 0.15,
  privateShare: 0.2,
  bridgeEveryCols: 8,
  bridgeOffset: 3,
  maxWaySegments: 6,
  minorHighway: 'residential',
};

const NONE = -1;

export class GridDistrict {
  readonly nx: number;
  readonly ny: number;
  /** Junction positions, metres, indexed by nodeId(nx, i, j). */
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /** Builder vertex of each junction, or -1 where no street reaches it. */
  readonly nodeVertex: Int32Array;
  /** 1 where the block is land, 0 where it is river. */
  readonly cellLand: Uint8Array;
  /** Middle shape vertex of each horizontal / vertical segment, for joining footways mid-block. */
  private readonly hMid: Int32Array;
  private readonly vMid: Int32Array;
  private readonly hState: Uint8Array;
  private readonly vState: Uint8Array;

  constructor(
    readonly spec: GridDistrictSpec,
    private readonly rng: Random,
    private readonly rivers: readonly River[],
  ) {
    const { nx, ny } = spec;
    this.nx = nx;
    this.ny = ny;
    const nodes = (nx + 1) * (ny + 1);
    this.nodeX = new Float64Array(nodes);
    this.nodeY = new Float64Array(nodes);
    this.nodeVertex = new Int32Array(nodes).fill(NONE);
    this.cellLand = new Uint8Array(nx * ny);
    this.hMid = new Int32Array(nx * (ny + 1)).fill(NONE);
    this.vMid = new Int32Array((nx + 1) * ny).fill(NONE);
    this.hState = new Uint8Array(nx * (ny + 1));
    this.vState = new Uint8Array((nx + 1) * ny);
    this.placeNodes();
    this.markRiverCells();
  }

  private placeNodes(): void {
    const s = this.spec;
    const cos = Math.cos(s.rotationRad);
    const sin = Math.sin(s.rotationRad);
    const phaseA = this.rng.uniform(0, 2 * Math.PI);
    const phaseB = this.rng.uniform(0, 2 * Math.PI);
    const k = (2 * Math.PI) / s.warpWaveM;
    for (let j = 0; j <= s.ny; j++) {
      for (let i = 0; i <= s.nx; i++) {
        let u = (i - s.nx / 2) * s.cellWM + this.rng.uniform(-s.jitterM, s.jitterM);
        let v = (j - s.ny / 2) * s.cellHM + this.rng.uniform(-s.jitterM, s.jitterM);
        const du = 0.5 * s.warpAmpM * Math.sin(k * v + phaseB);
        v += s.warpAmpM * Math.sin(k * u + phaseA);
        u += du;
        const n = nodeId(s.nx, i, j);
        this.nodeX[n] = s.centreX + u * cos - v * sin;
        this.nodeY[n] = s.centreY + u * sin + v * cos;
      }
    }
  }

  private markRiverCells(): void {
    for (let j = 0; j < this.ny; j++)
      for (let i = 0; i < this.nx; i++) {
        const [cx, cy] = this.cellCentre(j * this.nx + i);
        this.cellLand[j * this.nx + i] = inAnyRiver(this.rivers, cx, cy) ? 0 : 1;
      }
  }

  cellCentre(cell: number): [number, number] {
    const i = cell % this.nx;
    const j = (cell - i) / this.nx;
    const { nodeX: X, nodeY: Y, nx } = this;
    const a = nodeId(nx, i, j);
    const b = nodeId(nx, i + 1, j);
    const c = nodeId(nx, i + 1, j + 1);
    const d = nodeId(nx, i, j + 1);
    return [(X[a] + X[b] + X[c] + X[d]) / 4, (Y[a] + Y[b] + Y[c] + Y[d]) / 4];
  }

  /** A point inside the block at bilinear coordinates (u, v) in [0, 1]: inside the community for
   * any u, v strictly between 0 and 1, since blocks are convex quadrilaterals. */
  pointInCell(cell: number, u: number, v: number): [number, number] {
    const i = cell % this.nx;
    const j = (cell - i) / this.nx;
    const { nodeX: X, nodeY: Y, nx } = this;
    const a = nodeId(nx, i, j);
    const b = nodeId(nx, i + 1, j);
    const c = nodeId(nx, i + 1, j + 1);
    const d = nodeId(nx, i, j + 1);
    const x = (1 - v) * ((1 - u) * X[a] + u * X[b]) + v * ((1 - u) * X[d] + u * X[c]);
    const y = (1 - v) * ((1 - u) * Y[a] + u * Y[b]) + v * ((1 - u) * Y[d] + u * Y[c]);
    return [x, y];
  }

  private land(i: number, j: number): number {
    if (i < 0 || j < 0 || i >= this.nx || j >= this.ny) return -1; // outside the district
    return this.cellLand[j * this.nx + i];
  }

  private isArterial(line: number, count: number): boolean {
    return (line - Math.floor(count / 2)) % this.spec.arterialEvery === 0;
  }

  /** Decides which segments carry a street (1) or a bridge (2), then writes the ways. */
  build(net: NetworkBuilder): void {
    const { nx, ny, spec, rng } = this;
    const STREET = 1;
    const BRIDGE = 2;
    for (let j = 0; j <= ny; j++)
      for (let i = 0; i < nx; i++) {
        const below = this.land(i, j - 1);
        const above = this.land(i, j);
        if (below !== 1 && above !== 1) continue;
        const interior = below === 1 && above === 1 && j > 0 && j < ny;
        if (interior && !this.isArterial(j, ny + 1) && rng.chance(spec.dropShare)) continue;
        this.hState[j * nx + i] = STREET;
      }
    for (let j = 0; j < ny; j++)
      for (let i = 0; i <= nx; i++) {
        const left = this.land(i - 1, j);
        const right = this.land(i, j);
        if (left === 1 || right === 1) {
          const interior = left === 1 && right === 1 && i > 0 && i < nx;
          if (interior && !this.isArterial(i, nx + 1) && rng.chance(spec.dropShare)) continue;
          this.vState[j * (nx + 1) + i] = STREET;
        } else if (
          left === 0 &&
          right === 0 &&
          spec.bridgeEveryCols > 0 &&
          i % spec.bridgeEveryCols === spec.bridgeOffset % spec.bridgeEveryCols
        ) {
          this.vState[j * (nx + 1) + i] = BRIDGE;
        }
      }
    this.pruneDanglingBridges();

    for (let j = 0; j <= ny; j++) {
      const tags = this.isArterial(j, ny + 1) ? { highway: j === Math.floor(ny / 2) ? 'primary' : 'secondary' } : { highway: spec.minorHighway };
      this.writeLine(net, nx, (i) => this.hState[j * nx + i], (i) => nodeId(nx, i, j), this.hMid, (i) => j * nx + i, tags);
    }
    for (let i = 0; i <= nx; i++) {
      const tags = this.isArterial(i, nx + 1) ? { highway: 'secondary' } : { highway: spec.minorHighway };
      this.writeLine(net, ny, (j) => this.vState[j * (nx + 1) + i], (j) => nodeId(nx, i, j), this.vMid, (j) => j * (nx + 1) + i, tags);
    }
    this.buildBlockPaths(net);
  }

  /** A bridge run must land on streets at both ends, or it would be a pier to nowhere. */
  private pruneDanglingBridges(): void {
    const { nx, ny } = this;
    const touchesStreet = (i: number, j: number) =>
      (i > 0 && this.hState[j * nx + i - 1] === 1) ||
      (i < nx && j <= ny && this.hState[j * nx + i] === 1) ||
      (j > 0 && this.vState[(j - 1) * (nx + 1) + i] === 1) ||
      (j < ny && this.vState[j * (nx + 1) + i] === 1);
    for (let i = 0; i <= nx; i++) {
      let j = 0;
      while (j < ny) {
        if (this.vState[j * (nx + 1) + i] !== 2) {
          j++;
          continue;
        }
        let end = j;
        while (end < ny && this.vState[end * (nx + 1) + i] === 2) end++;
        const ok = touchesStreet(i, j) && touchesStreet(i, end) && j > 0 && end < ny;
        if (!ok) for (let k = j; k < end; k++) this.vState[k * (nx + 1) + i] = 0;
        j = end;
      }
    }
  }

  private vertexOf(net: NetworkBuilder, node: number): number {
    let v = this.nodeVertex[node];
    if (v === NONE) {
      v = net.addVertex(this.nodeX[node], this.nodeY[node]);
      this.nodeVertex[node] = v;
    }
    return v;
  }

  /** Walks one grid line, cutting its runs of streets (or bridges) into ways of random length. */
  private writeLine(
    net: NetworkBuilder,
    count: number,
    state: (k: number) => number,
    node: (k: number) => number,
    mids: Int32Array,
    segIndex: (k: number) => number,
    tags: StreetTags,
  ): void {
    const { spec, rng } = this;
    let k = 0;
    const way: number[] = [];
    while (k < count) {
      const st = state(k);
      if (st === 0) {
        k++;
        continue;
      }
      // One way: up to maxWaySegments segments of the same state.
      const len = rng.int(Math.max(1, Math.ceil(spec.maxWaySegments / 3)), spec.maxWaySegments);
      way.length = 0;
      way.push(this.vertexOf(net, node(k)));
      let taken = 0;
      while (k < count && state(k) === st && taken < len) {
        const a = node(k);
        const b = node(k + 1);
        this.shapeVertices(net, a, b, mids, segIndex(k), way);
        way.push(this.vertexOf(net, b));
        k++;
        taken++;
      }
      const wayTags = st === 2 ? { highway: tags.highway === spec.minorHighway ? 'tertiary' : tags.highway, bridge: 'yes', layer: '1' } : tags;
      net.addLine(way, wayTags);
    }
  }

  private shapeVertices(net: NetworkBuilder, a: number, b: number, mids: Int32Array, seg: number, out: number[]): void {
    const { subdivisions, wobbleM } = this.spec;
    if (subdivisions < 2) return;
    const ax = this.nodeX[a];
    const ay = this.nodeY[a];
    const dx = this.nodeX[b] - ax;
    const dy = this.nodeY[b] - ay;
    const len = Math.hypot(dx, dy) || 1;
    const px = -dy / len;
    const py = dx / len;
    const midPiece = Math.floor(subdivisions / 2);
    for (let p = 1; p < subdivisions; p++) {
      const t = p / subdivisions + this.rng.uniform(-0.1, 0.1) / subdivisions;
      const w = this.rng.uniform(-wobbleM, wobbleM);
      const v = net.addVertex(ax + dx * t + px * w, ay + dy * t + py * w);
      if (p === midPiece) mids[seg] = v;
      out.push(v);
    }
  }

  /** Footways across blocks and dead-end service roads into them, joined to the middle of street
   * ways: junctions in the interior of lines, as in OSM. */
  private buildBlockPaths(net: NetworkBuilder): void {
    const { nx, ny, spec, rng } = this;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (this.cellLand[j * nx + i] !== 1) continue;
        const bottom = this.hMid[j * nx + i];
        const top = this.hMid[(j + 1) * nx + i];
        const left = this.vMid[j * (nx + 1) + i];
        const right = this.vMid[j * (nx + 1) + i + 1];
        if (rng.chance(spec.footpathShare)) {
          const vertical = rng.chance(0.5);
          const [a, b] = vertical ? [bottom, top] : [left, right];
          if (a !== NONE && b !== NONE) {
            const [cx, cy] = this.pointInCell(j * nx + i, rng.uniform(0.35, 0.65), rng.uniform(0.35, 0.65));
            net.addLine([a, net.addVertex(cx, cy), b], { highway: 'footway' });
          }
        }
        if (rng.chance(spec.serviceShare)) {
          const from = rng.pick([bottom, top, left, right]);
          if (from !== NONE) {
            const [cx, cy] = this.pointInCell(j * nx + i, rng.uniform(0.4, 0.6), rng.uniform(0.4, 0.6));
            const tags: StreetTags = rng.chance(spec.privateShare)
              ? rng.chance(0.7)
                ? { highway: 'service', access: 'private' }
                : { highway: 'service', foot: 'no' }
              : { highway: 'service' };
            net.addLine([from, net.addVertex((net.x(from) + cx) / 2, (net.y(from) + cy) / 2), net.addVertex(cx, cy)], tags);
          }
        }
      }
  }

  /**
   * A road that passes over (or under) the grid between two junctions, with vertices of its own in
   * between: it crosses streets without sharing a vertex, as a flyover or underpass does. Skipped
   * (returns false) when it would cross a river, which would be an unplanned bridge.
   */
  addPass(net: NetworkBuilder, from: [number, number], to: [number, number], tags: StreetTags, stepM = 70): boolean {
    const a = nodeId(this.nx, from[0], from[1]);
    const b = nodeId(this.nx, to[0], to[1]);
    if (this.nodeVertex[a] === NONE || this.nodeVertex[b] === NONE) return false;
    const ax = this.nodeX[a];
    const ay = this.nodeY[a];
    const bx = this.nodeX[b];
    const by = this.nodeY[b];
    if (crossesAnyRiver(this.rivers, ax, ay, bx, by)) return false;
    const steps = Math.max(2, Math.round(Math.hypot(bx - ax, by - ay) / stepM));
    const line = [this.nodeVertex[a]];
    for (let s = 1; s < steps; s++) {
      // A small sideways offset keeps pass vertices off the street junctions.
      line.push(net.addVertex(ax + ((bx - ax) * s) / steps + 3.7, ay + ((by - ay) * s) / steps + 2.9));
    }
    line.push(this.nodeVertex[b]);
    return net.addLine(line, tags);
  }

  /** Junctions on the district's edge that carry a street: where connectors to other districts start. */
  ports(): number[] {
    const out: number[] = [];
    const { nx, ny } = this;
    for (let j = 0; j <= ny; j++)
      for (let i = 0; i <= nx; i++) {
        if (i !== 0 && j !== 0 && i !== nx && j !== ny) continue;
        const v = this.nodeVertex[nodeId(nx, i, j)];
        if (v !== NONE) out.push(v);
      }
    return out;
  }

  /**
   * Cuts the land blocks into communities: rectangles of colsRange x rowsRange blocks, each split
   * where the river runs through it, so no community straddles the river. Pieces smaller than
   * minCells stay unassigned (a sliver of riverbank).
   */
  communityBlocks(colsRange: [number, number], rowsRange: [number, number], minCells = 2): number[][] {
    const cuts = (count: number, [lo, hi]: [number, number]) => {
      const out = [0];
      while (out[out.length - 1] < count) out.push(out[out.length - 1] + this.rng.int(lo, hi));
      out[out.length - 1] = count;
      if (out.length > 2 && out[out.length - 1] - out[out.length - 2] < lo) out.splice(out.length - 2, 1);
      return out;
    };
    const colCuts = cuts(this.nx, colsRange);
    const rowCuts = cuts(this.ny, rowsRange);
    const groups: number[][] = [];
    for (let r = 0; r + 1 < rowCuts.length; r++)
      for (let c = 0; c + 1 < colCuts.length; c++) {
        const seen = new Set<number>();
        for (let j = rowCuts[r]; j < rowCuts[r + 1]; j++)
          for (let i = colCuts[c]; i < colCuts[c + 1]; i++) {
            const start = j * this.nx + i;
            if (!this.cellLand[start] || seen.has(start)) continue;
            const group: number[] = [];
            const stack = [start];
            seen.add(start);
            while (stack.length) {
              const cell = stack.pop()!;
              group.push(cell);
              const ci = cell % this.nx;
              const cj = (cell - ci) / this.nx;
              for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
                const ni = ci + di;
                const nj = cj + dj;
                if (ni < colCuts[c] || ni >= colCuts[c + 1] || nj < rowCuts[r] || nj >= rowCuts[r + 1]) continue;
                const n = nj * this.nx + ni;
                if (this.cellLand[n] && !seen.has(n)) { seen.add(n); stack.push(n); }
              }
            }
            if (group.length >= minCells) groups.push(group.sort((a, b) => a - b));
          }
      }
    return groups;
  }

  /** Rings (outer first) of a group of blocks, as flat [x0, y0, x1, y1, ...] metre arrays. */
  outline(cells: readonly number[]): number[][] {
    return cellOutline(this.nx, cells).map((ring) => {
      const flat: number[] = [];
      for (const n of ring) flat.push(this.nodeX[n], this.nodeY[n]);
      return flat;
    });
  }
}
