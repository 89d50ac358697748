import type { Analysis } from '../scoring/analyze.js';
import { escapeMarkdownCell as cell } from './escape.js';
import {
  KIND_LABEL, ZONE_LABEL, attainmentStatus, headlineBars, kindsPresent, lacks, levelLabel, levelShortZh,
  pct, statusCounts, statuses, statusLabel, thousands,
} from './report-facts.js';
import { categoryFactsOnce } from './category-facts-once.js';
import { settingsMarkdown } from './settings-section.js';
import { sensitivityMarkdown } from './sensitivity-section.js';
import { indicatorsMarkdown } from './indicators-section.js';
import { diagnosticItems, methodParagraphs, quotaRows, ruleRows, type ReportSettings } from './report-sections.js';
import { yesNo } from './community-table.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import { planSectionMarkdown } from './plan-section-md.js';
import { scenarioHeaderMarkdown, scenarioTitle, type Scenario } from './scenario.js';

export interface ReportMarkdownOptions extends ReportSettings {
  title?: string;
  /** A what-if says so in the title and the header, naming the facilities added and removed. */
  scenario?: Scenario;
  /** Shown as given; leave it out for byte-identical output. */
  generatedAt?: string;
  /** Suggested new sites from `suggestSites`: adds their section. Without it the text is as before. */
  plan?: SitePlan;
}

/** `report.md`: the facts of the HTML report as text and tables, for a document or an e-mail. */
export function reportMarkdown(analysis: Analysis, opts: ReportMarkdownOptions = {}): string {
  const std = analysis.standard;
  const facts = categoryFactsOnce(analysis);
  const counts = statusCounts(analysis);
  const kinds = kindsPresent(analysis);
  const scored = analysis.communities.filter((s) => s.scored).length;
  const levels = std.levels;
  const lowest = levels[0];
  const STATUSES = statuses(std);
  const STATUS_LABEL = Object.fromEntries(STATUSES.map((st) => [st, statusLabel(std, st)]));
  const short = (id: string) => levelShortZh(std, id);
  const out: string[] = [];
  const table = (head: string[], rows: (string | number)[][]) => {
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`);
    for (const r of rows) out.push(`| ${r.join(' | ')} |`);
    out.push('');
  };

  out.push(`# ${cell(scenarioTitle(opts.scenario, opts.title))}`, '', ...scenarioHeaderMarkdown(opts.scenario));
  out.push(`15/30 分钟社区生活圈评估 Life-service circle assessment. Standard 标准: ${cell(std.nameZh ? `${std.nameZh} ` : '')}${cell(std.name)} (\`${std.id}\`)` +
    `${opts.generatedAt ? `, ${cell(opts.generatedAt)}` : ''}.`, '');

  out.push('## 达标情况 How the communities stand', '');
  table(['', 'Level 级别', 'Attained 达标', 'Scored 可评估', 'Share 比例', 'Target 目标', 'More needed 尚差'],
    headlineBars(analysis).map((b) => [
      `${KIND_LABEL[b.kind].zh} ${KIND_LABEL[b.kind].en}`, `${cell(levelLabel(std, b.level).zh)} ${cell(levelLabel(std, b.level).en)}`,
      // A kind with nothing scored (villages under an urban-only standard) has no share to show.
      b.attained, b.scored, b.scored === 0 ? 'n/a' : pct(b.share), b.target === undefined ? '–' : pct(b.target),
      b.needed === undefined || b.scored === 0 ? '–' : b.needed,
    ]));
  table(['', 'Communities 社区', ...STATUSES.map((s) => `${STATUS_LABEL[s].zh} ${STATUS_LABEL[s].en}`)],
    kinds.map((k) => [`${KIND_LABEL[k.kind].zh} ${KIND_LABEL[k.kind].en}`, k.communities, ...STATUSES.map((s) => counts[k.kind][s])]));
  const lacking = facts.filter((f) => f.missing[lowest.id] > 0).sort((a, b) => b.missing[lowest.id] - a.missing[lowest.id]).slice(0, 3);
  if (lacking.length) {
    out.push(`Communities fail the ${cell(lowest.name.toLowerCase())} most often for lack of ${cell(short(lowest.id))}最常见的缺项: ${lacking.map((f) => `**${cell(f.zh)} ${cell(f.en)}** (${f.missing[lowest.id]})`).join(', ')}.`, '');
  }

  if (opts.plan) out.push(...planSectionMarkdown(analysis, opts.plan));

  out.push('## 各类设施 What the communities lack', '');
  out.push(`Communities (of ${scored} scored) failing each category's rule, and how each kind fares. 各类设施缺口社区数。`, '');
  table(['Category 类别', 'Facilities 设施', ...kinds.flatMap((k) => [`${KIND_LABEL[k.kind].en}: rule 标准 (${levels.map((l) => l.id).join(' / ')})`, `${KIND_LABEL[k.kind].en}: meeting 满足`, `${KIND_LABEL[k.kind].en}: people covered 人口覆盖`]),
    ...levels.map((l) => `Lacking, ${l.id} ${short(l.id)}缺口`)],
  facts.map((f) => [
    `${cell(f.zh)} ${cell(f.en)}`, f.facilities,
    ...kinds.flatMap((k) => {
      const b = f.byKind[k.kind];
      const t = f.thresholds[k.kind];
      const rule = t ? levels.map((l) => t[l.id] ?? '–').join(' / ') : '–';
      return b ? [rule, `${b.met} / ${b.applicable}`, pct(b.populationShare)] : [rule, '–', '–'];
    }),
    ...levels.map((l) => f.missing[l.id]),
  ]));

  out.push('## 配置指标 Quotas', '');
  table(['Quota 指标', 'Value 现状', 'Target 目标', 'Result 结果', 'How measured 依据', 'Source 来源'],
    quotaRows(analysis).map((q) => [`${cell(q.nameZh)} ${cell(q.name)}`, q.value, q.target, cell(q.resultText), cell(q.detail), `${q.assumed ? '(assumed 假设) ' : ''}${cell(q.source)}`]));

  out.push(...indicatorsMarkdown(analysis, cell));
  out.push(...sensitivityMarkdown(analysis, cell));

  out.push('## 社区一览 Every community', '');
  table(['Name 名称', 'ID', 'Kind 类型', 'Zone 分区', 'Street 街镇', 'Population 人口', 'Status 状态',
    ...levels.map((l) => `${l.id} ${short(l.id)}`), ...levels.map((l) => `Lacks for ${l.id} ${short(l.id)}缺项`)],
    analysis.communities.map((s) => {
      const c = s.community;
      const st = STATUS_LABEL[attainmentStatus(s)];
      return [cell(c.name), cell(c.id), `${KIND_LABEL[c.kind].zh} ${c.kind}`, c.zone ? `${ZONE_LABEL[c.zone].zh} ${c.zone}` : '', cell(c.street ?? ''),
        s.population === undefined ? '–' : thousands(s.population), `${cell(st.zh)} ${cell(st.en)}`,
        ...levels.map((l) => yesNo(s.scored ? s.attained[l.id] : undefined)), ...levels.map((l) => cell(lacks(analysis, s, l.id)))];
    }));

  out.push('## 评估规则 The rules used', '');
  out.push(...settingsMarkdown(analysis));
  out.push('Each rule shows which part is the plan\'s and which is ours: the threshold and the choice of level are judged apart (*ours 假设* or cited 出处).', '');
  table(['Level 级别', 'Kind 类型', 'Zone 分区', 'Category 类别', 'Threshold 阈值', 'Min share', 'km/h', 'Threshold from 阈值出处', 'Level from 级别出处'],
    ruleRows(analysis).map((r) => [r.level, r.kind, r.zone, cell(r.category), cell(r.threshold), r.minShare, r.speedKmh,
      `${r.assumed ? '*ours 假设* ' : 'cited 出处: '}${cell(r.source)}${r.note ? ` (${cell(r.note)})` : ''}${r.verification ? ` ⚠ ${cell(r.verification)}` : ''}`,
      `${r.levelAssumed ? '*ours 假设* ' : 'cited 出处: '}${cell(r.levelSource)}`]));
  out.push(`Targets 目标: ${kinds.map((k) => `${KIND_LABEL[k.kind].en} ${levels
    .map((l) => `${l.id} ${k.targets[l.id] === undefined ? 'none' : pct(k.targets[l.id]!)}`).join(', ')}`).join('; ')}.`, '');

  out.push('## 数据诊断 Diagnostics', '');
  for (const d of diagnosticItems(analysis)) out.push(`- ${d.warn ? '⚠ ' : ''}**${cell(d.label)}**: ${cell(d.value)}`);
  out.push('');

  out.push('## 方法 Method', '');
  for (const p of methodParagraphs(analysis, opts)) out.push(cell(p), '');
  return out.join('\n');
}
