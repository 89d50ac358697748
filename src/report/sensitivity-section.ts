import type { Analysis } from '../scoring/analyze.js';
import { escapeHtml as esc } from './escape.js';
import { fmt, KIND_LABEL, levelShortZh, pct } from './report-facts.js';

/**
 * The sensitivity table: attainment per level and kind at other minimum shares and walking speeds,
 * so a reader sees how much the two assumed settings move the headline.
 */
export interface SensitivityTable {
  readonly head: string[];
  readonly rows: { current: boolean; cells: string[] }[];
}

export function sensitivityTable(analysis: Analysis): SensitivityTable {
  const std = analysis.standard;
  const kinds = analysis.sensitivity[0]?.byKind.map((k) => k.kind) ?? [];
  const head = ['Setting 设置', ...kinds.flatMap((kind) => std.levels.map((l) => `${KIND_LABEL[kind].zh}${levelShortZh(std, l.id)} ${kind} ${l.id}`))];
  const rows = analysis.sensitivity.map((r) => ({
    current: r.current,
    cells: [
      `${r.setting === 'minShare' ? `min share 最低比例 ${pct(r.value)}` : `speed 步速 ${fmt(r.value)} km/h`}${r.current ? ' (used 本次)' : ''}`,
      ...kinds.flatMap((kind) => {
        const k = r.byKind.find((b) => b.kind === kind)!;
        return std.levels.map((l) => (k.scored === 0 ? 'n/a' : `${pct(k.share[l.id])} (${k.attained[l.id]})`));
      }),
    ],
  }));
  return { head, rows };
}

const NOTE = 'Each row re-scores the same routed distances with one setting changed (the other as the standard has it; rules with their own pace or share keep it). 每行仅改变一项设置，基于同一路网距离重新评估。';

export function sensitivitySectionHtml(analysis: Analysis): string {
  const t = sensitivityTable(analysis);
  return `<section id="sensitivity">
  <h2>敏感性 Sensitivity to the assumed settings</h2>
  <p>Share of scored communities attaining each level (count in brackets) at other minimum shares and walking speeds. ${esc(NOTE)}</p>
  <div class="scroll"><table class="data">
    <thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
    <tbody>${t.rows.map((r) => `<tr${r.current ? ' class="met"' : ''}>${r.cells.map((c, i) => `<td${i ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody>
  </table></div>
</section>`;
}

export function sensitivityMarkdown(analysis: Analysis, cell: (s: string) => string): string[] {
  const t = sensitivityTable(analysis);
  return [
    '## 敏感性 Sensitivity to the assumed settings', '',
    `Share of scored communities attaining each level (count in brackets). ${cell(NOTE)}`, '',
    `| ${t.head.map(cell).join(' | ')} |`, `|${t.head.map(() => ' --- ').join('|')}|`,
    ...t.rows.map((r) => `| ${r.cells.map((c, i) => (i === 0 && r.current ? `**${cell(c)}**` : cell(c))).join(' | ')} |`),
    '',
  ];
}
