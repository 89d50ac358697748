/** The median of `xs` (of an even count, the mean of the middle two), for the A/B scripts' summaries. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b), mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
