/**
 * The weighted median of values[from..to): the smallest value at which the cumulative weight of the
 * values sorted ascending reaches half the total. Unreachable residents (Infinity) sort last, so a
 * community where most reach nothing has an infinite median. A weighted quickselect on (value, weight)
 * pairs copied into reused typed scratch arrays: linear time, no full sort, since scoring calls this
 * once per community and category, tens of thousands of times at city scale.
 *
 * Longer runs first bracket the answer between two values of a small sample (Floyd-Rivest's idea):
 * one pass sums the weight below the bracket and copies only the values inside it, so the quickselect
 * swaps a fraction of the run. When the sample misled (the answer outside the bracket), the whole run
 * is selected as before.
 */
export function weightedMedian(values: Float64Array, weights: Float64Array, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return NaN;
  if (scratchValues.length < n) {
    scratchValues = new Float64Array(Math.max(n, 2 * scratchValues.length));
    scratchWeights = new Float64Array(scratchValues.length);
  }
  if (n >= BRACKET_MIN) {
    const answer = bracketed(values, weights, from, to);
    if (answer === answer) return answer;
  }
  const v = scratchValues, w = scratchWeights;
  let total = 0, max = -Infinity;
  for (let k = 0; k < n; k++) {
    v[k] = values[from + k];
    w[k] = weights[from + k];
    total += w[k];
    if (v[k] > max) max = v[k];
  }
  return select(v, w, 0, n - 1, 0, total / 2 - 1e-12, max);
}

/** Runs shorter than this are selected whole: a sample would cost about what it saves. */
const BRACKET_MIN = 96;
/** Sampled values; the bracket spans the sample's middle (weights counted) give or take BRACKET_HALF_WIDTH of its weight. */
const SAMPLE = 31;
const BRACKET_HALF_WIDTH = 0.12;

/**
 * The median by a bracket from a sample, or NaN when the answer lies outside the bracket (then the
 * caller selects the whole run). Every value is read once: those below the bracket only add their
 * weight, those inside are copied to the scratch arrays for `select`.
 */
function bracketed(values: Float64Array, weights: Float64Array, from: number, to: number): number {
  const n = to - from;
  // A sample evenly spread over the run (residents come in spatial order, so a stride samples the whole area).
  const sv = sampleValues, sw = sampleWeights;
  let sampleTotal = 0;
  for (let k = 0; k < SAMPLE; k++) {
    const r = from + Math.floor(((2 * k + 1) * n) / (2 * SAMPLE));
    const x = values[r], y = weights[r];
    let j = k - 1;
    while (j >= 0 && sv[j] > x) { sv[j + 1] = sv[j]; sw[j + 1] = sw[j]; j--; }
    sv[j + 1] = x; sw[j + 1] = y;
    sampleTotal += y;
  }
  let lowCut = -Infinity, highCut = Infinity, acc = 0;
  const lowWeight = sampleTotal * (0.5 - BRACKET_HALF_WIDTH), highWeight = sampleTotal * (0.5 + BRACKET_HALF_WIDTH);
  for (let k = 0; k < SAMPLE; k++) {
    acc += sw[k];
    if (lowCut === -Infinity && acc >= lowWeight && k > 0) lowCut = sv[k - 1];
    if (acc >= highWeight) { highCut = sv[Math.min(SAMPLE - 1, k + 1)]; break; }
  }
  // NaN among the values leaves the sample unordered: no bracket then.
  if (!(lowCut <= highCut)) return NaN;
  // Values strictly below lowCut add their weight to `below`; [lowCut, highCut] is selected.
  const v = scratchValues, w = scratchWeights;
  let total = 0, below = 0, m = 0, max = -Infinity;
  for (let r = from; r < to; r++) {
    const x = values[r], y = weights[r];
    total += y;
    if (x > max) max = x;
    // Written without a branch on x (which way it goes is a coin toss): every value is stored, and kept
    // by stepping m only when inside the bracket.
    const isBelow = +(x < lowCut);
    below += isBelow * y;
    v[m] = x; w[m] = y;
    m += +(x <= highCut) - isBelow;
  }
  const half = total / 2 - 1e-12;
  if (m === 0 || below >= half) return NaN;
  let inside = below;
  for (let k = 0; k < m; k++) inside += w[k];
  // Short of half, the answer lies above the bracket (or is the largest value, when only rounding leaves
  // the whole run short): select the whole run. So does a bracket that rounding exhausts (NaN).
  if (inside < half) return NaN;
  return select(v, w, 0, m - 1, below, half, NaN);
}

/**
 * The weighted quickselect over v[lo..hi] (with w): the smallest value at which `below` plus the
 * cumulative weight reaches `half`, given that it lies in [lo, hi]; `exhausted` when the weight runs
 * out short of half (only rounding can do that).
 */
function select(v: Float64Array, w: Float64Array, lo: number, hi: number, below: number, half: number, exhausted: number): number {
  // Invariant: every value in [lo, hi] is >= every value before lo, and below holds their weight
  // (which is short of half); the answer is in [lo, hi].
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
    // Only rounding can exhaust the weight short of half: a full walk would answer with the largest.
    if (lo > hi) return exhausted;
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
  return exhausted;
}

let scratchValues = new Float64Array(1024);
let scratchWeights = new Float64Array(1024);
const sampleValues = new Float64Array(SAMPLE);
const sampleWeights = new Float64Array(SAMPLE);

function swap(v: Float64Array, w: Float64Array, a: number, b: number): void {
  const tv = v[a]; v[a] = v[b]; v[b] = tv;
  const tw = w[a]; w[a] = w[b]; w[b] = tw;
}
