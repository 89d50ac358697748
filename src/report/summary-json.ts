import type { Analysis } from '../scoring/analyze.js';
import { yesNo } from './community-table.js';

/** `summary.json`: attainment against the targets, gaps, categories, quotas and diagnostics. */
export function summaryJson(analysis: Analysis, meta: Record<string, unknown> = {}): string {
  const s = analysis.standard;
  return JSON.stringify({
    ...meta,
    standard: {
      id: s.id, name: s.name, walkSpeedKmh: s.walkSpeedKmh, minShare: s.minShare, settings: s.settings,
      levels: s.levels, ...(s.districtZones ? { districtZones: s.districtZones, districtZonesSource: s.districtZonesSource } : {}),
    },
    attainment: analysis.kinds,
    sensitivity: analysis.sensitivity,
    planIndicators: analysis.indicators.map((i) => ({ ...i, met: i.met === undefined ? null : i.met })),
    categories: analysis.categorySummary.map((c) => ({
      ...c,
      facilities: analysis.diagnostics.facilities.byCategory[c.category] ?? 0,
    })),
    quotas: analysis.quotas.map((q) => ({ ...q, value: q.value ?? 'n/a' })),
    rules: s.rules.map((r) => ({ ...r })),
    failing: analysis.communities
      .filter((c) => c.scored && s.levels.some((l) => !c.attained[l.id]))
      .map((c) => ({
        id: c.community.id,
        name: c.community.name,
        kind: c.community.kind,
        attained: Object.fromEntries(s.levels.map((l) => [l.id, yesNo(c.attained[l.id])])),
        missing: c.missing,
      })),
    diagnostics: {
      ...analysis.diagnostics,
      // Every warning of the run: the analysis's and the readers' (inputNotes), so none passes silently.
      warningCount: analysis.diagnostics.warnings.length +
        (Array.isArray(meta.inputNotes) ? meta.inputNotes.filter((n: { level?: string }) => n.level === 'warning').length : 0),
    },
  }, null, 2) + '\n';
}
