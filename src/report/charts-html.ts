import { escapeHtml } from './escape.js';
import { KIND_LABEL, LEVEL_LABEL, pct, type CategoryFact, type HeadlineBar } from './report-facts.js';

/**
 * The report's two charts as HTML bars, drawn here so the page needs no chart library: the headline
 * (share attaining each level against its target) and the shortfall (communities lacking each
 * category). HTML, not SVG: on a phone an SVG chart shrinks with its text to a few pixels, while
 * these rows reflow (label above bar) and their text keeps its size.
 */

export const LEVEL_COLOURS = { convenient: '#7fbf7b', quality: '#1b7837' } as const;
export const SHORTFALL_COLOURS = { convenient: '#e66101', quality: '#fdb863' } as const;

/** A width or position along a track, as a CSS percentage. */
const percent = (share: number) => `${Math.round(Math.max(0, Math.min(1, share)) * 1000) / 10}%`;

export function headlineChart(bars: readonly HeadlineBar[]): string {
  const rows = bars.map((b) => {
    const short = b.target !== undefined && (b.needed ?? 0) > 0;
    const target = b.target === undefined ? ''
      : `<span class="bar-target" style="left:${percent(b.target)}" title="target 目标 ${pct(b.target)}"></span>`;
    const verdict = b.target === undefined ? 'no target 无目标'
      : short ? `target 目标 ${pct(b.target)} · ${b.needed} more needed 尚差 ${b.needed} 个` : `target 目标 ${pct(b.target)} · met 已达到`;
    return `<div class="bar-row"><div class="bar-label"><b>${KIND_LABEL[b.kind].zh} · ${LEVEL_LABEL[b.level].zh}</b>` +
      `<span class="sub">${KIND_LABEL[b.kind].en} · ${LEVEL_LABEL[b.level].en}</span></div>` +
      `<div class="bar-track" title="${b.attained} / ${b.scored}"><span class="bar-fill" style="width:${percent(b.share)};background:${LEVEL_COLOURS[b.level]}"></span>${target}</div>` +
      `<div class="bar-value"><b class="figure">${pct(b.share)} (${b.attained} / ${b.scored})</b><span class="sub ${short ? 'short' : 'ok'}">${verdict}</span></div></div>`;
  });
  return `<div class="bars" id="headline-bars">${rows.join('')}</div>`;
}

/** Communities failing each category's rule at each level, worst first: what the city lacks. */
export function shortfallChart(facts: readonly CategoryFact[], scored: number): string {
  const rows = [...facts].filter((f) => f.applicable > 0)
    .sort((a, b) => b.missingConvenient - a.missingConvenient || b.missingQuality - a.missingQuality || a.category.localeCompare(b.category));
  const max = Math.max(scored, 1);
  const out = rows.map((f) => `<div class="bar-row"><div class="bar-label"><b>${escapeHtml(f.zh)}</b><span class="sub">${escapeHtml(f.en)}</span></div>` +
    `<div class="bar-track pair"><span class="bar-fill" style="width:${percent(f.missingConvenient / max)};background:${SHORTFALL_COLOURS.convenient}" title="${f.missingConvenient} lack it for convenient"></span>` +
    `<span class="bar-fill" style="width:${percent(f.missingQuality / max)};background:${SHORTFALL_COLOURS.quality}" title="${f.missingQuality} lack it for quality"></span></div>` +
    `<div class="bar-value"><b>${f.applicableAt.convenient ? `${f.missingConvenient} · 便民 convenient` : '– · no convenient rule 无便民规则'}</b>` +
    `<span class="sub">${f.applicableAt.quality ? `${f.missingQuality} · 优质 quality` : '– · no quality rule 无优质规则'}</span></div></div>`);
  return `<div class="bars">${out.join('')}</div>`;
}
