import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import { pointsByEdge, type PointsByEdge } from '../network/points-by-edge.js';
import { float64s, int32s } from '../network/shareable-arrays.js';
import { NetworkSearch } from '../routing/network-search.js';
import { memberField } from '../routing/member-field.js';
import {
  catchmentPoints, edgeSlots, layoutArrays, searchOrder, sequentialCatchments, setGroupReaches, withOwnReaches,
  type CatchmentPart, type CatchmentPoints, type CatchmentRouter, type EdgeSlots, type LayoutArrays, type PointGroups,
} from '../routing/catchments.js';
import { THRESHOLD_EPSILON_M } from './rule-distance.js';

/**
 * Two-step floating catchment area (2SFCA, Luo and Wang 2003) on the walking network, with a
 * catchment per resident (a village's rule may allow 30 minutes where a community's allows 15).
 *  1. each facility's ratio R_j = capacity_j / people within reach of it;
 *  2. each resident's access A_i = sum of R_j over the facilities within its reach.
 * Both steps use the same exact network distances.
 *
 * Cost: one bounded search per facility, each only as far as the largest reach of any resident it can
 * actually reach (`catchmentBounds`): a clinic in the city centre walks its 15 minutes, not the 5 km a
 * village's sports rule allows somewhere else. Residents no rule gives a reach never enter the searches.
 */
export interface TwoStepResult {
  /** People within reach of each facility (the denominator of step 1). */
  readonly demand: Float64Array;
  /** Capacity per person within reach, R_j (0 where nobody is within reach). */
  readonly ratio: Float64Array;
  /** Access per resident, A_i: capacity per person summed over the facilities within its reach. */
  readonly access: Float64Array;
}

export interface TwoStepOptions {
  /** A search to reuse (its arrays are sized to the network). */
  search?: NetworkSearch;
  /** What one category's run leaves for the next over the same residents (see `CatchmentCache`). */
  cache?: CatchmentCache;
  /** Who runs the catchment searches (step 1's cost): this thread by default, or a `ParallelRouter` (lifecircle/node). */
  router?: CatchmentRouter;
  /**
   * With `cache`: a key equal for two runs exactly when their `residentReachM` hold the same values
   * (the caller vouches for it, e.g. a category's limits per kind of community). A run with the last
   * run's key skips comparing the reaches, a million values at city scale.
   */
  reachesKey?: string;
}

/** `startTwoStepFca`'s options: `TwoStepOptions`, and reaches by group (the category service's; not for the library's by-resident runs). */
export interface TwoStepRunOptions extends TwoStepOptions {
  /**
   * With a cache of groups (`ResidentGroups`), and only with one, instead of `residentReachM`: each
   * group's reach (negative or NaN: nowhere), every resident's its group's (the category service's
   * communities' limits). The reach classes and the layout's reaches are read from these few thousand
   * numbers, not gathered from a million residents.
   */
  groupReachM?: Float64Array;
}

export function twoStepFca(
  network: Network,
  facilities: Links,
  capacity: Float64Array,
  residents: Links,
  residentWeight: Float64Array,
  /** Per resident: how far it may walk to this category, metres (negative or NaN: not counted). */
  residentReachM: Float64Array,
  opts: TwoStepOptions = {},
): TwoStepResult {
  const cache = opts.cache ?? new CatchmentCache(network, residents);
  if (!cache.byResident) throw new Error('twoStepFca: the cache sums by group of residents; per-resident access needs a cache without groups');
  const run = startTwoStepFca(network, facilities, capacity, residents, residentWeight, residentReachM, { ...opts, cache });
  run.collect();
  const { demand, ratio, byGroup } = run.finish();
  // By resident, each place (in slot order) is its own group, and its sum is its resident's access
  // (0 for the unlinked, who have no place).
  const access = new Float64Array(residents.count);
  const place = cache.bySlot.point;
  for (let k = 0; k < place.length; k++) access[place[k]] = byGroup[k];
  return { demand, ratio, access };
}

/**
 * What `startTwoStepFca` gives: step 1 per facility as `TwoStepResult`, and step 2 summed by the
 * cache's groups of residents (`CatchmentCache`): per group, its residents' weight times their access,
 * summed (a community's people-weighted access, times its people); by resident, each linked
 * resident's access, by its place in slot order (`cache.bySlot.point[k]` is place k's resident).
 */
export interface TwoStepSums {
  readonly demand: Float64Array;
  readonly ratio: Float64Array;
  /** By resident, the cache's own array, valid until the next run's finish (a million sums, refilled rather than made anew). */
  readonly byGroup: Float64Array;
}

/**
 * `twoStepFca` in three calls, so that a caller serving several categories keeps both cores busy
 * (serveCategories): `startTwoStepFca` prepares the searches and a router's workers start on them;
 * the caller may then finish the previous category (`finish`) and start the next one while they
 * search; `collect` joins them on this thread. On one cache and router, at most two runs are open
 * at a time and each is finished before the one after the next is started: start(n + 1) comes after
 * finish(n - 1) and collect(n) after finish(n - 1), runs are collected in the order they were
 * started, and `residentWeight` stays as it is until the run is finished (serveCategories keeps this
 * order). `residentReachM` is read only by `startTwoStepFca`: the caller may refill it for the next
 * run at once. A run with other reaches than the open one gets reaches of its own (the cache keeps
 * two sets on one layout), so no start waits for searches, and a run's reaches stay until it is finished.
 */
export interface TwoStepRun {
  /** Waits for the catchment searches, doing the rest of them on this thread. */
  collect(): void;
  /** Steps 1 and 2 from the collected catchments. */
  finish(): TwoStepSums;
}

export function startTwoStepFca(
  network: Network, facilities: Links, capacity: Float64Array, residents: Links, residentWeight: Float64Array,
  /** As `twoStepFca`'s; undefined when `opts.groupReachM` gives them by group. */
  residentReachM: Float64Array | undefined,
  opts: TwoStepRunOptions = {},
): TwoStepRun {
  const search = opts.search ?? new NetworkSearch(network);
  const cache = opts.cache ?? new CatchmentCache(network, residents);
  const router = opts.router ?? sequentialCatchments(network, search);
  const demand = new Float64Array(facilities.count);
  const ratio = new Float64Array(facilities.count);
  const reaches = cache.reachClasses(residentReachM, opts.reachesKey, opts.groupReachM);
  // Nobody linked has a reach: every catchment is empty.
  if (reaches.classes.length === 0) return { collect() {}, finish: () => ({ demand, ratio, byGroup: cache.groupSums() }) };
  const shared = router.sharesMemory ?? false;
  // The layout first: the class fields the bounds need may still be searched elsewhere meanwhile
  // (CatchmentCache.expectClassFields).
  const points = cache.points(reaches, residentWeight, shared);
  // Step 1 walks once from every facility and keeps what it reached of each group, so step 2 sums
  // the ratios without walking again. The facilities are searched (and bounded) in an order that
  // keeps memory warm (`searchOrder`); where each one's answer lies is noted.
  const order = searchOrder(network, facilities);
  const { bound, nodeLimitM } = catchmentBounds(network, facilities, residents, reaches, cache, search, shared, order);
  const searchM = bound.map((b) => (b >= 0 ? b + THRESHOLD_EPSILON_M : -1));

  let parts: CatchmentPart[] | undefined;
  let collect: () => CatchmentPart[];
  if (router.startCatchments) collect = router.startCatchments(points, facilities, searchM, order, nodeLimitM);
  else collect = () => router.catchments(points, facilities, searchM, order, nodeLimitM);
  const run = { points };
  cache.openRun = run;
  return {
    collect() {
      parts ??= collect();
    },
    finish() {
      if (!parts) throw new Error('twoStepFca: finish() before collect()');
      if (cache.openRun === run) cache.openRun = undefined;
      for (const part of parts) {
        for (let i = part.from; i < part.to; i++) {
          const j = order[i], sum = part.demand[i - part.from];
          demand[j] = sum;
          ratio[j] = sum > 0 ? capacity[j] / sum : 0;
        }
      }
      const byGroup = cache.groupSums();
      sumByGroup(parts, order, ratio, byGroup, points);
      return { demand, ratio, byGroup };
    },
  };
}

/**
 * Step 2, facility after facility in search order: each facility's ratio times what it reached of a
 * group (its weight within reach, or by resident 1), added to the group. The order is fixed by the
 * facilities alone, so each group's sum adds the same terms in the same order on any thread. By
 * resident, an edge taken whole (`-1 - slot`) gathers its facilities' ratios, added to its counted
 * residents at the end: the run's layout (`points`) still holds the run's reaches then, as no start
 * refills the reaches of a run not yet finished (see TwoStepRun and CatchmentCache.points).
 */
function sumByGroup(parts: readonly CatchmentPart[], order: Int32Array, ratio: Float64Array, byGroup: Float64Array, points: CatchmentPoints): void {
  if (!points.groups.byPoint) {
    for (const { from, to, groupEnd, groups, sums } of parts) {
      for (let i = from, e = 0; i < to; i++) {
        const rj = ratio[order[i]], end = groupEnd[i - from];
        if (rj === 0) { e = end; continue; }
        for (; e < end; e++) byGroup[groups[e]] += rj * sums[e];
      }
    }
    return;
  }
  // By point, every entry adds 1 (the parts have no sums).
  let bySlot: Float64Array | undefined;
  for (const { from, to, groupEnd, groups } of parts) {
    for (let i = from, e = 0; i < to; i++) {
      const rj = ratio[order[i]], end = groupEnd[i - from];
      if (rj === 0) { e = end; continue; }
      for (; e < end; e++) {
        const g = groups[e];
        if (g >= 0) byGroup[g] += rj;
        else (bySlot ??= new Float64Array(points.slots.occupiedCount))[-1 - g] += rj;
      }
    }
  }
  if (!bySlot) return;
  const { start, groupReach, groups: { group } } = points;
  for (let slot = 0; slot < bySlot.length; slot++) {
    const a = bySlot[slot];
    if (a === 0) continue;
    for (let k = start[slot]; k < start[slot + 1]; k++) if (groupReach[group[k]] >= 0) byGroup[group[k]] += a;
  }
}

/**
 * What 2SFCA runs over the same network and residents share, category after category: the residents
 * grouped by edge (every linked one; each run skips those without a reach), and the distance fields of
 * the reach classes already searched. Categories mostly share their classes (every village resident
 * walks 30 minutes to a clinic, a market and a shop alike), so a class's city-wide search runs once.
 *
 * Step 2 is summed by resident (each one's access), or, given groups of residents (`ResidentGroups`:
 * communities), by group: a facility's catchment is then kept as a few sums, one per community it
 * reaches, not a list of the residents it reaches (at city scale millions a category).
 */
export class CatchmentCache {
  /** The edges numbered so that a search reads near memory (see EdgeSlots). */
  readonly slots: EdgeSlots;
  /** The linked residents grouped by the slot of their edge. */
  readonly bySlot: PointsByEdge;
  /** Class fields searched or being searched (`expectClassFields`), by reach and members; `field()` gives the field. */
  private classes: { reachM: number; members: Uint8Array; field(): Float64Array; pending: boolean }[] = [];
  /**
   * The last run started and not yet finished, and its layout: its searches may still read it, and
   * by resident its step 2 does (see `points`).
   */
  openRun?: { readonly points: CatchmentPoints };
  /** The reaches of the last call (`reachClasses`): a category with the same ones (most are) reuses what was made of them. */
  private reaches?: ReachClasses & { readonly reachM: Float64Array; key?: string };
  private generations = 0;
  /** The class fields made for the reaches of one generation, by reach. */
  private fieldsOf?: { generation: number; byReach: Map<number, Float64Array> };
  /**
   * The residents' one layout with the reaches of the last runs, the latest first (each entry the
   * layout with a set of reaches of its own), with their generation: the next category mostly has the
   * same. Two at most, so a run with other reaches refills a set that no search in flight reads (see `points`).
   */
  private layouts: { points: CatchmentPoints; generation: number }[] = [];
  private layoutWeight?: Float64Array;
  private layoutShared = false;
  /** Which group each linked resident adds to, in slot order (see PointGroups). */
  private readonly groups: PointGroups;
  /** By group, each resident's (`ResidentGroups.of`, the caller's array), in resident order. */
  private readonly residentGroup?: Int32Array;
  /** Each resident's reach, its group's, for generations of reaches given by group (`groupReachClasses`). */
  private reach?: Float64Array;
  /** Every set of node limits made (`nodeLimits`), with the class fields and fallback reach they were made of. */
  private limits: { fields: Float64Array[]; reaches: number[]; fallbackM: number; nodeLimitM: Float64Array }[] = [];

  constructor(
    readonly network: Network, readonly residents: Links,
    /** Groups to sum step 2 by (e.g. communities); by default each resident is its own. */
    groups?: ResidentGroups,
    /**
     * Whether the arrays that never change (the slots, the residents by slot, their groups) are made
     * in shared memory, for a router whose workers read them (CatchmentRouter.sharesMemory): else
     * the router copies them there once.
     */
    shared = false,
    /** The first layout's memory, reserved for these residents (`reserveLayout`) and maybe being mapped in meanwhile. */
    reservation?: LayoutReservation,
  ) {
    if (reservation && reservation.occupied.length !== network.edgeCount) throw new RangeError('CatchmentCache: a layout reserved on another network');
    const occupied = reservation?.occupied ?? occupiedEdges(network, residents).occupied;
    this.reservation = reservation;
    this.slots = edgeSlots(network, occupied, shared);
    // Rows for the occupied slots only: the others hold nobody.
    this.bySlot = pointsByEdge(this.slots.occupiedCount, residents, undefined, shared, this.slots.slotOfEdge);
    // By resident, each place in slot order is its own group: neighbouring facilities then add to
    // neighbouring sums, where by resident id the additions would jump over megabytes (twoStepFca maps
    // the places to their residents once at the end).
    this.groups = groups ? placeGroups(this.bySlot.point, residents.count, groups, shared) : eachPlaceItsGroup(this.bySlot.point.length, shared);
    // Not copied (4 MB of fresh memory at city scale): `of` must not change while the cache lives, as the
    // places' groups were taken from it (the category service makes it for its cache alone).
    this.residentGroup = groups?.of;
  }

  /** Whether step 2 is summed by resident (each one's access), not by groups of them. */
  get byResident(): boolean {
    return this.groups.byPoint;
  }

  /** How many sums step 2 gives: the groups, or by resident the linked residents (by place: `bySlot.point` says whose). */
  get groupCount(): number {
    return this.groups.count;
  }

  /**
   * Zeroed sums for a run's step 2: a new array for groups (a few thousand), by resident one the
   * cache keeps (fresh memory for a million sums a run cost the library's per-resident 2SFCA about
   * a quarter of its time), valid until the next call.
   */
  groupSums(): Float64Array {
    if (!this.byResident) return new Float64Array(this.groups.count);
    if (!this.placeSums) return (this.placeSums = new Float64Array(this.groups.count));
    return this.placeSums.fill(0);
  }

  private placeSums?: Float64Array;
  /** The memory reserved for the layout and the reach scratch (`reserveLayout`), until taken or released. */
  private reservation?: LayoutReservation;

  /** The first layout's arrays and the reach scratch, once mapped in (or left to this thread): each handed out once. */
  private reserved(): LayoutReservation['first'] | undefined {
    const first = this.reservation?.first;
    if (first && !first.mapped) {
      first.ready();
      first.mapped = true;
    }
    return first;
  }

  /** The reserved arrays of the first layout, once. */
  private takeFirstLayout(): LayoutArrays | undefined {
    const first = this.reserved();
    const arrays = first?.arrays;
    if (first) first.arrays = undefined;
    return arrays;
  }

  /**
   * The residents laid out for catchment searches with these reaches and weights. The layout is made
   * once for the weights (at city scale tens of MB: fresh memory costs more to touch than anything
   * done with it) and only its reaches are set for each set of them. Never the reaches of the open
   * run (`openRun`: started, not finished), which the next run's start may overlap: a second set of
   * reaches is made for other reaches while the first is in use.
   */
  points(reaches: ReachClasses, weight: Float64Array, shared: boolean): CatchmentPoints {
    // A shared layout serves this thread as well as a plain one.
    if (this.layoutWeight !== weight || (shared && !this.layoutShared)) {
      this.layouts = [];
      this.layoutWeight = weight;
      this.layoutShared = shared;
    }
    const { layouts } = this;
    const known = layouts.findIndex((l) => l.generation === reaches.generation);
    if (known >= 0) {
      const [latest] = layouts.splice(known, 1);
      layouts.unshift(latest);
      return latest.points;
    }
    // A cache of groups has its reaches by group (`reachClasses`); by resident, each place's resident's.
    const given = reaches.groupReachM;
    const fill = given ? (into: Float64Array) => into.set(given) : this.placeReachFill(reaches.reachM);
    const open = this.openRun?.points;
    let points: CatchmentPoints;
    if (layouts.length === 0) {
      points = catchmentPoints(
        this.network, this.slots, this.bySlot.start, this.bySlot.point, this.residents, weight, this.groups, THRESHOLD_EPSILON_M, shared,
        this.takeFirstLayout(),
      );
    } else if (layouts.length === 1 && layouts[0].points === open) {
      points = withOwnReaches(open);
    } else {
      // The reaches used least recently, unless the open run's.
      const free = layouts.length === 2 && layouts[1].points === open ? 0 : layouts.length - 1;
      points = layouts.splice(free, 1)[0].points;
    }
    setGroupReaches(points, fill);
    layouts.unshift({ points, generation: reaches.generation });
    return points;
  }

  /**
   * What fills the layout's reaches of a cache by resident (one per place, in slot order) from the
   * residents' (`reachM`; negative or NaN: -1).
   */
  private placeReachFill(reachM: Float64Array): (into: Float64Array) => void {
    const place = this.bySlot.point;
    return (into) => {
      for (let k = 0; k < place.length; k++) { const r = reachM[place[k]]; into[k] = r >= 0 ? r : -1; }
    };
  }

  /**
   * The distinct reaches of the linked residents, largest first, and their generation: a number that
   * changes exactly when the reaches differ from the last call's. Categories with the same limits
   * (most: on spread-L 5 sets for 15 categories) then skip every pass over the residents that depends
   * only on the limits (the classes, their fields, the layout's reaches); one comparison tells, or
   * none when `key` (`TwoStepOptions.reachesKey`) is the last call's. With the reaches by group too
   * (`TwoStepRunOptions.groupReachM`), the classes come from them, without a pass over the residents.
   */
  reachClasses(
    residentReachM: Float64Array | undefined, key?: string,
    /** With a cache of groups, the reaches by group instead (`TwoStepRunOptions.groupReachM`). */
    groupReachM?: Float64Array,
  ): ReachClasses {
    const last = this.reaches;
    if (last && key !== undefined && last.key === key) return last;
    if (groupReachM) return (this.reaches = this.groupReachClasses(key, groupReachM));
    // A community's residents share its limit: given by resident, a million values would have to be
    // gathered and checked to be one per group, for what the caller has as a few thousand.
    if (!this.groups.byPoint) throw new TypeError('CatchmentCache: a cache of groups takes its reaches by group (TwoStepRunOptions.groupReachM)');
    if (!residentReachM) throw new TypeError('CatchmentCache: no reaches');
    if (last && sameValues(last.reachM, residentReachM)) {
      last.key = key;
      return last;
    }
    // In resident order (a sequential read) and without a Set insertion per resident (a million per
    // category at city scale): neighbours mostly share a reach.
    const { edge } = this.residents;
    const distinct = new Set<number>();
    let previous = NaN;
    for (let r = 0; r < residentReachM.length; r++) {
      const reach = residentReachM[r];
      if (reach !== previous && reach >= 0 && edge[r] >= 0) distinct.add((previous = reach));
    }
    // The cache's own copy: the caller may refill its array for the next call (the last call's classes
    // are read no more once the reaches change).
    const reachM = last ? last.reachM : new Float64Array(residentReachM.length);
    reachM.set(residentReachM);
    this.reaches = { classes: [...distinct].sort((a, b) => b - a), generation: ++this.generations, reachM, key };
    return this.reaches;
  }

  /**
   * `reachClasses` from reaches given by group: the distinct reaches of the groups with a linked
   * resident (the places' groups), a copy of the group reaches (-1 for nowhere) that the layout takes
   * as they are, and each resident's, its group's, which the bounds and the class fields read (one
   * array of the cache, refilled at each such generation: at city scale 8 MB, reserved with the first
   * layout, and fresh memory costs more to touch than to refill).
   */
  private groupReachClasses(key: string | undefined, groupReachM: Float64Array): ReachClasses & { readonly reachM: Float64Array; key?: string } {
    if (this.groups.byPoint) throw new RangeError('CatchmentCache: reaches by group for a cache without groups');
    if (groupReachM.length !== this.groups.count) throw new RangeError(`CatchmentCache: reaches for ${groupReachM.length} groups, not ${this.groups.count}`);
    if (!this.linkedGroup) {
      // Places are the linked residents: their groups are the groups with one.
      const { group } = this.groups;
      this.linkedGroup = new Uint8Array(this.groups.count);
      for (let k = 0; k < group.length; k++) this.linkedGroup[group[k]] = 1;
    }
    const byGroup = new Float64Array(groupReachM.length);
    const distinct = new Set<number>();
    for (let g = 0; g < byGroup.length; g++) {
      const reach = groupReachM[g] >= 0 ? groupReachM[g] : -1;
      byGroup[g] = reach;
      if (reach >= 0 && this.linkedGroup[g] === 1) distinct.add(reach);
    }
    if (!this.reach) {
      const first = this.reserved();
      this.reach = first?.reach ?? new Float64Array(this.residents.count);
      if (first) first.reach = undefined;
    }
    const reachM = this.reach, of = this.residentGroup!;
    for (let r = 0; r < reachM.length; r++) reachM[r] = byGroup[of[r]];
    return { classes: [...distinct].sort((a, b) => b - a), generation: ++this.generations, reachM, key, groupReachM: byGroup };
  }

  /** By group, which groups have a linked resident (1), made at the first reaches given by group. */
  private linkedGroup?: Uint8Array;

  /**
   * Lets go of the per-category buffers (the layouts and the reach array, tens of MB at city scale)
   * once a run of categories is served; the residents by slot and the reach-class fields stay.
   */
  release(): void {
    // Stops the mapping in of memory never used.
    this.takeFirstLayout();
    this.reservation = undefined;
    this.layouts = [];
    this.layoutWeight = undefined;
    this.openRun = undefined;
    this.reaches = undefined;
    this.fieldsOf = undefined;
    this.limits = [];
    this.reach = undefined;
    this.placeSums = undefined;
    // Fields never asked for: the searches that made them may be gone (a closed router's workers).
    this.classes = this.classes.filter((c) => !c.pending);
  }

  /**
   * Per node, the farthest a catchment search may have walked to it and still reach a resident
   * within that resident's reach: for each reach class with a field (`classField`, the walk to
   * its nearest member), the reach less that walk; for the others, their reach (at worst one of them
   * lives at the node). Every node on a shortest path from a facility to a resident it counts is within this limit, so a search that
   * expands no node beyond it (NetworkSearch.run's `expandWithinM`) counts the same residents
   * (catchments.ts), and a facility whose 5 km search is for a village's sports rule walks on
   * toward the villages only. Categories with the same classes reuse the array.
   */
  nodeLimits(classes: readonly { reachM: number; nodeDistM: Float64Array }[], fallbackM: number, shared: boolean): Float64Array {
    const known = this.limits.find((l) => l.fallbackM === fallbackM && l.fields.length === classes.length
      && classes.every((c, i) => l.fields[i] === c.nodeDistM && l.reaches[i] === c.reachM)
      && (!shared || l.nodeLimitM.buffer instanceof SharedArrayBuffer));
    if (known) return known.nodeLimitM;
    // An array for each set of classes, never refilled: searches in flight may read the last one
    // (startTwoStepFca). A few sets at 8 bytes a node; in shared memory, it is its own shared copy.
    const n = this.network.nodeCount;
    const nodeLimitM = float64s(n, shared);
    nodeLimitM.fill(fallbackM + THRESHOLD_EPSILON_M + LIMIT_SLACK_M);
    for (const { reachM, nodeDistM } of classes) {
      const top = reachM + THRESHOLD_EPSILON_M + LIMIT_SLACK_M;
      for (let u = 0; u < n; u++) {
        const limit = top - nodeDistM[u];
        if (limit > nodeLimitM[u]) nodeLimitM[u] = limit;
      }
    }
    this.limits.push({ fields: classes.map((c) => c.nodeDistM), reaches: classes.map((c) => c.reachM), fallbackM, nodeLimitM });
    return nodeLimitM;
  }

  /**
   * Walking distance from every node to the nearest resident whose reach is exactly `reachM`, bounded
   * by it or by more (Infinity beyond the bound). Nodes beyond the reach count as out of it either way
   * (`nodeLimits` and `catchmentBounds` compare each distance with the reach, and a node limit from a
   * walk past the reach is below the fallback's), so one field of some residents at their largest
   * reach serves every reach they have: on spread-L the villages' 30-minute and 5 km classes share one.
   */
  classField(reachM: number, reaches: ReachClasses, search: NetworkSearch): Float64Array {
    if (this.fieldsOf?.generation !== reaches.generation) this.fieldsOf = { generation: reaches.generation, byReach: new Map() };
    let field = this.fieldsOf.byReach.get(reachM);
    if (!field) this.fieldsOf.byReach.set(reachM, (field = this.classFieldOf(reachM, reaches.reachM, search)));
    return field;
  }

  /** Whether a class field for these members (as `expectClassFields` takes them) at this reach or more is made or expected. */
  hasClassField(reachM: number, members: Uint8Array): boolean {
    return this.classes.some((c) => c.reachM >= reachM && sameMembers(c.members, (r) => members[r] === 1));
  }

  /** The class field, searched unless one of the same members at this reach or more was made before or is expected (`expectClassFields`). */
  private classFieldOf(reachM: number, residentReachM: Float64Array, search: NetworkSearch): Float64Array {
    // In resident order (a sequential read): the linked residents of this reach.
    const { edge } = this.residents;
    const isMember = (r: number) => residentReachM[r] === reachM && edge[r] >= 0;
    const known = this.classes.find((c) => c.reachM >= reachM && sameMembers(c.members, isMember));
    if (known) return known.field();
    const members = new Uint8Array(this.residents.count);
    for (let r = 0; r < members.length; r++) if (isMember(r)) members[r] = 1;
    const nodeDistM = memberField(this.network, search, this.residents, members, reachM + THRESHOLD_EPSILON_M);
    this.classes.push({ reachM, members, field: () => nodeDistM, pending: false });
    return nodeDistM;
  }

  /**
   * Class fields being searched elsewhere, e.g. on a router's workers (`CatchmentRouter.startMemberFields`)
   * while this thread lays out the residents: `collect()` gives them in the order of `specs` (each a reach
   * and its members, the linked residents with that reach or a smaller one (`classField` serves smaller reaches), bounded at the reach plus
   * THRESHOLD_EPSILON_M, as `classField` searches them), and is called when a run first asks for one of
   * them. A spec no run asks for is never collected; `release` lets go of them.
   */
  expectClassFields(specs: readonly { reachM: number; members: Uint8Array }[], collect: () => Float64Array[]): void {
    let fields: Float64Array[] | undefined;
    const entries = specs.map(({ reachM, members }, i) => {
      const entry = {
        reachM, members, pending: true,
        field: () => {
          fields ??= collect();
          for (const e of entries) e.pending = false;
          return fields[i];
        },
      };
      return entry;
    });
    this.classes.push(...entries);
  }
}

/**
 * The first layout's arrays for 2SFCA over `residents`, allocated in shared memory before its cache is
 * made, with the router's workers mapping their pages in (`CatchmentRouter.startWarming`) while the
 * calling thread builds the cache: the layout is filled then without a page fault (about 48 MB on
 * spread-L and the reach scratch's 8 MB, faulted in on the calling thread before any search could
 * begin: ENGINE-CHANGES.md, "eighth pass"). Undefined when the router has no workers to do it. Given
 * to `CatchmentCache`.
 */
export function reserveLayout(network: Pick<Network, 'edgeCount'>, residents: Pick<Links, 'count' | 'edge'>, router: CatchmentRouter): LayoutReservation | undefined {
  if (!router.startWarming || !router.sharesMemory) return undefined;
  const { occupied, occupiedCount, linked } = occupiedEdges(network, residents);
  // With the array of each resident's reach, its group's (CatchmentCache.groupReachClasses), written first of
  // all; every array of it is a view of one buffer, the one to map in.
  const { scratch: reach, ...arrays } = layoutArrays(linked, occupiedCount, true, { scratch: ['float64', residents.count] });
  const ready = router.startWarming([reach.buffer as SharedArrayBuffer]);
  return { occupied, first: { arrays, reach, ready, mapped: false } };
}

/**
 * What `reserveLayout` gives: the edges with residents (1); the first layout's arrays and the reach
 * scratch, with the call that waits for their pages (each taken once, then undefined).
 */
export interface LayoutReservation {
  readonly occupied: Uint8Array;
  readonly first: { arrays?: LayoutArrays; reach?: Float64Array; readonly ready: () => void; mapped: boolean };
}

/** The edges a linked resident lies on (1), how many, and how many residents are linked. */
function occupiedEdges(network: Pick<Network, 'edgeCount'>, residents: Pick<Links, 'count' | 'edge'>) {
  const occupied = new Uint8Array(network.edgeCount);
  let occupiedCount = 0, linked = 0;
  for (let r = 0; r < residents.count; r++) {
    const e = residents.edge[r];
    if (e < 0) continue;
    linked++;
    if (occupied[e] === 0) { occupied[e] = 1; occupiedCount++; }
  }
  return { occupied, occupiedCount, linked };
}

/** By resident: place k (in slot order) is group k. */
function eachPlaceItsGroup(places: number, shared: boolean): PointGroups {
  const group = int32s(places, shared);
  for (let k = 0; k < places; k++) group[k] = k;
  return { group, count: places, byPoint: true };
}

/** The group of each place in slot order (`place[k]` is its resident), each resident's checked to be one of the groups. */
function placeGroups(place: Int32Array, residents: number, groups: ResidentGroups, shared: boolean): PointGroups {
  const { of, count } = groups;
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`CatchmentCache: ${count} groups: a count of groups is a whole number`);
  if (of.length !== residents) throw new RangeError(`CatchmentCache: groups for ${of.length} residents, not ${residents}`);
  // Plain loops: Int32Array.from with a function took 170-230 ms on a million residents here, a loop 20-30 ms.
  for (let r = 0; r < of.length; r++) {
    const g = of[r];
    if (!(g >= 0 && g < count)) throw new RangeError(`CatchmentCache: resident ${r} is in group ${g}, not one of 0 to ${count - 1}`);
  }
  const group = int32s(place.length, shared);
  for (let k = 0; k < place.length; k++) group[k] = of[place[k]];
  return { group, count, byPoint: false };
}

function sameMembers(members: Uint8Array, isMember: (r: number) => boolean): boolean {
  for (let r = 0; r < members.length; r++) if ((members[r] === 1) !== isMember(r)) return false;
  return true;
}

/** Whether two arrays hold the same values, NaN equal to NaN (both count nowhere). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

/**
 * How far each facility's catchment search must go: the largest reach among the residents it can
 * reach within their own reach, -1 when it reaches nobody; and, with several reaches, each node's
 * limit (`CatchmentCache.nodeLimits`). Residents are grouped by reach (a standard
 * has a few: 15 and 30 minutes, 5 km); for each reach above the smallest, one multi-source search from
 * the residents with that reach, bounded by it, tells which facilities have one of them in range. The
 * smallest reach is assumed for the rest (a facility that reaches nobody then costs a small search).
 */
export function catchmentBounds(
  network: Network,
  facilities: Links,
  residents: Links,
  /** `cache.reachClasses(residentReachM)`: the residents' reaches and their classes. */
  reaches: ReachClasses,
  cache: CatchmentCache,
  search: NetworkSearch,
  /** Whether the node limits should be in shared memory (a router's workers read them). */
  shared = false,
  /**
   * The order to visit the facilities in (their `searchOrder`), which changes no bound: in input order
   * each facility's reads of the class fields and of its edge's residents missed the cache (on spread-L
   * 51 ms of the calling thread in a profile of the command, 28 ms in this order: ENGINE-CHANGES.md,
   * "ninth pass").
   */
  order: ArrayLike<number> = searchOrder(network, facilities),
): CatchmentBounds {
  const { bySlot, slots: { slotOfEdge, occupiedCount } } = cache;
  const { reachM, classes } = reaches;
  const bound = new Float64Array(facilities.count).fill(-1);
  if (classes.length === 0) return { bound };
  const checked = fieldClasses(classes);
  // Many distinct reaches (a reach per resident, no fields): one class at the largest, still exact.
  const fallback = classes.length > MAX_FIELD_CLASSES ? classes[0] : classes[classes.length - 1];
  const { edgeFrom, edgeTo, edgeLengthM } = network;
  const fields: { reachM: number; nodeDistM: Float64Array }[] = [];
  for (const reach of checked) {
    const nodeDistM = cache.classField(reach, reaches, search);
    fields.push({ reachM: reach, nodeDistM });
    for (let i = 0; i < order.length; i++) {
      const j = order[i], e = facilities.edge[j];
      if (e < 0 || bound[j] >= 0) continue;
      const off = facilities.offNetworkM[j], along = facilities.offsetM[j];
      let d = Math.min(nodeDistM[edgeFrom[e]] + along, nodeDistM[edgeTo[e]] + edgeLengthM[e] - along);
      // Residents on the facility's own edge (an edge without any has a slot past the occupied ones).
      const slot = slotOfEdge[e];
      if (slot < occupiedCount) {
        for (let k = bySlot.start[slot]; k < bySlot.start[slot + 1]; k++) {
          const r = bySlot.point[k];
          if (reachM[r] === reach) d = Math.min(d, residents.offNetworkM[r] + Math.abs(residents.offsetM[r] - along));
        }
      }
      if (d + off <= reach + THRESHOLD_EPSILON_M) bound[j] = reach;
    }
  }
  for (let j = 0; j < facilities.count; j++) if (bound[j] < 0 && facilities.edge[j] >= 0) bound[j] = fallback;
  return { bound, nodeLimitM: fields.length > 0 ? cache.nodeLimits(fields, fallback, shared) : undefined };
}

/** More distinct reaches than this (a reach per resident, say) get no class fields (`fieldClasses`), a search each: one class at the largest reach is assumed instead, still exact. */
const MAX_FIELD_CLASSES = 16;

/**
 * The reach classes (largest first, as `ReachClasses.classes`) that get a class field in
 * `catchmentBounds`: all but the smallest, which is assumed for the rest; none when there are more
 * than 16 (a reach per resident: one class at the largest is assumed, still exact).
 */
export function fieldClasses(classes: readonly number[]): readonly number[] {
  return classes.length > MAX_FIELD_CLASSES ? [] : classes.slice(0, -1);
}

/**
 * Groups of residents for step 2 to sum by (`CatchmentCache`): resident r's group `of[r]`, among
 * `count`, an array that must not change while the cache lives. A group's linked residents share one
 * reach in each run (a community's limit for the category; every negative or NaN reach is the same
 * one, nowhere): a layout then holds a reach per group, not per resident, and its summaries never
 * change (see CatchmentPoints). A run whose reaches differ within a group is refused (a RangeError).
 */
export interface ResidentGroups {
  readonly of: Int32Array;
  readonly count: number;
}

/**
 * A call's reaches per resident (the cache's copy, valid until the reaches change), the distinct
 * reaches of its linked residents, largest first, and their generation (see `CatchmentCache.reachClasses`).
 */
export interface ReachClasses {
  readonly reachM: Float64Array;
  readonly classes: readonly number[];
  readonly generation: number;
  /** By group, each group's reach (-1: nowhere), when given so (`TwoStepRunOptions.groupReachM`). */
  readonly groupReachM?: Float64Array;
}

/** How far each facility's catchment search goes, and where on the way it may stop early. */
export interface CatchmentBounds {
  /** Per facility: the largest reach among the residents it can reach, -1 when it reaches nobody. */
  readonly bound: Float64Array;
  /** Per node, the farthest a search may be there and still matter (`CatchmentCache.nodeLimits`); none with one reach class. */
  readonly nodeLimitM?: Float64Array;
}

/**
 * Added to each node limit: a walk summed in another order (the class field from the residents, the
 * search from the facility) may differ in the last bits, and such a node must still be expanded.
 */
const LIMIT_SLACK_M = 1e-6;

