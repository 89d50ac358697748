import type { Analysis } from '../scoring/analyze.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import { escapeMarkdownCell as cell } from './escape.js';
import { KIND_LABEL, levelLabel, levelShortZh, pct, thousands } from './report-facts.js';
import { GUARANTEE_SENTENCE, planHeadline, planOutcome, siteRows, type SiteCommunity } from './plan-facts.js';

/** report.md's suggested-sites section, as lines ending with a blank one. */
export function planSectionMarkdown(analysis: Analysis, plan: SitePlan): string[] {
  const out: string[] = [];
  const table = (head: string[], rows: (string | number)[][]) => {
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`);
    for (const r of rows) out.push(`| ${r.join(' | ')} |`);
    out.push('');
  };
  const outcome = planOutcome(analysis.standard, plan);
  const share = (n: number, scored: number) => `${n} / ${scored}${scored ? ` (${pct(n / scored)})` : ''}`;
  out.push('## 建议新增设施 Suggested sites', '');
  out.push(`${cell(outcome.en)} ${cell(outcome.zh)}`, '');
  table(['', 'Level 级别', 'Before 现状', 'After 新增后', 'Target 目标', 'Result 结果'],
    planHeadline(plan).map((r) => [
      `${KIND_LABEL[r.kind].zh} ${KIND_LABEL[r.kind].en}`, `${levelLabel(analysis.standard, r.level).zh} ${levelLabel(analysis.standard, r.level).en}`,
      share(r.before, r.scored), share(r.after, r.scored), r.target === undefined ? '–' : pct(r.target),
      r.neededAfter === undefined ? '–' : r.neededAfter === 0 ? 'met 达标' : `${r.neededAfter} more 尚差 ${r.neededAfter}`,
    ]));
  out.push(`${cell(GUARANTEE_SENTENCE.en)} ${cell(GUARANTEE_SENTENCE.zh)} The full statement is in plan.json.`, '');
  const sites = siteRows(analysis, plan);
  if (sites.length === 0) {
    out.push('No site is suggested. 无建议新址。', '');
    return out;
  }
  const names = (list: readonly SiteCommunity[]) => (list.length ? list.map((c) => cell(c.name)).join('; ') : '–');
  table(['Rank 次序', 'Category 类别', 'ID 编号', 'People newly covered 新覆盖人口', 'Communities reached 覆盖社区',
    ...plan.levels.map((l) => `Newly ${l} 新达${levelShortZh(analysis.standard, l)}`), 'Lon, lat (WGS-84)'],
  sites.map((s) => [s.rank, `${cell(s.zh)} ${cell(s.en)}`, cell(s.id), thousands(s.newlyCoveredPeople), s.communitiesReached.length,
    ...s.newlyAttained.map((n) => names(n.communities)), `${s.lon.toFixed(6)}, ${s.lat.toFixed(6)}`]));
  out.push('Sites in the order chosen, by the gain of the plan\'s objective (plan.json), so the people newly covered need not fall with the rank; each row counts its gains with the sites ranked before it already built. ' +
    '按选址先后排列，各行增益以前序选址已建成计。Positions in full precision: suggestions.geojson / suggestions.csv.', '');
  return out;
}
