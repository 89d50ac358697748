import type { Analysis } from '../scoring/analyze.js';
import type { IndicatorResult } from '../scoring/plan-indicators.js';
import { escapeHtml as esc } from './escape.js';
import { fmt, pct } from './report-facts.js';

/**
 * The plan-indicators table (规划指标): one row per quantified target of the plan with its clause,
 * target, value and status. An indicator the data cannot answer says so and what would answer it;
 * it never reads as met.
 */
export interface IndicatorRow {
  readonly clause: string;
  readonly name: string;
  readonly target: string;
  readonly value: string;
  readonly status: string;
  readonly result: 'met' | 'short' | 'no-figure' | 'not-assessed';
  readonly detail: string;
}

export function indicatorRows(analysis: Analysis): IndicatorRow[] {
  return analysis.indicators.map((i) => ({
    clause: i.clause,
    name: `${i.nameZh} ${i.name}`,
    target: i.targetText,
    value: valueText(i),
    status: i.status === 'measured' ? 'measured 已测算' : i.status === 'needs-data' ? `needs data 需数据: ${i.needs ?? ''}` : 'not spatial 非空间指标',
    result: i.status !== 'measured' ? 'not-assessed' : i.met === undefined ? 'no-figure' : i.met ? 'met' : 'short',
    detail: i.detail,
  }));
}

function valueText(i: IndicatorResult): string {
  if (i.value === undefined) return 'not assessed 未评估';
  const v = i.unit === 'share' ? pct(i.value) : fmt(i.value);
  return i.shareMeeting === undefined ? v : `${v}; ${pct(i.shareMeeting)} of communities meet it 达标社区占比`;
}

const RESULT_TEXT: Record<IndicatorRow['result'], string> = {
  met: '✓ met 达标', short: '✗ short 未达标', 'no-figure': 'no figure to compare 无量化目标', 'not-assessed': 'not assessed 未评估',
};

const NOTE = 'Targets marked 力争 are ones the plan strives for. 标“力争”者为规划的争取目标。';

export function indicatorsSectionHtml(analysis: Analysis): string {
  if (analysis.indicators.length === 0) return '';
  return `<section id="plan-indicators">
  <h2>规划指标 Plan indicators</h2>
  <p>Every quantified target of the plan, measured where the data allow. ${esc(NOTE)}</p>
  <div class="scroll"><table class="data">
    <thead><tr><th>条款 Clause</th><th>指标 Indicator</th><th>目标 Target</th><th>现状 Value</th><th>结果 Result</th><th>状态 Status</th><th>依据 How</th></tr></thead>
    <tbody>${indicatorRows(analysis).map((r) => `<tr class="${r.result === 'met' ? 'met' : r.result === 'short' ? 'unmet' : 'na'}"><td>${esc(r.clause)}</td><td>${esc(r.name)}</td>` +
      `<td>${esc(r.target)}</td><td class="num">${esc(r.value)}</td><td>${esc(RESULT_TEXT[r.result])}</td><td>${esc(r.status)}</td><td class="muted">${esc(r.detail)}</td></tr>`).join('')}</tbody>
  </table></div>
</section>`;
}

export function indicatorsMarkdown(analysis: Analysis, cell: (s: string) => string): string[] {
  if (analysis.indicators.length === 0) return [];
  return [
    '## 规划指标 Plan indicators', '',
    `Every quantified target of the plan, measured where the data allow. ${cell(NOTE)}`, '',
    '| Clause 条款 | Indicator 指标 | Target 目标 | Value 现状 | Result 结果 | Status 状态 | How 依据 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...indicatorRows(analysis).map((r) => `| ${[r.clause, r.name, r.target, r.value, RESULT_TEXT[r.result], r.status, r.detail].map(cell).join(' | ')} |`),
    '',
  ];
}
