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

  /** First index whose id is >= `id`. */
  private lowerBound(id: number): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records a node's position if it is one we need. */
  offer(id: number, lon: number, lat: number): void {
    const ids = this.ids;
    let c = this.scan;
    if (!((c === ids.length || ids[c] >= id) && (c === 0 || ids[c - 1] < id))) c = this.lowerBound(id);
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
    const i = this.lowerBound(id);
    return i < this.ids.length && this.ids[i] === id && this.found[i] ? [this.lon[i], this.lat[i]] : null;
  }
}
