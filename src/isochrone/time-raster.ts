import { InputError } from '../errors.js';
import type { ReachedPieces } from './reached-pieces.js';

/**
 * A square grid over the reached network in which every cell centre holds the shortest walk to it:
 * along the network to the nearest point of some reached piece, then straight to the centre, but only
 * when that straight leg is at most `capM`. A centre farther than the cap from every reached piece is
 * unreachable: this is what keeps areas across a river, in a park or behind a rail line out.
 *
 * Values are stored negated (`-metres`, `-Infinity` when unreachable) because d3-contour draws the
 * region at or above a value; Float32 is exact enough (centimetres at 100 km) and halves the memory.
 * Cell (i, j) has its centre at (x0 + (i + 0.5) cellM, y0 + (j + 0.5) cellM), j growing north.
 */
export class TimeRaster {
  values = new Float32Array(0);
  nx = 0;
  ny = 0;
  x0 = 0;
  y0 = 0;
  cellM = 1;
  /** Per row, the first and last column a piece may have reached (first > last: none), so contouring skips the rest. */
  rowMin = new Int32Array(0);
  rowMax = new Int32Array(0);

  /**
   * Sizes the grid to the pieces' bounding box plus the cap and a one-cell margin (so every contour
   * closes inside it), aligned to multiples of the cell size so that every origin shares one lattice.
   */
  fit(pieces: ReachedPieces, cellM: number, capM: number, maxCells: number): this {
    return this.fitBox(pieces.minX, pieces.minY, pieces.maxX, pieces.maxY, cellM, capM, maxCells);
  }

  /** The same for any box on the plane (metres). */
  fitBox(minX: number, minY: number, maxX: number, maxY: number, cellM: number, capM: number, maxCells: number): this {
    this.cellM = cellM;
    const pad = capM + cellM;
    const i0 = Math.floor((minX - pad) / cellM), i1 = Math.ceil((maxX + pad) / cellM);
    const j0 = Math.floor((minY - pad) / cellM), j1 = Math.ceil((maxY + pad) / cellM);
    this.nx = i1 - i0;
    this.ny = j1 - j0;
    this.x0 = i0 * cellM;
    this.y0 = j0 * cellM;
    const n = this.nx * this.ny;
    if (!(n <= maxCells)) {
      throw new InputError(
        `an isochrone raster of ${this.nx} x ${this.ny} cells exceeds maxCells (${maxCells}): use fewer or shorter minutes (--minutes) or a larger cell size (--cell-m), or raise maxCells`,
        undefined, undefined, 'cellM',
      );
    }
    if (this.values.length < n) this.values = new Float32Array(Math.max(n, this.values.length * 2));
    this.values.fill(-Infinity, 0, n);
    if (this.rowMin.length < this.ny) {
      this.rowMin = new Int32Array(this.ny);
      this.rowMax = new Int32Array(this.ny);
    }
    this.rowMin.fill(this.nx, 0, this.ny);
    this.rowMax.fill(-1, 0, this.ny);
    return this;
  }

  /**
   * The cells whose centres lie within `r` of the box of segment (ax, ay)-(bx, by), clamped to the
   * grid: [first column, last column, first row, last row] written into `out` (first > last: none).
   * Splatting and the coverage stack both test just these centres against the segment.
   */
  cellWindow(ax: number, ay: number, bx: number, by: number, r: number, out: Float64Array): Float64Array {
    const { nx, ny, x0, y0, cellM } = this;
    // Centre i is at x0 + (i + 0.5) cellM.
    out[0] = Math.max(0, Math.ceil((Math.min(ax, bx) - r - x0) / cellM - 0.5));
    out[1] = Math.min(nx - 1, Math.floor((Math.max(ax, bx) + r - x0) / cellM - 0.5));
    out[2] = Math.max(0, Math.ceil((Math.min(ay, by) - r - y0) / cellM - 0.5));
    out[3] = Math.min(ny - 1, Math.floor((Math.max(ay, by) + r - y0) / cellM - 0.5));
    return out;
  }

  /** The grid's values, exactly nx * ny of them (a view, not a copy). */
  grid(): Float32Array {
    return this.values.subarray(0, this.nx * this.ny);
  }

  /**
   * Writes every piece into the cells within reach of it: a distance transform bounded by the cap, one
   * piece at a time ("splat"), exact because the walk along a piece is linear and the leg to a centre
   * is measured to the nearest point of the piece. Cells that could not come under `levelM` are skipped.
   */
  splat(pieces: ReachedPieces, capM: number, levelM: number): this {
    const { nx, x0: gx0, y0: gy0, cellM, values, rowMin, rowMax } = this;
    // Only cell centres are tested, and any point lies within cellM / sqrt 2 of one: capping the walk
    // that much shorter guarantees that a strip wider than twice the cap (a river, a park) keeps an
    // open row of centres, so the contour cannot bridge it.
    const reachM = Math.max(0, capM - cellM * Math.SQRT1_2);
    const c = pieces.coords;
    const span = new Float64Array(4);
    for (let p = 0, n = pieces.count; p < n; p++) {
      const ax = c[6 * p], ay = c[6 * p + 1], ad = c[6 * p + 2];
      const bx = c[6 * p + 3], by = c[6 * p + 4], bd = c[6 * p + 5];
      const r = Math.min(reachM, levelM - Math.min(ad, bd));
      if (r < 0) continue;
      const r2 = r * r;
      const dx = bx - ax, dy = by - ay, dd = bd - ad;
      const len2 = dx * dx + dy * dy;
      const inv = len2 > 0 ? 1 / len2 : 0;
      this.cellWindow(ax, ay, bx, by, r, span);
      const iLo = span[0], iHi = span[1], jLo = span[2], jHi = span[3];
      for (let j = jLo; j <= jHi; j++) {
        if (iLo < rowMin[j]) rowMin[j] = iLo;
        if (iHi > rowMax[j]) rowMax[j] = iHi;
        const py = gy0 + (j + 0.5) * cellM - ay;
        const row = j * nx;
        for (let i = iLo; i <= iHi; i++) {
          const px = gx0 + (i + 0.5) * cellM - ax;
          let u = (px * dx + py * dy) * inv;
          u = u < 0 ? 0 : u > 1 ? 1 : u;
          const ex = px - u * dx, ey = py - u * dy;
          const h2 = ex * ex + ey * ey;
          if (h2 > r2) continue;
          const v = -(ad + u * dd + Math.sqrt(h2));
          if (v > values[row + i]) values[row + i] = v;
        }
      }
    }
    return this;
  }
}
