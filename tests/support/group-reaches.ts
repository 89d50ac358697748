import type { ResidentGroups } from '../../src/scoring/two-step-fca.js';

/**
 * Each group's reach from its residents' (a community's limit, as a cache of groups takes it:
 * `TwoStepRunOptions.groupReachM`); every resident of a group must have the same (NaN and negatives
 * are one: nowhere), and a group without residents reaches nowhere.
 */
export function groupReaches(groups: Pick<ResidentGroups, 'of' | 'count'>, residentReachM: ArrayLike<number>): Float64Array {
  const byGroup = new Float64Array(groups.count).fill(NaN);
  const seen = new Uint8Array(groups.count);
  for (let r = 0; r < residentReachM.length; r++) {
    const g = groups.of[r], reach = residentReachM[r] >= 0 ? residentReachM[r] : -1;
    if (seen[g] && byGroup[g] !== reach) throw new Error(`test setup: group ${g} has reaches ${byGroup[g]} and ${reach}`);
    seen[g] = 1;
    byGroup[g] = reach;
  }
  return byGroup.map((reach) => (Number.isNaN(reach) ? -1 : reach));
}
