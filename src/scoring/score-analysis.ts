import type { Standard } from '../standards/standard.js';
import type { Community } from './communities.js';
import type { Residents } from './residents.js';
import { scoreCommunities, type CommunityScore } from './score-communities.js';
import { summarizeCategories, summarizeKinds, type CategorySummary, type KindSummary } from './city-summary.js';
import { measureQuotas, type QuotaFacility, type QuotaResult } from './quotas.js';
import { presenceOf, type PlacedFacility, type Presence } from './presence.js';
import { sensitivity, type SensitivityRow } from './sensitivity.js';
import { ShareTable } from './share-table.js';
import { measureIndicators, type IndicatorData, type IndicatorResult } from './plan-indicators.js';

export interface ScoreInputs {
  readonly standard: Standard;
  /** Categories scored, in the standard's order. */
  readonly categories: readonly string[];
  readonly communities: readonly Community[];
  readonly residents: Residents;
  /** Residents' distances per field key (see field-key.ts). */
  readonly distances: ReadonlyMap<string, Float64Array>;
  /** Every facility, placed in its community, with its category, type, capacity and area. */
  readonly facilities: readonly (PlacedFacility & QuotaFacility)[];
  readonly indicatorData?: IndicatorData;
  /** Wraps a stage for the timings (analyze's log); default: just runs it. */
  readonly time?: <T>(stage: string, f: () => T) => T;
}

/** Everything an analysis scores from the distance fields and where the facilities stand. */
export interface Scores {
  readonly presence: Presence;
  readonly communities: CommunityScore[];
  readonly kinds: KindSummary[];
  readonly categorySummary: CategorySummary[];
  readonly quotas: QuotaResult[];
  readonly sensitivity: SensitivityRow[];
  readonly indicators: IndicatorResult[];
}

/**
 * The scores of `analyze` and `rescore` alike, a pure function of the fields, the standard and the
 * communities: presence, each community's attainment, the city summaries, quotas, the sensitivity
 * table and the plan indicators.
 */
export function scoreAnalysis(x: ScoreInputs): Scores {
  const time = x.time ?? (<T>(_stage: string, f: () => T): T => f());
  const { standard, communities } = x;
  const presence = presenceOf(communities, x.facilities);
  const fields = { residents: x.residents, distances: x.distances, presence };
  // One table of shares for the scores and the six sensitivity runs, which mostly ask for the same ones.
  const shares = new ShareTable(x.residents, communities);
  const scores = time('score', () => scoreCommunities(standard, communities, fields, { shares }));
  const sensitivityRows = time('sensitivity', () => sensitivity(standard, communities, fields, { shares }));
  const quotas = measureQuotas(standard, communities, x.facilities, x.indicatorData);
  const kinds = summarizeKinds(standard, scores);
  return {
    presence,
    communities: scores,
    kinds,
    categorySummary: summarizeCategories(x.categories, scores),
    quotas,
    sensitivity: sensitivityRows,
    indicators: measureIndicators(standard, { communities, scores, kinds, quotas, presence, data: x.indicatorData }),
  };
}
