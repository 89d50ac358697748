import type { StandardRule } from '../standards/standard.js';
import { metresPerMinute } from '../geo/walking-speed.js';

/** The walking distance a distance rule allows: its metres, or its minutes at its speed (a presence rule: NaN). */
export function ruleDistanceM(rule: StandardRule): number {
  if (rule.within !== undefined) return NaN;
  return rule.meters !== undefined ? rule.meters : rule.minutes * metresPerMinute(rule.speedKmh);
}

/**
 * Distances within this much of a threshold count as within it: a resident exactly at 15 minutes is
 * covered by a 15-minute rule, whatever the floating-point path to that number.
 */
export const THRESHOLD_EPSILON_M = 1e-6;
