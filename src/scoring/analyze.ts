import type { Feature, GeoJsonProperties, Position } from 'geojson';
import type { InputDiagnostic as ImportDiagnostic } from '../errors.js';
import { checkNetwork, type Network, type NetworkStats } from '../network/network.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';
import { buildNetwork } from '../network/build-network.js';
import { linkPlanePoints, linkPoints, subsetLinks, type LinkOptions, type Links } from '../network/link-points.js';
import { distanceField, distancesAtPoints, type PointDistances } from '../routing/distance-field.js';
import { NetworkSearch } from '../routing/network-search.js';
import { featureId, featurePosition } from '../geo/feature-point.js';
import { classify, defaultCategoryMap, withCategories, type CategoryMap } from '../standards/category-map.js';
import { loadStandard, withSettings, DEFAULT_STANDARD_ID } from '../standards/load-standard.js';
import type { CommunityKind, Standard } from '../standards/standard.js';
import { readCommunities, count, type Community } from './communities.js';
import { residentsOf, communityIndex, containingCommunity, type Residents } from './residents.js';
import { scoreCommunities, type CommunityScore } from './score-communities.js';
import { summarizeCategories, summarizeKinds, type CategorySummary, type KindSummary } from './city-summary.js';
import { measureQuotas, type QuotaResult } from './quotas.js';
import { categoryService } from './category-service.js';
import { presenceOf, type Presence } from './presence.js';
import { fieldKey, ruleFieldKey } from './field-key.js';
import { resolveZones, type ZoneDiagnostics } from './zones.js';
import { sensitivity, type SensitivityRow } from './sensitivity.js';
import { measureIndicators, type IndicatorData, type IndicatorResult } from './plan-indicators.js';
import { InputError } from '../errors.js';

/** Each input is a FeatureCollection or an array of Features, as `JSON.parse` of a .geojson gives. */
export interface AnalyzeInputs {
  /** Walkable lines, or a network already built with buildNetwork. */
  network: FeatureInput | Network;
  facilities: FeatureInput;
  communities: FeatureInput;
  /** Optional population points; without them each community is sampled on a grid. */
  population?: FeatureInput;
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
  /** Property of population points holding their weight. Default "population". */
  populationField?: string;
  /** Kind for communities without a `kind` property. Default: none (such a community is an error). */
  defaultKind?: CommunityKind;
  /** Input names for error messages (file names). */
  sources?: { network?: string; facilities?: string; communities?: string; population?: string };
  /**
   * Called as stages progress, for a progress bar or a log: a stage starts when first named
   * (network, residents, facilities, link, route, score, capacity), `done` of `total` counts its steps.
   */
  onProgress?: (stage: string, done: number, total: number) => void;
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
  readonly facilities: {
    readonly total: number;
    readonly byCategory: Record<string, number>;
    /** Facilities no category-map rule recognised (not scored). */
    readonly unmatched: number;
    readonly unmatchedExamples: string[];
    readonly unlinked: number;
    readonly outsideCommunities: number;
    /** Ids that more than one facility carries (reports and --remove cannot tell those apart). */
    readonly duplicateIds: string[];
  };
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
  /** Facilities per community and street, by category and type, for presence rules. */
  readonly presence: Presence;
  /** The indicators CSV's figures, when one was given (rescore measures the indicators again with them). */
  readonly indicatorData?: IndicatorData;
}

/**
 * Scores every community against a standard (DESIGN section 3): one multi-source search per category,
 * never one per resident.
 */
export function analyze(given: AnalyzeInputs, opts: AnalyzeOptions = {}): Analysis {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
    return out;
  };
  const sources = { network: 'network', facilities: 'facilities', communities: 'communities', population: 'population', ...opts.sources };
  const inputs = analyzeInputs(given, sources);
  // A run's pace and share replace the standard's; a rule with its own (e.g. slower for elder care) keeps it.
  const standard = withSettings(
    typeof opts.standard === 'object' ? opts.standard : loadStandard(opts.standard ?? DEFAULT_STANDARD_ID),
    { speedKmh: opts.speedKmh, minShare: opts.minShare },
  );
  const progress = opts.onProgress ?? (() => {});

  progress('network', 0, 1);
  const network = inputs.network ?? time('network', () => buildNetwork(inputs.lines as readonly Feature[], { source: sources.network }));

  progress('residents', 0, 1);
  const warnings: ImportDiagnostic[] = [];
  const { communities, zones } = time('communities', () => resolveZones(standard, readCommunities(inputs.communities, {
    source: sources.communities, defaultKind: opts.defaultKind, onWarning: (d) => warnings.push(d),
  })));
  const residents = time('residents', () => residentsOf(communities, {
    population: inputs.population, weightField: opts.populationField, gridSpacingM: opts.gridSpacingM, source: sources.population,
    maxGridCells: opts.maxGridCells, communitiesSource: sources.communities,
  }));

  progress('facilities', 0, 1);
  const map = withCategories(opts.categoryMap ?? defaultCategoryMap(), standard.categories.map((c) => c.id));
  const categories = standard.categories.map((c) => c.id).filter((id) => standard.rules.some((r) => r.category === id));
  const index = communityIndex(communities);
  const facilityInfo = time('facilities', () => inputs.facilities.map((f, i) => {
    const cls = classify((f.properties ?? null) as Record<string, unknown> | null, map);
    const position = featurePosition(f, sources.facilities, i);
    return {
      position,
      category: cls?.category,
      type: cls?.type,
      capacity: count(f.properties?.capacity, sources.facilities ?? 'facilities', i, 'capacity'),
      areaM2: count(f.properties?.area_m2, sources.facilities ?? 'facilities', i, 'area_m2'),
      community: containingCommunity(index, communities, position),
    };
  }));

  progress('link', 0, 1);
  const facilityLinks = time('link', () => linkPoints(network, facilityInfo.map((f) => f.position), opts));
  // Residents are already typed arrays: project them straight onto the plane, no array per point.
  const residentLinks = time('link', () => {
    const { lon0, lat0, kx, ky } = network.plane;
    const xs = residents.lon.map((lon) => (lon - lon0) * kx);
    const ys = residents.lat.map((lat) => (lat - lat0) * ky);
    return linkPlanePoints(network, xs, ys, opts);
  });

  // One field per category (the community table's medians), and one per set of types a distance rule asks for.
  const keys = [...new Set([
    ...categories.map((c) => fieldKey(c)),
    ...standard.rules.filter((r) => !r.within && r.types).map(ruleFieldKey),
  ])];
  progress('route', 0, keys.length);
  const search = new NetworkSearch(network);
  const residentDistancesM = new Map<string, Float64Array>();
  const residentNearest = new Map<string, PointDistances>();
  const members = new Map<string, number[]>();
  for (const key of keys) {
    const rule = standard.rules.find((r) => ruleFieldKey(r) === key);
    const category = rule?.category ?? key;
    const types = rule?.types;
    const ids: number[] = [];
    facilityInfo.forEach((f, i) => {
      if (f.category === category && (!types || (f.type !== undefined && types.includes(f.type)))) ids.push(i);
    });
    members.set(key, ids);
    time(`route:${key}`, () => {
      const field = distanceField(network, subsetLinks(facilityLinks, ids), { search });
      const at = distancesAtPoints(field, residentLinks);
      residentDistancesM.set(key, at.distM);
      residentNearest.set(key, at);
    });
    progress('route', members.size, keys.length);
  }
  const presence = presenceOf(communities, facilityInfo);

  progress('score', 0, 1);
  const fields = { residents, distances: residentDistancesM, presence };
  const scores = time('score', () => scoreCommunities(standard, communities, fields));
  const sensitivityRows = time('sensitivity', () => sensitivity(standard, communities, fields));

  const served = new Float64Array(facilityInfo.length);
  const demand = new Map<number, number>();
  const ratio = new Map<number, number>();
  const accessPer1000 = new Map<string, Float64Array>();
  progress('capacity', 0, categories.length);
  time('capacity', () => {
    for (const [k, category] of categories.entries()) {
      const ids = members.get(category)!;
      const service = categoryService({
        network, standard, communities, residents, residentLinks, category, facilityLinks, members: ids, search,
        capacity: ids.map((i) => facilityInfo[i].capacity), nearest: residentNearest.get(category)!,
      });
      ids.forEach((i, k) => {
        served[i] = service.served[k];
        if (!Number.isNaN(service.demand[k])) { demand.set(i, service.demand[k]); ratio.set(i, service.ratioPer1000[k]); }
      });
      if (service.accessPer1000) accessPer1000.set(category, service.accessPer1000);
      progress('capacity', k + 1, categories.length);
    }
  });

  const facilities: FacilityOutcome[] = facilityInfo.map((f, i) => ({
    index: i,
    id: featureId(inputs.facilities[i], i),
    position: f.position,
    category: f.category,
    type: f.type,
    capacity: f.capacity,
    areaM2: f.areaM2,
    linked: facilityLinks.edge[i] >= 0,
    community: f.community,
    servedPopulation: served[i],
    ...(demand.has(i) ? { demand: demand.get(i), ratioPer1000: ratio.get(i) } : {}),
  }));

  const quotas = measureQuotas(standard, communities, facilities, inputs.indicators);
  const kinds = summarizeKinds(standard, scores);
  const indicators = measureIndicators(standard, { communities, scores, kinds, quotas, presence, data: inputs.indicators });

  const byCategory: Record<string, number> = {};
  for (const f of facilityInfo) if (f.category) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  const unmatched = facilityInfo.map((f, i) => (f.category ? -1 : i)).filter((i) => i >= 0);
  const idsWhere = (pred: (c: Community, ci: number) => boolean) => communities.filter(pred).map((c) => c.id);

  return {
    standard,
    categories,
    communities: scores,
    kinds,
    categorySummary: summarizeCategories(categories, scores),
    quotas,
    sensitivity: sensitivityRows,
    indicators,
    facilities,
    accessPer1000,
    diagnostics: {
      network: network.stats,
      facilities: {
        total: facilityInfo.length,
        byCategory,
        unmatched: unmatched.length,
        unmatchedExamples: unmatched.slice(0, 20).map((i) => describeFacility(inputs.facilities[i].properties, i)),
        unlinked: facilityLinks.unlinked,
        outsideCommunities: facilityInfo.filter((f) => f.community < 0).length,
        duplicateIds: duplicateIds(facilities.map((f) => String(f.id))),
      },
      residents: {
        points: residents.count,
        unlinked: residentLinks.unlinked,
        linkedToIsland: residentLinks.linkedToIsland,
        outsidePoints: residents.outsidePoints,
        outsideWeight: residents.outsideWeight,
        gridCommunities: inputs.population ? idsWhere((_, ci) => residents.method[ci] === 'grid') : [],
        noResidents: idsWhere((_, ci) => residents.method[ci] === 'none' || residents.start[ci + 1] === residents.start[ci]),
        withoutPopulation: idsWhere((c) => c.population === undefined),
      },
      categoriesWithoutFacilities: categories.filter((c) => !byCategory[c]),
      warnings: [...networkWarnings(network.stats, sources.network), ...warnings, ...uncategorizedWarnings(unmatched, inputs.facilities, sources.facilities)],
      zones,
      communitiesWithoutStreet: standard.rules.some((r) => r.within === 'street') ? idsWhere((c) => c.street === undefined) : [],
      ...(inputs.indicators ? { indicators: {
        source: inputs.indicators.source,
        unmatchedIds: [...inputs.indicators.byCommunity.keys()].filter((id) => !communities.some((c) => c.id === id)),
        unmatchedStreets: [...inputs.indicators.byStreet.keys()].filter((st) => !communities.some((c) => c.street === st)),
      } } : {}),
      timingsMs: timings,
    },
    network,
    residents,
    residentLinks,
    facilityLinks,
    residentDistancesM,
    presence,
    ...(inputs.indicators ? { indicatorData: inputs.indicators } : {}),
  };
}

/**
 * The inputs as arrays of features (and a built network, or the lines to build one), each wrong shape
 * an InputError naming its input: a user's FeatureCollection works, a typo fails clearly.
 */
function analyzeInputs(given: AnalyzeInputs, sources: Required<NonNullable<AnalyzeOptions['sources']>>) {
  if (typeof given !== 'object' || given === null) {
    throw new InputError('analyze needs { network, facilities, communities, population? }', 'inputs');
  }
  const isBuilt = typeof given.network === 'object' && given.network !== null && 'plane' in given.network;
  if (isBuilt) checkNetwork(given.network, sources.network);
  return {
    network: isBuilt ? (given.network as Network) : undefined,
    lines: isBuilt ? undefined : featureList(given.network, sources.network),
    facilities: featureList(given.facilities, sources.facilities),
    communities: featureList(given.communities, sources.communities),
    population: given.population === undefined ? undefined : featureList(given.population, sources.population),
    indicators: given.indicators,
  };
}

/** Values that occur more than once, in order of first occurrence (at most 20). */
export function duplicateIds(ids: readonly string[]): string[] {
  const seen = new Set<string>(), twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice].slice(0, 20);
}

function describeFacility(props: GeoJsonProperties, i: number): string {
  const name = props?.name ?? props?.['名称'];
  return name !== undefined ? `#${i} ${String(name)}` : `#${i}`;
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

/** Facilities no rule recognised are not scored: one warning with the count and the first few named. */
function uncategorizedWarnings(unmatched: readonly number[], facilities: readonly Feature[], source = 'facilities'): ImportDiagnostic[] {
  if (!unmatched.length) return [];
  const named = unmatched.slice(0, 10).map((i) => describeFacility(facilities[i].properties, i)).join(', ');
  return [{
    level: 'warning', code: 'facility-uncategorized', file: source, row: unmatched[0], field: 'properties.category',
    message: `${unmatched.length} facilit${unmatched.length === 1 ? 'y has' : 'ies have'} no category the standard scores and ` +
      `no category-map rule matched ${unmatched.length === 1 ? 'it' : 'them'} (not scored): ${named}${unmatched.length > 10 ? ', ...' : ''}; ` +
      'give `category` or a --category-map',
  }];
}
