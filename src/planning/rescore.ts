import type { Feature } from 'geojson';
import { facilityOutcomes, type Analysis, type DraftOutcome } from '../scoring/analyze.js';
import { linkPoints, subsetLinks, type LinkOptions, type Links } from '../network/link-points.js';
import { NetworkSearch } from '../routing/network-search.js';
import type { PointDistances } from '../routing/distance-field.js';
import type { CategoryMap } from '../standards/category-map.js';
import type { Community } from '../scoring/communities.js';
import { facilityIntake } from '../scoring/facility-intake.js';
import { fieldKeysOf, fieldMembers, routeField } from '../scoring/route-fields.js';
import { serveCategories } from '../scoring/serve-facilities.js';
import { scoreAnalysis } from '../scoring/score-analysis.js';
import { facilityCounts } from '../scoring/facility-diagnostics.js';
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
 * untouched category. Only the categories that gain or lose a facility are searched again; intake,
 * routing, serving and scoring are analyze's own steps.
 */
export function rescore(analysis: Analysis, changes: FacilityChanges, opts: RescoreOptions = {}): Analysis {
  const t0 = performance.now();
  const { standard, network, residents, residentLinks, indicatorData } = analysis;
  const addSource = opts.sources?.add ?? 'add';
  const add = changes.add === undefined ? [] : featureList(changes.add, addSource);
  const kept = keptFacilities(analysis, changes.remove, opts.sources?.remove);
  const keptSet = new Set(kept);
  const communities: Community[] = analysis.communities.map((s) => s.community);
  const added = facilityIntake(add, standard, communities, { categoryMap: opts.categoryMap, source: addSource, scoredOnly: analysis.categories });
  const addedLinks = linkPoints(network, added.map((a) => a.position), opts);
  const links = concatLinks(subsetLinks(analysis.facilityLinks, kept), addedLinks);

  // The new facility list: kept outcomes (renumbered), then the added ones.
  const facilities: DraftOutcome[] = [
    ...kept.map((old, i): DraftOutcome => ({ ...analysis.facilities[old], index: i })),
    ...facilityOutcomes(add, added, addedLinks, kept.length),
  ];

  const changed = new Set<string>(opts.reroute);
  for (const f of analysis.facilities) if (!keptSet.has(f.index) && f.category) changed.add(f.category);
  for (const f of added) changed.add(f.category!);
  const search = new NetworkSearch(network);
  const distances = new Map(analysis.residentDistancesM);
  const nearest = new Map<string, PointDistances>();
  const rerouted = analysis.categories.filter((c) => changed.has(c));
  for (const key of rerouted.flatMap((c) => fieldKeysOf(standard, [c]))) {
    const at = routeField(network, links, fieldMembers(facilities, key), residentLinks, search);
    nearest.set(key, at);
    distances.set(key, at.distM);
  }
  const accessPer1000 = new Map(analysis.accessPer1000);
  serveCategories(
    { network, standard, communities, residents, residentLinks, facilityLinks: links, search },
    facilities, rerouted, (category) => nearest.get(category)!, accessPer1000,
  );

  const scores = scoreAnalysis({ standard, categories: analysis.categories, communities, residents, distances, facilities, indicatorData });
  const counts = facilityCounts(facilities, analysis.categories, analysis.diagnostics.facilities.unmatchedExamples);
  const old = analysis.diagnostics;
  return {
    ...analysis,
    ...scores,
    facilities,
    accessPer1000,
    facilityLinks: links,
    residentDistancesM: distances,
    diagnostics: {
      ...old,
      facilities: counts.facilities,
      categoriesWithoutFacilities: counts.categoriesWithoutFacilities,
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
