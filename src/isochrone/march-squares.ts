/**
 * Marching squares over a grid of cell-centre values, for one level at a time: the boundary of the
 * cells whose value is at or above the level, as closed rings with holes assigned to their polygons.
 *
 * Why not d3-contour: at city extent (millions of cells, tens of levels) its per-cell closures, its
 * fragment objects and its point-in-polygon hole assignment took most of `analyze`'s time. This does
 * the same geometry with typed arrays: the same cases and saddle rule (inside corners that touch only
 * diagonally stay apart, so a diagonal gap such as a river stays open), the same linear interpolation
 * along cell edges, and `-Infinity` read as "never reached". Rows are scanned only between the first
 * and last reached cell (`rowMin`/`rowMax`), so empty ground costs nothing.
 *
 * Crossings are named by the cell edge they lie on: 2 (j nx + i) for the edge from cell (i, j) to
 * (i + 1, j), plus 1 for the edge from (i, j) to (i, j + 1). Each square links the crossing where the
 * boundary enters it to the one where it leaves, with the inside on the left, so rings come out
 * counter-clockwise around regions and clockwise around holes (x east, y north).
 */
export interface MarchGrid {
  readonly values: Float32Array;
  readonly nx: number;
  readonly ny: number;
  /** For each row, the first and last column that may hold a value above -Infinity (rowMin > rowMax: none). */
  readonly rowMin: Int32Array;
  readonly rowMax: Int32Array;
}

export interface MarchPolygon {
  /** Rings in grid units (cell (i, j)'s centre is at (i + 0.5, j + 0.5)), flat [x0, y0, x1, y1, ...], not closed: the exterior, then its holes. */
  readonly rings: Float64Array[];
}

// For each case (bit 1: cell (i, j), 2: (i + 1, j), 4: (i + 1, j + 1), 8: (i, j + 1) at or above the
// level), the square's boundary pieces as [from side, to side]; sides 0 bottom, 1 right, 2 top, 3 left.
const CASES: readonly (readonly number[])[] = [
  [], [0, 3], [1, 0], [1, 3], [2, 1], [0, 3, 2, 1], [2, 0], [2, 3],
  [3, 2], [0, 2], [1, 0, 3, 2], [1, 2], [3, 1], [0, 1], [3, 0], [],
];

/** Scratch arrays sized to the largest grid seen, reused from level to level and raster to raster. */
export class MarchWorkspace {
  private next = new Int32Array(0);
  private ringOf = new Int32Array(0);
  private starts = new Int32Array(1024);

  /** Rings of the region at or above `level`, grouped into polygons; rings enclosing less than `minArea` (cells) are dropped. */
  polygons(grid: MarchGrid, level: number, minArea: number): MarchPolygon[] {
    const size = 2 * grid.nx * grid.ny;
    if (this.next.length < size) {
      this.next = new Int32Array(size).fill(-1);
      this.ringOf = new Int32Array(size).fill(-1);
    }
    const nStarts = this.linkCrossings(grid, level);
    return this.groupRings(grid, level, minArea, this.traceRings(grid, level, nStarts));
  }

  /**
   * 1. Links crossings square by square (`next`), and lists where each link starts; returns how many.
   * The grid has a margin of unreached cells (TimeRaster's padding), so every crossing lies between
   * two squares and every chain closes.
   */
  private linkCrossings(grid: MarchGrid, level: number): number {
    const { values, nx, ny, rowMin, rowMax } = grid;
    const next = this.next;
    let starts = this.starts;
    let nStarts = 0;
    for (let j = 0; j < ny - 1; j++) {
      const lo = Math.max(0, Math.min(rowMin[j], rowMin[j + 1]) - 1);
      const hi = Math.min(nx - 2, Math.max(rowMax[j], rowMax[j + 1]));
      if (lo > hi) continue;
      const row = j * nx, up = row + nx;
      let b0 = values[row + lo] >= level ? 1 : 0;
      let t0 = values[up + lo] >= level ? 1 : 0;
      for (let i = lo; i <= hi; i++) {
        const b1 = values[row + i + 1] >= level ? 1 : 0;
        const t1 = values[up + i + 1] >= level ? 1 : 0;
        const c = b0 | (b1 << 1) | (t1 << 2) | (t0 << 3);
        b0 = b1;
        t0 = t1;
        if (c === 0 || c === 15) continue;
        const pieces = CASES[c];
        for (let p = 0; p < pieces.length; p += 2) {
          const from = sideEdge(pieces[p], i, j, nx), to = sideEdge(pieces[p + 1], i, j, nx);
          next[from] = to;
          if (nStarts === starts.length) {
            const grown = new Int32Array(starts.length * 2);
            grown.set(starts);
            starts = this.starts = grown;
          }
          starts[nStarts++] = from;
        }
      }
    }
    return nStarts;
  }

  /**
   * 2. Follows the links into rings, in grid units, unlinking them as it goes (so `next` is all -1
   * again for the next level), and tells exteriors (positive area) from holes.
   */
  private traceRings(grid: MarchGrid, level: number, nStarts: number): TracedRings {
    const { values, nx } = grid;
    const { next, ringOf, starts } = this;
    const rings: Float64Array[] = [];
    const areas: number[] = [];
    const westEdge: number[] = [];
    let buffer = new Float64Array(256);
    for (let s = 0; s < nStarts; s++) {
      const start = starts[s];
      if (next[start] < 0) continue;
      const id = rings.length;
      let n = 0, area = 0, west = -1, westI = Infinity;
      let e = start;
      do {
        if (n + 2 > buffer.length) {
          const grown = new Float64Array(buffer.length * 2);
          grown.set(buffer);
          buffer = grown;
        }
        const cell = e >> 1, i = cell % nx, j = (cell - i) / nx;
        const v0 = values[cell];
        if ((e & 1) === 0) {
          buffer[n++] = i + 0.5 + fraction(v0, values[cell + 1], level);
          buffer[n++] = j + 0.5;
          if (i < westI) { westI = i; west = e; }
        } else {
          buffer[n++] = i + 0.5;
          buffer[n++] = j + 0.5 + fraction(v0, values[cell + nx], level);
        }
        ringOf[e] = id;
        const after = next[e];
        next[e] = -1;
        e = after;
      } while (e !== start && e >= 0);
      for (let k = 0, m = n; k < m; k += 2) {
        const k2 = (k + 2) % m;
        area += buffer[k] * buffer[k2 + 1] - buffer[k2] * buffer[k + 1];
      }
      rings.push(buffer.slice(0, n));
      areas.push(area / 2);
      westEdge.push(west);
    }
    return { rings, areas, westEdge };
  }

  /**
   * 3. Exteriors of at least `minArea` become polygons, and each hole joins the polygon whose ground
   * lies just west of it: walk west along the row from its westmost crossing (ground on that side) to
   * the next crossing, which is the polygon's exterior or another of its holes.
   */
  private groupRings(grid: MarchGrid, level: number, minArea: number, { rings, areas, westEdge }: TracedRings): MarchPolygon[] {
    const { values, nx } = grid;
    const ringOf = this.ringOf;
    const owner = new Int32Array(rings.length).fill(-2);
    const chain: number[] = [];
    const ownerOf = (first: number): number => {
      // Iterative: a polygon may have thousands of holes in a row.
      let r = first;
      while (owner[r] === -2 && areas[r] <= 0) {
        chain.push(r);
        const e = westEdge[r];
        const cell = e >> 1, i0 = cell % nx, row = cell - i0;
        let i = i0 - 1;
        while (i >= 0 && values[row + i] >= level) i--;
        // A hole always has ground to its west within the grid; -1 only if the grid were malformed.
        if (i < 0) { r = -1; break; }
        r = ringOf[2 * (row + i)];
      }
      const o = r < 0 ? -1 : areas[r] > 0 ? r : owner[r];
      for (const h of chain) owner[h] = o;
      chain.length = 0;
      return o;
    };
    const polygons: MarchPolygon[] = [];
    const polygonOf = new Int32Array(rings.length).fill(-1);
    for (let r = 0; r < rings.length; r++) {
      if (areas[r] > 0 && areas[r] >= minArea) {
        polygonOf[r] = polygons.length;
        polygons.push({ rings: [rings[r]] });
      }
    }
    for (let r = 0; r < rings.length; r++) {
      if (areas[r] >= 0 || -areas[r] < minArea) continue;
      const o = ownerOf(r);
      if (o >= 0 && polygonOf[o] >= 0) polygons[polygonOf[o]].rings.push(rings[r]);
    }
    return polygons;
  }
}

/** The rings of one level, in grid units, with their signed areas (positive: exterior) and, per ring, its crossing of a row edge farthest west (for assigning holes). */
interface TracedRings {
  readonly rings: Float64Array[];
  readonly areas: number[];
  readonly westEdge: number[];
}

/** The crossing on side `side` (0 bottom, 1 right, 2 top, 3 left) of square (i, j). */
function sideEdge(side: number, i: number, j: number, nx: number): number {
  switch (side) {
    case 0: return 2 * (j * nx + i);
    case 1: return 2 * (j * nx + i + 1) + 1;
    case 2: return 2 * ((j + 1) * nx + i);
    default: return 2 * (j * nx + i) + 1;
  }
}

/** Where between two cell centres the level is crossed, 0 at the first; an unreached cell puts it on the reached one. */
function fraction(v0: number, v1: number, level: number): number {
  if (v0 === -Infinity) return 1;
  if (v1 === -Infinity) return 0;
  const f = (level - v0) / (v1 - v0);
  return f < 0 ? 0 : f > 1 ? 1 : f;
}
