import { escapeHtml, escapeMarkdownCell } from './escape.js';

/**
 * What a set of outputs stands for: the baseline, a plan's suggestions, or a what-if (the baseline
 * with facilities added or removed). Reports of a scenario say so in their title and header, and
 * summary.json records it, so a what-if report is never mistaken for the real situation.
 */
export interface Scenario {
  kind: 'baseline' | 'plan' | 'what-if';
  /** Facilities added (`analyze --add`): id, category and name as the file gives them. */
  added?: { id: string | number; category?: string; name?: string }[];
  /** Facility ids removed (`analyze --remove`). */
  removed?: (string | number)[];
  /** The files the changes came from. */
  addFile?: string;
  removeFile?: string;
}

/** Facilities listed by name in a header; the rest are counted (all are in summary.json). */
const LISTED = 30;

export function scenarioTitle(scenario: Scenario | undefined, title: string | undefined): string {
  const base = title ?? 'lifecircle report';
  if (scenario?.kind === 'what-if') return `What-if 情景: ${base}`;
  if (scenario?.kind === 'plan' && title === undefined) return 'lifecircle plan 选址建议';
  return base;
}

/** One sentence per change, for the header; empty for the baseline. */
function changeLines(s: Scenario): string[] {
  if (s.kind !== 'what-if') return [];
  const lines: string[] = [];
  const added = s.added ?? [];
  const removed = s.removed ?? [];
  const listed = (items: string[]) => items.slice(0, LISTED).join(', ') + (items.length > LISTED ? `, and ${items.length - LISTED} more` : '');
  if (added.length) {
    lines.push(`Added 新增 ${added.length} facilit${added.length === 1 ? 'y' : 'ies'}${s.addFile ? ` (from ${s.addFile})` : ''}: ` +
      listed(added.map((a) => `${a.id}${a.name ? ` ${a.name}` : ''}${a.category ? ` [${a.category}]` : ''}`)));
  }
  if (removed.length) {
    lines.push(`Removed 移除 ${removed.length} facilit${removed.length === 1 ? 'y' : 'ies'}${s.removeFile ? ` (from ${s.removeFile})` : ''}: ` + listed(removed.map(String)));
  }
  if (!lines.length) lines.push('No facility was added or removed.');
  return lines;
}

const WHAT_IF_NOTE = 'This is a what-if scenario, not the present situation 本报告为情景模拟，非现状评估.';

export function scenarioHeaderHtml(scenario: Scenario | undefined): string {
  if (!scenario || scenario.kind !== 'what-if') return '';
  return `<div class="scenario" role="note"><p><strong>${escapeHtml(WHAT_IF_NOTE)}</strong></p>` +
    changeLines(scenario).map((l) => `<p>${escapeHtml(l)}</p>`).join('') + '</div>';
}

export function scenarioHeaderMarkdown(scenario: Scenario | undefined): string[] {
  if (!scenario || scenario.kind !== 'what-if') return [];
  return [`> **${escapeMarkdownCell(WHAT_IF_NOTE)}**`, ...changeLines(scenario).map((l) => `> ${escapeMarkdownCell(l)}`), ''];
}
