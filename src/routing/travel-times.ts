import { InputError } from '../errors.js';
import type { GeoJsonProperties } from 'geojson';
import { checkNetwork, type Network } from '../network/network.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';
import { linkPoints, subsetLinks, type LinkOptions } from '../network/link-points.js';
import { featureId, featurePosition } from '../geo/feature-point.js';
import { distanceField, distancesAtPoints } from './distance-field.js';
import { NetworkSearch } from './network-search.js';
import { DEFAULT_WALK_SPEED_KMH, metresPerMinute as perMinute } from '../geo/walking-speed.js';

export interface TravelTimesOptions extends LinkOptions {
  /** Categories to compute, in this order. Default: every category among the facilities, sorted. */
  categories?: string[];
  /** Categories `categories` may name besides those present (e.g. a standard's, for an empty column). */
  knownCategories?: readonly string[];
  /** Walking speed. Default 3.6 km/h (60 m per minute), the pace behind the Chinese standards. */
  speedKmh?: number;
  /** Times above this are not searched for and read as unreachable. Default: no bound. */
  maxMinutes?: number;
  /** A facility's category. Default: its `category` property. */
  categoryOf?: (props: GeoJsonProperties) => string | undefined;
  /** Input names for error messages. */
  facilitiesSource?: string;
  pointsSource?: string;
}

export interface CategoryTimes {
  /** Minutes from each point to the nearest facility of the category; Infinity when none is reachable. */
  readonly minutes: Float64Array;
  /** Index (into the facilities array) of that facility, -1 when none. */
  readonly facility: Int32Array;
}

export interface TravelTimes {
  readonly pointIds: (string | number)[];
  readonly facilityIds: (string | number)[];
  readonly categories: string[];
  readonly byCategory: ReadonlyMap<string, CategoryTimes>;
  readonly diagnostics: {
    readonly unlinkedPoints: number;
    readonly unlinkedFacilities: number;
    readonly facilitiesWithoutCategory: number;
    readonly pointsLinkedToIsland: number;
  };
}

/**
 * Walking time from every point to the nearest facility of each category: one multi-source search per
 * category, never one per point. Facilities and points are FeatureCollections or arrays of features.
 */
export function travelTimes(
  network: Network,
  facilitiesInput: FeatureInput,
  pointsInput: FeatureInput,
  opts: TravelTimesOptions = {},
): TravelTimes {
  checkNetwork(network, 'network');
  const facilities = featureList(facilitiesInput, opts.facilitiesSource ?? 'facilities');
  const points = featureList(pointsInput, opts.pointsSource ?? 'points');
  const metresPerMinute = perMinute(opts.speedKmh ?? DEFAULT_WALK_SPEED_KMH);
  const maxDistM = (opts.maxMinutes ?? Infinity) * metresPerMinute;
  const categoryOf = opts.categoryOf ?? defaultCategoryOf;

  const facilityCategory = facilities.map((f) => categoryOf(f.properties));
  const present = [...new Set(facilityCategory.filter((c): c is string => c !== undefined))].sort();
  const categories = opts.categories ?? present;
  if (opts.categories) {
    // A misspelt category would give an empty column and look like "unreachable" everywhere.
    const valid = new Set([...present, ...(opts.knownCategories ?? [])]);
    const unknown = opts.categories.filter((c) => !valid.has(c));
    if (unknown.length) {
      throw new InputError(
        `unknown categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((c) => `"${c}"`).join(', ')}; valid: ${[...valid].sort().join(', ') || '(no facility has a category)'}`,
        undefined, undefined, 'categories',
      );
    }
  }

  const facilityLinks = linkPoints(network, facilities.map((f, i) => featurePosition(f, opts.facilitiesSource, i)), opts);
  const pointLinks = linkPoints(network, points.map((f, i) => featurePosition(f, opts.pointsSource, i)), opts);
  const search = new NetworkSearch(network);

  const byCategory = new Map<string, CategoryTimes>();
  for (const category of categories) {
    const members: number[] = [];
    facilityCategory.forEach((c, i) => { if (c === category) members.push(i); });
    const field = distanceField(network, subsetLinks(facilityLinks, members), { maxDistM, search });
    const at = distancesAtPoints(field, pointLinks);
    const minutes = new Float64Array(points.length);
    const facility = new Int32Array(points.length);
    for (let i = 0; i < points.length; i++) {
      minutes[i] = at.distM[i] / metresPerMinute;
      facility[i] = at.source[i] >= 0 ? members[at.source[i]] : -1;
    }
    byCategory.set(category, { minutes, facility });
  }

  return {
    pointIds: points.map((f, i) => featureId(f, i)),
    facilityIds: facilities.map((f, i) => featureId(f, i)),
    categories,
    byCategory,
    diagnostics: {
      unlinkedPoints: pointLinks.unlinked,
      unlinkedFacilities: facilityLinks.unlinked,
      facilitiesWithoutCategory: facilityCategory.filter((c) => c === undefined).length,
      pointsLinkedToIsland: pointLinks.linkedToIsland,
    },
  };
}

function defaultCategoryOf(props: GeoJsonProperties): string | undefined {
  const c = props?.category;
  return typeof c === 'string' && c.trim() ? c.trim() : undefined;
}
