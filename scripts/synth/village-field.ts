import { defaultGridSpec, GridDistrict } from './grid-district.js';
import { addBridgedLink, addLink } from './links.js';
import type { NetworkBuilder } from './network-builder.js';
import type { Random } from './random.js';
import { crossesAnyRiver, inAnyRiver, type River } from './river.js';

// Countryside: village territories tiling a rectangle (jittered quadrilaterals with shared, jittered
// edge midpoints, so neighbours share borders exactly), each with a small irregular village street
// cluster, and a sparse country-road net linking neighbouring villages: a random spanning tree plus a
// few loops, crossing rivers only on a couple of bridges.

export interface VillageFieldSpec {
  /** Lower-left corner, metres. */
  x0: number;
  y0: number;
  /** Territories across and up. */
  tx: number;
  ty: number;
  territoryM: number;
  cornerJitterM: number;
  /** Share of neighbour pairs beyond the spanning tree that also get a road. */
  loopShare: number;
  /** Country-road bridges allowed per river. */
  bridgesPerRiver: number;
  /** Village street cluster: cells across, cell size. */
  clusterCells: [number, number];
  clusterCellM: number;
  /** Territories for which this returns true are left out (another district is there). */
  skip?: (x: number, y: number) => boolean;
}

export interface Village {
  /** Territory ring as a flat counter-clockwise [x0, y0, ...] array. */
  ring: number[];
  centreX: number;
  centreY: number;
  cluster: GridDistrict;
  /** Position in the territory grid. */
  ti: number;
  tj: number;
}

export class VillageField {
  readonly villages: Village[] = [];

  constructor(
    readonly spec: VillageFieldSpec,
    private readonly rng: Random,
    private readonly rivers: readonly River[],
  ) {}

  build(net: NetworkBuilder): void {
    const { spec, rng } = this;
    const { tx, ty, territoryM: T, cornerJitterM: J } = spec;
    const cx = new Float64Array((tx + 1) * (ty + 1));
    const cy = new Float64Array((tx + 1) * (ty + 1));
    for (let j = 0; j <= ty; j++)
      for (let i = 0; i <= tx; i++) {
        const edge = i === 0 || j === 0 || i === tx || j === ty;
        cx[j * (tx + 1) + i] = spec.x0 + i * T + (edge ? 0 : rng.uniform(-J, J));
        cy[j * (tx + 1) + i] = spec.y0 + j * T + (edge ? 0 : rng.uniform(-J, J));
      }
    // Midpoints of territory edges, shared by the two territories on either side.
    const hMid: [number, number][] = [];
    for (let j = 0; j <= ty; j++)
      for (let i = 0; i < tx; i++) {
        const a = j * (tx + 1) + i;
        const jit = j === 0 || j === ty ? 0 : J / 2;
        hMid.push([(cx[a] + cx[a + 1]) / 2 + rng.uniform(-J / 3, J / 3), (cy[a] + cy[a + 1]) / 2 + rng.uniform(-jit, jit)]);
      }
    const vMid: [number, number][] = [];
    for (let j = 0; j < ty; j++)
      for (let i = 0; i <= tx; i++) {
        const a = j * (tx + 1) + i;
        const b = a + tx + 1;
        const jit = i === 0 || i === tx ? 0 : J / 2;
        vMid.push([(cx[a] + cx[b]) / 2 + rng.uniform(-jit, jit), (cy[a] + cy[b]) / 2 + rng.uniform(-J / 3, J / 3)]);
      }
    const grid: (Village | null)[] = [];
    for (let j = 0; j < ty; j++)
      for (let i = 0; i < tx; i++) {
        const c = (a: number, b: number) => [cx[b * (tx + 1) + a], cy[b * (tx + 1) + a]];
        const ring = [
          ...c(i, j),
          ...hMid[j * tx + i],
          ...c(i + 1, j),
          ...vMid[j * (tx + 1) + i + 1],
          ...c(i + 1, j + 1),
          ...hMid[(j + 1) * tx + i],
          ...c(i, j + 1),
          ...vMid[j * (tx + 1) + i],
        ];
        grid.push(this.makeVillage(net, ring, i, j));
      }
    this.linkVillages(net, grid);
  }

  private makeVillage(net: NetworkBuilder, ring: number[], ti: number, tj: number): Village | null {
    const { spec, rng } = this;
    let mx = 0;
    let my = 0;
    for (let k = 0; k < ring.length; k += 2) { mx += ring[k]; my += ring[k + 1]; }
    mx /= ring.length / 2;
    my /= ring.length / 2;
    if (spec.skip?.(mx, my)) return null;
    const n = rng.int(spec.clusterCells[0], spec.clusterCells[1]);
    const halfM = (n * spec.clusterCellM) / 2 + 60;
    // Settle the village off-centre, but away from the river: villages sit on the dry bank.
    let vx = mx + rng.uniform(-0.12, 0.12) * spec.territoryM;
    let vy = my + rng.uniform(-0.12, 0.12) * spec.territoryM;
    let tries = 0;
    while (this.clusterTouchesRiver(vx, vy, halfM) && tries < 12) {
      vx = mx + rng.uniform(-0.25, 0.25) * spec.territoryM;
      vy = my + rng.uniform(-0.25, 0.25) * spec.territoryM;
      tries++;
    }
    if (this.clusterTouchesRiver(vx, vy, halfM)) return null;
    const cluster = new GridDistrict(
      {
        ...defaultGridSpec,
        centreX: vx,
        centreY: vy,
        nx: n,
        ny: rng.int(spec.clusterCells[0], spec.clusterCells[1]),
        cellWM: spec.clusterCellM,
        cellHM: spec.clusterCellM * rng.uniform(0.8, 1.2),
        rotationRad: rng.uniform(-0.6, 0.6),
        jitterM: spec.clusterCellM * 0.22,
        warpAmpM: 10,
        warpWaveM: 400,
        subdivisions: 2,
        wobbleM: 4,
        arterialEvery: 1000,
        dropShare: 0.2,
        footpathShare: 0.1,
        serviceShare: 0.25,
        privateShare: 0.05,
        bridgeEveryCols: 0,
        maxWaySegments: 3,
        minorHighway: 'residential',
      },
      rng,
      this.rivers,
    );
    cluster.build(net);
    return { ring, centreX: vx, centreY: vy, cluster, ti, tj };
  }

  private clusterTouchesRiver(x: number, y: number, halfM: number): boolean {
    for (const [dx, dy] of [[0, 0], [-1, -1], [1, -1], [1, 1], [-1, 1], [0, 1], [0, -1], [1, 0], [-1, 0]])
      if (inAnyRiver(this.rivers, x + dx * halfM, y + dy * halfM, 30)) return true;
    return false;
  }

  /** The cluster junction nearest to a point: where a country road leaves the village. */
  static gate(net: NetworkBuilder, v: Village, towardX: number, towardY: number): number {
    let best = -1;
    let bestD = Infinity;
    for (const vertex of v.cluster.nodeVertex) {
      if (vertex < 0) continue;
      const d = Math.hypot(net.x(vertex) - towardX, net.y(vertex) - towardY);
      if (d < bestD) { bestD = d; best = vertex; }
    }
    return best;
  }

  private linkVillages(net: NetworkBuilder, grid: (Village | null)[]): void {
    const { tx, ty } = this.spec;
    const { rng } = this;
    const pairs: [Village, Village][] = [];
    for (let j = 0; j < ty; j++)
      for (let i = 0; i < tx; i++) {
        const a = grid[j * tx + i];
        if (!a) continue;
        const right = i + 1 < tx ? grid[j * tx + i + 1] : null;
        const up = j + 1 < ty ? grid[(j + 1) * tx + i] : null;
        if (right) pairs.push([a, right]);
        if (up) pairs.push([a, up]);
      }
    const order = rng.shuffle(pairs.map((_, k) => k));
    const parent = grid.map((_, k) => k);
    const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
    const key = (v: Village) => v.tj * tx + v.ti;
    const bridges = new Map<River, number>();
    const tags = () => ({ highway: rng.chance(0.25) ? 'tertiary' : 'unclassified' });
    const loops: [Village, Village][] = [];
    for (const k of order) {
      const [a, b] = pairs[k];
      const river = crossesAnyRiver(this.rivers, a.centreX, a.centreY, b.centreX, b.centreY);
      const ra = find(key(a));
      const rb = find(key(b));
      if (ra === rb) {
        loops.push([a, b]);
        continue;
      }
      const ga = VillageField.gate(net, a, b.centreX, b.centreY);
      const gb = VillageField.gate(net, b, a.centreX, a.centreY);
      if (river) {
        const used = bridges.get(river) ?? 0;
        if (used >= this.spec.bridgesPerRiver) continue;
        if (!addBridgedLink(net, rng, ga, gb, river, { stepM: 80, wanderM: 0, tags: { highway: 'tertiary' } })) continue;
        bridges.set(river, used + 1);
      } else {
        addLink(net, rng, ga, gb, { stepM: 80, wanderM: 120, tags: tags(), branchShare: 0.08 });
      }
      parent[ra] = rb;
    }
    for (const [a, b] of loops) {
      if (!rng.chance(this.spec.loopShare)) continue;
      if (crossesAnyRiver(this.rivers, a.centreX, a.centreY, b.centreX, b.centreY)) continue;
      const ga = VillageField.gate(net, a, b.centreX, b.centreY);
      const gb = VillageField.gate(net, b, a.centreX, a.centreY);
      // Loops are the lesser roads: field paths and tracks.
      addLink(net, rng, ga, gb, { stepM: 70, wanderM: 150, tags: { highway: rng.chance(0.5) ? 'track' : 'path' }, branchShare: 0.05 });
    }
    for (const v of grid) if (v) this.villages.push(v);
  }

  /** Village junctions, for connecting the field to towns. */
  ports(): number[] {
    const out: number[] = [];
    for (const v of this.villages) for (const vertex of v.cluster.ports()) out.push(vertex);
    return out;
  }
}
