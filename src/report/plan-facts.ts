import type { Analysis } from '../scoring/analyze.js';
import type { CommunityKind, Level } from '../standards/standard.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import { suggestedSiteId } from './suggestions-output.js';
import { categoryLabel } from '../standards/load-standard.js';
import { KIND_LABEL, levelLabel } from './report-facts.js';
import type { Standard } from '../standards/standard.js';

/**
 * The facts of the suggested-sites section, computed once for the HTML and the Markdown report so the
 * two never disagree: attainment before and after the sites against the targets, and the ranked sites.
 */

/** One kind and level: communities attaining it before and after the suggested sites. */
export interface PlanHeadlineRow {
  readonly kind: CommunityKind;
  readonly level: Level;
  readonly scored: number;
  readonly before: number;
  readonly after: number;
  readonly target?: number;
  /** More communities still needed after the sites (0 when the target is met). */
  readonly neededAfter?: number;
}

export function planHeadline(plan: SitePlan): PlanHeadlineRow[] {
  const rows: PlanHeadlineRow[] = [];
  for (const after of plan.after) {
    if (after.communities === 0) continue;
    const before = plan.before.find((b) => b.kind === after.kind)!;
    for (const level of plan.levels) {
      rows.push({
        kind: after.kind, level, scored: after.scored,
        before: before.attained[level] ?? 0, after: after.attained[level] ?? 0,
        target: after.targets[level], neededAfter: after.needed[level],
      });
    }
  }
  return rows;
}

/** A community a site serves, by its index in the analysis (the map's `data-i`) and its name. */
export interface SiteCommunity {
  readonly index: number;
  readonly id: string;
  readonly name: string;
}

export interface SiteRow {
  readonly rank: number;
  /** The id the site carries in suggestions.geojson and suggestions.csv. */
  readonly id: string;
  readonly category: string;
  readonly zh: string;
  readonly en: string;
  readonly newlyCoveredPeople: number;
  /** Per level, lowest first: communities newly attaining it. */
  readonly newlyAttained: readonly { level: Level; communities: SiteCommunity[] }[];
  readonly communitiesReached: SiteCommunity[];
  readonly lon: number;
  readonly lat: number;
}

export function siteRows(analysis: Analysis, plan: SitePlan): SiteRow[] {
  const byId = new Map(analysis.communities.map((s, index) => [s.community.id, { index, id: s.community.id, name: s.community.name }]));
  // A plan made from another analysis could name a community this one lacks: keep it, unplaced.
  const lookup = (ids: readonly string[]) => ids.map((id) => byId.get(id) ?? { index: -1, id, name: id });
  return plan.sites.map((s) => {
    const label = categoryLabel(analysis.standard, s.category);
    return {
      rank: s.rank,
      id: suggestedSiteId(s),
      category: s.category,
      zh: label.nameZh,
      en: label.name,
      newlyCoveredPeople: s.newlyCovered,
      newlyAttained: plan.levels.map((level) => ({ level, communities: lookup(s.newlyAttained[level] ?? []) })),
      communitiesReached: lookup(s.communitiesReached),
      lon: s.lon,
      lat: s.lat,
    };
  });
}

/** Whether the sites meet every target, else how many more communities each unmet target still needs. */
export function planOutcome(standard: Standard, plan: SitePlan): { zh: string; en: string } {
  const n = plan.sites.length;
  const how = plan.mode === 'budget' ? { zh: '在预算内', en: 'within the budget' } : { zh: '以达标为目标', en: 'towards the targets' };
  if (plan.targetsMet) {
    return { zh: `${how.zh}新增 ${n} 处设施后，所有目标均可达到。`, en: `With these ${n} sites (chosen ${how.en}) every target is met.` };
  }
  const short: { zh: string; en: string }[] = [];
  for (const kind of ['urban', 'rural'] as const) {
    for (const level of plan.levels) {
      const needed = plan.shortfall[kind]?.[level] ?? 0;
      if (needed > 0) {
        short.push({
          zh: `${KIND_LABEL[kind].zh}${levelLabel(standard, level).zh}尚差 ${needed} 个`,
          en: `${needed} more ${kind === 'urban' ? 'urban communities' : 'villages'} ${levelLabel(standard, level).en.toLowerCase()}`,
        });
      }
    }
  }
  return {
    zh: `${how.zh}新增 ${n} 处设施后仍未全部达标：${short.map((s) => s.zh).join('；')}。`,
    en: `With these ${n} sites (chosen ${how.en}) the targets are not all met: still short by ${short.map((s) => s.en).join('; ')}.`,
  };
}

/** The guarantee of `SitePlan.guarantee` in one sentence; plan.json holds the full statement. */
export const GUARANTEE_SENTENCE = {
  en: 'Within each category the sites are chosen greedily, which reaches at least 1 − 1/e (about 63%) of the people ' +
    'the best possible set of as many sites from the same candidates would newly cover; the counts of communities newly attaining are measured by re-scoring, not guaranteed.',
  zh: '各类设施按贪心法选址，新增覆盖人口不低于同一候选点中同等数量最优选址的 1 − 1/e（约 63%）；新达标社区数为重新评估所得，不在保证之内。',
};
