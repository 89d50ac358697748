import type { Standard, StandardRule, CommunityKind, Zone } from '../standards/standard.js';
import { COMMUNITY_KINDS } from '../standards/standard.js';
import { ruleDistanceM } from '../scoring/rule-distance.js';
import { categoryLabel, rulesFor } from '../standards/load-standard.js';
import { QUOTA_KINDS } from '../standards/quotas.js';
import { fmt, pct, thresholdText } from './report-facts.js';

/**
 * A standard for people to read in a terminal (`lifecircle standards NAME`): its settings with their
 * sources, its levels, targets, district zones, every rule with which part is cited and which is ours,
 * what each level adds, its quotas and plan indicators. `--json` prints the file itself.
 */
export function standardText(std: Standard, opts: { isDefault?: boolean } = {}): string {
  const out: string[] = [];
  const ours = (assumed: boolean) => (assumed ? 'ours (assumed)' : 'cited');
  out.push(`${std.id}${opts.isDefault ? ' (default)' : ''}: ${std.name}${std.nameZh ? ` / ${std.nameZh}` : ''}`);
  if (std.description) out.push(...wrap(std.description, 2));
  out.push('', 'Settings 设置');
  const settings: [string, string, typeof std.settings.minShare][] = [
    ['walking speed 步行速度', `${fmt(std.walkSpeedKmh)} km/h`, std.settings.walkSpeedKmh],
    ['minimum share 最低覆盖比例', pct(std.minShare), std.settings.minShare],
  ];
  for (const [label, value, s] of settings) {
    out.push(`  ${label}: ${value}, ${ours(s.assumed)}${s.source ? `: ${s.source}` : ''}`);
    if (s.note) out.push(...wrap(s.note, 4));
  }

  out.push('', 'Levels 级别 (lowest first)');
  for (const l of std.levels) {
    out.push(`  ${l.order + 1}. ${l.id}: ${l.nameZh} ${l.name}${l.requiresBelow && l.order > 0 ? ` (requires ${std.levels[l.order - 1].id})` : ''}`);
    if (l.description) out.push(...wrap(l.description, 5));
    if (l.source) out.push(`     source: ${l.source}`);
  }
  if (std.targets) {
    out.push('', `Targets 目标: ${std.levels.filter((l) => std.targets![l.id]).map((l) =>
      `${l.id} ${COMMUNITY_KINDS.filter((k) => std.targets![l.id]![k] !== undefined).map((k) => `${k} ${pct(std.targets![l.id]![k]!)}`).join(', ')}`).join('; ')}`);
  }
  if (std.districtZones) {
    const zones = Object.entries(std.districtZones);
    out.push('', `District zones 区与分区 (${zones.length} districts; ${ours(std.districtZonesSource?.assumed ?? true)}${std.districtZonesSource ? `: ${std.districtZonesSource.source}` : ''})`);
    for (const zone of ['central', 'outer'] as Zone[]) out.push(`  ${zone}: ${zones.filter(([, z]) => z === zone).map(([d]) => d).join(', ')}`);
    if (std.districtZonesSource?.note) out.push(...wrap(std.districtZonesSource.note, 2));
  }

  out.push('', 'Rules 规则 (threshold: cited or ours; level: cited or ours)');
  for (const level of std.levels) {
    for (const kind of COMMUNITY_KINDS) {
      const rules = std.rules.filter((r) => r.level === level.id && r.kind === kind);
      if (rules.length === 0) continue;
      // The level's reason once per group; a rule that sits there for another reason says so itself.
      const levelWhy = (r: StandardRule) => `${r.levelAssumed ? 'ours (assumed)' : 'cited'}${r.levelSource ? `: ${r.levelSource}` : ': the standard\'s own level'}`;
      const common = levelWhy(rules[0]);
      out.push(`  ${level.id} · ${kind} (${rules.length} rules)`, ...wrap(`level ${common}`, 4));
      for (const r of rules) out.push(...ruleLines(std, r, levelWhy(r) === common ? undefined : levelWhy(r)));
    }
  }

  // What each level adds, and the check issue 11 asks for: no level asks a shorter walk for a service
  // a level below it already has.
  if (std.levels.length > 1) {
    out.push('', 'What each level adds');
    for (let i = 1; i < std.levels.length; i++) {
      const level = std.levels[i];
      for (const kind of COMMUNITY_KINDS) {
        const below = new Set(std.rules.filter((r) => r.kind === kind && std.levels.findIndex((l) => l.id === r.level) < i).map((r) => r.category));
        const here = [...new Set(std.rules.filter((r) => r.kind === kind && r.level === level.id).map((r) => r.category))];
        if (here.length === 0) continue;
        const added = here.filter((c) => !below.has(c));
        out.push(`  ${level.id} · ${kind}: adds ${added.length} categor${added.length === 1 ? 'y' : 'ies'}${added.length ? ` (${added.join(', ')})` : ''}` +
          `${here.length > added.length ? `; more content for ${here.filter((c) => below.has(c)).join(', ')}` : ''}`);
      }
      const tighter = tighterRules(std, i);
      out.push(`  ${level.id}: ${tighter.length === 0 ? `no rule is tighter than the ${std.levels[i - 1].id} rule of the same category, kind and zone`
        : `tighter than ${std.levels[i - 1].id} for ${tighter.join('; ')}`}`);
    }
  }

  if (std.quotas) {
    out.push('', 'Quotas 配置指标');
    for (const q of QUOTA_KINDS) {
      const t = std.quotas[q.id];
      if (t) out.push(`  ${q.nameZh} ${q.name}: ${t.strive ? '力争 (strive for) ' : '≥ '}${fmt(t.value)}, ${ours(t.assumed)}: ${t.source}`);
    }
  }
  if (std.indicators?.length) {
    out.push('', `Plan indicators 规划指标 (${std.indicators.length}; measured from the data, from an indicators CSV, or not spatial)`);
    for (const i of std.indicators) {
      const m = i.measure;
      const how = m.type === 'data' ? `indicators CSV: ${m.form === 'ratio' ? `${m.numerator} / ${m.denominator}` : m.field} per ${m.per}`
        : m.type === 'none' ? `not spatial (${m.why})` : m.type === 'quota' ? `quota ${m.quota}` : m.type;
      out.push(`  ${i.clause} · ${i.nameZh}: ${i.targetText}${i.strive ? ' (力争)' : ''} · ${how}`);
    }
  }
  return out.join('\n') + '\n';
}

function ruleLines(std: Standard, r: StandardRule, ownLevel: string | undefined): string[] {
  const label = categoryLabel(std, r.category);
  const head = `    ${r.zone ? `[${r.zone}] ` : ''}${label.nameZh} ${r.category}: ${thresholdText(r)}` +
    `${!r.within && r.ownSpeed ? ` at ${fmt(r.speedKmh)} km/h` : ''}${!r.within && r.ownMinShare ? `, ${pct(r.minShare)} of residents` : ''}`;
  const lines = [head, `      threshold ${r.assumed ? 'ours (assumed)' : 'cited'}: ${r.source}`];
  if (ownLevel) lines.push(`      level ${ownLevel}`);
  if (r.verification) lines.push(`      verification: ${r.verification}`);
  if (r.note) lines.push(...wrap(r.note, 6));
  return lines;
}

/** Rules of level i that ask a shorter walk than a lower level's rule of the same category, kind and zone. */
function tighterRules(std: Standard, i: number): string[] {
  const found: string[] = [];
  for (const kind of COMMUNITY_KINDS as CommunityKind[]) {
    for (const zone of [undefined, 'central', 'outer'] as (Zone | undefined)[]) {
      const lower = std.levels.slice(0, i).flatMap((l) => rulesFor(std, kind, zone, l.id)).filter((r) => !r.within);
      for (const r of rulesFor(std, kind, zone, std.levels[i].id).filter((x) => !x.within)) {
        const base = lower.find((x) => x.category === r.category);
        if (base && ruleDistanceM(r) < ruleDistanceM(base) - 1e-9) found.push(`${kind}${zone ? ` ${zone}` : ''} ${r.category} (${thresholdText(r)} < ${thresholdText(base)})`);
      }
    }
  }
  return found;
}

function wrap(text: string, indent: number, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width - indent) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l);
}
