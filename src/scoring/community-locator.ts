import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Position } from 'geojson';
import type { Community } from './communities.js';

/**
 * Which community holds a point, for a million points: the same answer as containingCommunity (the
 * first community in input order whose polygon holds the point; a box test, then turf's
 * point-in-polygon), with the boxes bucketed on a uniform grid instead of searched in an R-tree.
 * A bucket lists its communities in input order, so the first polygon that holds the point is the
 * answer and the search stops there, and a lookup allocates nothing: on spread-L's 1M population
 * points the R-tree search and its result arrays were most of the residents stage.
 */
export class CommunityLocator {
  private readonly boxes: Float64Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly cellW: number;
  private readonly cellH: number;
  private readonly nx: number;
  private readonly ny: number;
  /** Bucket b's communities are ids[start[b]], ..., ids[start[b + 1] - 1], in input order. */
  private readonly start: Int32Array;
  private readonly ids: Int32Array;
  private readonly scratch: Position = [0, 0];

  constructor(private readonly communities: readonly Community[]) {
    const n = communities.length;
    const boxes = new Float64Array(4 * n);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    let sumW = 0, sumH = 0;
    communities.forEach((c, i) => {
      let a = Infinity, b = Infinity, d = -Infinity, e = -Infinity;
      for (const ring of rings(c)) for (const [x, y] of ring) {
        if (x < a) a = x; if (y < b) b = y; if (x > d) d = x; if (y > e) e = y;
      }
      boxes.set([a, b, d, e], 4 * i);
      if (a < minX) minX = a; if (b < minY) minY = b; if (d > maxX) maxX = d; if (e > maxY) maxY = e;
      sumW += d - a; sumH += e - b;
    });
    this.boxes = boxes;
    this.x0 = minX;
    this.y0 = minY;
    // Cells about the size of an average community, at most 4 per community over the whole extent,
    // so that a bucket holds a few boxes and the buckets take memory in proportion to the communities.
    const spanX = Math.max(maxX - minX, 1e-9), spanY = Math.max(maxY - minY, 1e-9);
    const avgW = Math.max(sumW / Math.max(n, 1), spanX / 4096), avgH = Math.max(sumH / Math.max(n, 1), spanY / 4096);
    let nx = Math.max(1, Math.min(4096, Math.ceil(spanX / avgW)));
    let ny = Math.max(1, Math.min(4096, Math.ceil(spanY / avgH)));
    while (nx * ny > 4 * Math.max(n, 1) && (nx > 1 || ny > 1)) { nx = Math.max(1, Math.ceil(nx / 2)); ny = Math.max(1, Math.ceil(ny / 2)); }
    this.nx = nx;
    this.ny = ny;
    this.cellW = spanX / nx;
    this.cellH = spanY / ny;
    if (n === 0) {
      this.start = new Int32Array(nx * ny + 1);
      this.ids = new Int32Array(0);
      return;
    }
    // Two passes (count, then fill) into one array of ids; filling in input order keeps each bucket sorted.
    const counts = new Int32Array(nx * ny + 1);
    const each = (i: number, f: (bucket: number) => void) => {
      const ix0 = this.cellX(boxes[4 * i]), iy0 = this.cellY(boxes[4 * i + 1]), ix1 = this.cellX(boxes[4 * i + 2]), iy1 = this.cellY(boxes[4 * i + 3]);
      for (let iy = iy0; iy <= iy1; iy++) for (let ix = ix0; ix <= ix1; ix++) f(iy * nx + ix);
    };
    for (let i = 0; i < n; i++) each(i, (b) => counts[b + 1]++);
    for (let b = 0; b < nx * ny; b++) counts[b + 1] += counts[b];
    this.start = counts.slice();
    this.ids = new Int32Array(counts[nx * ny]);
    const fill = counts;
    for (let i = 0; i < n; i++) each(i, (b) => { this.ids[fill[b]++] = i; });
  }

  /** The community holding (lon, lat), the first in input order where polygons overlap, or -1. */
  locate(lon: number, lat: number): number {
    if (!(lon >= this.x0 && lat >= this.y0)) return -1;
    const b = this.cellY(lat) * this.nx + this.cellX(lon);
    const boxes = this.boxes;
    const p = this.scratch;
    for (let k = this.start[b], end = this.start[b + 1]; k < end; k++) {
      const c = this.ids[k];
      // The box test the R-tree makes (edges included), then the polygon.
      if (lon < boxes[4 * c] || lat < boxes[4 * c + 1] || lon > boxes[4 * c + 2] || lat > boxes[4 * c + 3]) continue;
      p[0] = lon;
      p[1] = lat;
      if (booleanPointInPolygon(p, this.communities[c].feature)) return c;
    }
    return -1;
  }

  // A coordinate's column and row, clamped to the grid. Monotone in the coordinate, so a point inside
  // a box (edges included) falls in one of the buckets the box was entered in.
  private cellX(x: number): number {
    return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.cellW)));
  }

  private cellY(y: number): number {
    return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.cellH)));
  }
}

function rings(c: Community): Position[][] {
  const g = c.feature.geometry;
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}
