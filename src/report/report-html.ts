import type { FeatureCollection } from 'geojson';
import { scenarioHeaderHtml, scenarioTitle, type Scenario } from './scenario.js';
import type { Analysis } from '../scoring/analyze.js';
import type { Standard } from '../standards/standard.js';
import { escapeHtml as esc, jsonForScript } from './escape.js';
import {
  KIND_LABEL, ZONE_LABEL, categoryFacts, categoryNames, headlineBars, kindsPresent,
  levelColours, levelShortZh, pct, statusCounts, statuses, statusLabel, thousands,
} from './report-facts.js';
import { headlineChart } from './charts-html.js';
import { categoryFactsOnce } from './category-facts-once.js';
import { categorySectionHtml, lackSentenceHtml } from './category-section-html.js';
import { quotaSectionHtml } from './quota-section-html.js';
import { communityDetailsData } from './community-details.js';
import { sensitivitySectionHtml } from './sensitivity-section.js';
import { indicatorsSectionHtml } from './indicators-section.js';
import { settingsHtml } from './settings-section.js';
import { reportMap } from './map-svg.js';
import { REPORT_STYLE } from './report-style.js';
import { REPORT_SCRIPT } from './report-client.js';
import { MAP_SCRIPT } from './map-client.js';
import { methodParagraphs, diagnosticItems, ruleRows, type ReportSettings } from './report-sections.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import { siteRows } from './plan-facts.js';
import { PLAN_NAV_LINK, PLAN_STYLE, planSectionHtml, sitesDataHtml, siteToggleHtml } from './plan-section-html.js';
import { whatIfHtml, type WhatIfEmbed } from './whatif-section.js';

export interface ReportHtmlOptions extends ReportSettings {
  /** The data set's name, shown as the page title. Default: "lifecircle report". */
  title?: string;
  /** A what-if says so in the title and the header, naming the facilities added and removed. */
  scenario?: Scenario;
  /** Coverage areas (properties `category` and `minutes` or `meters`), shown as switchable map layers. */
  coverage?: FeatureCollection;
  /** When the report was made, shown as given; leave it out for byte-identical output. */
  generatedAt?: string;
  /** Suggested new sites from `suggestSites`: adds their section and map layer. Without it the page is as before. */
  plan?: SitePlan;
  /** The what-if panel: the engine's state and script (see `whatIfState`, dist/browser/whatif.js). Without it the page is read-only. */
  whatIf?: WhatIfEmbed;
}

/**
 * The planner's report: one self-contained HTML page (no request to any network; all style and script
 * inline) that answers how many communities attain each level, which fail and for lack of what, and
 * where on the map. Deterministic for the same analysis and options. One function per section, in
 * page order.
 */
export function reportHtml(analysis: Analysis, opts: ReportHtmlOptions = {}): string {
  const title = scenarioTitle(opts.scenario, opts.title);
  const page = reportPage(analysis);
  const { std, levels, colours } = page;
  const sites = opts.plan ? siteRows(analysis, opts.plan) : undefined;
  const map = reportMap(analysis, { coverage: opts.coverage, sites });
  const facts = categoryFactsOnce(analysis);
  // One class per level: the map and the tables colour a community by the highest level it attains.
  const levelStyle = levels.map((l) => `.st-${l.id} { background: ${colours[l.id]}; fill: ${colours[l.id]}; }`).join('\n');
  const data = pageData(page);

  const body = `
${headerHtml(page, title, opts)}
<main>
${headlineSection(page, facts)}

${mapSection(page, map, sites)}
${opts.plan ? planSectionHtml(analysis, opts.plan, sites!) : ''}
${categorySectionHtml(analysis, facts)}

${quotaSectionHtml(analysis)}
${indicatorsSectionHtml(analysis)}
${sensitivitySectionHtml(analysis)}
${communitiesSection(page)}

${rulesSection(page)}

${diagnosticsSection(analysis)}

${methodSection(analysis, opts)}
</main>
<footer class="muted">lifecircle · ${esc(std.id)}${opts.generatedAt ? ` · ${esc(opts.generatedAt)}` : ''}</footer>`;

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lifecircle">
<title>${esc(title)}</title>
<style>${REPORT_STYLE}
${levelStyle}
.plan-part { display: inline-block; padding: 0 4px; border-radius: 3px; background: #dcebdc; color: #1b5e20; font-size: 12px; }</style>
${opts.plan ? `<style>${PLAN_STYLE}</style>\n` : ''}</head>
<body>${body}
<script type="application/json" id="lc-data">${jsonForScript(data)}</script>
<script type="application/json" id="lc-map">${jsonForScript(map.data)}</script>
<script>${MAP_SCRIPT}\n${REPORT_SCRIPT}</script>
${sites?.length ? sitesDataHtml(sites) : ''}${opts.whatIf ? whatIfHtml(analysis, opts.whatIf, map.projection.plane, opts.plan) : ''}</body>
</html>
`;
}

/** What every section reads: the analysis, its standard's levels, and the statuses a community can have. */
interface ReportPage {
  readonly analysis: Analysis;
  readonly std: Standard;
  readonly levels: Standard['levels'];
  readonly STATUSES: string[];
  readonly STATUS_LABEL: Record<string, { zh: string; en: string }>;
  readonly colours: Record<string, string>;
}

function reportPage(analysis: Analysis): ReportPage {
  const std = analysis.standard;
  const STATUSES = statuses(std);
  return {
    analysis, std, levels: std.levels, STATUSES,
    STATUS_LABEL: Object.fromEntries(STATUSES.map((st) => [st, statusLabel(std, st)])),
    colours: levelColours(std),
  };
}

/** The page's data for its script (lc-data): labels, the rules once, and every community's results. */
function pageData({ analysis, std, levels, STATUSES, STATUS_LABEL }: ReportPage) {
  const details = communityDetailsData(analysis);
  return {
    categories: Object.fromEntries(analysis.categories.map((c) => [c, categoryNames(analysis, [c])[0]])),
    kinds: Object.fromEntries((['urban', 'rural'] as const).map((k) => [k, `${KIND_LABEL[k].zh} ${KIND_LABEL[k].en}`])),
    zones: Object.fromEntries((['central', 'outer'] as const).map((z) => [z, `${ZONE_LABEL[z].zh} ${ZONE_LABEL[z].en}`])),
    levels: Object.fromEntries(levels.map((l) => [l.id, `${levelShortZh(std, l.id)} ${l.name}`])),
    status: Object.fromEntries(STATUSES.map((s) => [s, `${STATUS_LABEL[s].zh} ${STATUS_LABEL[s].en}`])),
    // The rules once; each community's results point into this list. [category, level, threshold, min share]
    rules: details.rules,
    levelIds: levels.map((l) => l.id),
    communities: details.communities,
  };
}

function headerHtml({ analysis, std }: ReportPage, title: string, opts: ReportHtmlOptions): string {
  return `<header>
  <h1>${esc(title)}</h1>${scenarioHeaderHtml(opts.scenario)}
  <p class="muted">15/30 分钟社区生活圈评估 Life-service circle assessment · 标准 Standard: ${esc(std.nameZh ? `${std.nameZh} ` : '')}${esc(std.name)} (<code>${esc(std.id)}</code>)${opts.generatedAt ? ` · ${esc(opts.generatedAt)}` : ''}</p>
  <nav>${[['headline', '总览 Headline'], ['map-section', '地图 Map'], ['categories', '分类 Categories'], ['quotas', '配置指标 Quotas'],
    ...(analysis.indicators.length ? [['plan-indicators', '规划指标 Plan indicators']] : []), ['sensitivity', '敏感性 Sensitivity'],
    ['communities', '社区 Communities'], ['rules', '规则 Rules'], ['diagnostics', '诊断 Diagnostics'], ['method', '方法 Method']]
    .map(([id, label]) => `<a href="#${id}">${label}</a>${id === 'map-section' && opts.plan ? PLAN_NAV_LINK : ''}`).join('')}</nav>
</header>`;
}

/** Headline: per kind, how many communities stand at each status; what they lack most; the chart against the targets. */
function headlineSection({ analysis, std, levels, STATUSES, STATUS_LABEL, colours }: ReportPage, facts: ReturnType<typeof categoryFacts>): string {
  const counts = statusCounts(analysis);
  const headlineCards = kindsPresent(analysis).map((k) => {
    const c = counts[k.kind];
    return `<div class="card"><h3>${KIND_LABEL[k.kind].zh} ${KIND_LABEL[k.kind].en}: ${k.communities}</h3><ul class="status-list">` +
      STATUSES.filter((st) => st !== 'na' || c.na > 0)
        .map((st) => `<li><span class="swatch st-${st}"></span><b>${c[st]}</b> ${STATUS_LABEL[st].zh} ${STATUS_LABEL[st].en}</li>`).join('') +
      '</ul></div>';
  }).join('');
  return `<section id="headline">
  <h2>达标情况 How the communities stand</h2>
  <div class="cards">${headlineCards}</div>
  ${lackSentenceHtml(analysis, facts)}
  ${headlineChart(std, headlineBars(analysis))}
  <p class="legend">${levels.map((l) => `<span class="swatch" style="background:${colours[l.id]}"></span>${esc(l.nameZh)} ${esc(l.name)}`).join('\n    ')}
    <span class="target-key"></span>目标 Target. Shares are of communities with residents to measure 比例以可评估社区为分母.</p>
</section>`;
}

/** The map with its side panel: status legend, details, layer switches for facilities and coverage. */
function mapSection({ analysis, STATUSES, STATUS_LABEL }: ReportPage, map: ReturnType<typeof reportMap>, sites: ReturnType<typeof siteRows> | undefined): string {
  const facilityTotal = map.data.facilities.reduce((n, l) => n + l.count, 0);
  const facilitiesOn = map.data.facilitiesOn;
  const layerToggles = [
    map.networkDrawn ? toggle('network', true, '<span class="swatch street-swatch"></span>街道 Streets') : '',
    facilityTotal > 0 ? `<label class="toggle all"><input type="checkbox" id="all-facilities"${facilitiesOn ? ' checked' : ''}> <b>全部设施 All facilities</b> <span class="muted">(${thousands(facilityTotal)})</span></label>` : '',
    ...map.data.facilities.filter((l) => l.count > 0).map((l) => toggle(l.id, facilitiesOn,
      `<span class="key key-${l.shape}" style="background:${l.colour}"></span>${esc(l.label)} <span class="muted">(${thousands(l.count)})</span>`)),
  ].join('');
  const facilityNote = facilityTotal > 0 && !facilitiesOn
    ? '<p class="muted note">Off at first so the attainment colours stay readable; many facilities are drawn as numbered clusters until you zoom in. 设施较多，默认关闭；放大前以聚合圆点显示。</p>'
    : '';
  // One line per category, one switch per threshold: "Health ≤ [15 min] [30 min]".
  const coverageToggles = [...new Set(map.data.coverage.map((l) => l.category))].map((category) => {
    const layers = map.data.coverage.filter((l) => l.category === category);
    return `<div class="cov-row"><span class="swatch" style="background:${layers[0].colour};opacity:.6"></span>${esc(layers[0].label)}<div class="chips">` +
      layers.map((l) => `<label class="chip"><input type="checkbox" data-layer="${l.id}"> ≤ ${esc(l.threshold)}</label>`).join(' ') + '</div></div>';
  }).join('');
  return `<section id="map-section">
  <h2>地图 Where on the map</h2>
  <div class="map-layout">
    <div class="map-frame">
      ${map.svg}
      <canvas id="map-canvas" aria-hidden="true"></canvas>
      <div class="map-buttons"><button id="zoom-in" title="Zoom in 放大">+</button><button id="zoom-out" title="Zoom out 缩小">−</button><button id="zoom-home" title="Whole area 全图">⌂</button></div>
      <div class="scale"><div id="scale-bar"></div><span id="scale-text"></span> · 北 N ↑</div>
    </div>
    <aside class="map-side">
      <h3>社区 Communities</h3>
      <ul class="status-list">${STATUSES.map((st) => `<li><span class="swatch st-${st}"></span>${STATUS_LABEL[st].zh} ${STATUS_LABEL[st].en}</li>`).join('')}</ul>
      <div id="details" class="details"><p class="muted">Click a community for its details. 点击社区查看详情。Drag to pan, wheel to zoom. 拖动平移，滚轮缩放。</p></div>
      ${sites?.length ? siteToggleHtml(sites, analysis) : ''}<h3>设施 Facilities</h3>
      <div class="toggles">${layerToggles || '<p class="muted">none 无</p>'}</div>${facilityNote}
      ${coverageToggles ? `<h3>步行覆盖范围 Walking coverage</h3><div class="toggles">${coverageToggles}</div>` : ''}
    </aside>
  </div>
</section>`;
}

/** The community table's frame; its rows are built in the page from lc-data. */
function communitiesSection({ std, levels, STATUSES, STATUS_LABEL }: ReportPage): string {
  return `<section id="communities">
  <h2>社区一览 Every community</h2>
  <div class="table-tools">
    <label>搜索 Search <input id="table-search" type="search" placeholder="name, id, street, category 名称、编号、街镇、类别"></label>
    <label>状态 Status <select id="table-status"><option value="">all 全部</option>${STATUSES.map((st) => `<option value="${st}">${STATUS_LABEL[st].zh} ${STATUS_LABEL[st].en}</option>`).join('')}</select></label>
    <span>shown 显示 <b id="table-shown"></b></span>
  </div>
  <div class="scroll tall"><table id="community-table" class="data">
    <thead><tr>${[
      ['名称 Name', 'text'], ['编号 ID', 'text'], ['类型 Kind', 'text'], ['分区 Zone', 'text'], ['街镇 Street', 'text'],
      ['人口 Population', 'num'], ...levels.map((l) => [`${levelShortZh(std, l.id)} ${l.id}`, 'num']), ['缺项数 Lacking', 'num'],
      ...levels.map((l) => [`${levelShortZh(std, l.id)}缺项 Lacks for ${l.id}`, 'text']),
    ].map(([h, type]) => `<th data-type="${type}"><button type="button">${h}</button></th>`).join('')}<th>地图 Map</th></tr></thead>
    <tbody></tbody>
  </table></div>
</section>`;
}

function rulesSection({ analysis, std, levels }: ReportPage): string {
  return `<section id="rules">
  <h2>评估规则 The rules used</h2>
  <p>${esc(std.description ?? '')}</p>
  ${settingsHtml(analysis)}
  <p>Each rule shows which part is the plan's and which is ours: the threshold (time, distance or presence) and the choice of level are judged apart, so a cited time can sit at a level of our choosing.
    每条规则分别标明阈值与级别归属的出处：<span class="plan-part">规划 plan</span> 或 <span class="assumed">假设 ours</span>。</p>
  <div class="scroll"><table class="data">
    <thead><tr><th>级别 Level</th><th>类型 Kind</th><th>分区 Zone</th><th>类别 Category</th><th>阈值 Threshold</th><th>最低比例 Min share</th><th>速度 km/h</th><th>阈值出处 Threshold from</th><th>级别出处 Level from</th></tr></thead>
    <tbody>${ruleRows(analysis).map((r) => `<tr><td>${esc(r.level)}</td><td>${esc(r.kind)}</td><td>${esc(r.zone)}</td><td>${esc(r.category)}</td><td>${esc(r.threshold)}</td><td class="num">${esc(r.minShare)}</td><td class="num">${esc(r.speedKmh)}</td>` +
      `<td>${r.assumed ? '<span class="assumed">ours 假设</span> ' : '<span class="plan-part">cited 出处</span> '}${esc(r.source)}${r.note ? `<br><span class="muted">${esc(r.note)}</span>` : ''}${r.verification ? `<br><span class="muted">⚠ ${esc(r.verification)}</span>` : ''}</td>` +
      `<td>${r.levelAssumed ? '<span class="assumed">ours 假设</span> ' : '<span class="plan-part">cited 出处</span> '}${esc(r.levelSource)}</td></tr>`).join('')}</tbody>
  </table></div>
  <p>目标 Targets: ${kindsPresent(analysis).map((k) => `${KIND_LABEL[k.kind].zh} ${KIND_LABEL[k.kind].en} — ${levels
    .map((l) => `${esc(l.name)} ${k.targets[l.id] === undefined ? 'none' : pct(k.targets[l.id]!)}`).join(', ')}`).join('; ')}.</p>
</section>`;
}

function diagnosticsSection(analysis: Analysis): string {
  return `<section id="diagnostics">
  <h2>数据诊断 Diagnostics</h2>
  <ul class="diag">${diagnosticItems(analysis).map((d) => `<li class="${d.warn ? 'warn' : ''}"><b>${esc(d.label)}</b>: ${esc(d.value)}</li>`).join('')}</ul>
</section>`;
}

function methodSection(analysis: Analysis, opts: ReportHtmlOptions): string {
  return `<section id="method">
  <h2>方法 Method</h2>
  ${methodParagraphs(analysis, opts).map((p) => `<p>${esc(p)}</p>`).join('\n  ')}
</section>`;
}

function toggle(layer: string, checked: boolean, labelHtml: string): string {
  return `<label class="toggle"><input type="checkbox" data-layer="${layer}"${checked ? ' checked' : ''}> ${labelHtml}</label>`;
}
