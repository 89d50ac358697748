// Coordinates of just the nodes the kept ways use: their ids sorted in one Float64Array (OSM ids
// pass 2^32, not 2^53) and the coordinates beside them, 24 bytes per kept node, looked up by
// binary search. A city extract keeps a few hundred thousand; a province a few million.

export class NodeIdSet {
  private ids = new Float64Array(1024);
  private n = 0;
  add(id: number): void {
    if (this.n === this.ids.length) {
      const grown = new Float64Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.n++] = id;
  }
  addAll(ids: readonly number[]): void {
    for (let i = 0; i < ids.length; i++) this.add(ids[i]);
  }
  /** Sorted, without duplicates. */
  finish(): NodeLocations {
    const sorted = this.ids.subarray(0, this.n).sort();
    let m = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
    }
    this.ids = new Float64Array(0);
    return new NodeLocations(sorted.slice(0, m));
  }
}

export class NodeLocations {
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  private readonly found: Uint8Array;
  /** Lower bound of the last offered id: nodes come sorted by id in most files, so the next one usually falls just here. */
  private scan = 0;
  foundCount = 0;

  constructor(readonly ids: Float64Array) {
    this.lon = new Float64Array(ids.length);
    this.lat = new Float64Array(ids.length);
    this.found = new Uint8Array(ids.length);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Index of the last lookup: way refs are mostly near each other in id order, so searches start there. */
  private hint = 0;

  /**
   * First index whose id is >= `id`, by galloping out from `h` and then bisecting: O(log distance),
   * so walking a way's consecutive nodes costs a step or two instead of a search of the whole array.
   */
  private lowerBoundNear(id: number, h: number): number {
    const ids = this.ids;
    const n = ids.length;
    // Invariant: the answer lies in (lo, hi]; ids[lo] < id or lo = -1; ids[hi] >= id or hi = n.
    let lo: number;
    let hi: number;
    let step = 1;
    if (h >= n || ids[h] >= id) {
      hi = Math.min(h, n);
      lo = hi - 1;
      while (lo >= 0 && ids[lo] >= id) {
        hi = lo;
        step *= 2;
        lo = h - step;
      }
      if (lo < -1) lo = -1;
    } else {
      lo = h;
      hi = h + 1;
      while (hi < n && ids[hi] < id) {
        lo = hi;
        step *= 2;
        hi = h + step;
      }
      if (hi > n) hi = n;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** Records a node's position if it is one we need. */
  offer(id: number, lon: number, lat: number): void {
    const ids = this.ids;
    let c = this.scan;
    if (!((c === ids.length || ids[c] >= id) && (c === 0 || ids[c - 1] < id))) c = this.lowerBoundNear(id, c);
    this.scan = c;
    if (c === ids.length || ids[c] !== id) return;
    this.scan = c + 1;
    if (!this.found[c]) this.foundCount++;
    this.found[c] = 1;
    this.lon[c] = lon;
    this.lat[c] = lat;
  }

  /** [lon, lat] of a node, or null when the extract does not contain it. */
  get(id: number): [number, number] | null {
    const i = this.lowerBoundNear(id, this.hint);
    if (i >= this.ids.length || this.ids[i] !== id) return null;
    this.hint = i;
    return this.found[i] ? [this.lon[i], this.lat[i]] : null;
  }
}
