/**
 * A monotone bucket queue (Dial's) of (node, key) entries with exact float keys: keys are binned by
 * `floor(key / widthM)` and each bin is a FIFO list in preallocated typed arrays. Popping walks the
 * bins in order, so entries leave in key order to within one bin width; the search that uses it
 * corrects the few nodes settled out of order within a bin (see NetworkSearch.run), so distances stay
 * exact. No comparisons, no sifting: appends and sequential reads, which is why it beats a binary heap
 * on a road network, where most keys differ by more than a metre.
 */
export class BucketQueue {
  /** Bin width, metres. */
  readonly widthM: number;
  private readonly invWidth: number;
  private head: Int32Array;
  private tail: Int32Array;
  /** Entry pool, appended to by push and reset by clear: node, key and the next entry in its bin. */
  entryNode: Int32Array;
  entryKey: Float64Array;
  private entryNext: Int32Array;
  private used = 0;
  /** The bin being read, and the highest bin holding an entry. */
  private current = 0;
  private top = -1;

  constructor(capacity: number, widthM: number) {
    if (!(widthM > 0)) throw new RangeError(`bucket width must be positive, got ${widthM}`);
    this.widthM = widthM;
    this.invWidth = 1 / widthM;
    this.head = new Int32Array(1024).fill(-1);
    this.tail = new Int32Array(1024);
    const c = Math.max(capacity, 16);
    this.entryNode = new Int32Array(c);
    this.entryKey = new Float64Array(c);
    this.entryNext = new Int32Array(c);
  }

  /** Empties the queue; costs the bins between the current one and the highest used. */
  clear(): void {
    if (this.top >= this.current) this.head.fill(-1, this.current, this.top + 1);
    this.used = 0;
    this.current = 0;
    this.top = -1;
  }

  /** Adds an entry. A key below the bin being read goes into that bin (callers only do this at the start). */
  push(node: number, key: number): void {
    const b = Math.floor(key * this.invWidth);
    if (b >= this.head.length) this.growBins(b);
    const p = this.used;
    if (p === this.entryNode.length) this.growEntries();
    if (this.top < 0) {
      this.current = b;
      this.top = b;
    } else if (b < this.current) {
      // Seeds may arrive in any order before the first pop; move the read position back.
      this.current = b;
    } else if (b > this.top) {
      this.top = b;
    }
    this.used = p + 1;
    this.entryNode[p] = node;
    this.entryKey[p] = key;
    this.entryNext[p] = -1;
    const head = this.head;
    if (head[b] < 0) head[b] = p;
    else this.entryNext[this.tail[b]] = p;
    this.tail[b] = p;
  }

  /** The next entry (read entryNode[e] and entryKey[e]), or -1 when the queue is empty. */
  pop(): number {
    const head = this.head;
    let b = this.current;
    const top = this.top;
    while (b <= top) {
      const p = head[b];
      if (p >= 0) {
        head[b] = this.entryNext[p];
        this.current = b;
        return p;
      }
      b++;
    }
    this.current = b;
    this.top = -1;
    return -1;
  }

  /** The lowest key a future pop can return is at least this. */
  lowerBound(): number {
    return this.current * this.widthM;
  }

  private growBins(bin: number): void {
    const size = Math.max(bin + 1, this.head.length * 2);
    const head = new Int32Array(size).fill(-1);
    head.set(this.head);
    const tail = new Int32Array(size);
    tail.set(this.tail);
    this.head = head;
    this.tail = tail;
  }

  private growEntries(): void {
    const size = this.entryNode.length * 2;
    const node = new Int32Array(size);
    node.set(this.entryNode);
    const key = new Float64Array(size);
    key.set(this.entryKey);
    const next = new Int32Array(size);
    next.set(this.entryNext);
    this.entryNode = node;
    this.entryKey = key;
    this.entryNext = next;
  }
}
