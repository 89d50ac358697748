import type { Analysis } from '../scoring/analyze.js';
import type { KindSummary } from '../scoring/city-summary.js';
import { attainmentStatus, categoryFacts, headlineBars, lacks, statusCounts, type AttainmentStatus } from '../report/report-facts.js';
import { headlineChart } from '../report/charts-html.js';
import { categorySectionHtml, lackSentenceHtml } from '../report/category-section-html.js';
import { quotaSectionHtml } from '../report/quota-section-html.js';
import { indicatorsSectionHtml } from '../report/indicators-section.js';
import { sensitivitySectionHtml } from '../report/sensitivity-section.js';
import { communityDetailsData, type CommunityDetailsData } from '../report/community-details.js';
import type { ScenarioDiff, ScenarioFacility, ScenarioFiles, WhatIfSession } from './session.js';

/** One community's row as the page shows it: status, per level of the standard 1, 0 or -1 for n/a, lacking count, and per level the lacks. */
export type CommunityView = [status: AttainmentStatus, levels: number[], lacking: number, lacks: string[]];

/** Everything the report page redraws after a change, computed in the worker so the page only paints. */
export interface WhatIfView {
  /** As summary.json's `attainment`. */
  readonly attainment: KindSummary[];
  readonly statusCounts: ReturnType<typeof statusCounts>;
  readonly communities: CommunityView[];
  /** The headline chart's HTML markup, from the same renderer as the static report (data text escaped there). */
  readonly headlineChart: string;
  /**
   * The parts of the report that depend on the facilities, each an element with an id that the page
   * replaces whole: the headline's lack sentence and the categories, quotas, plan-indicators and
   * sensitivity sections, from the static report's own renderers (data text escaped there).
   */
  readonly sections: string[];
  /** What the details panel and the community table read (report-client.ts), for the scenario. */
  readonly details: CommunityDetailsData;
  readonly facilities: ScenarioFacility[];
  readonly diff: ScenarioDiff;
  readonly changeCount: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly scenario: ScenarioFiles;
  /** Time the engine took for the last change, ms. */
  readonly ms: number;
}

export function whatIfView(session: WhatIfSession, ms: number): WhatIfView {
  const a: Analysis = session.analysis;
  const facts = categoryFacts(a);
  const levels = a.standard.levels.map((l) => l.id);
  return {
    attainment: a.kinds,
    statusCounts: statusCounts(a),
    communities: a.communities.map((s): CommunityView => [
      attainmentStatus(s), levels.map((l) => (!s.scored ? -1 : s.attained[l] ? 1 : 0)),
      !s.scored ? -1 : new Set(levels.flatMap((l) => s.missing[l] ?? [])).size,
      levels.map((l) => lacks(a, s, l)),
    ]),
    headlineChart: headlineChart(a.standard, headlineBars(a)),
    sections: [lackSentenceHtml(a, facts), categorySectionHtml(a, facts), quotaSectionHtml(a), indicatorsSectionHtml(a), sensitivitySectionHtml(a)].filter(Boolean),
    details: communityDetailsData(a),
    facilities: session.facilities(),
    diff: session.diff(),
    changeCount: session.changeCount,
    canUndo: session.canUndo,
    canRedo: session.canRedo,
    scenario: session.scenarioFiles(),
    ms,
  };
}
