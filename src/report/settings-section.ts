import type { Analysis } from '../scoring/analyze.js';
import type { Setting } from '../standards/standard.js';
import { escapeHtml as esc, escapeMarkdownCell as cell } from './escape.js';
import { fmt, pct } from './report-facts.js';

/**
 * The standard's two settings (walking speed, minimum share) with where they come from, and its
 * district-to-zone table: the provenance the rules table leaves out.
 */
export interface SettingRow {
  readonly label: string;
  readonly value: string;
  readonly source: string;
  readonly assumed: boolean;
  readonly note: string;
}

export function settingRows(analysis: Analysis): SettingRow[] {
  const std = analysis.standard;
  const row = (label: string, s: Setting, value: string): SettingRow =>
    ({ label, value, source: s.source ?? '', assumed: s.assumed, note: s.note ?? '' });
  const rows = [
    row('步行速度 Walking speed', std.settings.walkSpeedKmh, `${fmt(std.walkSpeedKmh)} km/h`),
    row('最低覆盖比例 Minimum share', std.settings.minShare, pct(std.minShare)),
  ];
  if (std.districtZones) {
    const byZone = (zone: string) => Object.entries(std.districtZones!).filter(([, z]) => z === zone).map(([d]) => d).join('、');
    rows.push({
      label: '区与分区 District zones',
      value: `中心城区 central: ${byZone('central')}; 外围城区 outer: ${byZone('outer')}`,
      source: std.districtZonesSource?.source ?? '',
      assumed: std.districtZonesSource?.assumed ?? true,
      note: std.districtZonesSource?.note ?? '',
    });
  }
  return rows;
}

export function settingsHtml(analysis: Analysis): string {
  return `<div class="scroll"><table class="data">
    <thead><tr><th>设置 Setting</th><th>取值 Value</th><th>来源 Source</th></tr></thead>
    <tbody>${settingRows(analysis).map((r) => `<tr><td>${esc(r.label)}</td><td>${esc(r.value)}</td>` +
      `<td>${r.assumed ? '<span class="assumed">ours 假设</span> ' : ''}${esc(r.source)}${r.note ? `<br><span class="muted">${esc(r.note)}</span>` : ''}</td></tr>`).join('')}</tbody>
  </table></div>`;
}

export function settingsMarkdown(analysis: Analysis): string[] {
  return [
    '| Setting 设置 | Value 取值 | Source 来源 |', '| --- | --- | --- |',
    ...settingRows(analysis).map((r) => `| ${cell(r.label)} | ${cell(r.value)} | ${r.assumed ? '*ours 假设* ' : ''}${cell(r.source)}${r.note ? ` (${cell(r.note)})` : ''} |`),
    '',
  ];
}
