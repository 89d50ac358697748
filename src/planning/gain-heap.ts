/**
 * A max-heap of candidates by gain for lazy greedy (CELF): each entry keeps the gain it had when last
 * evaluated and the round it was evaluated in. For a submodular objective a stale gain is an upper
 * bound, so once the top entry is fresh no other candidate can beat it. Ties go to the lower
 * candidate index, so the choice does not depend on the heap's history.
 */
export class GainHeap {
  private readonly gain: Float64Array;
  private readonly item: Int32Array;
  private readonly round: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.gain = new Float64Array(capacity);
    this.item = new Int32Array(capacity);
    this.round = new Int32Array(capacity);
  }

  push(item: number, gain: number, round: number): void {
    let i = this.size++;
    this.gain[i] = gain; this.item[i] = item; this.round[i] = round;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  topItem(): number { return this.item[0]; }
  topGain(): number { return this.gain[0]; }
  topRound(): number { return this.round[0]; }

  /** Gives the top entry a new gain and round, and restores the order. */
  updateTop(gain: number, round: number): void {
    this.gain[0] = gain; this.round[0] = round;
    this.down(0);
  }

  pop(): void {
    const last = --this.size;
    if (last > 0) {
      this.gain[0] = this.gain[last]; this.item[0] = this.item[last]; this.round[0] = this.round[last];
      this.down(0);
    }
  }

  private down(i: number): void {
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let best = i;
      if (l < n && this.above(l, best)) best = l;
      if (r < n && this.above(r, best)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private above(a: number, b: number): boolean {
    return this.gain[a] > this.gain[b] || (this.gain[a] === this.gain[b] && this.item[a] < this.item[b]);
  }

  private swap(a: number, b: number): void {
    const g = this.gain[a]; this.gain[a] = this.gain[b]; this.gain[b] = g;
    const it = this.item[a]; this.item[a] = this.item[b]; this.item[b] = it;
    const r = this.round[a]; this.round[a] = this.round[b]; this.round[b] = r;
  }
}
