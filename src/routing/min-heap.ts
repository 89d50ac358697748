/**
 * A binary min-heap of (node, key) pairs in preallocated typed arrays, for Dijkstra with lazy
 * deletion: a node may be pushed several times and stale entries are skipped by the caller.
 * No objects per push, no comparator call: the hot loop of every search in the library.
 */
export class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(capacity, 16));
    this.keys = new Float64Array(Math.max(capacity, 16));
  }

  clear(): void {
    this.length = 0;
  }

  push(node: number, key: number): void {
    if (this.length === this.nodes.length) this.grow();
    const nodes = this.nodes, keys = this.keys;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent];
      if (pk <= key) break;
      nodes[i] = nodes[parent];
      keys[i] = pk;
      i = parent;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  /** Key of the top entry; only valid when length > 0. */
  peekKey(): number {
    return this.keys[0];
  }

  /** Removes the top entry and returns its node; read its key with peekKey() first. */
  pop(): number {
    const nodes = this.nodes, keys = this.keys;
    const top = nodes[0];
    const n = --this.length;
    if (n > 0) {
      const node = nodes[n], key = keys[n];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        let ck = keys[child];
        const right = child + 1;
        if (right < n && keys[right] < ck) { child = right; ck = keys[right]; }
        if (ck >= key) break;
        nodes[i] = nodes[child];
        keys[i] = ck;
        i = child;
      }
      nodes[i] = node;
      keys[i] = key;
    }
    return top;
  }

  private grow(): void {
    const nodes = new Int32Array(this.nodes.length * 2);
    const keys = new Float64Array(this.keys.length * 2);
    nodes.set(this.nodes);
    keys.set(this.keys);
    this.nodes = nodes;
    this.keys = keys;
  }
}
