import type { Network } from '../network/network.js';
import { subsetLinks, type Links } from '../network/link-points.js';
import { uint8s } from '../network/shareable-arrays.js';
import type { NetworkSearch } from '../routing/network-search.js';
import type { CatchmentRouter } from '../routing/catchments.js';
import type { PointDistances } from '../routing/distance-field.js';
import type { GroupedPoints, NearestSumsTask } from '../routing/nearest-sums.js';
import type { Standard } from '../standards/standard.js';
import type { Community } from './communities.js';
import { residentCommunities, type Residents } from './residents.js';
import { ruleDistanceM, THRESHOLD_EPSILON_M } from './rule-distance.js';
import { categoryRule } from './category-rule.js';
import { CatchmentCache, fieldClasses, reserveLayout, startTwoStepFca, type LayoutReservation } from './two-step-fca.js';

/**
 * One 2SFCA cache per set of resident links (they never change once linked), shared by every
 * category, summing step 2 by community; and the communities' people, the means' denominators.
 * Made again for another network or other residents (their communities and people).
 */
const catchmentCaches = new WeakMap<Links, { cache: CatchmentCache; residents: Residents; people: Float64Array }>();
function catchmentCache(
  network: Network, residentLinks: Links, residents: Residents, router: CatchmentRouter | undefined,
  /**
   * The first layout's memory, reserved (`reserveLayout`) by `startClassFields`, which knows that a
   * category with capacities will lay the residents out; none is reserved here.
   */
  reservation?: LayoutReservation,
): { cache: CatchmentCache; people: Float64Array } {
  let known = madeCache(network, residentLinks, residents);
  if (!known) {
    const communities = residents.start.length - 1;
    const people = new Float64Array(communities);
    for (let ci = 0; ci < communities; ci++) {
      for (let r = residents.start[ci]; r < residents.start[ci + 1]; r++) people[ci] += residents.people[r];
    }
    const groups = { of: residentCommunities(residents), count: communities };
    known = { cache: new CatchmentCache(network, residentLinks, groups, router?.sharesMemory ?? false, reservation), residents, people };
    catchmentCaches.set(residentLinks, known);
  }
  return known;
}

/**
 * Starts the 2SFCA class fields that categories with these limits will ask for (`fieldClasses` of each
 * set of limits, each class with its members: the linked residents of the communities with that limit)
 * on the router's workers, if it has any; the first category that needs one collects them
 * (CatchmentCache.expectClassFields). Called before the first category, the workers map in the first
 * layout's memory (`reserveLayout`) and search the fields while this thread builds the 2SFCA cache and
 * lays out the residents, which they would otherwise wait for.
 */
export function startClassFields(
  x: Pick<CategoryServiceInputs, 'network' | 'residents' | 'residentLinks' | 'catchments'>, limits: readonly CategoryLimits[],
): void {
  const router = x.catchments;
  if (!router?.startMemberFields || limits.length === 0) return;
  const { residents, residentLinks: { edge } } = x;
  // The first layout's memory before the fields: a worker maps it in first, while this thread builds
  // the 2SFCA cache, and searches the fields after (by the time this thread has laid out the residents).
  const made = madeCache(x.network, x.residentLinks, residents)?.cache;
  const reservation = made ? undefined : reserveLayout(x.network, x.residentLinks, router);
  const communities = residents.start.length - 1;
  // Communities with a linked resident: only their limits make reach classes (CatchmentCache.reachClasses).
  const linked = new Uint8Array(communities);
  for (let ci = 0; ci < communities; ci++) {
    for (let r = residents.start[ci]; r < residents.start[ci + 1]; r++) if (edge[r] >= 0) { linked[ci] = 1; break; }
  }
  // Categories with the same limits, or the same communities at one limit, share a field; the same
  // communities at several limits share one at the largest (CatchmentCache.classField: on spread-L the
  // villages' 30-minute and 5 km classes, one search of about 30 ms saved).
  const byMembers = new Map<string, { reachM: number; who: number[] }>();
  for (const { perCommunity } of limits) {
    const classes = [...new Set(perCommunity.filter((limit, ci) => limit >= 0 && linked[ci] === 1))].sort((a, b) => b - a);
    for (const reachM of fieldClasses(classes)) {
      const who: number[] = [];
      perCommunity.forEach((limit, ci) => { if (limit === reachM && linked[ci] === 1) who.push(ci); });
      const id = who.join(','), known = byMembers.get(id);
      if (!known) byMembers.set(id, { reachM, who });
      else known.reachM = Math.max(known.reachM, reachM);
    }
  }
  const specs: { reachM: number; members: Uint8Array }[] = [];
  for (const { reachM, who } of byMembers.values()) {
    const members = uint8s(residents.count, router.sharesMemory ?? false);
    for (const ci of who) for (let r = residents.start[ci]; r < residents.start[ci + 1]; r++) if (edge[r] >= 0) members[r] = 1;
    // A later run over the same residents (a what-if) has most of its fields already (see `made`).
    if (!made?.hasClassField(reachM, members)) specs.push({ reachM, members });
  }
  const collect = specs.length === 0 ? undefined : router.startMemberFields(x.residentLinks, specs.map((c) => c.members), specs.map((c) => c.reachM + THRESHOLD_EPSILON_M));
  const { cache } = catchmentCache(x.network, x.residentLinks, residents, router, reservation);
  if (collect) cache.expectClassFields(specs, collect);
}

/** The cache already made for these links, network and residents, if any. */
function madeCache(network: Network, residentLinks: Links, residents: Residents) {
  const known = catchmentCaches.get(residentLinks);
  return known && known.cache.network === network && known.residents === residents ? known : undefined;
}

/** Ends a run of categories over these residents: their 2SFCA cache keeps only what is cheap to hold. */
export function endCategoryRun(residentLinks: Links): void {
  catchmentCaches.get(residentLinks)?.cache.release();
}

/**
 * A category's walking limit for each community: its rule for the community (the first level that
 * has one), -1 where none applies; and a key equal for two categories exactly when their limits are
 * equal (the limit of each kind and zone of community is all a limit depends on). Served population
 * and 2SFCA catchments both use them.
 */
export function categoryLimits(standard: Standard, communities: readonly Community[], category: string): CategoryLimits {
  // The rule depends only on the community's kind and zone: look it up once for each pair.
  const limits = new Map<string, number>();
  const perCommunity = Float64Array.from(communities, (c) => {
    const key = `${c.kind}|${c.zone ?? ''}`;
    let limit = limits.get(key);
    if (limit === undefined) {
      const rule = categoryRule(standard, c, category);
      limits.set(key, (limit = rule ? ruleDistanceM(rule) : -1));
    }
    return limit;
  });
  return { perCommunity, key: [...limits].map(([key, limit]) => `${key}=${limit}`).join(';') };
}

/** A category's walking limit per community (-1: none) and their key (`categoryLimits`). */
export interface CategoryLimits {
  readonly perCommunity: Float64Array;
  readonly key: string;
}

/** Whom the facilities of one category serve, and what their capacity gives each community. */
export interface CategoryService {
  /** People whose nearest facility of the category it is, within their rule's limit (per member). */
  readonly served: Float64Array;
  /** 2SFCA, for members with a capacity (NaN for the others): people within reach, places per 1,000 of them. */
  readonly demand: Float64Array;
  readonly ratioPer1000: Float64Array;
  /** 2SFCA places per 1,000 residents per community; undefined when no member states a capacity. */
  readonly accessPer1000?: Float64Array;
}

export interface CategoryServiceInputs {
  readonly network: Network;
  readonly communities: readonly Community[];
  readonly residents: Residents;
  readonly residentLinks: Links;
  /** The category's walking limit for each community (`categoryLimits`). */
  readonly limits: CategoryLimits;
  /** The category's facilities: links of all facilities, the members' indexes into them, and their capacities. */
  readonly facilityLinks: Links;
  readonly members: readonly number[];
  readonly capacity: readonly (number | undefined)[];
  readonly search: NetworkSearch;
  /** Who computes the 2SFCA catchments (default: this thread). */
  readonly catchments?: CatchmentRouter;
  /**
   * The members' served population (`nearestSums` of `servedTask`: on the router's workers, started
   * with every category's by serveCategories, or on this thread); called once, by `finish`.
   */
  readonly served: () => Float64Array;
}

/**
 * What a category's served population sums (`nearestSums`): the residents' distances to its field
 * (`source` indexes the members), each community's limit with the threshold's tolerance, -1 where no
 * rule applies.
 */
export function servedTask(limits: CategoryLimits, nearest: PointDistances, members: number): NearestSumsTask {
  // A plain loop: Float64Array.prototype.map with a function is about twice as slow (7 against 4 ms for 15 categories of 3,000 communities, first calls).
  const { perCommunity } = limits, withinM = new Float64Array(perCommunity.length);
  for (let ci = 0; ci < withinM.length; ci++) withinM[ci] = perCommunity[ci] >= 0 ? perCommunity[ci] + THRESHOLD_EPSILON_M : -1;
  return { nearest: { distM: nearest.distM, source: nearest.source }, withinM, sources: members };
}

/** The residents as served populations read them: their people, by community. */
export function servedPoints(residents: Pick<Residents, 'people' | 'start'>): GroupedPoints {
  return { weight: residents.people, start: residents.start };
}

/**
 * Whom a category's facilities serve and what their capacity gives each community, in three calls
 * as `startTwoStepFca` (whose order of calls it keeps): a caller serving several categories finishes
 * one while the router's workers search for the next.
 */
export interface CategoryServiceRun {
  collect(): void;
  finish(): CategoryService;
}

export function startCategoryService(x: CategoryServiceInputs): CategoryServiceRun {
  const { residents, members } = x;
  const { cache, people: communityPeople } = catchmentCache(x.network, x.residentLinks, residents, x.catchments);
  const { limits } = x;
  const withCapacity = members.map((_, k) => k).filter((k) => x.capacity[k] !== undefined);
  const fca = withCapacity.length === 0 ? undefined : startTwoStepFca(
    x.network,
    subsetLinks(x.facilityLinks, withCapacity.map((k) => members[k])),
    Float64Array.from(withCapacity, (k) => x.capacity[k] as number),
    // The limits by community: the cache's groups are the communities; the key spares comparing them.
    x.residentLinks, residents.people, undefined,
    { search: x.search, cache, router: x.catchments, reachesKey: limits.key, groupReachM: limits.perCommunity },
  );
  return {
    collect() {
      fca?.collect();
    },
    finish() {
      const served = x.served();
      const demand = new Float64Array(members.length).fill(NaN);
      const ratioPer1000 = new Float64Array(members.length).fill(NaN);
      if (!fca) return { served, demand, ratioPer1000 };
      const result = fca.finish();
      withCapacity.forEach((k, j) => { demand[k] = result.demand[j]; ratioPer1000[k] = result.ratio[j] * 1000; });
      // Step 2 by community: its people times their access, summed; the mean is per person.
      const accessPer1000 = new Float64Array(x.communities.length).fill(NaN);
      const { byGroup } = result;
      for (let ci = 0; ci < x.communities.length; ci++) {
        if (communityPeople[ci] > 0) accessPer1000[ci] = (byGroup[ci] / communityPeople[ci]) * 1000;
      }
      return { served, demand, ratioPer1000, accessPer1000 };
    },
  };
}
