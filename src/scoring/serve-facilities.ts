import type { Network } from '../network/network.js';
import type { Links } from '../network/link-points.js';
import type { NetworkSearch } from '../routing/network-search.js';
import type { CatchmentRouter } from '../routing/catchments.js';
import type { PointDistances } from '../routing/distance-field.js';
import type { Standard } from '../standards/standard.js';
import type { Community } from './communities.js';
import type { Residents } from './residents.js';
import { nearestSums } from '../routing/nearest-sums.js';
import {
  categoryLimits, endCategoryRun, servedPoints, servedTask, startCategoryService, startClassFields, type CategoryLimits,
} from './category-service.js';

/** A facility outcome as serving fills it in. */
export interface ServedFacility {
  readonly category?: string;
  readonly capacity?: number;
  servedPopulation: number;
  demand?: number;
  ratioPer1000?: number;
}

/** Everything serving reads besides the facilities: the network, the standard's limits, the linked residents. */
export interface ServiceContext {
  readonly network: Network;
  readonly standard: Standard;
  readonly communities: readonly Community[];
  readonly residents: Residents;
  readonly residentLinks: Links;
  /** Links of all facilities, in the order of the outcomes. */
  readonly facilityLinks: Links;
  readonly search: NetworkSearch;
  /** Who computes the 2SFCA catchments (default: this thread; analyze gives its router when that can). */
  readonly catchments?: CatchmentRouter;
}

/**
 * Whom the facilities of one category (`members`, indexes into `facilities`; `limits`, its walking
 * limits) serve, and their 2SFCA demand and ratio, written onto their outcomes (a facility without a
 * capacity loses any ratio it had) when the run is finished; the finish returns the communities'
 * 2SFCA access for the category, undefined when no facility of it states a capacity. In three calls
 * as `startCategoryService`.
 */
function startServeCategory(
  ctx: ServiceContext, facilities: ServedFacility[], limits: CategoryLimits, members: readonly number[], served: () => Float64Array,
): { collect(): void; finish(): Float64Array | undefined } {
  const run = startCategoryService({ ...ctx, limits, members, capacity: members.map((i) => facilities[i].capacity), served });
  return {
    collect: () => run.collect(),
    finish() {
      const service = run.finish();
      members.forEach((i, k) => {
        const f = facilities[i];
        f.servedPopulation = service.served[k];
        if (!Number.isNaN(service.demand[k])) {
          f.demand = service.demand[k];
          f.ratioPer1000 = service.ratioPer1000[k];
        } else if ('demand' in f || 'ratioPer1000' in f) {
          // Only where a ratio is there to lose (a what-if's earlier run): a delete turns the object
          // into a dictionary, which on 30,000 facilities cost the stage about 30 ms and a collection.
          delete f.demand;
          delete f.ratioPer1000;
        }
      });
      return service.accessPer1000;
    },
  };
}

/**
 * Serves each category in turn (see startServeCategory), its distances read from `nearestOf`; the
 * communities' 2SFCA access per category is set in `accessPer1000`, or removed where none remains.
 * A facility not yet served (served population NaN, as `facilityOutcomes` makes it) of no category
 * served here gets 0.
 */
export function serveCategories(
  ctx: ServiceContext, facilities: ServedFacility[], categories: readonly string[],
  nearestOf: (category: string) => PointDistances, accessPer1000: Map<string, Float64Array>,
  onCategory: (done: number) => void = () => {},
): void {
  // Categories whose residents have the same limits are served one after another: the 2SFCA layout
  // of the residents is then refilled and summarized once for each set of limits, not at every change
  // (on spread-L 5 times for 15 categories instead of 9). Each category's answers are its own, so the
  // order changes none; the access map is filled in the categories' order.
  const limits = categories.map((category) => categoryLimits(ctx.standard, ctx.communities, category));
  // Each category's facilities, found in one pass over them all (a pass per category took about
  // 40 ms of the stage on spread-L's 30,000 facilities and 15 categories).
  const membersOf = new Map<string, number[]>(categories.map((category) => [category, []]));
  facilities.forEach((f, i) => { if (f.category !== undefined) membersOf.get(f.category)?.push(i); });
  const firstOfKey = new Map<string, number>();
  limits.forEach(({ key }, k) => { if (!firstOfKey.has(key)) firstOfKey.set(key, k); });
  const order = categories.map((_, k) => k).sort((a, b) => firstOfKey.get(limits[a].key)! - firstOfKey.get(limits[b].key)! || a - b);
  // While the router's workers search for one category's catchments, this thread finishes the
  // previous category (step 2, the communities' means, the outcomes; its served population was
  // summed on a worker or is summed then) and prepares the next (its bounds; it waits for the searches first if its limits differ), then
  // joins the searches (`startCategoryService`). Otherwise the workers would idle through that
  // work, about 40 ms a category on spread-L.
  const access = new Array<Float64Array | undefined>(categories.length);
  // The fields that bound the 2SFCA searches (of categories with capacities), on the router's workers
  // while this thread lays out the residents, in the order the categories will ask for them.
  startClassFields(ctx, order.flatMap((k) => (membersOf.get(categories[k])!.some((i) => facilities[i].capacity !== undefined) ? [limits[k]] : [])));
  // The served populations need only the route stage's fields: the workers sum them now, once they
  // have searched those fields, while this thread lays out the residents (on spread-L a pass over a
  // million residents a category, about 130 ms of this thread in all).
  const servedTasks = order.map((k) => servedTask(limits[k], nearestOf(categories[k]), membersOf.get(categories[k])!.length));
  const points = servedPoints(ctx.residents);
  const collectServed = ctx.catchments?.startNearestSums?.(points, servedTasks) ?? (() => servedTasks.map((t) => nearestSums(points, t)));
  let served: Float64Array[] | undefined;
  const start = (i: number) => {
    const k = order[i], category = categories[k];
    return { k, run: startServeCategory(ctx, facilities, limits[k], membersOf.get(category)!, () => (served ??= collectServed())[i]) };
  };
  try {
    let previous: ReturnType<typeof start> | undefined;
    let current = order.length > 0 ? start(0) : undefined;
    for (let i = 0; current; i++) {
      if (previous) {
        access[previous.k] = previous.run.finish();
        onCategory(i);
      }
      const next = i + 1 < order.length ? start(i + 1) : undefined;
      current.run.collect();
      previous = current;
      current = next;
    }
    if (previous) {
      access[previous.k] = previous.run.finish();
      onCategory(order.length);
    }
  } finally {
    // The analysis lives on through coverage, reports and what-ifs; the 2SFCA buffers need not, nor
    // class fields a failed run left uncollected (their router may be closed by the next run).
    endCategoryRun(ctx.residentLinks);
  }
  // Outcomes not yet served (`facilityOutcomes`) of no category served here serve nobody.
  for (const f of facilities) if (Number.isNaN(f.servedPopulation)) f.servedPopulation = 0;
  categories.forEach((category, k) => {
    const a = access[k];
    if (a) accessPer1000.set(category, a);
    else accessPer1000.delete(category);
  });
}
