import type { Analysis } from '../scoring/analyze.js';
import { escapeHtml as esc } from './escape.js';
import { quotaRows } from './report-sections.js';

/**
 * The quotas section: each of the standard's quotas measured against its target. Its own renderer so
 * the report's what-if can draw it again for a scenario (whatif/view.ts) exactly as the report does.
 */
export function quotaSectionHtml(analysis: Analysis): string {
  return `<section id="quotas">
  <h2>配置指标 Quotas</h2>
  <div class="scroll"><table class="data" id="quota-table">
    <thead><tr><th>指标 Quota</th><th>现状 Value</th><th>目标 Target</th><th>结果 Result</th><th>依据 How measured</th><th>来源 Source</th></tr></thead>
    <tbody>${quotaRows(analysis).map((q) => `<tr class="${q.result === 'met' ? 'met' : q.result === 'short' ? 'unmet' : 'na'}"><td>${esc(q.nameZh)}<br><span class="muted">${esc(q.name)}</span></td>` +
      `<td class="num">${esc(q.value)}</td><td class="num">${esc(q.target)}</td><td>${esc(q.resultText)}</td><td>${esc(q.detail)}</td><td>${esc(q.source)}${q.assumed ? ' <span class="assumed">assumed 假设</span>' : ''}</td></tr>`).join('')}</tbody>
  </table></div>
</section>`;
}
