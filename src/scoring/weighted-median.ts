/**
 * The weighted median of values[from..to): the smallest value at which the cumulative weight of the
 * values sorted ascending reaches half the total. Unreachable residents (Infinity) sort last, so a
 * community where most reach nothing has an infinite median. A weighted quickselect on (value, weight)
 * pairs copied into reused typed scratch arrays: linear time, no full sort, since scoring calls this
 * once per community and category, tens of thousands of times at city scale.
 */
export function weightedMedian(values: Float64Array, weights: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return NaN;
  if (scratchValues.length < n) {
    scratchValues = new Float64Array(Math.max(n, 2 * scratchValues.length));
    scratchWeights = new Float64Array(scratchValues.length);
  }
  const v = scratchValues, w = scratchWeights;
  let total = 0, max = -Infinity;
  for (let k = 0; k < n; k++) {
    v[k] = values[from + k];
    w[k] = weights[from + k];
    total += w[k];
    if (v[k] > max) max = v[k];
  }
  const half = total / 2 - 1e-12;
  // Invariant: every value in [lo, hi] is >= every value before lo, and below holds their weight
  // (which is short of half); the answer is in [lo, hi].
  let lo = 0, hi = n - 1, below = 0;
  while (hi - lo >= 16) {
    const mid = (lo + hi) >> 1;
    if (v[mid] < v[lo]) swap(v, w, mid, lo);
    if (v[hi] < v[lo]) swap(v, w, hi, lo);
    if (v[hi] < v[mid]) swap(v, w, hi, mid);
    const pivot = v[mid];
    // Three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
    let lt = lo, i = lo, gt = hi, less = 0, equal = 0;
    while (i <= gt) {
      const x = v[i];
      if (x < pivot) { less += w[i]; swap(v, w, lt++, i++); }
      else if (x > pivot) swap(v, w, i, gt--);
      else { equal += w[i]; i++; }
    }
    if (lt > lo && below + less >= half) hi = lt - 1;
    else if (below + less + equal >= half) return pivot;
    else { below += less + equal; lo = gt + 1; }
    // Only rounding can exhaust the weight short of half: answer as a full walk would, with the largest.
    if (lo > hi) return max;
  }
  // A short run left: sort it and walk.
  for (let i = lo + 1; i <= hi; i++) {
    const x = v[i], y = w[i];
    let j = i - 1;
    while (j >= lo && v[j] > x) { v[j + 1] = v[j]; w[j + 1] = w[j]; j--; }
    v[j + 1] = x; w[j + 1] = y;
  }
  let acc = below;
  for (let k = lo; k <= hi; k++) {
    acc += w[k];
    if (acc >= half) return v[k];
  }
  return max;
}

let scratchValues = new Float64Array(1024);
let scratchWeights = new Float64Array(1024);

function swap(v: Float64Array, w: Float64Array, a: number, b: number): void {
  const tv = v[a]; v[a] = v[b]; v[b] = tv;
  const tw = w[a]; w[a] = w[b]; w[b] = tw;
}
