import type { Within } from '../standards/standard.js';
import type { Community } from './communities.js';

/** A facility as presence rules see it: what it is and which community holds it (-1: none). */
export interface PlacedFacility {
  readonly category?: string;
  readonly type?: string;
  readonly community: number;
}

/**
 * Which facilities lie in each community and each street (镇街), by category and type, for presence
 * rules ("a Yikang station in every community"). Polygon containment is decided once, upstream.
 */
export interface Presence {
  /** Whether a facility of the category (and one of the types, if given) lies in the community or its street. */
  has(community: number, within: Within, category: string, types?: readonly string[]): boolean;
  /** How many of the category (and types) lie in the community, or in its whole street. */
  count(community: number, within: Within, category: string, types?: readonly string[]): number;
}

export function presenceOf(communities: readonly Community[], facilities: readonly PlacedFacility[]): Presence {
  // community -> "category|type" -> count
  const inCommunity = communities.map(() => new Map<string, number>());
  for (const f of facilities) {
    if (f.category === undefined || f.community < 0) continue;
    const m = inCommunity[f.community];
    const key = `${f.category}|${f.type ?? ''}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  const streetMembers = new Map<string, number[]>();
  communities.forEach((c, i) => {
    if (c.street !== undefined) streetMembers.set(c.street, [...(streetMembers.get(c.street) ?? []), i]);
  });
  const countIn = (ci: number, category: string, types?: readonly string[]): number => {
    let n = 0;
    for (const [key, k] of inCommunity[ci]) {
      const bar = key.indexOf('|');
      if (key.slice(0, bar) !== category) continue;
      if (types && !types.includes(key.slice(bar + 1))) continue;
      n += k;
    }
    return n;
  };
  // Scoring asks the same street question once per member community, and again per sensitivity run.
  const streetCounts = new Map<string, number>();
  const count = (ci: number, within: Within, category: string, types?: readonly string[]): number => {
    const street = communities[ci].street;
    // A community that names no street is its own street: the diagnostics say so (communitiesWithoutStreet).
    if (within !== 'street' || street === undefined) return countIn(ci, category, types);
    const key = `${street}\u0000${category}\u0000${types?.join('+') ?? ''}`;
    let n = streetCounts.get(key);
    if (n === undefined) {
      n = streetMembers.get(street)!.reduce((sum, m) => sum + countIn(m, category, types), 0);
      streetCounts.set(key, n);
    }
    return n;
  };
  return { count, has: (ci, within, category, types) => count(ci, within, category, types) > 0 };
}
