import type { CategoryLabel } from './categories.js';

/**
 * A level id the standard declares (guangzhou-1530: "convenient" 便民 and "quality" 优质; gb50180-2018:
 * its 15-, 10- and 5-minute tiers and the 居住街坊). Levels are data: see LevelSpec.
 */
export type Level = string;
/** 社区 (urban community) or 村 (village). */
export type CommunityKind = 'urban' | 'rural';
/** Central or outer district, for rules that differ by zone (Guangzhou's elder-care network). */
export type Zone = 'central' | 'outer';
/** Where a presence rule looks for a facility: inside the community, or anywhere in its street/town (镇街). */
export type Within = 'community' | 'street';

export const COMMUNITY_KINDS: readonly CommunityKind[] = ['urban', 'rural'];
export const ZONES: readonly Zone[] = ['central', 'outer'];
export const WITHINS: readonly Within[] = ['community', 'street'];

/** One level of a standard, lowest first. */
export interface LevelSpec {
  id: Level;
  name: string;
  nameZh: string;
  /** Position among the levels, 0 for the lowest. */
  order: number;
  /** A community attains this level only if it also attains every level below it. */
  requiresBelow: boolean;
  /** What the level means, in the documents' words where they have them. */
  description?: string;
  source?: string;
}

/** A setting with where its value comes from (walking speed, minimum share). */
export interface Setting {
  value: number;
  source?: string;
  /** True where the documents are silent and the value is ours. */
  assumed: boolean;
  note?: string;
}

/**
 * One rule as a loaded standard holds it: every default resolved, so a consumer never re-defaults.
 * What a rule measures tells its kind: a walking time (`MinutesRule`), a network distance
 * (`MetresRule`) or a facility present in the community or its street, no walking involved
 * (`PresenceRule`). Code that switches on the kind handles every member (narrow with
 * `rule.within !== undefined`, `rule.minutes !== undefined`, ...).
 */
export type StandardRule = MinutesRule | MetresRule | PresenceRule;

/** Met when enough residents walk to a facility of the category within `minutes` at `speedKmh`. */
export interface MinutesRule extends RuleBase {
  minutes: number;
  meters?: undefined;
  within?: undefined;
}

/** Met when enough residents have a facility of the category within `meters` of network distance. */
export interface MetresRule extends RuleBase {
  meters: number;
  minutes?: undefined;
  within?: undefined;
}

/** Met when a facility of the category (and types) lies in the community's polygon, or in its street (镇街). */
export interface PresenceRule extends RuleBase {
  within: Within;
  minutes?: undefined;
  meters?: undefined;
}

/** What every rule carries, whatever it measures. */
export interface RuleBase {
  level: Level;
  kind: CommunityKind;
  /** Only for communities of this zone, replacing the unzoned rule of the same level, kind, category and test. */
  zone?: Zone;
  category: string;
  /** Only facilities of these types (the category map assigns types) count; undefined: any of the category. */
  types?: string[];
  /** Walking speed for this rule: its own, else the standard's. */
  speedKmh: number;
  /** Whether the rule states its own pace (kept when a run replaces the standard's pace). */
  ownSpeed: boolean;
  /** Share of residents that must be covered for the rule to be met: its own, else the standard's. */
  minShare: number;
  /** Whether the rule states its own minimum share (kept when a run replaces the standard's). */
  ownMinShare: boolean;
  /** Where the threshold (or the presence requirement) comes from (plan chapter, standard clause). */
  source: string;
  /** True where the documents are silent about the threshold and the number is ours. */
  assumed: boolean;
  /** Why the rule sits at its level; undefined when the source above says so too. */
  levelSource?: string;
  /** True when putting the rule at this level is our reading, even if the threshold is cited. */
  levelAssumed: boolean;
  /** How far the figure has been checked against the official text (e.g. GB 50180 radii quoted from memory). */
  verification?: string;
  note?: string;
  /** Position in the standard's `rules` array, for messages and reports. */
  index: number;
}

/** Target share of communities attaining each level, per community kind, in [0, 1]. */
export type Targets = Partial<Record<Level, Partial<Record<CommunityKind, number>>>>;

/** A provision target compared with facility capacities, floor areas and staffing. */
export interface QuotaTarget {
  value: number;
  source: string;
  assumed: boolean;
  /** 力争: the plan says "strive for", not "reach". */
  strive?: boolean;
  note?: string;
}

/**
 * The quotas the scoring knows how to measure (README, "What the numbers mean": Quotas); see QUOTA_KINDS for
 * what each one counts. All are "at least" targets.
 */
export interface Quotas {
  childcarePlacesPer1000Residents?: QuotaTarget;
  elderCareCentresPerStreet?: QuotaTarget;
  elderCareStationsPerCommunity?: QuotaTarget;
  serviceFloorM2Per100Households?: QuotaTarget;
  workersPer10000Residents?: QuotaTarget;
}

export type QuotaId = keyof Quotas;

/** A loaded, validated standard. */
export interface Standard {
  id: string;
  name: string;
  nameZh?: string;
  description?: string;
  walkSpeedKmh: number;
  minShare: number;
  /** The two settings with their provenance (`value` equals walkSpeedKmh / minShare above). */
  settings: { walkSpeedKmh: Setting; minShare: Setting };
  /** Levels, lowest first. */
  levels: LevelSpec[];
  rules: StandardRule[];
  targets?: Targets;
  quotas?: Quotas;
  /** District (区) name -> zone, for communities that state a district but no zone. */
  districtZones?: Record<string, Zone>;
  districtZonesSource?: { source: string; assumed: boolean; note?: string };
  /** Quantified targets of the plan, each measured, needing data, or not spatial (see plan-indicators.ts). */
  indicators?: import('./plan-indicators.js').PlanIndicator[];
  /** Every category the standard knows: the built-in ones, then those it declares. */
  categories: CategoryLabel[];
  /** Community kinds that have at least one rule; a kind not listed cannot be scored. */
  kinds: CommunityKind[];
}

export { DEFAULT_WALK_SPEED_KMH } from '../geo/walking-speed.js';
export const DEFAULT_MIN_SHARE = 0.8;

/** Levels of a user's standard that declares none: the Guangzhou pair. */
export const DEFAULT_LEVELS: readonly LevelSpec[] = Object.freeze([
  { id: 'convenient', name: 'Convenient circle', nameZh: '便民生活圈', order: 0, requiresBelow: false },
  { id: 'quality', name: 'Quality circle', nameZh: '优质生活圈', order: 1, requiresBelow: true },
]);

/** The kind of test a rule makes: a walk (minutes or metres) or a presence. */
export function ruleTest(r: Pick<StandardRule, 'within'>): 'distance' | Within {
  return r.within ?? 'distance';
}
