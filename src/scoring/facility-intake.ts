import type { Feature, Position } from 'geojson';
import { featurePosition } from '../geo/feature-point.js';
import { classify, defaultCategoryMap, withCategories, type CategoryMap } from '../standards/category-map.js';
import type { Standard } from '../standards/standard.js';
import { InputError } from '../errors.js';
import { count, type Community } from './communities.js';
import { communityIndex, containingCommunity } from './residents.js';

/** A facility as scoring reads it: where it stands, what it is, what it holds, which community holds it. */
export interface FacilityInfo {
  /** Where it stands, [lon, lat]: its Point, or a point inside its polygon. */
  readonly position: Position;
  readonly category?: string;
  readonly type?: string;
  readonly capacity?: number;
  readonly areaM2?: number;
  /** Community containing it, -1 when outside all. */
  readonly community: number;
}

export interface FacilityIntakeOptions {
  /** Category map for facilities without a `category`. Default: the built-in map. */
  readonly categoryMap?: CategoryMap;
  /** Input name for error messages. */
  readonly source: string;
  /**
   * Refuse a facility whose category is not one of these (a what-if's added facility must be one the
   * standard scores); by default an unrecognised facility is kept without a category and reported.
   */
  readonly scoredOnly?: readonly string[];
}

/**
 * Facility features as scoring reads them, for `analyze` and `rescore` alike: classified by the
 * category map (which also knows the standard's own categories), positioned, capacity and area read,
 * and placed in their community.
 */
export function facilityIntake(
  features: readonly Feature[], standard: Standard, communities: readonly Community[], opts: FacilityIntakeOptions,
): FacilityInfo[] {
  const map = withCategories(opts.categoryMap ?? defaultCategoryMap(), standard.categories.map((c) => c.id));
  const index = communityIndex(communities);
  const { source, scoredOnly } = opts;
  return features.map((f, i) => {
    const cls = classify((f.properties ?? null) as Record<string, unknown> | null, map);
    if (scoredOnly && (!cls || !scoredOnly.includes(cls.category))) {
      throw new InputError(`an added facility needs a category the standard scores (${scoredOnly.join(', ')})`, source, i, 'properties.category');
    }
    const position = featurePosition(f, source, i);
    return {
      position,
      category: cls?.category,
      type: cls?.type,
      capacity: count(f.properties?.capacity, source, i, 'capacity'),
      areaM2: count(f.properties?.area_m2, source, i, 'area_m2'),
      community: containingCommunity(index, communities, position),
    };
  });
}
