import type { Standard, StandardRule, Level } from '../standards/standard.js';
import { rulesFor } from '../standards/load-standard.js';
import type { Community } from './communities.js';
import type { Residents, ResidentMethod } from './residents.js';
import { metresPerMinute, ruleDistanceM, THRESHOLD_EPSILON_M } from './rule-distance.js';
import { weightedMedian } from './weighted-median.js';
import { categoryRule } from './category-rule.js';

/** How one rule fares in one community. */
export interface RuleOutcome {
  readonly rule: StandardRule;
  /** Population-weighted share of residents within the rule's threshold, 0..1. */
  readonly share: number;
  readonly met: boolean;
}

/** One category as the community table shows it: the share for its first applicable rule, and the median walk. */
export interface CategoryOutcome {
  /** The rule whose threshold `share` refers to (the lowest level at which the category applies). */
  readonly rule?: StandardRule;
  readonly share?: number;
  /** Weighted median walking time to the nearest facility, minutes; Infinity when most reach none. */
  readonly medianMin: number;
}

export interface CommunityScore {
  readonly community: Community;
  readonly method: ResidentMethod;
  /** Resident points measured. */
  readonly samples: number;
  /** People: the stated population, else the sum of the residents' weights (undefined for grid samples without one). */
  readonly population?: number;
  readonly rules: RuleOutcome[];
  /** Attainment; undefined for a community with no residents to measure (reported, not passed). */
  readonly convenient?: boolean;
  readonly quality?: boolean;
  /** Categories of unmet rules per level. */
  readonly missingConvenient: string[];
  readonly missingQuality: string[];
  readonly categories: ReadonlyMap<string, CategoryOutcome>;
}

/** Resident-level walking distance to the nearest facility, per category. */
export type ResidentDistances = ReadonlyMap<string, Float64Array>;

/**
 * Scores every community against the standard (DESIGN section 3): shares covered per rule, rules met,
 * convenient and quality attainment, and the per-category figures of the community table.
 */
export function scoreCommunities(
  standard: Standard,
  communities: readonly Community[],
  residents: Residents,
  distances: ResidentDistances,
): CommunityScore[] {
  return communities.map((community, c) => {
    const from = residents.start[c], to = residents.start[c + 1];
    const method = residents.method[c];
    let weight = 0;
    for (let r = from; r < to; r++) weight += residents.weight[r];
    const population = community.population ?? (method === 'points' ? weight : undefined);
    const byLevel = new Map<Level, StandardRule[]>();
    for (const level of ['convenient', 'quality'] as const) byLevel.set(level, rulesFor(standard, community.kind, community.zone, level));

    // A kind the standard has no rules for (villages under GB 50180) is not scored rather than passed.
    const measurable = to > from && weight > 0 && standard.kinds.includes(community.kind);
    const shareWithin = (category: string, limitM: number): number => {
      const d = distances.get(category);
      if (!d || !measurable) return 0;
      let covered = 0;
      for (let r = from; r < to; r++) if (d[r] <= limitM + THRESHOLD_EPSILON_M) covered += residents.weight[r];
      return covered / weight;
    };

    const rules: RuleOutcome[] = [];
    const missing = { convenient: [] as string[], quality: [] as string[] };
    for (const level of ['convenient', 'quality'] as const) {
      for (const rule of byLevel.get(level)!) {
        const share = shareWithin(rule.category, ruleDistanceM(rule));
        const met = measurable && share >= rule.minShare - 1e-12;
        rules.push({ rule, share, met });
        // A community with nobody to measure is n/a: it lacks nothing that we know of.
        if (measurable && !met && !missing[level].includes(rule.category)) missing[level].push(rule.category);
      }
    }

    const categories = new Map<string, CategoryOutcome>();
    for (const [category, d] of distances) {
      const rule = categoryRule(standard, community, category);
      const speed = rule?.speedKmh ?? standard.walkSpeedKmh;
      const medianMin = measurable ? weightedMedian(d, residents.weight, from, to) / metresPerMinute(speed) : NaN;
      categories.set(category, { rule, share: rule && measurable ? shareWithin(category, ruleDistanceM(rule)) : undefined, medianMin });
    }

    const convenient = measurable ? missing.convenient.length === 0 : undefined;
    const quality = measurable ? convenient === true && missing.quality.length === 0 : undefined;
    return {
      community, method, samples: to - from, population, rules,
      convenient, quality,
      missingConvenient: missing.convenient, missingQuality: missing.quality,
      categories,
    };
  });
}
