import type { Feature, GeoJsonProperties } from 'geojson';
import type { InputDiagnostic } from '../errors.js';

/** The facility counts an analysis reports, from its facility outcomes. */
export interface FacilityCounts {
  readonly total: number;
  readonly byCategory: Record<string, number>;
  /** Facilities no category-map rule recognised (not scored). */
  readonly unmatched: number;
  /** The first few of those, "#index name". */
  readonly unmatchedExamples: string[];
  readonly unlinked: number;
  readonly outsideCommunities: number;
  /** Ids that more than one facility carries (reports and --remove cannot tell those apart). */
  readonly duplicateIds: string[];
}

interface CountedFacility {
  readonly id: string | number;
  readonly category?: string;
  readonly linked: boolean;
  readonly community: number;
}

/**
 * Facility counts and the scored categories no facility provides, for `analyze` and `rescore` alike.
 * `unmatchedExamples` names the unrecognised ones (only the input features know their names).
 */
export function facilityCounts(
  facilities: readonly CountedFacility[], categories: readonly string[], unmatchedExamples: string[],
): { facilities: FacilityCounts; categoriesWithoutFacilities: string[] } {
  const byCategory: Record<string, number> = {};
  for (const f of facilities) if (f.category) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  return {
    facilities: {
      total: facilities.length,
      byCategory,
      unmatched: facilities.filter((f) => !f.category).length,
      unmatchedExamples,
      unlinked: facilities.filter((f) => !f.linked).length,
      outsideCommunities: facilities.filter((f) => f.community < 0).length,
      duplicateIds: duplicateIds(facilities.map((f) => String(f.id))),
    },
    categoriesWithoutFacilities: categories.filter((c) => !byCategory[c]),
  };
}

/** Values that occur more than once, in order of first occurrence (at most 20). */
function duplicateIds(ids: readonly string[]): string[] {
  const seen = new Set<string>(), twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice].slice(0, 20);
}

/** "#index name" of a facility, for naming it in a diagnostic. */
export function describeFacility(props: GeoJsonProperties, i: number): string {
  const name = props?.name ?? props?.['名称'];
  return name !== undefined ? `#${i} ${String(name)}` : `#${i}`;
}

/** Facilities no rule recognised are not scored: one warning with the count and the first few named. */
export function uncategorizedWarnings(unmatched: readonly number[], facilities: readonly Feature[], source = 'facilities'): InputDiagnostic[] {
  if (!unmatched.length) return [];
  const named = unmatched.slice(0, 10).map((i) => describeFacility(facilities[i].properties, i)).join(', ');
  return [{
    level: 'warning', code: 'facility-uncategorized', file: source, row: unmatched[0], field: 'properties.category',
    message: `${unmatched.length} facilit${unmatched.length === 1 ? 'y has' : 'ies have'} no category the standard scores and ` +
      `no category-map rule matched ${unmatched.length === 1 ? 'it' : 'them'} (not scored): ${named}${unmatched.length > 10 ? ', ...' : ''}; ` +
      'give `category` or a --category-map',
  }];
}
