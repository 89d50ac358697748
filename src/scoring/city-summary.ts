import type { CommunityKind, Level, Standard } from '../standards/standard.js';
import { COMMUNITY_KINDS } from '../standards/standard.js';
import type { CommunityScore } from './score-communities.js';

/** How the communities of one kind stand against the standard's targets, level by level. */
export interface KindSummary {
  readonly kind: CommunityKind;
  /** Communities of this kind in the input. */
  readonly communities: number;
  /** Of them, those with residents to measure (the denominator of every share). */
  readonly scored: number;
  /** Communities attaining each level (by level id), and their share of the scored ones. */
  readonly attained: Readonly<Record<Level, number>>;
  readonly share: Readonly<Record<Level, number>>;
  readonly targets: Partial<Record<Level, number>>;
  /** How many more communities must attain each level to meet its target (0 when met). */
  readonly needed: Partial<Record<Level, number>>;
  /** People in the scored communities where known. */
  readonly population: number;
}

/** One category across the city: how many communities meet its rule, and how many people it covers. */
export interface CategorySummary {
  readonly category: string;
  readonly byKind: Partial<Record<CommunityKind, {
    /** Scored communities that have a rule for this category. */
    readonly applicable: number;
    /** Those where the rule (at its first level) is met. */
    readonly met: number;
    /** Share of their residents within the threshold: population-weighted when every one states a population, else a plain mean. */
    readonly populationShare: number;
  }>>;
}

export function summarizeKinds(standard: Standard, scores: readonly CommunityScore[]): KindSummary[] {
  return COMMUNITY_KINDS.map((kind) => {
    const ofKind = scores.filter((s) => s.community.kind === kind);
    const scored = ofKind.filter((s) => s.scored);
    const attained: Record<Level, number> = {};
    const share: Record<Level, number> = {};
    const targets: Partial<Record<Level, number>> = {};
    const needed: Partial<Record<Level, number>> = {};
    for (const { id } of standard.levels) {
      attained[id] = scored.filter((s) => s.attained[id]).length;
      share[id] = scored.length ? attained[id] / scored.length : 0;
      const target = standard.targets?.[id]?.[kind];
      if (target === undefined) continue;
      targets[id] = target;
      // The smallest count whose share reaches the target; the epsilon keeps 0.9 x 10 from becoming 9.000000000000002.
      needed[id] = Math.max(0, Math.ceil(target * scored.length - 1e-9) - attained[id]);
    }
    return {
      kind,
      communities: ofKind.length,
      scored: scored.length,
      attained,
      share,
      targets,
      needed,
      population: scored.reduce((a, s) => a + (s.population ?? 0), 0),
    };
  });
}

export function summarizeCategories(categories: readonly string[], scores: readonly CommunityScore[]): CategorySummary[] {
  return categories.map((category) => {
    const byKind: CategorySummary['byKind'] = {};
    for (const kind of COMMUNITY_KINDS) {
      const relevant = scores.filter((s) => s.community.kind === kind && s.scored && s.categories.get(category)?.rule);
      if (relevant.length === 0) continue;
      let people = 0, covered = 0, met = 0;
      // Weighted by population where every community states one; otherwise each community counts once.
      const weighByPeople = relevant.every((s) => s.population !== undefined) && relevant.some((s) => (s.population as number) > 0);
      for (const s of relevant) {
        const c = s.categories.get(category)!;
        const w = weighByPeople ? (s.population as number) : 1;
        people += w;
        covered += w * (c.share ?? 0);
        if ((c.share ?? 0) >= c.rule!.minShare - 1e-12) met++;
      }
      byKind[kind] = { applicable: relevant.length, met, populationShare: people > 0 ? covered / people : 0 };
    }
    return { category, byKind };
  });
}
