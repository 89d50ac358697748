import type { Feature } from 'geojson';
import { duplicateIds, type Analysis, type FacilityOutcome } from '../scoring/analyze.js';
import { linkPoints, subsetLinks, type LinkOptions, type Links } from '../network/link-points.js';
import { NetworkSearch } from '../routing/network-search.js';
import { distanceField, distancesAtPoints } from '../routing/distance-field.js';
import { featureId, featurePosition } from '../geo/feature-point.js';
import { classify, defaultCategoryMap, withCategories, type CategoryMap } from '../standards/category-map.js';
import type { Community } from '../scoring/communities.js';
import { count } from '../scoring/communities.js';
import { communityIndex, containingCommunity } from '../scoring/residents.js';
import { scoreCommunities } from '../scoring/score-communities.js';
import { presenceOf } from '../scoring/presence.js';
import { parseFieldKey, ruleFieldKey } from '../scoring/field-key.js';
import { sensitivity } from '../scoring/sensitivity.js';
import { measureIndicators } from '../scoring/plan-indicators.js';
import { summarizeCategories, summarizeKinds } from '../scoring/city-summary.js';
import { measureQuotas } from '../scoring/quotas.js';
import { categoryService } from '../scoring/category-service.js';
import { InputError } from '../errors.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';

/** A what-if: facilities to add (GeoJSON points with a category) and ids of facilities to remove. */
export interface FacilityChanges {
  /** A FeatureCollection or an array of features. */
  add?: FeatureInput;
  /** Ids as the analysis reports them (`id` property, else GeoJSON id, else input index); compared as text. */
  remove?: readonly (string | number)[];
}

export interface RescoreOptions extends LinkOptions {
  /** Category map for added facilities without a `category`. Default: the built-in map. */
  categoryMap?: CategoryMap;
  /** Input names for error messages. */
  sources?: { add?: string; remove?: string };
  /**
   * Categories to search again even where no facility changes: for an analysis restored without its
   * distances (the report's what-if embeds none, and computes them once when it opens).
   */
  reroute?: readonly string[];
}

/**
 * Indexes of the analysis' facilities that stay after removing `remove`, in their order. The facility
 * list of a re-scored analysis is these, then the added ones: `facilities[i].index` points into it.
 * An id that matches no facility, or several, is an error, so a typo or a shared id never passes unseen.
 */
export function keptFacilities(analysis: Analysis, remove: readonly (string | number)[] = [], source = 'remove'): number[] {
  const drop = new Set(remove.map(String));
  const matches = new Map<string, number>();
  const kept: number[] = [];
  for (const f of analysis.facilities) {
    const id = String(f.id);
    if (drop.has(id)) matches.set(id, (matches.get(id) ?? 0) + 1);
    else kept.push(f.index);
  }
  remove.forEach((id, i) => {
    const n = matches.get(String(id)) ?? 0;
    if (n === 0) throw new InputError(`no facility has id "${String(id)}"`, source, i, 'id');
    // Removing by an id that several facilities share would silently remove them all.
    if (n > 1) throw new InputError(`${n} facilities have id "${String(id)}"; give each facility its own id to remove one`, source, i, 'id');
  });
  return kept;
}

/** The facility features of a what-if, in the order `rescore` numbers them. */
export function changedFacilityFeatures(analysis: Analysis, facilities: readonly Feature[], changes: FacilityChanges, opts: RescoreOptions = {}): Feature[] {
  const kept = keptFacilities(analysis, changes.remove, opts.sources?.remove);
  return [...kept.map((i) => facilities[i]), ...(changes.add === undefined ? [] : featureList(changes.add, opts.sources?.add ?? 'add'))];
}

/**
 * The analysis with facilities added or removed, re-using everything that does not change: the
 * network, residents and their links, the kept facilities' links, and the distance fields of every
 * untouched category. Only the categories that gain or lose a facility are searched again.
 */
export function rescore(analysis: Analysis, changes: FacilityChanges, opts: RescoreOptions = {}): Analysis {
  const t0 = performance.now();
  const { standard, network, residents, residentLinks, indicatorData } = analysis;
  const addSource = opts.sources?.add ?? 'add';
  const add = changes.add === undefined ? [] : featureList(changes.add, addSource);
  const kept = keptFacilities(analysis, changes.remove, opts.sources?.remove);
  const keptSet = new Set(kept);
  const communities: Community[] = analysis.communities.map((s) => s.community);
  const map = withCategories(opts.categoryMap ?? defaultCategoryMap(), standard.categories.map((c) => c.id));
  const index = communityIndex(communities);

  const changed = new Set<string>(opts.reroute);
  for (const f of analysis.facilities) if (!keptSet.has(f.index) && f.category) changed.add(f.category);
  const addedInfo = add.map((f, i) => {
    const cls = classify((f.properties ?? null) as Record<string, unknown> | null, map);
    if (!cls || !analysis.categories.includes(cls.category)) {
      throw new InputError(`an added facility needs a category the standard scores (${analysis.categories.join(', ')})`, addSource, i, 'properties.category');
    }
    changed.add(cls.category);
    const position = featurePosition(f, addSource, i);
    return {
      position, category: cls.category, type: cls.type,
      capacity: count(f.properties?.capacity, addSource, i, 'capacity'),
      areaM2: count(f.properties?.area_m2, addSource, i, 'area_m2'),
      community: containingCommunity(index, communities, position),
    };
  });
  const addedLinks = linkPoints(network, addedInfo.map((a) => a.position), opts);
  const links = concatLinks(subsetLinks(analysis.facilityLinks, kept), addedLinks);

  // The new facility list: kept outcomes (renumbered), then the added ones.
  type Draft = { -readonly [K in keyof FacilityOutcome]: FacilityOutcome[K] };
  const facilities: Draft[] = [
    ...kept.map((old, i): Draft => ({ ...analysis.facilities[old], index: i })),
    ...addedInfo.map((a, k): Draft => ({
      index: kept.length + k, id: featureId(add[k], k), position: a.position, category: a.category, type: a.type,
      capacity: a.capacity, areaM2: a.areaM2, linked: addedLinks.edge[k] >= 0, community: a.community, servedPopulation: 0,
    })),
  ];

  const search = new NetworkSearch(network);
  const distances = new Map(analysis.residentDistancesM);
  const accessPer1000 = new Map(analysis.accessPer1000);
  for (const category of analysis.categories.filter((c) => changed.has(c))) {
    const ids = facilities.filter((f) => f.category === category).map((f) => f.index);
    const field = distanceField(network, subsetLinks(links, ids), { search });
    const at = distancesAtPoints(field, residentLinks);
    distances.set(category, at.distM);
    // Fields of the typed rules of the category, as analyze routes them.
    const typedKeys = new Set(standard.rules.filter((r) => r.category === category && r.within === undefined && r.types).map(ruleFieldKey));
    for (const key of typedKeys) {
      const types = parseFieldKey(key).types ?? [];
      const typed = facilities.filter((f) => f.category === category && f.type !== undefined && types.includes(f.type)).map((f) => f.index);
      distances.set(key, distancesAtPoints(distanceField(network, subsetLinks(links, typed), { search }), residentLinks).distM);
    }
    // Who each facility serves, and 2SFCA for facilities with a capacity: as analyze computes them.
    const service = categoryService({
      network, standard, communities, residents, residentLinks, category, facilityLinks: links, members: ids, search,
      capacity: ids.map((i) => facilities[i].capacity), nearest: at,
    });
    ids.forEach((i, k) => {
      facilities[i].servedPopulation = service.served[k];
      delete facilities[i].demand;
      delete facilities[i].ratioPer1000;
      if (!Number.isNaN(service.demand[k])) { facilities[i].demand = service.demand[k]; facilities[i].ratioPer1000 = service.ratioPer1000[k]; }
    });
    if (service.accessPer1000) accessPer1000.set(category, service.accessPer1000);
    else accessPer1000.delete(category);
  }

  const presence = presenceOf(communities, facilities);
  const fields = { residents, distances, presence };
  const scores = scoreCommunities(standard, communities, fields);
  const kinds = summarizeKinds(standard, scores);
  const quotas = measureQuotas(standard, communities, facilities, indicatorData);
  const byCategory: Record<string, number> = {};
  for (const f of facilities) if (f.category) byCategory[f.category] = (byCategory[f.category] ?? 0) + 1;
  const old = analysis.diagnostics;
  return {
    ...analysis,
    communities: scores,
    kinds,
    categorySummary: summarizeCategories(analysis.categories, scores),
    quotas,
    sensitivity: sensitivity(standard, communities, fields),
    indicators: measureIndicators(standard, { communities, scores, kinds, quotas, presence, data: indicatorData }),
    presence,
    facilities,
    accessPer1000,
    facilityLinks: links,
    residentDistancesM: distances,
    diagnostics: {
      ...old,
      facilities: {
        ...old.facilities,
        total: facilities.length,
        byCategory,
        unmatched: facilities.filter((f) => !f.category).length,
        unlinked: facilities.filter((f) => !f.linked).length,
        outsideCommunities: facilities.filter((f) => f.community < 0).length,
        duplicateIds: duplicateIds(facilities.map((f) => String(f.id))),
      },
      categoriesWithoutFacilities: analysis.categories.filter((c) => !byCategory[c]),
      timingsMs: { ...old.timingsMs, rescore: performance.now() - t0 },
    },
  };
}

/** Two sets of links as one, the first's points first. */
export function concatLinks(a: Links, b: Links): Links {
  const cat = <T extends Int32Array | Float64Array>(x: T, y: T, make: new (n: number) => T): T => {
    const out = new make(x.length + y.length);
    out.set(x, 0); out.set(y, x.length);
    return out;
  };
  return {
    count: a.count + b.count,
    edge: cat(a.edge, b.edge, Int32Array),
    offsetM: cat(a.offsetM, b.offsetM, Float64Array),
    offNetworkM: cat(a.offNetworkM, b.offNetworkM, Float64Array),
    snapX: cat(a.snapX, b.snapX, Float64Array),
    snapY: cat(a.snapY, b.snapY, Float64Array),
    unlinked: a.unlinked + b.unlinked,
    linkedToIsland: a.linkedToIsland + b.linkedToIsland,
  };
}
