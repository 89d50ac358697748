import type { Analysis } from '../scoring/analyze.js';
import type { SitePlan } from '../planning/suggest-sites.js';
import { suggestedSiteId } from './suggestions-output.js';
import type { LocalPlane } from '../geo/local-plane.js';
import { jsonForScript } from './escape.js';
import { categoryNames, KIND_LABEL, levelShortZh, statuses, statusLabel } from './report-facts.js';
import { categoryColour } from './category-style.js';
import { WHATIF_SCRIPT } from './whatif-client.js';

/** What the report needs to offer the what-if: the engine's state and the engine bundle (dist/browser/whatif.js). */
export interface WhatIfEmbed {
  /** `whatIfState(analysis, facilities)`: embedded as JSON; the report does not look inside. */
  readonly state: object;
  /** The engine script's text, as scripts/build-browser.mjs writes it. */
  readonly engine: string;
}

/**
 * The what-if panel's template, its data and scripts, placed at the end of the page: the state as JSON,
 * the engine as inert text (the page starts it as a Blob worker, which works from file://), and the
 * panel's script. Data text reaches the page through jsonForScript and textContent only.
 */
export function whatIfHtml(analysis: Analysis, embed: WhatIfEmbed, plane: LocalPlane, plan?: SitePlan): string {
  const meta = {
    plane,
    categories: analysis.categories.map((c) => ({ id: c, label: categoryNames(analysis, [c])[0], colour: categoryColour(analysis, c) })),
    kinds: Object.fromEntries((['urban', 'rural'] as const).map((k) => [k, `${KIND_LABEL[k].zh} ${KIND_LABEL[k].en}`])),
    levelIds: analysis.standard.levels.map((l) => l.id),
    levels: Object.fromEntries(analysis.standard.levels.map((l) => [l.id, `${levelShortZh(analysis.standard, l.id)} ${l.name}`])),
    statuses: statuses(analysis.standard).map((s) => [s, `${statusLabel(analysis.standard, s).zh} ${statusLabel(analysis.standard, s).en}`]),
    communityNames: analysis.communities.map((s) => s.community.name),
    sites: (plan?.sites ?? []).map((s) => ({ id: suggestedSiteId(s), rank: s.rank, category: s.category, lon: s.lon, lat: s.lat })),
  };
  // The engine is inert text until the page starts it; `</script` inside it would end the element early.
  const engine = embed.engine.replace(/<\/script/gi, '<\\/script');
  return `<template id="lc-whatif-panel">${PANEL}</template>
<script type="application/json" id="lc-whatif-meta">${jsonForScript(meta)}</script>
<script type="application/json" id="lc-whatif-state">${jsonForScript(embed.state)}</script>
<script type="text/plain" id="lc-whatif-engine">${engine}</script>
<style>${WHATIF_STYLE}</style>
<script>${WHATIF_SCRIPT}</script>
`;
}

const PANEL = `<div id="whatif" class="whatif">
  <h3>情景模拟 What-if <span id="wi-badge" class="wi-badge">现状 As analysed</span></h3>
  <div class="wi-tools" role="radiogroup">
    <label><input type="radio" name="wi-tool" value="browse" checked> 浏览 Browse</label>
    <label><input type="radio" name="wi-tool" value="add"> 添加 Add</label>
    <label><input type="radio" name="wi-tool" value="move"> 移动 Move</label>
    <label><input type="radio" name="wi-tool" value="remove"> 删除 Remove</label>
  </div>
  <label class="wi-cat">类别 Category <select id="wi-category"></select></label>
  <p class="muted wi-hint" id="wi-hint">Pick a tool: Add, then click the map; Move, then drag a facility; Remove, then click one. 选择工具后在地图上操作。</p>
  <div class="wi-buttons">
    <button type="button" id="wi-undo" disabled>↶ 撤销 Undo</button>
    <button type="button" id="wi-redo" disabled>↷ 重做 Redo</button>
    <button type="button" id="wi-reset" disabled>重置 Reset</button>
    <button type="button" id="wi-export" disabled>导出 Export</button>
    <label class="wi-import">导入 Import <input type="file" id="wi-import" accept=".geojson,.json,.txt" multiple></label>
    <button type="button" id="wi-sites" hidden>规划选址 Suggested sites</button>
  </div>
  <div id="wi-site-list" class="wi-sites" hidden></div>
  <p id="wi-status" class="muted wi-status" aria-live="polite"></p>
  <div id="wi-diff" class="wi-diff"></div>
</div>`;

const WHATIF_STYLE = `
.whatif{border:1px solid #c9d3de;border-radius:6px;padding:.5rem .7rem;margin-bottom:.8rem;background:#f7fafc}
.whatif h3{margin:.1rem 0 .4rem}
.wi-badge{font-size:.75rem;font-weight:normal;border-radius:9px;padding:.05rem .5rem;background:#e4e9ef;color:#333;margin-left:.3rem}
.wi-badge.on{background:#b3261e;color:#fff}
.wi-tools label{margin-right:.5rem;white-space:nowrap}
.wi-cat{display:block;margin:.3rem 0}
.wi-buttons{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0}
.wi-buttons button,.wi-import{font:inherit;font-size:.85rem;padding:.1rem .45rem;border:1px solid #9aa7b4;border-radius:4px;background:#fff;cursor:pointer}
.wi-import input{display:none}
.wi-status{min-height:1.1em;margin:.2rem 0}
.wi-diff table{border-collapse:collapse;font-size:.85rem;width:100%}
.wi-diff th,.wi-diff td{border-bottom:1px solid #dde3ea;padding:.1rem .25rem;text-align:left}
.wi-diff .up{color:#1a7f37}.wi-diff .down{color:#b3261e}
.wi-sites label{display:block;font-size:.85rem}
#layer-whatif circle{fill:#fff;stroke-width:2.5;vector-effect:non-scaling-stroke}
#layer-whatif path{stroke:#b3261e;stroke-width:2.5;fill:none;vector-effect:non-scaling-stroke}
#layer-whatif .ghost{opacity:.5}
.map-frame.wi-add svg,.map-frame.wi-add canvas{cursor:crosshair}
.map-frame.wi-move svg,.map-frame.wi-move canvas{cursor:move}
.map-frame.wi-remove svg,.map-frame.wi-remove canvas{cursor:not-allowed}
`;
