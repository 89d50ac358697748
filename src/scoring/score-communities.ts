import type { Standard, StandardRule, Level } from '../standards/standard.js';
import { rulesFor } from '../standards/load-standard.js';
import type { Community } from './communities.js';
import type { Residents, ResidentMethod } from './residents.js';
import { ruleDistanceM } from './rule-distance.js';
import { metresPerMinute } from '../geo/walking-speed.js';
import { weightedMedian } from './weighted-median.js';
import { categoryRule } from './category-rule.js';
import { fieldKey, ruleFieldKey } from './field-key.js';
import type { Presence } from './presence.js';
import { ShareTable } from './share-table.js';

/** How one rule fares in one community. */
export interface RuleOutcome {
  readonly rule: StandardRule;
  /** Population-weighted share of residents within the rule's threshold, 0..1; for a presence rule 1 or 0. */
  readonly share: number;
  readonly met: boolean;
  /** Presence rules: how many qualifying facilities lie in the community (or its street). */
  readonly present?: number;
}

/** One category as the community table shows it: the share for its first distance rule, and the median walk. */
export interface CategoryOutcome {
  /** The rule whose threshold `share` refers to (the lowest level at which the category has a distance rule). */
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
  /** False for a community with no residents to measure, or of a kind the standard has no rules for (n/a, not failed). */
  readonly scored: boolean;
  readonly rules: RuleOutcome[];
  /** Attainment per level id (empty when not scored). */
  readonly attained: Readonly<Record<Level, boolean>>;
  /** Categories of unmet rules per level id (empty lists when not scored). */
  readonly missing: Readonly<Record<Level, string[]>>;
  readonly categories: ReadonlyMap<string, CategoryOutcome>;
}

/** Resident-level walking distance to the nearest facility, per field key (see field-key.ts). */
export type ResidentDistances = ReadonlyMap<string, Float64Array>;

/** What scoring reads besides the standard and the communities: everything routing and intake produced. */
export interface ScoringFields {
  readonly residents: Residents;
  readonly distances: ResidentDistances;
  readonly presence: Presence;
}

export interface ScoringOptions {
  /** The community table's per-category figures (shares and median walks); false leaves `categories`
   * empty, for callers that read only attainment (the sensitivity table). Default true. */
  readonly categories?: boolean;
  /**
   * Shares already computed for these same fields and communities, to reuse and add to (the
   * sensitivity table re-scores the analysis' fields six times). Ignored when made for other residents
   * or communities; by default each call keeps its own.
   */
  readonly shares?: ShareTable;
}

/**
 * Scores every community against the standard: shares covered per rule, presence
 * rules, rules met, attainment of every level in the standard's order, and the per-category figures
 * of the community table. A pure function of its inputs: sensitivity runs and the what-if page call it
 * again with another standard and the same fields.
 */
export function scoreCommunities(standard: Standard, communities: readonly Community[], fields: ScoringFields,
  opts: ScoringOptions = {}): CommunityScore[] {
  const { residents, distances, presence } = fields;
  const withCategories = opts.categories ?? true;
  const table = opts.shares?.serves(residents, communities) ? opts.shares : new ShareTable(residents, communities);
  // The rules of a (kind, zone) for each level, and its category rules, looked up once per standard rather than per community.
  // Each rule comes with its field's distances, its limit in metres and the table's column of its shares.
  // A presence rule comes with the table's column of its counts instead.
  type Checked = { rule: StandardRule; d?: Float64Array; limitM: number; shares?: Float64Array; counts?: Float64Array };
  const checked = (rule: StandardRule): Checked => {
    if (rule.within) return { rule, limitM: NaN, counts: table.presenceColumn(presence, rule.within, rule.category, rule.types) };
    const d = distances.get(ruleFieldKey(rule)), limitM = ruleDistanceM(rule);
    return { rule, d, limitM, shares: d && table.column(d, limitM) };
  };
  // A category of the community table: its rule, the field its median walk reads (the rule's, else the
  // category's own), the field and column its share reads (the rule's only), and metres per minute.
  type CategoryField = { category: string; rule?: StandardRule; d: Float64Array; shareD?: Float64Array; limitM: number; shares?: Float64Array; perMin: number };
  const categoryField = (category: string, rule: StandardRule | undefined): CategoryField | undefined => {
    const key = rule ? ruleFieldKey(rule) : fieldKey(category);
    const d = distances.get(key) ?? distances.get(category);
    if (!d) return undefined;
    const shareD = distances.get(key), limitM = rule ? ruleDistanceM(rule) : NaN;
    return { category, rule, d, shareD, limitM, shares: rule && shareD && table.column(shareD, limitM), perMin: metresPerMinute(rule?.speedKmh ?? standard.walkSpeedKmh) };
  };
  const ruleSets = new Map<string, { levels: Checked[][]; categoryFields: CategoryField[] }>();
  const rulesOf = (community: Community) => {
    const key = `${community.kind}|${community.zone ?? ''}`;
    let set = ruleSets.get(key);
    if (!set) {
      set = {
        levels: standard.levels.map((level) => rulesFor(standard, community.kind, community.zone, level.id).map(checked)),
        categoryFields: withCategories
          ? [...new Set(standard.rules.map((r) => r.category))].map((category) => categoryField(category, categoryRule(standard, community, category)))
            .filter((f) => f !== undefined)
          : [],
      };
      ruleSets.set(key, set);
    }
    return set;
  };
  return communities.map((community, c) => {
    const ruleSet = rulesOf(community);
    const from = residents.start[c], to = residents.start[c + 1];
    const method = residents.method[c];
    let weight = 0;
    for (let r = from; r < to; r++) weight += residents.weight[r];
    const population = community.population ?? (method === 'points' ? weight : undefined);

    // A kind the standard has no rules for (villages under GB 50180) is not scored rather than passed.
    const scored = to > from && weight > 0 && standard.kinds.includes(community.kind);
    const shareWithin = (d: Float64Array | undefined, limitM: number, shares = d && table.column(d, limitM)): number =>
      d && shares && scored ? table.share(shares, d, limitM, c, weight) : 0;

    const rules: RuleOutcome[] = [];
    const attained: Record<Level, boolean> = {};
    const missing: Record<Level, string[]> = {};
    let below = true;
    for (const [l, level] of standard.levels.entries()) {
      const lacking: string[] = [];
      for (const { rule, d, limitM, shares, counts } of ruleSet.levels[l]) {
        let outcome: RuleOutcome;
        if (rule.within) {
          const present = table.count(counts!, presence, c, rule.within, rule.category, rule.types);
          outcome = { rule, share: present > 0 ? 1 : 0, met: scored && present > 0, present };
        } else {
          const share = shareWithin(d, limitM, shares);
          outcome = { rule, share, met: scored && share >= rule.minShare - 1e-12 };
        }
        rules.push(outcome);
        if (scored && !outcome.met && !lacking.includes(rule.category)) lacking.push(rule.category);
      }
      // A community with nobody to measure is n/a: it lacks nothing that we know of.
      missing[level.id] = lacking;
      if (scored) {
        const own = lacking.length === 0;
        attained[level.id] = own && (!level.requiresBelow || below);
        below = attained[level.id];
      }
    }

    const categories = new Map<string, CategoryOutcome>();
    for (const { category, rule, d, shareD, limitM, shares, perMin } of ruleSet.categoryFields) {
      const medianMin = scored ? weightedMedian(d, residents.weight, from, to) / perMin : NaN;
      categories.set(category, { rule, share: rule && scored ? shareWithin(shareD, limitM, shares) : undefined, medianMin });
    }

    return { community, method, samples: to - from, population, scored, rules, attained: scored ? attained : {}, missing, categories };
  });
}
