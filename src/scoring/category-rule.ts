import { rulesFor } from '../standards/load-standard.js';
import type { Standard, StandardRule } from '../standards/standard.js';
import type { Community } from './communities.js';

/**
 * The rule that stands for a category in a community: its convenient rule, else its quality rule.
 * The community table's `<category>_share`, served population and 2SFCA catchments all use this one
 * rule, so they can never disagree about a category's threshold.
 */
export function categoryRule(standard: Standard, community: Community, category: string): StandardRule | undefined {
  return rulesFor(standard, community.kind, community.zone, 'convenient').find((r) => r.category === category)
    ?? rulesFor(standard, community.kind, community.zone, 'quality').find((r) => r.category === category);
}
