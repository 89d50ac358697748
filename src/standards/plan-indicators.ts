import { COMMUNITY_KINDS, WITHINS, type CommunityKind, type LevelSpec, type QuotaId, type Within } from './standard.js';
import { QUOTA_IDS } from './quotas.js';

/**
 * A quantified target of a plan (规划指标) and how, if at all, the software can tell whether it is met.
 * Every target the plan sets gets a row, so a reader sees which ones the data could not assess.
 */
export interface PlanIndicator {
  id: string;
  /** Where the plan sets it ("ch. 5 s. 1 (4)"). */
  clause: string;
  name: string;
  nameZh: string;
  /** The target as the plan words it ("≥ 75%", "100% of streets"). */
  targetText: string;
  /** The number compared with the measured value (a share in [0, 1], a count or a rate). */
  target?: number;
  /** 力争: the plan says "strive for", not "reach". */
  strive?: boolean;
  measure: IndicatorMeasure;
}

/** Fields of the optional indicators CSV (one row per community `id` or per `street`). */
export const INDICATOR_FIELDS = [
  'nursing_beds', 'care_beds', 'workers', 'households', 'service_floor_m2', 'volunteers', 'childcare_places',
  'community_foundation', 'volunteer_station', 'minors_station', 'online_station',
] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

/**
 * How an indicator is measured:
 * - `attainment`: share of scored communities of a kind attaining a level;
 * - `rule`: share of scored communities of a kind meeting every distance rule of a category;
 * - `presence`: share of communities (or streets) with a facility of the category (and types) inside;
 * - `quota`: a quota of the standard (and, where per-community values exist, the share meeting it);
 * - `data`: fields of the indicators CSV: `ratio` (sum of one over the sum of the other, or over the
 *   population), `share-yes` (share of rows saying yes), `count-yes` (rows saying yes);
 * - `none`: not a spatial question; reported as not assessed.
 */
export type IndicatorMeasure =
  | { type: 'attainment'; level: string; kind: CommunityKind }
  | { type: 'rule'; category: string; kind: CommunityKind }
  | { type: 'presence'; category: string; types?: string[]; within: Within; kind?: CommunityKind }
  | { type: 'quota'; quota: QuotaId }
  | { type: 'data'; form: 'ratio'; per: 'community' | 'street'; numerator: IndicatorField; denominator: IndicatorField | 'population' }
  | { type: 'data'; form: 'share-yes' | 'count-yes'; per: 'community' | 'street'; field: IndicatorField; kind?: CommunityKind }
  | { type: 'none'; why: string };

const KEYS = new Set(['id', 'clause', 'name', 'nameZh', 'targetText', 'target', 'strive', 'measure']);

/** Validates a standard's `indicators` array (light: shapes and known names). */
export function readIndicators(
  value: unknown,
  ctx: { levels: LevelSpec[]; categories: Set<string>; fail: (message: string, field?: string) => never },
): PlanIndicator[] {
  const { fail } = ctx;
  if (!Array.isArray(value)) return fail('must be an array of plan indicators', 'indicators');
  return value.map((v, i) => {
    const at = `indicators[${i}]`;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('must be an object', at);
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!KEYS.has(key)) fail(`unknown field "${key}"`, `${at}.${key}`);
    for (const key of ['id', 'clause', 'name', 'nameZh', 'targetText'] as const) {
      if (typeof o[key] !== 'string' || (o[key] as string).trim() === '') fail('must be a non-empty string', `${at}.${key}`);
    }
    if (o.target !== undefined && (typeof o.target !== 'number' || !Number.isFinite(o.target))) fail('must be a number', `${at}.target`);
    const m = o.measure as Record<string, unknown> | undefined;
    if (typeof m !== 'object' || m === null) return fail('needs a "measure" object', `${at}.measure`);
    const kindOk = (k: unknown) => k === undefined || (COMMUNITY_KINDS as readonly unknown[]).includes(k);
    const catOk = (c: unknown) => typeof c === 'string' && ctx.categories.has(c);
    let ok: boolean;
    switch (m.type) {
      case 'attainment': ok = ctx.levels.some((l) => l.id === m.level) && kindOk(m.kind) && m.kind !== undefined; break;
      case 'rule': ok = catOk(m.category) && kindOk(m.kind) && m.kind !== undefined; break;
      case 'presence': ok = catOk(m.category) && (WITHINS as readonly unknown[]).includes(m.within) && kindOk(m.kind); break;
      case 'quota': ok = (QUOTA_IDS as readonly unknown[]).includes(m.quota); break;
      case 'data': {
        const field = (f: unknown) => (INDICATOR_FIELDS as readonly unknown[]).includes(f);
        ok = (m.per === 'community' || m.per === 'street') && (m.form === 'ratio'
          ? field(m.numerator) && (field(m.denominator) || m.denominator === 'population')
          : (m.form === 'share-yes' || m.form === 'count-yes') && field(m.field) && kindOk(m.kind));
        break;
      }
      case 'none': ok = typeof m.why === 'string'; break;
      default: ok = false;
    }
    if (!ok) fail(`measure ${JSON.stringify(m)} is not one of attainment, rule, presence, quota, data, none with known names`, `${at}.measure`);
    const out: PlanIndicator = {
      id: o.id as string, clause: o.clause as string, name: o.name as string, nameZh: o.nameZh as string,
      targetText: o.targetText as string, measure: m as unknown as IndicatorMeasure,
    };
    if (o.target !== undefined) out.target = o.target as number;
    if (o.strive === true) out.strive = true;
    return out;
  });
}

/** Figures from the optional indicators CSV: per community `id` and per `street` (yes/no fields as 1/0). */
export interface IndicatorData {
  /** Named in the report: the file they came from. */
  readonly source: string;
  readonly byCommunity: ReadonlyMap<string, Partial<Record<IndicatorField, number>>>;
  readonly byStreet: ReadonlyMap<string, Partial<Record<IndicatorField, number>>>;
}

