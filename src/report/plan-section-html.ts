import type { Analysis } from '../scoring/analyze.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import { escapeHtml as esc, jsonForScript } from './escape.js';
import { KIND_LABEL, levelLabel, levelShortZh, pct, thousands } from './report-facts.js';
import { categoryColour } from './category-style.js';
import { GUARANTEE_SENTENCE, planHeadline, planOutcome, type SiteCommunity, type SiteRow } from './plan-facts.js';
import { PLAN_SCRIPT } from './plan-client.js';

/**
 * The pieces a plan adds to report.html. Each is one self-contained fragment inserted at its own
 * place, so the page without a plan is exactly the page it was before plans existed.
 */

export const PLAN_NAV_LINK = '<a href="#plan">建议新址 Suggested sites</a>';

export const PLAN_STYLE = `
#map .sites rect { fill: #1f2328; stroke-width: 3; }
#map .sites text { fill: #fff; font: 700 11px system-ui, sans-serif; text-anchor: middle; pointer-events: none; }
#map .site { cursor: pointer; }
#map .site.selected rect { fill: #b3261e; stroke: #000; }
#map .community.reached { stroke: #1f2328; stroke-width: 2.5; stroke-dasharray: 5 3; }
.site-key { display: inline-block; min-width: 18px; height: 18px; padding: 0 3px; border-radius: 4px; background: #1f2328; color: #fff; font-size: 11px; font-weight: 700; text-align: center; line-height: 14px; margin: 0 6px 0 2px; border: 2px solid #e15759; vertical-align: -1px; }
.site-badge { background: #1f2328; color: #fff; }
#plan-headline td.after { font-weight: 600; }
#site-table td.names { max-width: 360px; }
button.locate-site { border: 1px solid #bbb; background: #fff; border-radius: 4px; cursor: pointer; }
@media print { button.locate-site { display: none; } }
`;

/** The map side's switch for the sites layer. */
export function siteToggleHtml(sites: readonly SiteRow[], analysis: Analysis): string {
  const first = sites[0];
  const colour = first ? categoryColour(analysis, first.category) : '#1f2328';
  return `<div id="sites-key"><h3>建议新址 Suggested sites</h3><div class="toggles"><label class="toggle"><input type="checkbox" data-layer="sites" checked> ` +
    `<span class="site-key" style="border-color:${colour}">1</span>numbered by rank 按优先次序编号 <span class="muted">(${sites.length})</span></label></div>` +
    '<p class="muted">Communities are coloured as they stand today; click a site for what it changes. 社区颜色为现状，点击新址查看其效果。</p></div>';
}

export function planSectionHtml(analysis: Analysis, plan: SitePlan, sites: readonly SiteRow[]): string {
  const outcome = planOutcome(analysis.standard, plan);
  const share = (n: number, scored: number) => `${n} / ${scored}${scored ? ` (${pct(n / scored)})` : ''}`;
  const headline = planHeadline(plan).map((r) => {
    const met = r.neededAfter === undefined ? 'na' : r.neededAfter === 0 ? 'met' : 'unmet';
    return `<tr class="${met}"><td>${KIND_LABEL[r.kind].zh} ${KIND_LABEL[r.kind].en}</td><td>${levelLabel(analysis.standard, r.level).zh} ${levelLabel(analysis.standard, r.level).en}</td>` +
      `<td class="num">${share(r.before, r.scored)}</td><td class="num after">${share(r.after, r.scored)}</td>` +
      `<td class="num">${r.target === undefined ? '–' : pct(r.target)}</td>` +
      `<td>${r.neededAfter === undefined ? '–' : r.neededAfter === 0 ? '✓ met 达标' : `✗ ${r.neededAfter} more 尚差 ${r.neededAfter}`}</td></tr>`;
  }).join('');
  const names = (list: readonly SiteCommunity[]) => (list.length ? list.map((c) => esc(c.name)).join('; ') : '<span class="muted">–</span>');
  const rows = sites.map((s, k) => `<tr data-site="${k}"><td class="num">${s.rank}</td>` +
    `<td><span class="swatch" style="background:${categoryColour(analysis, s.category)}"></span>${esc(s.zh)} ${esc(s.en)}</td><td>${esc(s.id)}</td>` +
    `<td class="num">${thousands(s.newlyCoveredPeople)}</td><td class="num">${s.communitiesReached.length}</td>` +
    s.newlyAttained.map((n) => `<td class="names">${names(n.communities)}</td>`).join('') +
    '<td><button type="button" class="locate-site" title="Show on map 地图定位">◎</button></td></tr>').join('');
  return `
<section id="plan">
  <h2>建议新增设施 Suggested sites</h2>
  <p class="lead">${esc(outcome.en)} ${esc(outcome.zh)}</p>
  <div class="scroll"><table id="plan-headline" class="data">
    <thead><tr><th>类型 Kind</th><th>级别 Level</th><th>现状 Before</th><th>新增后 After</th><th>目标 Target</th><th>结果 Result</th></tr></thead>
    <tbody>${headline}</tbody>
  </table></div>
  <p class="muted">${esc(GUARANTEE_SENTENCE.en)} ${esc(GUARANTEE_SENTENCE.zh)} (plan.json)</p>
  ${sites.length ? `<div class="scroll tall"><table id="site-table" class="data">
    <thead><tr><th>次序 Rank</th><th>类别 Category</th><th>编号 ID</th><th>新覆盖人口 People newly covered</th><th>覆盖社区 Communities reached</th>` +
    plan.levels.map((l) => `<th>新达${esc(levelShortZh(analysis.standard, l))} Newly ${esc(l)}</th>`).join('') + `<th>地图 Map</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>
  <p class="muted">Sites in the order chosen, by the gain of the plan's objective (plan.json), so the people newly covered need not fall with the rank; each row counts its gains with the sites ranked before it already built. People newly covered: residents of failing communities newly within the failing rule's distance. 按选址先后排列，各行增益以前序选址已建成计。</p>` : '<p>No site is suggested. 无建议新址。</p>'}
</section>
`;
}

/** The sites for the page script, communities by index into the report's community list. */
export function sitesDataHtml(sites: readonly SiteRow[]): string {
  const ref = (list: readonly SiteCommunity[]) => list.map((c) => (c.index >= 0 ? c.index : c.name));
  const data = sites.map((s) => [s.rank, s.id, s.category, thousands(s.newlyCoveredPeople), s.newlyAttained.map((n) => [n.level, ref(n.communities)]), ref(s.communitiesReached)]);
  return `<script type="application/json" id="lc-sites">${jsonForScript(data)}</script>\n<script>${PLAN_SCRIPT}</script>\n`;
}
