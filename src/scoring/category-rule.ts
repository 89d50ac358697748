import { rulesFor } from '../standards/load-standard.js';
import type { Standard, StandardRule } from '../standards/standard.js';
import type { Community } from './communities.js';

/**
 * The rule that stands for a category in a community: its distance rule at the lowest level that has
 * one (presence rules walk nowhere). The community table's `<category>_share`, served population and
 * 2SFCA catchments all use this one rule, so they can never disagree about a category's threshold.
 */
export function categoryRule(standard: Standard, community: Community, category: string): StandardRule | undefined {
  for (const level of standard.levels) {
    const rule = rulesFor(standard, community.kind, community.zone, level.id).find((r) => r.category === category && !r.within);
    if (rule) return rule;
  }
  return undefined;
}
