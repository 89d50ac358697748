import type { PointDistances } from './distance-field.js';

/**
 * Points grouped in runs (group g's points are `start[g] .. start[g + 1] - 1`, e.g. a community's
 * residents) with a weight each (their people): what `nearestSums` reads besides a field's distances.
 */
export interface GroupedPoints {
  readonly weight: Float64Array;
  readonly start: Int32Array;
}

/** One field's sums (`nearestSums`): its distances at the points, each group's limit, and its number of sources. */
export interface NearestSumsTask {
  readonly nearest: PointDistances;
  /** Per group, the farthest its points count, metres (already with any tolerance); negative or NaN: they never count. */
  readonly withinM: Float64Array;
  readonly sources: number;
}

/**
 * Per source of a field, the weight of the points whose nearest source it is and within their
 * group's limit: a category's served population (the people whose nearest facility of the category
 * each one is, within their community's walking limit). Points are added group by group, in order,
 * so the sums are the same numbers on any thread (a router's worker may compute them:
 * `CatchmentRouter.startNearestSums`).
 */
export function nearestSums(points: GroupedPoints, task: NearestSumsTask): Float64Array {
  const { weight, start } = points;
  const { nearest: { source, distM }, withinM, sources } = task;
  const sums = new Float64Array(sources);
  for (let g = 0; g < withinM.length; g++) {
    const within = withinM[g];
    if (!(within >= 0)) continue;
    for (let r = start[g], end = start[g + 1]; r < end; r++) {
      const s = source[r];
      if (s >= 0 && distM[r] <= within) sums[s] += weight[r];
    }
  }
  return sums;
}
