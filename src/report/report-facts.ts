import type { Analysis } from '../scoring/analyze.js';
import type { CommunityScore } from '../scoring/score-communities.js';
import type { KindSummary } from '../scoring/city-summary.js';
import type { CommunityKind, Level, StandardRule, Zone } from '../standards/standard.js';
import { categoryLabel } from '../standards/load-standard.js';

/**
 * The facts both planner reports (HTML and Markdown) state, computed once so the two never disagree:
 * the headline against the targets, what each community lacks, and which categories fall short.
 */

export const LEVEL_LABEL: Record<Level, { zh: string; en: string }> = {
  convenient: { zh: '便民生活圈', en: 'Convenient circle' },
  quality: { zh: '优质生活圈', en: 'Quality circle' },
};

export const KIND_LABEL: Record<CommunityKind, { zh: string; en: string }> = {
  urban: { zh: '城市社区', en: 'Urban communities' },
  rural: { zh: '村', en: 'Villages' },
};

export const ZONE_LABEL: Record<Zone, { zh: string; en: string }> = {
  central: { zh: '中心城区', en: 'central' },
  outer: { zh: '外围城区', en: 'outer' },
};

/** Where a community stands: the colour of its shape on the map. */
export type AttainmentStatus = 'quality' | 'convenient' | 'neither' | 'na';

export const STATUS_LABEL: Record<AttainmentStatus, { zh: string; en: string }> = {
  quality: { zh: '达到优质', en: 'Quality' },
  convenient: { zh: '仅达便民', en: 'Convenient only' },
  neither: { zh: '均未达到', en: 'Neither' },
  na: { zh: '无法评估', en: 'n/a (no residents)' },
};

export const STATUSES: readonly AttainmentStatus[] = ['quality', 'convenient', 'neither', 'na'];

export function attainmentStatus(s: CommunityScore): AttainmentStatus {
  if (s.convenient === undefined) return 'na';
  if (s.quality) return 'quality';
  return s.convenient ? 'convenient' : 'neither';
}

/** One bar of the headline: a kind and a level against its target. */
export interface HeadlineBar {
  readonly kind: CommunityKind;
  readonly level: Level;
  readonly attained: number;
  readonly scored: number;
  readonly share: number;
  readonly target?: number;
  /** More communities needed to reach the target (0 when met). */
  readonly needed?: number;
}

/** The headline bars for every kind that has communities, convenient before quality. */
export function headlineBars(analysis: Analysis): HeadlineBar[] {
  const bars: HeadlineBar[] = [];
  for (const k of kindsPresent(analysis)) {
    for (const level of ['convenient', 'quality'] as const) {
      bars.push({
        kind: k.kind,
        level,
        attained: level === 'convenient' ? k.convenient : k.quality,
        scored: k.scored,
        share: level === 'convenient' ? k.convenientShare : k.qualityShare,
        target: k.targets[level],
        needed: k.needed[level],
      });
    }
  }
  return bars;
}

export function kindsPresent(analysis: Analysis): KindSummary[] {
  return analysis.kinds.filter((k) => k.communities > 0);
}

/** Counts of communities per attainment status, per kind. */
export function statusCounts(analysis: Analysis): Record<CommunityKind, Record<AttainmentStatus, number>> {
  const empty = (): Record<AttainmentStatus, number> => ({ quality: 0, convenient: 0, neither: 0, na: 0 });
  const counts: Record<CommunityKind, Record<AttainmentStatus, number>> = { urban: empty(), rural: empty() };
  for (const s of analysis.communities) counts[s.community.kind][attainmentStatus(s)]++;
  return counts;
}

/** One category across the city, with what the category table and the shortfall chart show. */
export interface CategoryFact {
  readonly category: string;
  readonly zh: string;
  readonly en: string;
  readonly facilities: number;
  /** Thresholds per kind and level, in words ("15 min", "outer 25 min", "5000 m"). */
  readonly thresholds: Partial<Record<CommunityKind, Partial<Record<Level, string>>>>;
  readonly byKind: Analysis['categorySummary'][number]['byKind'];
  /** Scored communities that fail the category's convenient rule, and its quality rule. */
  readonly missingConvenient: number;
  readonly missingQuality: number;
  /** Scored communities with a rule for the category (any level), and at each level. */
  readonly applicable: number;
  readonly applicableAt: Record<Level, number>;
}

export function categoryFacts(analysis: Analysis): CategoryFact[] {
  const scored = analysis.communities.filter((s) => s.convenient !== undefined);
  return analysis.categories.map((category) => {
    const label = categoryLabel(analysis.standard, category);
    const summary = analysis.categorySummary.find((c) => c.category === category);
    const thresholds: CategoryFact['thresholds'] = {};
    for (const kind of ['urban', 'rural'] as const) {
      for (const level of ['convenient', 'quality'] as const) {
        const rules = analysis.standard.rules.filter((r) => r.category === category && r.kind === kind && r.level === level);
        if (rules.length === 0) continue;
        // "15 min (outer 25 min)": the unzoned rule, then the zones that differ from it.
        const base = rules.find((r) => r.zone === undefined);
        const zoned = rules.filter((r) => r.zone !== undefined && (!base || thresholdText(r) !== thresholdText(base)));
        const zonedText = zoned.map((r) => `${r.zone} ${thresholdText(r)}`).join(', ');
        (thresholds[kind] ??= {})[level] = base ? thresholdText(base) + (zonedText ? ` (${zonedText})` : '') : zonedText;
      }
    }
    return {
      category,
      zh: label.nameZh,
      en: label.name,
      facilities: analysis.diagnostics.facilities.byCategory[category] ?? 0,
      thresholds,
      byKind: summary?.byKind ?? {},
      missingConvenient: scored.filter((s) => s.missingConvenient.includes(category)).length,
      missingQuality: scored.filter((s) => s.missingQuality.includes(category)).length,
      applicable: scored.filter((s) => s.rules.some((r) => r.rule.category === category)).length,
      applicableAt: {
        convenient: scored.filter((s) => s.rules.some((r) => r.rule.category === category && r.rule.level === 'convenient')).length,
        quality: scored.filter((s) => s.rules.some((r) => r.rule.category === category && r.rule.level === 'quality')).length,
      },
    };
  });
}

export function thresholdText(r: Pick<StandardRule, 'minutes' | 'meters'>): string {
  return r.minutes !== undefined ? `${fmt(r.minutes)} min` : `${fmt(r.meters ?? 0)} m`;
}

/** A share as a whole percentage ("62%"); one decimal below 10% so small shares do not read as 0. */
export function pct(x: number): string {
  const p = x * 100;
  return `${p > 0 && p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}

/** A number for people to read: up to `digits` decimals, trailing zeros dropped. */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  return String(Number(x.toFixed(digits)));
}

/** Category labels "中文 English" for a list of ids. */
export function categoryNames(analysis: Analysis, ids: readonly string[]): string[] {
  return ids.map((id) => {
    const l = categoryLabel(analysis.standard, id);
    return l.nameZh === l.name ? l.name : `${l.nameZh} ${l.name}`;
  });
}

/** 12345.6 -> "12,346": fixed separators, so the output does not depend on the machine's locale. */
export function thousands(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What a community lacks for a level, as labels; nothing for a community nobody lives in (not measured). */
export function lacks(analysis: Analysis, s: CommunityScore, level: Level): string {
  if (s.convenient === undefined) return '';
  return categoryNames(analysis, level === 'convenient' ? s.missingConvenient : s.missingQuality).join('; ');
}
