import { escapeHtml } from './escape.js';
import type { Standard } from '../standards/standard.js';
import { KIND_LABEL, levelColours, levelLabel, levelShortZh, pct, type CategoryFact, type HeadlineBar } from './report-facts.js';

/**
 * The report's two charts as HTML bars, drawn here so the page needs no chart library: the headline
 * (share attaining each level against its target) and the shortfall (communities lacking each
 * category). HTML, not SVG: on a phone an SVG chart shrinks with its text to a few pixels, while
 * these rows reflow (label above bar) and their text keeps its size. One bar per level of the standard.
 */

/** Shortfall bars, lowest level first: the lowest level's gap is the most urgent. */
const SHORTFALL_RAMP = ['#e66101', '#fdb863', '#fee0b6', '#f7f7f7'] as const;
export function shortfallColour(standard: Standard, level: string): string {
  const i = standard.levels.findIndex((l) => l.id === level);
  return SHORTFALL_RAMP[Math.min(Math.max(i, 0), SHORTFALL_RAMP.length - 1)];
}

/** A width or position along a track, as a CSS percentage. */
const percent = (share: number) => `${Math.round(Math.max(0, Math.min(1, share)) * 1000) / 10}%`;

export function headlineChart(standard: Standard, bars: readonly HeadlineBar[]): string {
  const colours = levelColours(standard);
  const rows = bars.map((b) => {
    const short = b.target !== undefined && (b.needed ?? 0) > 0;
    const label = levelLabel(standard, b.level);
    const target = b.target === undefined ? ''
      : `<span class="bar-target" style="left:${percent(b.target)}" title="target 目标 ${pct(b.target)}"></span>`;
    const verdict = b.target === undefined ? 'no target 无目标'
      : short ? `target 目标 ${pct(b.target)} · ${b.needed} more needed 尚差 ${b.needed} 个` : `target 目标 ${pct(b.target)} · met 已达到`;
    return `<div class="bar-row"><div class="bar-label"><b>${KIND_LABEL[b.kind].zh} · ${escapeHtml(label.zh)}</b>` +
      `<span class="sub">${KIND_LABEL[b.kind].en} · ${escapeHtml(label.en)}</span></div>` +
      `<div class="bar-track" title="${b.attained} / ${b.scored}"><span class="bar-fill" style="width:${percent(b.share)};background:${colours[b.level]}"></span>${target}</div>` +
      `<div class="bar-value"><b class="figure">${pct(b.share)} (${b.attained} / ${b.scored})</b><span class="sub ${short ? 'short' : 'ok'}">${verdict}</span></div></div>`;
  });
  return `<div class="bars" id="headline-bars">${rows.join('')}</div>`;
}

/** Communities failing each category's rule at each level, worst first: what the city lacks. */
export function shortfallChart(standard: Standard, facts: readonly CategoryFact[], scored: number): string {
  const levels = standard.levels;
  const rows = [...facts].filter((f) => f.applicable > 0).sort((a, b) => {
    for (const l of levels) if (b.missing[l.id] !== a.missing[l.id]) return b.missing[l.id] - a.missing[l.id];
    return a.category.localeCompare(b.category);
  });
  const max = Math.max(scored, 1);
  const out = rows.map((f) => {
    const bars = levels.map((l) => `<span class="bar-fill" style="width:${percent(f.missing[l.id] / max)};background:${shortfallColour(standard, l.id)}" ` +
      `title="${f.missing[l.id]} lack it for ${escapeHtml(l.id)}"></span>`).join('');
    const values = levels.map((l, k) => {
      const zh = escapeHtml(levelShortZh(standard, l.id)), en = escapeHtml(l.id);
      const text = f.applicableAt[l.id] ? `${f.missing[l.id]} · ${zh} ${en}` : `– · no ${en} rule 无${zh}规则`;
      return k === 0 ? `<b>${text}</b>` : `<span class="sub">${text}</span>`;
    }).join('');
    return `<div class="bar-row"><div class="bar-label"><b>${escapeHtml(f.zh)}</b><span class="sub">${escapeHtml(f.en)}</span></div>` +
      `<div class="bar-track pair">${bars}</div><div class="bar-value">${values}</div></div>`;
  });
  return `<div class="bars">${out.join('')}</div>`;
}
