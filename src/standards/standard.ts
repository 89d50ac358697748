import type { CategoryLabel } from './categories.js';

/** 便民 (convenient) is the lower level; 优质 (quality) requires convenient plus its own rules. */
export type Level = 'convenient' | 'quality';
/** 社区 (urban community) or 村 (village). */
export type CommunityKind = 'urban' | 'rural';
/** Central or outer district, for rules that differ by zone (Guangzhou's elder-care network). */
export type Zone = 'central' | 'outer';

export const LEVELS: readonly Level[] = ['convenient', 'quality'];
export const COMMUNITY_KINDS: readonly CommunityKind[] = ['urban', 'rural'];
export const ZONES: readonly Zone[] = ['central', 'outer'];

/**
 * One rule as a loaded standard holds it: every default resolved, so a consumer never re-defaults.
 * What a rule measures tells its kind: a walking time (`MinutesRule`) or a network distance
 * (`MetresRule`). The union is open: a presence rule (`within: 'community' | 'street'`, DESIGN
 * section 3) joins it as a third member, and code that switches on the kind must handle every member
 * (narrow with `'minutes' in rule`, `rule.minutes !== undefined`, ...).
 */
export type StandardRule = MinutesRule | MetresRule;

/** Met when enough residents walk to a facility of the category within `minutes` at `speedKmh`. */
export interface MinutesRule extends RuleBase {
  minutes: number;
  meters?: undefined;
}

/** Met when enough residents have a facility of the category within `meters` of network distance. */
export interface MetresRule extends RuleBase {
  meters: number;
  minutes?: undefined;
}

/** What every rule carries, whatever it measures. */
export interface RuleBase {
  level: Level;
  kind: CommunityKind;
  /** Only for communities of this zone, replacing the unzoned rule of the same level, kind and category. */
  zone?: Zone;
  category: string;
  /** Walking speed for this rule: its own, else the standard's. */
  speedKmh: number;
  /** Whether the rule states its own pace (kept when a run replaces the standard's pace). */
  ownSpeed: boolean;
  /** Share of residents that must be covered for the rule to be met: its own, else the standard's. */
  minShare: number;
  /** Where the number comes from (plan chapter, standard clause). */
  source: string;
  /** True where the documents are silent and the number is ours. */
  assumed: boolean;
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
  note?: string;
}

/**
 * The quotas the scoring knows how to measure (DESIGN section 3, "Quotas"); see QUOTA_KINDS for
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
  rules: StandardRule[];
  targets?: Targets;
  quotas?: Quotas;
  /** Every category the standard knows: the built-in ones, then those it declares. */
  categories: CategoryLabel[];
  /** Community kinds that have at least one rule; a kind not listed cannot be scored. */
  kinds: CommunityKind[];
}

export { DEFAULT_WALK_SPEED_KMH } from '../geo/walking-speed.js';
export const DEFAULT_MIN_SHARE = 0.8;
