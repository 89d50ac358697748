// The public library surface, `lifecircle`: the pipeline and its data, re-exports only.
// GeoJSON in (a FeatureCollection or an array of Features), GeoJSON or plain objects out, options
// last. Engine pieces for building your own pipeline are in `lifecircle/engine`; file reading and
// writing in `lifecircle/node`. See ARCHITECTURE.md for how the pieces fit.
export { InputError } from './errors.js';
export type { FeatureInput, PointInput } from './geo/feature-input.js';
export { isPointColumns, type PointColumns } from './geo/point-columns.js';
export { DEFAULT_WALK_SPEED_KMH } from './geo/walking-speed.js';

// Standards and categories: what is measured.
export type { Level, LevelSpec, Setting, Within, CommunityKind, Zone, Standard, StandardRule, MinutesRule, MetresRule, PresenceRule, RuleBase, Targets, Quotas, QuotaTarget, QuotaId } from './standards/standard.js';
export type { PlanIndicator, IndicatorMeasure, IndicatorField } from './standards/plan-indicators.js';
export { DEFAULT_MIN_SHARE } from './standards/standard.js';
export { loadStandard, builtinStandards, DEFAULT_STANDARD_ID, type LoadStandardOptions } from './standards/load-standard.js';
export type { CategoryLabel } from './standards/categories.js';
export { categorize, classify, defaultCategoryMap, loadCategoryMap, type CategoryMap, type CategoryRule, type Classification, type LoadCategoryMapOptions } from './standards/category-map.js';

// The pipeline: network -> travel times / isochrones -> analysis -> what-if and site suggestions.
export type { Network, NetworkStats } from './network/network.js';
export { buildNetwork, type BuildNetworkOptions } from './network/build-network.js';
export { DEFAULT_SNAP_MAX_M, DEFAULT_MIN_ISLAND_VERTICES, type LinkOptions } from './network/link-points.js';
export { travelTimes, type TravelTimes, type TravelTimesOptions, type CategoryTimes } from './routing/travel-times.js';
export { isochrones, coverageAreas, type IsochroneOptions, type IsochroneProperties, type IsochroneFeature, type ReachedLineFeature, type CoverageOptions, type CoverageProperties } from './isochrone/isochrones.js';
export { standardCoverage, cityCoverageOptions, type CoverageSource, type CoverageAreaProperties, type StandardCoverageOptions } from './isochrone/standard-coverage.js';
export type { ReachedLineProperties } from './isochrone/reached-lines.js';
export { DEFAULT_CELL_M, DEFAULT_CAP_M, DEFAULT_MINUTES, type DrawOptions } from './isochrone/options.js';
export {
  analyze, analyzePrepared, prepareAnalysis,
  type Analysis, type AnalysisInputLists, type AnalyzeInputs, type AnalyzeOptions, type FacilityOutcome, type Diagnostics, type LinkedFacilities, type PreparedAnalysis,
} from './scoring/analyze.js';
export type { CategoryFields, FieldRouter, RoutedSet } from './routing/field-router.js';
export type { FacilityInfo } from './scoring/facility-intake.js';
export type { Community } from './scoring/communities.js';
export { DEFAULT_GRID_SPACING_M, type Residents, type ResidentMethod } from './scoring/residents.js';
export type { CommunityScore, RuleOutcome, CategoryOutcome } from './scoring/score-communities.js';
export type { KindSummary, CategorySummary } from './scoring/city-summary.js';
export type { QuotaResult } from './scoring/quotas.js';
export type { SensitivityRow } from './scoring/sensitivity.js';
export type { ZoneDiagnostics } from './scoring/zones.js';
export type { Presence } from './scoring/presence.js';
export type { FacilityCounts } from './scoring/facility-diagnostics.js';
export type { IndicatorData, IndicatorResult, IndicatorStatus } from './scoring/plan-indicators.js';
export { rescore, type FacilityChanges, type RescoreOptions } from './planning/rescore.js';
export { WhatIfSession, type AddFacility, type ScenarioFacility, type ScenarioFiles, type ScenarioDiff, type LevelDiff } from './whatif/session.js';
export { whatIfState, type WhatIfState } from './whatif/state.js';
export { suggestSites, GUARANTEE, type SuggestOptions, type SuggestedSite, type SitePlan, type CategoryPlan, type SiteObjective, type StopReason } from './planning/suggest-sites.js';
export { DEFAULT_CANDIDATE_SPACING_M, type CandidateSites } from './planning/candidates.js';

// Renderers: one per output file.
export { communitiesCsv } from './report/communities-csv.js';
export { communitiesGeoJson, facilitiesGeoJson } from './report/geojson-outputs.js';
export { summaryJson } from './report/summary-json.js';
export { travelTimesCsv } from './report/travel-times-csv.js';
export { suggestionsGeoJson, suggestionsCsv, planSummary } from './report/suggestions-output.js';
export { reportHtml, type ReportHtmlOptions } from './report/report-html.js';
export { reportMarkdown, type ReportMarkdownOptions } from './report/report-md.js';
export type { ReportSettings } from './report/report-sections.js';
