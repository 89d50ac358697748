/**
 * The weighted median of values[from..to): the smallest value at which the cumulative weight of the
 * values sorted ascending reaches half the total. Unreachable residents (Infinity) sort last, so a
 * community where most reach nothing has an infinite median. Sorts (value, weight) pairs in reused
 * typed scratch arrays: scoring calls this once per community and category, a million times at city scale.
 */
export function weightedMedian(values: Float64Array, weights: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return NaN;
  if (scratchValues.length < n) {
    scratchValues = new Float64Array(Math.max(n, 2 * scratchValues.length));
    scratchWeights = new Float64Array(scratchValues.length);
  }
  const v = scratchValues, w = scratchWeights;
  let total = 0;
  for (let k = 0; k < n; k++) {
    v[k] = values[from + k];
    w[k] = weights[from + k];
    total += w[k];
  }
  sortPairs(v, w, n);
  const half = total / 2 - 1e-12;
  let acc = 0;
  for (let k = 0; k < n; k++) {
    acc += w[k];
    if (acc >= half) return v[k];
  }
  return v[n - 1];
}

let scratchValues = new Float64Array(1024);
let scratchWeights = new Float64Array(1024);

/** Sorts v ascending, carrying w along: quicksort (median of three) down to short runs, then insertion sort. */
function sortPairs(v: Float64Array, w: Float64Array, n: number): void {
  const stack: number[] = [0, n - 1];
  while (stack.length) {
    const hi = stack.pop()!, lo = stack.pop()!;
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const x = v[i], y = w[i];
        let j = i - 1;
        while (j >= lo && v[j] > x) { v[j + 1] = v[j]; w[j + 1] = w[j]; j--; }
        v[j + 1] = x; w[j + 1] = y;
      }
      continue;
    }
    const mid = (lo + hi) >> 1;
    if (v[mid] < v[lo]) swap(v, w, mid, lo);
    if (v[hi] < v[lo]) swap(v, w, hi, lo);
    if (v[hi] < v[mid]) swap(v, w, hi, mid);
    const pivot = v[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) { swap(v, w, i, j); i++; j--; }
    }
    if (lo < j) stack.push(lo, j);
    if (i < hi) stack.push(i, hi);
  }
}

function swap(v: Float64Array, w: Float64Array, a: number, b: number): void {
  const tv = v[a]; v[a] = v[b]; v[b] = tv;
  const tw = w[a]; w[a] = w[b]; w[b] = tw;
}
