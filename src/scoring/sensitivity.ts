import type { CommunityKind, Level, Standard } from '../standards/standard.js';
import { withSettings } from '../standards/load-standard.js';
import type { Community } from './communities.js';
import { scoreCommunities, type ScoringFields } from './score-communities.js';
import { summarizeKinds } from './city-summary.js';
import type { ShareTable } from './share-table.js';

/** The settings the sensitivity table tries (issue 11: the two that move every result most). */
export const SENSITIVITY_MIN_SHARES: readonly number[] = [0.7, 0.8, 0.9];
export const SENSITIVITY_SPEEDS_KMH: readonly number[] = [3.0, 3.6, 4.5];

/** Attainment under one alternative setting, the other setting left as the standard has it. */
export interface SensitivityRow {
  readonly setting: 'minShare' | 'walkSpeedKmh';
  readonly value: number;
  /** True for the value the analysis used. */
  readonly current: boolean;
  readonly byKind: readonly {
    readonly kind: CommunityKind;
    readonly scored: number;
    readonly attained: Readonly<Record<Level, number>>;
    readonly share: Readonly<Record<Level, number>>;
  }[];
}

/**
 * Attainment per level and kind at other minimum shares and walking speeds, re-scored from the fields
 * already routed: distances are metres, so a new pace only moves the thresholds, and no second
 * routing pass is needed. Rules with their own pace or share keep them, as in a full run.
 */
export function sensitivity(
  standard: Standard,
  communities: readonly Community[],
  fields: ScoringFields,
  opts: {
    minShares?: readonly number[]; speedsKmh?: readonly number[];
    /** The analysis' own shares (see ShareTable): a new minimum share moves no limit, so its shares are all there. */
    shares?: ShareTable;
  } = {},
): SensitivityRow[] {
  const run = (setting: SensitivityRow['setting'], value: number): SensitivityRow => {
    const variant = withSettings(standard, setting === 'minShare' ? { minShare: value } : { speedKmh: value });
    // Attainment only: the table never reads the per-category medians, the costly part of scoring.
    const kinds = summarizeKinds(variant, scoreCommunities(variant, communities, fields, { categories: false, shares: opts.shares }));
    return {
      setting,
      value,
      current: value === (setting === 'minShare' ? standard.minShare : standard.walkSpeedKmh),
      byKind: kinds.filter((k) => k.communities > 0).map((k) => ({ kind: k.kind, scored: k.scored, attained: k.attained, share: k.share })),
    };
  };
  return [
    ...(opts.minShares ?? SENSITIVITY_MIN_SHARES).map((v) => run('minShare', v)),
    ...(opts.speedsKmh ?? SENSITIVITY_SPEEDS_KMH).map((v) => run('walkSpeedKmh', v)),
  ];
}
