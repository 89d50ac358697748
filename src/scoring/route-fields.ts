import type { Network } from '../network/network.js';
import { subsetLinks, type Links } from '../network/link-points.js';
import { distanceField, distancesAtPoints, type PointDistances } from '../routing/distance-field.js';
import type { NetworkSearch } from '../routing/network-search.js';
import type { Standard } from '../standards/standard.js';
import { fieldKey, parseFieldKey, ruleFieldKey } from './field-key.js';

/**
 * The distance fields scoring needs for these categories: one per category (the community table's
 * medians, served population, 2SFCA), then one per set of types a distance rule asks for.
 */
export function fieldKeysOf(standard: Standard, categories: readonly string[]): string[] {
  return [...new Set([
    ...categories.map((c) => fieldKey(c)),
    ...standard.rules.filter((r) => r.within === undefined && r.types && categories.includes(r.category)).map(ruleFieldKey),
  ])];
}

/** Indexes of the facilities a field is made of: its category's, of the key's types when it names some. */
export function fieldMembers(facilities: readonly { readonly category?: string; readonly type?: string }[], key: string): number[] {
  const { category, types } = parseFieldKey(key);
  const ids: number[] = [];
  facilities.forEach((f, i) => {
    if (f.category === category && (!types || (f.type !== undefined && types.includes(f.type)))) ids.push(i);
  });
  return ids;
}

/**
 * One multi-source search from the members (indexes into `facilityLinks`): each resident's distance
 * to the nearest of them, and which one (`source` indexes `members`).
 */
export function routeField(
  network: Network, facilityLinks: Links, members: readonly number[], residentLinks: Links, search: NetworkSearch,
): PointDistances {
  return distancesAtPoints(distanceField(network, subsetLinks(facilityLinks, members), { search }), residentLinks);
}
