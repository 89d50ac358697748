import { escapeHtml } from './escape.js';
import { KIND_LABEL, LEVEL_LABEL, pct, type CategoryFact, type HeadlineBar } from './report-facts.js';

/**
 * The report's two charts as inline SVG, drawn here so the page needs no chart library: the headline
 * (share attaining each level against its target) and the shortfall (communities lacking each category).
 */

export const LEVEL_COLOURS = { convenient: '#7fbf7b', quality: '#1b7837' } as const;
export const SHORTFALL_COLOURS = { convenient: '#e66101', quality: '#fdb863' } as const;

const TRACK_X = 240, TRACK_W = 330, TEXT_X = 585, WIDTH = 900;

export function headlineChart(bars: readonly HeadlineBar[]): string {
  const rowH = 50, top = 24;
  const height = top + bars.length * rowH + 8;
  const x = (share: number) => TRACK_X + TRACK_W * Math.max(0, Math.min(1, share));
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Attainment against targets 达标率与目标">`,
  ];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${top - 6}" y2="${height - 8}"/>`,
      `<text class="axis" x="${x(t)}" y="${top - 10}" text-anchor="middle">${t * 100}%</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const short = b.target !== undefined && (b.needed ?? 0) > 0;
    out.push(
      `<text class="lbl" x="0" y="${y + 18}">${KIND_LABEL[b.kind].zh} · ${LEVEL_LABEL[b.level].zh}</text>`,
      `<text class="sub" x="0" y="${y + 35}">${KIND_LABEL[b.kind].en} · ${LEVEL_LABEL[b.level].en}</text>`,
      `<rect class="track" x="${TRACK_X}" y="${y + 8}" width="${TRACK_W}" height="24"/>`,
      `<rect x="${TRACK_X}" y="${y + 8}" width="${x(b.share) - TRACK_X}" height="24" fill="${LEVEL_COLOURS[b.level]}"><title>${b.attained} / ${b.scored}</title></rect>`,
    );
    if (b.target !== undefined) {
      out.push(`<line class="target" x1="${x(b.target)}" x2="${x(b.target)}" y1="${y + 3}" y2="${y + 37}"/>`,
        `<path class="target-mark" d="M${x(b.target) - 5} ${y + 1}h10l-5 6z"/>`);
    }
    out.push(
      `<text class="val" x="${TEXT_X}" y="${y + 18}">${pct(b.share)} (${b.attained} / ${b.scored})</text>`,
      `<text class="${short ? 'sub short' : 'sub ok'}" x="${TEXT_X}" y="${y + 35}">${b.target === undefined ? 'no target 无目标'
        : short ? `target 目标 ${pct(b.target)} · ${b.needed} more needed 尚差 ${b.needed} 个` : `target 目标 ${pct(b.target)} · met 已达到`}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

/** Communities failing each category's rule at each level, worst first: what the city lacks. */
export function shortfallChart(facts: readonly CategoryFact[], scored: number): string {
  const rows = [...facts].filter((f) => f.applicable > 0)
    .sort((a, b) => b.missingConvenient - a.missingConvenient || b.missingQuality - a.missingQuality || a.category.localeCompare(b.category));
  const rowH = 40, top = 24;
  const height = top + rows.length * rowH + 8;
  const max = Math.max(scored, 1);
  const x = (n: number) => TRACK_X + (TRACK_W * n) / max;
  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Communities lacking each category 各类设施缺口社区数">`,
  ];
  for (const t of [0, 0.5, 1]) {
    out.push(`<line class="grid" x1="${x(t * max)}" x2="${x(t * max)}" y1="${top - 6}" y2="${height - 8}"/>`,
      `<text class="axis" x="${x(t * max)}" y="${top - 10}" text-anchor="middle">${Math.round(t * max)}</text>`);
  }
  rows.forEach((f, i) => {
    const y = top + i * rowH;
    out.push(
      `<text class="lbl" x="0" y="${y + 15}">${escapeHtml(f.zh)}</text>`,
      `<text class="sub" x="0" y="${y + 31}">${escapeHtml(f.en)}</text>`,
      `<rect x="${TRACK_X}" y="${y + 4}" width="${x(f.missingConvenient) - TRACK_X}" height="14" fill="${SHORTFALL_COLOURS.convenient}"><title>${f.missingConvenient} lack it for convenient</title></rect>`,
      `<rect x="${TRACK_X}" y="${y + 19}" width="${x(f.missingQuality) - TRACK_X}" height="14" fill="${SHORTFALL_COLOURS.quality}"><title>${f.missingQuality} lack it for quality</title></rect>`,
      `<text class="val" x="${TEXT_X}" y="${y + 15}">${f.applicableAt.convenient ? `${f.missingConvenient} · 便民 convenient` : '– · no convenient rule 无便民规则'}</text>`,
      `<text class="sub" x="${TEXT_X}" y="${y + 31}">${f.applicableAt.quality ? `${f.missingQuality} · 优质 quality` : '– · no quality rule 无优质规则'}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}
