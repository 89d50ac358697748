/**
 * Positions to vertex ids, where positions equal on the 1e-7-degree grid are one vertex.
 * An open-addressing hash table over the two integer grid coordinates in typed arrays: at five million
 * positions a JavaScript Map of number keys slows down and fills the heap; this stays flat.
 */
export class VertexIndex {
  private readonly lonKeys: Int32Array;
  private readonly latKeys: Int32Array;
  private readonly ids: Int32Array;
  private readonly mask: number;
  count = 0;

  /**
   * `capacity`: the most positions that will be added. The table has at least 1.25 slots a position,
   * so it is at most 80% full when every position is a distinct vertex; street lines share a third
   * of their positions, and the table is then about 40% full (1.32 slots a lookup on spread-L, against
   * 1.12 at twice the size, which is 24 MB more fresh memory to fault in: the greater cost here).
   */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 1.25) size *= 2;
    this.lonKeys = new Int32Array(size);
    this.latKeys = new Int32Array(size);
    this.ids = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The id of the vertex at this position, a new one (the current count) if it is not there yet. */
  idOf(lon: number, lat: number): number {
    // Grid coordinates fit int32: |lon| x 1e7 <= 1.8e9 < 2^31.
    const x = Math.round(lon * 1e7) | 0, y = Math.round(lat * 1e7) | 0;
    const { lonKeys, latKeys, ids, mask } = this;
    let slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca6b)) >>> 0;
    slot = (slot ^ (slot >>> 15)) & mask;
    for (;;) {
      const id = ids[slot];
      if (id < 0) {
        lonKeys[slot] = x;
        latKeys[slot] = y;
        ids[slot] = this.count;
        return this.count++;
      }
      if (lonKeys[slot] === x && latKeys[slot] === y) return id;
      slot = (slot + 1) & mask;
    }
  }
}
