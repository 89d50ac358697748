import type { Analysis } from '../scoring/analyze.js';
import { escapeHtml as esc } from './escape.js';
import { KIND_LABEL, categoryFacts, kindsPresent, levelShortZh, pct, type CategoryFact } from './report-facts.js';
import { shortfallChart, shortfallColour } from './charts-html.js';

/**
 * The "What the communities lack" section: per category, the facilities, the communities meeting its
 * rule and the people covered, and the communities lacking it per level. Its own renderer so the
 * report's what-if can draw it again for a scenario (whatif/view.ts) exactly as the report does.
 */
export function categorySectionHtml(analysis: Analysis, facts: readonly CategoryFact[] = categoryFacts(analysis)): string {
  const std = analysis.standard;
  const levels = std.levels;
  const scored = analysis.communities.filter((s) => s.scored).length;
  const kinds = kindsPresent(analysis);
  return `<section id="categories">
  <h2>各类设施 What the communities lack</h2>
  <p>Communities (of ${scored} scored) failing each category's rule 未满足各类设施规则的社区数:
    ${levels.map((l) => `<span class="swatch" style="background:${shortfallColour(std, l.id)}"></span>${esc(levelShortZh(std, l.id))} ${esc(l.id)}`).join('\n    ')}</p>
  ${shortfallChart(std, facts, scored)}
  <div class="scroll"><table class="data" id="category-table">
    <thead><tr><th rowspan="2">类别 Category</th><th rowspan="2">设施 Facilities</th>
      ${kinds.map((k) => `<th colspan="3">${KIND_LABEL[k.kind].zh} ${KIND_LABEL[k.kind].en}</th>`).join('')}
      <th colspan="${levels.length}">缺口社区 Communities lacking</th></tr>
    <tr>${kinds.map(() => `<th>标准 Rule (${esc(levels.map((l) => levelShortZh(std, l.id)).join(' / '))})</th><th>满足 Meeting</th><th>人口覆盖 People covered</th>`).join('')}${levels.map((l) => `<th>${esc(levelShortZh(std, l.id))} ${esc(l.id)}</th>`).join('')}</tr></thead>
    <tbody>${facts.map((f) => `<tr${f.facilities === 0 ? ' class="unmet"' : ''}><td>${esc(f.zh)} ${esc(f.en)}</td><td class="num">${f.facilities}</td>${kinds.map((k) => {
      const b = f.byKind[k.kind];
      const t = f.thresholds[k.kind];
      const rule = t ? levels.map((l) => esc(t[l.id] ?? '–')).join(' / ') : '–';
      return b ? `<td>${rule}</td><td class="num">${b.met} / ${b.applicable} (${pct(b.met / b.applicable)})</td><td class="num">${pct(b.populationShare)}</td>`
        : `<td>${rule}</td><td class="num">–</td><td class="num">–</td>`;
    }).join('')}${levels.map((l) => `<td class="num">${f.missing[l.id]}</td>`).join('')}</tr>`).join('')}</tbody>
  </table></div>
  <p class="muted">“Meeting” counts communities whose residents reach the category within the rule's threshold in at least the rule's minimum share (first level at which the category has a rule). “People covered” is the population-weighted share within that threshold.
    满足：达到该类设施首个适用规则（时间阈值内的人口比例不低于最低比例）的社区数。</p>
</section>`;
}

/** The headline's sentence naming the categories communities most often lack for the lowest level ('' when none). */
export function lackSentenceHtml(analysis: Analysis, facts: readonly CategoryFact[] = categoryFacts(analysis)): string {
  const std = analysis.standard;
  const lowest = std.levels[0];
  const mostLacking = facts.filter((f) => f.missing[lowest.id] > 0).sort((a, b) => b.missing[lowest.id] - a.missing[lowest.id]).slice(0, 3);
  return mostLacking.length
    ? `<p class="lead" id="lack-sentence">Communities fail the ${esc(lowest.name.toLowerCase())} most often for lack of ${esc(levelShortZh(std, lowest.id))}最常见的缺项: ${mostLacking
      .map((f) => `<b>${esc(f.zh)} ${esc(f.en)}</b> (${f.missing[lowest.id]})`).join(', ')}.</p>`
    : '<p class="lead" id="lack-sentence" hidden></p>';
}
