import type { Analysis } from '../scoring/analyze.js';
import type { CommunityScore } from '../scoring/score-communities.js';
import type { KindSummary } from '../scoring/city-summary.js';
import type { CommunityKind, Level, Standard, StandardRule, Zone } from '../standards/standard.js';
import { categoryLabel, levelSpec } from '../standards/load-standard.js';

/**
 * The facts both planner reports (HTML and Markdown) state, computed once so the two never disagree:
 * the headline against the targets, what each community lacks, and which categories fall short.
 */

/** A level's names for people: "便民生活服务圈" / "Convenient life-service circle". */
export function levelLabel(standard: Standard, id: Level): { zh: string; en: string } {
  const l = levelSpec(standard, id);
  return { zh: l.nameZh, en: l.name };
}

/** The two-character short form of a Chinese level name (便民, 优质), or the whole name. */
export function levelShortZh(standard: Standard, id: Level): string {
  const zh = levelSpec(standard, id).nameZh;
  return /生活(服务)?圈$/.test(zh) ? zh.replace(/生活(服务)?圈$/, '') : zh;
}

export const KIND_LABEL: Record<CommunityKind, { zh: string; en: string }> = {
  urban: { zh: '城市社区', en: 'Urban communities' },
  rural: { zh: '村', en: 'Villages' },
};

export const ZONE_LABEL: Record<Zone, { zh: string; en: string }> = {
  central: { zh: '中心城区', en: 'central' },
  outer: { zh: '外围城区', en: 'outer' },
};

/**
 * Where a community stands: the colour of its shape on the map. The id of the highest level it attains
 * with every level below it (the ladder), 'neither' when it attains not even the lowest, 'na' when not scored.
 */
export type AttainmentStatus = string;

export function attainmentStatus(s: CommunityScore): AttainmentStatus {
  if (!s.scored) return 'na';
  let status = 'neither';
  // `attained` lists the levels lowest first.
  for (const [level, ok] of Object.entries(s.attained)) {
    if (!ok) break;
    status = level;
  }
  return status;
}

/** Statuses in the order a legend lists them: the highest level first, then neither, then n/a. */
export function statuses(standard: Standard): AttainmentStatus[] {
  return [...standard.levels.map((l) => l.id).reverse(), 'neither', 'na'];
}

export function statusLabel(standard: Standard, status: AttainmentStatus): { zh: string; en: string } {
  if (status === 'neither') return { zh: '均未达到', en: standard.levels.length > 1 ? 'Neither' : 'Not attained' };
  if (status === 'na') return { zh: '无法评估', en: 'n/a (no residents)' };
  const top = standard.levels[standard.levels.length - 1]?.id === status;
  const short = levelShortZh(standard, status);
  const en = levelSpec(standard, status).name;
  return top ? { zh: `达到${short}`, en } : { zh: `仅达${short}`, en: `${en} only` };
}

/** Colours of the levels, lowest to highest: a green ramp ending in the quality green. */
export function levelColours(standard: Standard): Record<Level, string> {
  const ramp = ['#a6dba0', '#5aae61', '#1b7837', '#00441b'];
  const n = standard.levels.length;
  return Object.fromEntries(standard.levels.map((l, i) => [l.id, n === 1 ? ramp[2] : ramp[Math.round((i * 2) / Math.max(1, n - 1))] ?? ramp[2]]));
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

/** The headline bars for every kind that has communities, levels lowest first. */
export function headlineBars(analysis: Analysis): HeadlineBar[] {
  const bars: HeadlineBar[] = [];
  for (const k of kindsPresent(analysis)) {
    for (const { id: level } of analysis.standard.levels) {
      bars.push({
        kind: k.kind,
        level,
        attained: k.attained[level] ?? 0,
        scored: k.scored,
        share: k.share[level] ?? 0,
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
  const empty = (): Record<AttainmentStatus, number> => Object.fromEntries(statuses(analysis.standard).map((st) => [st, 0]));
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
  /** Per level id: scored communities that fail a rule of the category at that level. */
  readonly missing: Readonly<Record<Level, number>>;
  /** Scored communities with a rule for the category (any level), and at each level. */
  readonly applicable: number;
  readonly applicableAt: Readonly<Record<Level, number>>;
}

/** Per category: scored communities with a rule of it, with one at each level, and lacking it at each level. */
interface CategoryCounts { applicable: number; at: Map<Level, number>; missing: Map<Level, number> }

/** Scored communities counted once for every category: one pass, not one per category and level. */
function communityCounts(scored: readonly Analysis['communities'][number][], levels: readonly Level[]): Map<string, CategoryCounts> {
  const counts = new Map<string, CategoryCounts>();
  const of = (category: string) => {
    let c = counts.get(category);
    if (!c) counts.set(category, c = { applicable: 0, at: new Map(), missing: new Map() });
    return c;
  };
  const bump = (m: Map<Level, number>, l: Level) => m.set(l, (m.get(l) ?? 0) + 1);
  for (const s of scored) {
    // Each community counts once per category (and level), however many rules name it.
    const withRule = new Set<string>(), atLevel = new Map<string, Set<Level>>();
    for (const { rule } of s.rules) {
      withRule.add(rule.category);
      if (!atLevel.has(rule.category)) atLevel.set(rule.category, new Set());
      atLevel.get(rule.category)!.add(rule.level);
    }
    for (const c of withRule) of(c).applicable++;
    for (const [c, ls] of atLevel) for (const l of ls) bump(of(c).at, l);
    for (const l of levels) for (const c of new Set(s.missing[l] ?? [])) bump(of(c).missing, l);
  }
  return counts;
}

export function categoryFacts(analysis: Analysis): CategoryFact[] {
  const scored = analysis.communities.filter((s) => s.scored);
  const levels = analysis.standard.levels.map((l) => l.id);
  const counts = communityCounts(scored, levels);
  return analysis.categories.map((category) => {
    const label = categoryLabel(analysis.standard, category);
    const summary = analysis.categorySummary.find((c) => c.category === category);
    const thresholds: CategoryFact['thresholds'] = {};
    for (const kind of ['urban', 'rural'] as const) {
      for (const level of levels) {
        const rules = analysis.standard.rules.filter((r) => r.category === category && r.kind === kind && r.level === level);
        if (rules.length === 0) continue;
        // "15 min (outer 25 min) + in community": per test, the unzoned rule, then the zones that differ from it.
        const parts = [...new Set(rules.map((r) => r.within ?? 'distance'))].map((test) => {
          const ofTest = rules.filter((r) => (r.within ?? 'distance') === test);
          const base = ofTest.find((r) => r.zone === undefined);
          const zoned = ofTest.filter((r) => r.zone !== undefined && (!base || thresholdText(r) !== thresholdText(base)));
          const zonedText = zoned.map((r) => `${r.zone} ${thresholdText(r)}`).join(', ');
          return base ? thresholdText(base) + (zonedText ? ` (${zonedText})` : '') : zonedText;
        });
        (thresholds[kind] ??= {})[level] = parts.join(' + ');
      }
    }
    return {
      category,
      zh: label.nameZh,
      en: label.name,
      facilities: analysis.diagnostics.facilities.byCategory[category] ?? 0,
      thresholds,
      byKind: summary?.byKind ?? {},
      missing: Object.fromEntries(levels.map((l) => [l, counts.get(category)?.missing.get(l) ?? 0])),
      applicable: counts.get(category)?.applicable ?? 0,
      applicableAt: Object.fromEntries(levels.map((l) => [l, counts.get(category)?.at.get(l) ?? 0])),
    };
  });
}

export function thresholdText(r: Pick<StandardRule, 'minutes' | 'meters' | 'within' | 'types'>): string {
  const types = r.types ? ` (${r.types.join(', ')})` : '';
  if (r.within) return `in ${r.within}${types}`;
  return (r.minutes !== undefined ? `${fmt(r.minutes)} min` : `${fmt(r.meters ?? 0)} m`) + types;
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
  if (!s.scored) return '';
  return categoryNames(analysis, s.missing[level] ?? []).join('; ');
}

/** One line per kind: how many communities attain each level of the standard, against the targets. */
export function attainmentLines(analysis: Analysis): string[] {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return analysis.kinds.filter((k) => k.communities > 0).map((k) => {
    const label = k.kind === 'urban' ? 'urban communities' : 'villages';
    return `${label}: ` + analysis.standard.levels.map(({ id }) => {
      const target = k.targets[id], needed = k.needed[id];
      return `${k.attained[id]}/${k.scored} ${id} (${pct(k.share[id])}${target === undefined ? '' : `, target ${pct(target)}${needed ? `, ${needed} more needed` : ', met'}`})`;
    }).join(', ');
  });
}

