// `lifecircle/engine`: the pieces the pipeline is built from, for users who compose their own
// (a custom search, fields at many thresholds, their own scoring). Re-exports only; the data
// structures are described in ARCHITECTURE.md. Less stable than `lifecircle`.
export { localPlane, toX, toY, toLon, toLat, type LocalPlane } from './geo/local-plane.js';
export { metresPerMinute } from './geo/walking-speed.js';
export { featurePosition, featureId } from './geo/feature-point.js';
export { featureList, pointList } from './geo/feature-input.js';
export { isWalkable } from './network/walkable.js';
export { checkNetwork } from './network/network.js';
export { linkPoints, linkPlanePoints, subsetLinks, type Links } from './network/link-points.js';
export { NetworkSearch, type NetworkSearchOptions, type RoutingGraph } from './routing/network-search.js';
export { distanceField, distancesAtPoints, pointToPointM, seedLink, seedLinks, singleLink, type DistanceField, type DistanceFieldOptions, type FieldGraph, type PointDistances } from './routing/distance-field.js';
export type { CatchmentPart, CatchmentPoints, CatchmentRouter, CatchmentSources, EdgeSlots, PointGroups } from './routing/catchments.js';
export { memberField, type MemberPoints } from './routing/member-field.js';
export { nearestSums, type GroupedPoints, type NearestSumsTask } from './routing/nearest-sums.js';
export type { PointsByEdge } from './network/points-by-edge.js';
export { isochroneFromField, IsochroneWorkspace, type FieldDrawOptions } from './isochrone/isochrones.js';
export type { ReachField, SearchState } from './isochrone/reach-field.js';
export { readCommunities, type ReadCommunitiesOptions } from './scoring/communities.js';
export { residentsOf, type ResidentOptions } from './scoring/residents.js';
export { scoreCommunities, type ResidentDistances, type ScoringFields, type ScoringOptions } from './scoring/score-communities.js';
export { ShareTable } from './scoring/share-table.js';
export { summarizeKinds, summarizeCategories } from './scoring/city-summary.js';
export { measureQuotas, type QuotaFacility } from './scoring/quotas.js';
export { twoStepFca, type CatchmentCache, type ReachClasses, type ResidentGroups, type TwoStepOptions, type TwoStepResult } from './scoring/two-step-fca.js';
export { weightedMedian } from './scoring/weighted-median.js';
export { networkCandidates, fileCandidates } from './planning/candidates.js';
