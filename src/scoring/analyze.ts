import type { Feature, Position } from 'geojson';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import { checkNetwork, type Network, type NetworkStats } from '../network/network.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';
import { buildNetwork } from '../network/build-network.js';
import { linkPlanePoints, linkPoints, subsetLinks, type LinkOptions, type Links } from '../network/link-points.js';
import type { PointDistances } from '../routing/distance-field.js';
import { NetworkSearch } from '../routing/network-search.js';
import { sequentialRouter, type CategoryFields, type FieldRouter } from '../routing/field-router.js';
import type { CatchmentRouter } from '../routing/catchments.js';
import { featureId } from '../geo/feature-point.js';
import { toX, toY } from '../geo/local-plane.js';
import type { CategoryMap } from '../standards/category-map.js';
import { loadStandard, withSettings, DEFAULT_STANDARD_ID } from '../standards/load-standard.js';
import type { CommunityKind, Standard } from '../standards/standard.js';
import { readCommunities, type Community } from './communities.js';
import { residentsOf, type Residents } from './residents.js';
import type { CommunityScore } from './score-communities.js';
import type { CategorySummary, KindSummary } from './city-summary.js';
import type { QuotaResult } from './quotas.js';
import type { Presence } from './presence.js';
import { resolveZones, type ZoneDiagnostics } from './zones.js';
import type { SensitivityRow } from './sensitivity.js';
import type { IndicatorData, IndicatorResult } from './plan-indicators.js';
import { facilityIntake, type FacilityInfo } from './facility-intake.js';
import { fieldKeysOf, fieldMembers } from './route-fields.js';
import { scoreAnalysis } from './score-analysis.js';
import { serveCategories } from './serve-facilities.js';
import { describeFacility, facilityCounts, uncategorizedWarnings, type FacilityCounts } from './facility-diagnostics.js';
import { InputError } from '../errors.js';
import { checkPointColumns, isPointColumns, type PointColumns } from '../geo/point-columns.js';

/** Each input is a FeatureCollection or an array of Features, as `JSON.parse` of a .geojson gives. */
export interface AnalyzeInputs {
  /** Walkable lines, or a network already built with buildNetwork. */
  network: FeatureInput | Network;
  facilities: FeatureInput;
  communities: FeatureInput;
  /**
   * Optional population points; without them each community is sampled on a grid. A large layer may
   * come as PointColumns (lon, lat, weight as typed arrays; `lifecircle/node`'s readPopulation reads
   * a file so), which skips a Feature object per point.
   */
  population?: FeatureInput | PointColumns;
  /** Optional per-community or per-street figures for the plan indicators (nursing beds, volunteers, ...). */
  indicators?: IndicatorData;
}

export interface AnalyzeOptions extends LinkOptions {
  /** A built-in standard's id or a loaded standard. Default "guangzhou-1530". */
  standard?: string | Standard;
  /** Category map for facilities without a `category`. Default: the built-in map (data/categories.json). */
  categoryMap?: CategoryMap;
  /** Walking speed replacing the standard's (rules with a pace of their own keep it). Default: the standard's. */
  speedKmh?: number;
  /** Minimum share replacing the standard's (rules with a share of their own keep it). Default: the standard's. */
  minShare?: number;
  /** Grid spacing for sampling communities without population points, metres. Default 100. */
  gridSpacingM?: number;
  /** Most grid cells tested when sampling communities (default DEFAULT_MAX_GRID_CELLS); more is an InputError. */
  maxGridCells?: number;
  /** Property of population points holding their weight (PointColumns name their own). Default "population". */
  populationField?: string;
  /** Kind for communities without a `kind` property. Default: none (such a community is an error). */
  defaultKind?: CommunityKind;
  /** Input names for error messages (file names). */
  sources?: { network?: string; facilities?: string; communities?: string; population?: string };
  /**
   * Called as stages progress, for a progress bar or a log: a stage starts when first named
   * (network, facilities, residents, link, route, score, capacity), `done` of `total` counts its steps.
   */
  onProgress?: (stage: string, done: number, total: number) => void;
  /**
   * How the route stage computes its fields (one per category, and per set of types a rule asks
   * for), and the capacity stage its 2SFCA catchments when the router can. Default: one after another
   * on this thread; `ParallelRouter` from lifecircle/node spreads both over worker threads with the
   * same answers (and sums the served populations on them). With a router that shares memory, the
   * analysis' resident distances (`residentDistancesM`) and the residents' people are views of
   * SharedArrayBuffers: the same numbers, but they cannot be transferred (`postMessage`'s transfer list).
   */
  router?: FieldRouter;
  /**
   * Whether the residents' people are kept in shared memory, where a router's workers read them
   * without a copy (8 MB at a million residents): for a router with workers that `analyzePrepared`
   * will be given after `prepareAnalysis` (the CLI's). Default: whether `router` shares memory.
   * Changes no answer; a SharedArrayBuffer cannot be transferred (`postMessage`'s transfer list).
   */
  sharedMemory?: boolean;
  /**
   * Called once the facilities are classified and linked, before any resident is: what drawing their
   * coverage areas needs (isochrone's `CoverageSource`), so a caller can draw them on another thread
   * while the analysis goes on (the CLI does).
   */
  onFacilitiesLinked?: (facilities: LinkedFacilities) => void;
}

/** The facilities of an analysis once linked, with what drawing their coverage needs. */
export interface LinkedFacilities {
  readonly network: Network;
  readonly standard: Standard;
  /** Categories the standard scores, in its order. */
  readonly categories: readonly string[];
  readonly facilities: readonly { readonly category?: string; readonly linked: boolean; readonly position: Position }[];
  readonly facilityLinks: Links;
}

/** A facility after analysis: what it is, where it meets the street, whom it serves. */
export interface FacilityOutcome {
  readonly index: number;
  readonly id: string | number;
  /** Where it stands, [lon, lat]: its Point, or a point inside its polygon. */
  readonly position: Position;
  readonly category?: string;
  readonly type?: string;
  readonly capacity?: number;
  readonly areaM2?: number;
  readonly linked: boolean;
  /** Community containing it, -1 when outside all. */
  readonly community: number;
  /** People whose nearest facility of this category it is, within their rule's threshold. */
  readonly servedPopulation: number;
  /** 2SFCA: people within reach of it (step 1's denominator) and its capacity per 1,000 of them. */
  readonly demand?: number;
  readonly ratioPer1000?: number;
}

export interface Diagnostics {
  readonly network: NetworkStats;
  readonly facilities: FacilityCounts;
  readonly residents: {
    readonly points: number;
    readonly unlinked: number;
    readonly linkedToIsland: number;
    readonly outsidePoints: number;
    readonly outsideWeight: number;
    /** Communities measured on grid samples, and those with nobody to measure (not scored). */
    readonly gridCommunities: string[];
    readonly noResidents: string[];
    readonly withoutPopulation: string[];
  };
  /** Categories the standard scores but no facility provides. */
  readonly categoriesWithoutFacilities: string[];
  /**
   * Odd but usable input the analysis went on with, each naming file, feature and field: rings it
   * closed, communities of no area or crossing themselves, network lines dropped, facilities without
   * a category.
   */
  readonly warnings: ImportDiagnostic[];
  /** Zones from districts, and communities left without a zone where the standard has zoned rules. */
  readonly zones: ZoneDiagnostics;
  /** Communities without a `street`, when the standard has street presence rules (their street is themselves alone). */
  readonly communitiesWithoutStreet: string[];
  /** The indicators CSV: rows whose community id or street matches none of the communities (not used). */
  readonly indicators?: { readonly source: string; readonly unmatchedIds: string[]; readonly unmatchedStreets: string[] };
  readonly timingsMs: Record<string, number>;
}

export interface Analysis {
  readonly standard: Standard;
  /** Categories scored, in the standard's order. */
  readonly categories: string[];
  readonly communities: CommunityScore[];
  readonly kinds: KindSummary[];
  readonly categorySummary: CategorySummary[];
  readonly quotas: QuotaResult[];
  /** Attainment at other minimum shares and walking speeds, from the same fields (no second routing). */
  readonly sensitivity: SensitivityRow[];
  /** The plan's quantified targets (the standard's `indicators`), each measured, needing data, or not spatial. */
  readonly indicators: IndicatorResult[];
  readonly facilities: FacilityOutcome[];
  /** 2SFCA places per 1,000 residents per community, for categories whose facilities state capacity. */
  readonly accessPer1000: ReadonlyMap<string, Float64Array>;
  readonly diagnostics: Diagnostics;
  /** What later stages (coverage areas, maps, site suggestions) build on. */
  readonly network: Network;
  readonly residents: Residents;
  readonly residentLinks: Links;
  readonly facilityLinks: Links;
  /** Residents' distances to the nearest facility, per field key (category, or category:types; see field-key.ts). */
  readonly residentDistancesM: ReadonlyMap<string, Float64Array>;
  /**
   * Every network node's walk to the nearest facility of each category: the route stage's fields, kept
   * so that coverage drawing need not search again (8 bytes per node and category). They hold for
   * `facilityLinks` only: an analysis derived with other facilities (`rescore`) carries them along
   * under the old links, and coverage then searches.
   */
  readonly categoryFields?: CategoryFields;
  /** Facilities per community and street, by category and type, for presence rules. */
  readonly presence: Presence;
  /** The indicators CSV's figures, when one was given (rescore measures the indicators again with them). */
  readonly indicatorData?: IndicatorData;
}

/**
 * Scores every community against a standard: one multi-source search per category (and per set of
 * types a rule asks for), never one per resident. Steps: inputs, network, communities and residents,
 * facility intake, linking, one field per key, scores, serving (served population, 2SFCA),
 * diagnostics; `rescore` runs the same intake, routing, serving and scoring on what changed.
 */
export function analyze(given: AnalyzeInputs, opts: AnalyzeOptions = {}): Analysis {
  if (typeof given !== 'object' || given === null) {
    throw new InputError('analyze needs { network, facilities, communities, population? }', 'inputs');
  }
  const sources = sourcesOf(opts);
  const built = networkInput(given.network, sources.network);
  let networkMs = 0;
  opts.onProgress?.('network', 0, 1);
  const t0 = performance.now();
  const network = built.network ?? buildNetwork(built.lines, { source: sources.network });
  if (!built.network) networkMs = performance.now() - t0;
  const prepared = prepareAnalysis(given, opts);
  if (networkMs > 0) prepared.timings.network = networkMs;
  return analyzePrepared(prepared, network, opts);
}

/**
 * What an analysis takes from its inputs before it needs the network: the standard of the run,
 * communities with their zones, facilities classified and placed in communities, residents placed.
 * `analyze` prepares it after building the network; a caller that reads a large street file on
 * another thread prepares it meanwhile, then finishes with `analyzePrepared` (the CLI does: on the
 * spread-L city that is about a second of the main thread's work done while it would wait).
 */
export interface PreparedAnalysis {
  readonly standard: Standard;
  readonly categories: string[];
  readonly inputs: AnalysisInputLists;
  readonly communities: Community[];
  readonly zones: ZoneDiagnostics;
  readonly intake: FacilityInfo[];
  readonly residents: Residents;
  readonly warnings: ImportDiagnostic[];
  readonly timings: Record<string, number>;
}

/**
 * The network-free part of `analyze` (stages facilities and residents): the same options as
 * `analyze`; the network, if given, is not read.
 */
export function prepareAnalysis(given: Omit<AnalyzeInputs, 'network'>, opts: AnalyzeOptions = {}): PreparedAnalysis {
  const { time, timings } = stageTimer();
  const sources = sourcesOf(opts);
  const inputs = analyzeInputs(given, sources);
  const standard = runStandard(opts);
  const progress = opts.onProgress ?? (() => {});

  progress('facilities', 0, 1);
  const warnings: ImportDiagnostic[] = [];
  const { communities, zones } = time('communities', () => resolveZones(standard, readCommunities(inputs.communities, {
    source: sources.communities, defaultKind: opts.defaultKind, onWarning: (d) => warnings.push(d),
  })));
  const intake = time('facilities', () => facilityIntake(inputs.facilities, standard, communities, {
    categoryMap: opts.categoryMap, source: sources.facilities,
  }));

  progress('residents', 0, 1);
  const residents = time('residents', () => residentsOf(communities, {
    population: inputs.population, weightField: opts.populationField, gridSpacingM: opts.gridSpacingM, source: sources.population,
    maxGridCells: opts.maxGridCells, communitiesSource: sources.communities,
    shared: opts.sharedMemory ?? opts.router?.sharesMemory ?? false,
  }));
  return { standard, categories: scoredCategories(standard), inputs, communities, zones, intake, residents, warnings, timings };
}

/**
 * Finishes a prepared analysis on its network (lines, or a network already built): linking, routing,
 * scoring, serving, diagnostics. Of `opts`, what is read after the network: linking, the router,
 * progress, `onFacilitiesLinked`, `sources.network`; the rest was fixed when the analysis was prepared.
 */
export function analyzePrepared(prepared: PreparedAnalysis, networkGiven: FeatureInput | Network, opts: AnalyzeOptions = {}): Analysis {
  const { time, timings } = stageTimer(prepared.timings);
  const sources = sourcesOf(opts);
  const { standard, categories, inputs, communities, zones, intake, residents } = prepared;
  const progress = opts.onProgress ?? (() => {});
  const built = networkInput(networkGiven, sources.network);
  const network = built.network ?? time('network', () => buildNetwork(built.lines, { source: sources.network }));

  progress('link', 0, 1);
  const facilityLinks = time('link', () => linkPoints(network, intake.map((f) => f.position), opts));
  opts.onFacilitiesLinked?.({
    network, standard, categories, facilityLinks,
    facilities: intake.map((f, i) => ({ category: f.category, linked: facilityLinks.edge[i] >= 0, position: f.position })),
  });
  const residentLinks = time('link', () => linkResidents(network, residents, opts));

  const search = new NetworkSearch(network);
  const keys = fieldKeysOf(standard, categories);
  progress('route', 0, keys.length);
  const router = opts.router ?? sequentialRouter(network, search);
  // The categories' own fields keep their node distances for coverage drawing.
  const keepNodes = keys.map((key) => categories.includes(key));
  const routed = time('route', () => router.route(keys.map((key) => subsetLinks(facilityLinks, fieldMembers(intake, key))), residentLinks,
    (done) => progress('route', done, keys.length), keepNodes));
  const nodeDistM = new Map<string, Float64Array>();
  keys.forEach((key, k) => { const d = routed[k].nodeDistM; if (keepNodes[k] && d) nodeDistM.set(key, d); });
  const nearest = new Map<string, PointDistances>(keys.map((key, k) => [key, routed[k]]));
  const residentDistancesM = new Map([...nearest].map(([key, at]) => [key, at.distM]));

  progress('score', 0, 1);
  const scores = scoreAnalysis({
    standard, categories, communities, residents, distances: residentDistancesM, facilities: intake, indicatorData: inputs.indicators, time,
  });

  const facilities = facilityOutcomes(inputs.facilities, intake, facilityLinks);
  const accessPer1000 = new Map<string, Float64Array>();
  progress('capacity', 0, categories.length);
  time('capacity', () => serveCategories(
    { network, standard, communities, residents, residentLinks, facilityLinks, search, catchments: catchmentRouter(router) },
    facilities, categories, (category) => nearest.get(category)!, accessPer1000,
    (done) => progress('capacity', done, categories.length),
  ));

  const unmatched = facilities.filter((f) => !f.category).map((f) => f.index);
  const counts = facilityCounts(facilities, categories, unmatched.slice(0, 20).map((i) => describeFacility(inputs.facilities[i].properties, i)));

  return {
    standard,
    categories,
    communities: scores.communities,
    kinds: scores.kinds,
    categorySummary: scores.categorySummary,
    quotas: scores.quotas,
    sensitivity: scores.sensitivity,
    indicators: scores.indicators,
    facilities,
    accessPer1000,
    diagnostics: {
      network: network.stats,
      facilities: counts.facilities,
      residents: residentDiagnostics(communities, residents, residentLinks, inputs.population !== undefined),
      categoriesWithoutFacilities: counts.categoriesWithoutFacilities,
      warnings: [...networkWarnings(network.stats, sources.network), ...prepared.warnings, ...uncategorizedWarnings(unmatched, inputs.facilities, sources.facilities)],
      zones,
      communitiesWithoutStreet: standard.rules.some((r) => r.within === 'street') ? communities.filter((c) => c.street === undefined).map((c) => c.id) : [],
      ...(inputs.indicators ? { indicators: unmatchedIndicators(inputs.indicators, communities) } : {}),
      timingsMs: timings,
    },
    network,
    residents,
    residentLinks,
    facilityLinks,
    residentDistancesM,
    categoryFields: { facilityLinks, nodeDistM },
    presence: scores.presence,
    ...(inputs.indicators ? { indicatorData: inputs.indicators } : {}),
  };
}

/** Input names for messages, each defaulting to what the input is. */
function sourcesOf(opts: AnalyzeOptions): Required<NonNullable<AnalyzeOptions['sources']>> {
  return { network: 'network', facilities: 'facilities', communities: 'communities', population: 'population', ...opts.sources };
}

/** Residents as linked, and the communities measured on grid samples or with nobody to measure. */
function residentDiagnostics(communities: readonly Community[], residents: Residents, links: Links, hasPopulation: boolean): Diagnostics['residents'] {
  const idsWhere = (pred: (c: Community, ci: number) => boolean) => communities.filter(pred).map((c) => c.id);
  return {
    points: residents.count,
    unlinked: links.unlinked,
    linkedToIsland: links.linkedToIsland,
    outsidePoints: residents.outsidePoints,
    outsideWeight: residents.outsideWeight,
    gridCommunities: hasPopulation ? idsWhere((_, ci) => residents.method[ci] === 'grid') : [],
    noResidents: idsWhere((_, ci) => residents.method[ci] === 'none' || residents.start[ci + 1] === residents.start[ci]),
    withoutPopulation: idsWhere((c) => c.population === undefined),
  };
}

/** The indicators CSV's rows whose community id or street matches none of the communities. */
function unmatchedIndicators(data: IndicatorData, communities: readonly Community[]): NonNullable<Diagnostics['indicators']> {
  return {
    source: data.source,
    unmatchedIds: [...data.byCommunity.keys()].filter((id) => !communities.some((c) => c.id === id)),
    unmatchedStreets: [...data.byStreet.keys()].filter((st) => !communities.some((c) => c.street === st)),
  };
}

/** The router as a CatchmentRouter when it computes catchments too (ParallelRouter does), else undefined (this thread). */
function catchmentRouter(router: FieldRouter): CatchmentRouter | undefined {
  return router.catchments ? (router as CatchmentRouter) : undefined;
}

/** Milliseconds per named stage, summed when a stage runs more than once (linking runs twice). */
function stageTimer(timings: Record<string, number> = {}) {
  const time = <T>(stage: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
    return out;
  };
  return { time, timings };
}

/** The standard of this run: a run's pace and share replace the standard's; a rule with its own (e.g. slower for elder care) keeps it. */
function runStandard(opts: AnalyzeOptions): Standard {
  return withSettings(
    typeof opts.standard === 'object' ? opts.standard : loadStandard(opts.standard ?? DEFAULT_STANDARD_ID),
    { speedKmh: opts.speedKmh, minShare: opts.minShare },
  );
}

/** The standard's categories that some rule scores, in its order. */
export function scoredCategories(standard: Standard): string[] {
  return standard.categories.map((c) => c.id).filter((id) => standard.rules.some((r) => r.category === id));
}

/**
 * Facilities' outcomes before serving (`serveCategories`, which sets every served population):
 * served population NaN, no 2SFCA yet; numbered from `first`. NaN, not 0: a number that is not a
 * small integer makes V8 keep the field as a double from the start. With 0 the first fractional
 * population written changed the outcomes' shape, and each of them was migrated to the new one when
 * next written (on spread-L's 30,000 facilities 30-75 ms of the capacity stage in profiles of the command).
 */
export function facilityOutcomes(features: readonly Feature[], intake: readonly FacilityInfo[], links: Links, first = 0): DraftOutcome[] {
  return intake.map((f, i) => ({
    index: first + i,
    id: featureId(features[i], i),
    position: f.position,
    category: f.category,
    type: f.type,
    capacity: f.capacity,
    areaM2: f.areaM2,
    linked: links.edge[i] >= 0,
    community: f.community,
    servedPopulation: NaN,
  }));
}

/** A facility outcome being filled in (serving writes its served population and 2SFCA). */
export type DraftOutcome = { -readonly [K in keyof FacilityOutcome]: FacilityOutcome[K] };

/** Residents are already typed arrays: project them straight onto the plane, no array per point. */
function linkResidents(network: Network, residents: Residents, opts: LinkOptions): Links {
  const xs = residents.lon.map((lon) => toX(network.plane, lon));
  const ys = residents.lat.map((lat) => toY(network.plane, lat));
  return linkPlanePoints(network, xs, ys, opts);
}

/** The inputs other than the network, as an analysis reads them. */
export interface AnalysisInputLists {
  readonly facilities: readonly Feature[];
  readonly communities: readonly Feature[];
  readonly population?: readonly Feature[] | PointColumns;
  readonly indicators?: IndicatorData;
}

/**
 * The inputs other than the network as arrays of features, each wrong shape an InputError naming its
 * input: a user's FeatureCollection works, a typo fails clearly.
 */
function analyzeInputs(given: Omit<AnalyzeInputs, 'network'>, sources: Required<NonNullable<AnalyzeOptions['sources']>>): AnalysisInputLists {
  if (typeof given !== 'object' || given === null) {
    throw new InputError('analyze needs { network, facilities, communities, population? }', 'inputs');
  }
  return {
    facilities: featureList(given.facilities, sources.facilities),
    communities: featureList(given.communities, sources.communities),
    population: given.population === undefined ? undefined
      : isPointColumns(given.population) ? checkPointColumns(given.population, sources.population)
      : featureList(given.population, sources.population),
    indicators: given.indicators,
  };
}

/** The network input: a built network (checked), or the lines to build one from. */
function networkInput(given: FeatureInput | Network, source: string): { network: Network; lines?: undefined } | { network?: undefined; lines: readonly Feature[] } {
  const isBuilt = typeof given === 'object' && given !== null && 'plane' in given;
  if (isBuilt) {
    checkNetwork(given, source);
    return { network: given as Network };
  }
  return { lines: featureList(given as FeatureInput, source) };
}

/** Lines of fewer than two distinct positions are dropped from the network; each is named. */
function networkWarnings(stats: Network['stats'], source = 'network'): ImportDiagnostic[] {
  const out: ImportDiagnostic[] = stats.degenerateLineFeatures.map((i) => ({
    level: 'warning' as const, code: 'line-degenerate', file: source, row: i, field: 'geometry.coordinates',
    message: `${InputError.format('', undefined, i, 'geometry.coordinates')}a line with fewer than two distinct positions; dropped from the network`,
  }));
  if (stats.degenerateLines > out.length) {
    out.push({ level: 'warning', code: 'line-degenerate', file: source, message: `${stats.degenerateLines} degenerate lines dropped in all (the first ${out.length} are named)` });
  }
  return out;
}
