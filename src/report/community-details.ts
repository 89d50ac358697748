import type { Analysis } from '../scoring/analyze.js';
import type { CommunityScore } from '../scoring/score-communities.js';
import type { StandardRule } from '../standards/standard.js';
import { attainmentStatus, fmt, pct, thousands, thresholdText } from './report-facts.js';

/**
 * What the report page's details panel and community table show of each community (report-client.ts
 * reads it), and the rules the communities' results point into. Its own module so the what-if sends
 * the same for a scenario (whatif/view.ts).
 */
export interface CommunityDetailsData {
  /** [category, level, threshold, min share] per rule. */
  readonly rules: [string, string, string, string][];
  readonly communities: ReturnType<typeof communityDetails>[];
}

export function communityDetailsData(analysis: Analysis): CommunityDetailsData {
  const rules = new RuleTable(analysis.standard.rules);
  const communities = analysis.communities.map((s) => communityDetails(analysis, s, rules));
  return {
    rules: rules.list.map((r) => [r.category, r.level, thresholdText(r), r.within ? 'present 在内' : pct(r.minShare)]),
    communities,
  };
}

/** The rules each community's results point into, by position; a rule met elsewhere is added at the end. */
class RuleTable {
  readonly list: StandardRule[];
  private readonly index = new Map<StandardRule, number>();

  constructor(rules: readonly StandardRule[]) {
    this.list = [...rules];
    this.list.forEach((r, i) => this.index.set(r, i));
  }

  indexOf(rule: StandardRule): number {
    let i = this.index.get(rule);
    if (i === undefined) {
      i = this.list.push(rule) - 1;
      this.index.set(rule, i);
    }
    return i;
  }
}

function communityDetails(analysis: Analysis, s: CommunityScore, rules: RuleTable) {
  const c = s.community;
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    zone: c.zone ?? null,
    street: c.street ?? null,
    population: s.population === undefined ? null : thousands(s.population),
    status: attainmentStatus(s),
    // A community nobody lives in fails no rule: it is not measured. [level, categories lacking], lowest first.
    missing: s.scored ? analysis.standard.levels.map((l) => [l.id, s.missing[l.id] ?? []]) : [],
    // Per level, lowest first: 1 attained, 0 not, null not measured.
    attained: analysis.standard.levels.map((l) => (s.scored ? (s.attained[l.id] ? 1 : 0) : null)),
    // Tuples of numbers, not objects, pointing into the shared rule list: keys, repeated rule text and
    // units would be most of the bytes on a city. [rule index, share in % (for a presence rule, how many
    // are present, as text), met, median minutes], the median null when not measured and -1 when nothing is reachable.
    rules: !s.scored ? [] : s.rules.map((r) => {
      const median = s.categories.get(r.rule.category)?.medianMin;
      return [
        rules.indexOf(r.rule), r.rule.within ? `${r.present ?? 0} present 处` : Number(pct(r.share).slice(0, -1)), r.met ? 1 : 0,
        median === undefined || Number.isNaN(median) ? null : Number.isFinite(median) ? Number(fmt(median, 1)) : -1,
      ];
    }),
  };
}
