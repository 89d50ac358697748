import type { Analysis } from '../scoring/analyze.js';
import { DEFAULT_SNAP_MAX_M, DEFAULT_MIN_ISLAND_VERTICES } from '../network/link-points.js';
import { DEFAULT_GRID_SPACING_M } from '../scoring/residents.js';
import { metresPerMinute } from '../geo/walking-speed.js';
import { categoryNames, fmt, KIND_LABEL, levelShortZh, pct, thresholdText, ZONE_LABEL } from './report-facts.js';

/** The settings behind an analysis that the Analysis itself does not record, for the method section. */
export interface ReportSettings {
  snapMaxM?: number;
  minIslandVertices?: number;
  gridSpacingM?: number;
}

export interface QuotaRow {
  readonly id: string;
  readonly name: string;
  readonly nameZh: string;
  readonly value: string;
  readonly target: string;
  readonly result: 'met' | 'short' | 'na' | 'no-target';
  readonly resultText: string;
  readonly detail: string;
  readonly source: string;
  readonly assumed: boolean;
}

export function quotaRows(analysis: Analysis): QuotaRow[] {
  return analysis.quotas.map((q) => {
    const result = q.value === undefined ? 'na' : q.target === undefined ? 'no-target' : q.met ? 'met' : 'short';
    return {
      id: q.id,
      name: q.name,
      nameZh: q.nameZh,
      value: q.value === undefined ? 'n/a' : fmt(q.value),
      target: q.target === undefined ? '–' : `≥ ${fmt(q.target)}`,
      result,
      resultText: result === 'na' ? `n/a: ${q.reason ?? ''}` : result === 'met' ? '✓ met 达标' : result === 'short' ? '✗ short 未达标' : 'no target 无目标',
      detail: q.detail ?? '',
      source: q.source ?? '',
      assumed: q.assumed === true,
    };
  });
}

export interface RuleRow {
  readonly level: string;
  readonly kind: string;
  readonly zone: string;
  readonly category: string;
  readonly threshold: string;
  readonly minShare: string;
  readonly speedKmh: string;
  readonly source: string;
  readonly note: string;
  readonly assumed: boolean;
  /** Why the rule sits at its level, and whether that is our reading. */
  readonly levelSource: string;
  readonly levelAssumed: boolean;
  readonly verification: string;
}

export function ruleRows(analysis: Analysis): RuleRow[] {
  return analysis.standard.rules.map((r) => ({
    level: `${levelShortZh(analysis.standard, r.level)} ${r.level}`,
    kind: `${KIND_LABEL[r.kind].zh} ${r.kind}`,
    zone: r.zone ? `${ZONE_LABEL[r.zone].zh} ${r.zone}` : '',
    category: categoryNames(analysis, [r.category])[0],
    threshold: thresholdText(r),
    // A presence rule walks nowhere and covers no share.
    minShare: r.within ? '–' : pct(r.minShare),
    speedKmh: r.within || r.meters !== undefined ? '–' : fmt(r.speedKmh),
    source: r.source,
    note: r.note ?? '',
    assumed: r.assumed,
    levelSource: r.levelSource ?? (r.levelAssumed ? 'ours' : `the standard's own level (${r.source.split(':')[0]})`),
    levelAssumed: r.levelAssumed,
    verification: r.verification ?? '',
  }));
}

export interface DiagnosticItem {
  readonly label: string;
  readonly value: string;
  /** Something a planner should look at before trusting the numbers. */
  readonly warn: boolean;
}

/** What the data looked like to the analysis; timings are left out so the report is deterministic. */
export function diagnosticItems(analysis: Analysis): DiagnosticItem[] {
  const d = analysis.diagnostics;
  const n = d.network, f = d.facilities, r = d.residents;
  const names = (ids: readonly string[]) => {
    const byId = new Map(analysis.communities.map((s) => [s.community.id, s.community.name]));
    const shown = ids.slice(0, 30).map((id) => (byId.get(id) !== id ? `${byId.get(id)} (${id})` : id));
    return shown.join(', ') + (ids.length > 30 ? `, … (${ids.length - 30} more)` : '');
  };
  const items: DiagnosticItem[] = [
    { label: '路网 Network', value: `${n.features} lines read, ${n.notWalkable} not walkable, ${n.degenerateLines} degenerate (dropped); ${n.edges} edges, ${n.nodes} nodes, ${fmt(n.lengthM / 1000, 1)} km walkable`, warn: n.degenerateLines > 0 },
    { label: '连通分量 Network components', value: `${n.components} (the largest holds ${n.largestComponentVertices} of ${n.vertices} vertices)`, warn: n.components > 1 && n.largestComponentVertices < 0.9 * n.vertices },
    { label: '设施 Facilities', value: `${f.total} read; ${[...analysis.categories, ...Object.keys(f.byCategory).filter((c) => !analysis.categories.includes(c)).sort()].filter((c) => f.byCategory[c]).map((c) => `${categoryNames(analysis, [c])[0]} ${f.byCategory[c]}`).join(', ') || 'none in a scored category'}`, warn: false },
    { label: '未识别设施 Unmatched facilities', value: f.unmatched === 0 ? '0' : `${f.unmatched} (no category; not scored), e.g. ${f.unmatchedExamples.slice(0, 8).join('; ')}`, warn: f.unmatched > 0 },
    { label: '未连入路网的设施 Unlinked facilities', value: `${f.unlinked} (farther than the snapping distance from every street; they serve nobody)`, warn: f.unlinked > 0 },
    { label: '社区外设施 Facilities outside communities', value: String(f.outsideCommunities), warn: false },
    { label: '居民点 Resident points', value: `${r.points} measured; ${r.unlinked} unlinked (reach nothing), ${r.linkedToIsland} linked into a small network island`, warn: r.unlinked > 0 },
    { label: '社区外人口 Population outside communities', value: `${r.outsidePoints} points, weight ${fmt(r.outsideWeight, 1)} (not scored)`, warn: r.outsidePoints > 0 },
    { label: '无居民社区 Communities without residents', value: r.noResidents.length ? `${r.noResidents.length}: ${names(r.noResidents)} (n/a, not counted in shares)` : '0', warn: r.noResidents.length > 0 },
    { label: '无人口数据 Communities without population', value: r.withoutPopulation.length ? `${r.withoutPopulation.length}: ${names(r.withoutPopulation)}` : '0', warn: r.withoutPopulation.length > 0 },
    { label: '警告 Warnings', value: d.warnings.length ? `${d.warnings.length}: ${d.warnings.slice(0, 5).map((w) => `${w.file ? `${w.file}: ` : ''}${w.message}`).join('; ')}${d.warnings.length > 5 ? '; … (all in summary.json)' : ''}` : '0', warn: d.warnings.length > 0 },
    { label: '分区 Zones', value: `${d.zones.fromDistrict} communities zoned from their district` +
      (d.zones.missing.length ? `; ${d.zones.missing.length} with neither zone nor a known district (unzoned rules applied): ${names(d.zones.missing)}` : '') +
      (d.zones.unknownDistricts.length ? `; districts not in the standard's table: ${d.zones.unknownDistricts.join(', ')}` : ''),
      warn: d.zones.missing.length > 0 || d.zones.unknownDistricts.length > 0 },
    { label: '无街镇社区 Communities without a street', value: d.communitiesWithoutStreet.length
      ? `${d.communitiesWithoutStreet.length}: ${names(d.communitiesWithoutStreet)} (street-level presence rules look only inside the community)` : '0',
      warn: d.communitiesWithoutStreet.length > 0 },
    { label: '缺设施类别 Categories with no facility', value: d.categoriesWithoutFacilities.length ? categoryNames(analysis, d.categoriesWithoutFacilities).join('; ') : 'none', warn: d.categoriesWithoutFacilities.length > 0 },
  ];
  if (d.indicators) {
    const unmatched = [...d.indicators.unmatchedIds.map((id) => `id ${id}`), ...d.indicators.unmatchedStreets.map((st) => `street ${st}`)];
    items.push({ label: '规划指标数据 Indicators CSV', value: `${d.indicators.source}${unmatched.length ? `; rows matching no community, not used: ${unmatched.slice(0, 30).join(', ')}` : ''}`, warn: unmatched.length > 0 });
  }
  if (r.gridCommunities.length) items.push({ label: '网格抽样社区 Communities sampled on a grid', value: `${r.gridCommunities.length}: ${names(r.gridCommunities)}`, warn: false });
  return items;
}

/** The method in a few sentences, with this analysis's numbers filled in. */
export function methodParagraphs(analysis: Analysis, settings: ReportSettings = {}): string[] {
  const std = analysis.standard;
  const grid = analysis.communities.filter((s) => s.method === 'grid').length;
  const points = analysis.communities.filter((s) => s.method === 'points').length;
  const speeds = [...new Set(std.rules.map((r) => r.speedKmh))].sort((a, b) => a - b);
  return [
    `Network 路网: walkable streets form a graph; lines join where they share a vertex (at ends or in their interiors), not where they merely cross (bridges, tunnels). Motorways and trunk roads are left out unless marked foot=yes. 步行路网按共享节点连接，立交桥、隧道不相交。`,
    `Linking 接入: every resident point and facility meets the network at the nearest point of the nearest street; that straight leg is walked and counted. Points farther than ${fmt(settings.snapMaxM ?? DEFAULT_SNAP_MAX_M)} m from every street are unlinked and reach nothing; a point is not linked into an island of fewer than ${settings.minIslandVertices ?? DEFAULT_MIN_ISLAND_VERTICES} vertices while a larger street lies within that distance. 居民点与设施就近接入路网。`,
    `Residents 居民: ${points} communities are measured on population points inside them, ${grid} on a ${fmt(settings.gridSpacingM ?? DEFAULT_GRID_SPACING_M)} m grid of sample points sharing the community's population equally.`,
    `Thresholds 阈值: walking time at ${speeds.map((s) => `${fmt(s)} km/h`).join(' / ')} (${speeds.map((s) => `${fmt(metresPerMinute(s), 1)} m/min`).join(' / ')}) to the nearest facility of each category along the network, by one multi-source search per category; rules given in metres use network distance. 沿路网计算到最近设施的步行时间。`,
    `Share 覆盖比例: for each rule, the population-weighted share of a community's residents within its threshold. A rule is met when that share is at least its minimum share (${pct(std.minShare)} unless the rule sets its own). 规则满足：阈值内人口比例不低于最低比例。`,
    `Presence 设施配置: a rule "in community" or "in street" is met when a facility of the category (and type) lies inside the community's polygon, or inside any community of its street (街镇); no walk is involved. 按社区或街镇范围内是否设有该类设施判断。`,
    `Attainment 达标: ${std.levels.map((l, i) => `a community attains ${l.name} (${l.nameZh}) when it meets every ${l.id} rule for its kind (urban community 社区 or village 村) and zone${l.requiresBelow && i > 0 ? ` and attains ${std.levels[i - 1].id} too` : ''}`).join('; ')}. A community with no residents to measure is n/a and left out of the shares. The city summary compares the share of urban communities and of villages attaining each level with the standard's targets. Zones 分区: a community's own zone, else its district (区) in the standard's table; one with neither gets the rules without a zone and is named in the diagnostics.`,
    `Capacity 容量: for categories whose facilities state a capacity, the two-step floating catchment area (2SFCA) gives each facility its capacity per person within reach (the rule's threshold) and each resident the sum over the facilities within its reach; the community table files carry it as places per 1,000 residents. 两步移动搜索法计算人均可达容量。`,
    `Quotas 配置指标 compare stated capacities, floor areas, facility types and staffing with the standard's targets where the data allow, and say n/a with the reason where they do not.`,
  ];
}
