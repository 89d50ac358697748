import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, Position } from 'geojson';
import { InputError } from '../errors.js';
import { featureId, featurePosition } from './feature-point.js';
import { checkPosition } from './validate-coordinates.js';

/**
 * Features as users have them: a GeoJSON FeatureCollection (what `JSON.parse` of a .geojson file
 * gives) or an array of Features. Every library entry that takes features takes this.
 */
export type FeatureInput<G extends Geometry | null = Geometry, P = GeoJsonProperties> =
  | FeatureCollection<NonNullable<G>, P>
  | readonly Feature<NonNullable<G>, P>[];

/**
 * The features of a FeatureCollection or an array of Features. Anything else is an InputError that
 * names the argument (`argument`), so a caller never meets a raw `x.map is not a function`. Each
 * element must at least be an object; what its geometry and properties must be is checked where they
 * are used, with the feature's index.
 */
export function featureList(input: unknown, argument: string): readonly Feature[] {
  let list: unknown = input;
  if (isObject(input) && !Array.isArray(input)) {
    if (input.type !== 'FeatureCollection') {
      const got = typeof input.type === 'string' ? `a ${input.type}` : 'an object without "type"';
      throw new InputError(`expected a FeatureCollection or an array of Features, got ${got}`, argument);
    }
    list = input.features;
    if (!Array.isArray(list)) throw new InputError('the FeatureCollection has no "features" array', argument, undefined, 'features');
  } else if (!Array.isArray(input)) {
    throw new InputError(`expected a FeatureCollection or an array of Features, got ${describe(input)}`, argument);
  }
  const features = list as unknown[];
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    if (!isObject(f) || Array.isArray(f)) throw new InputError(`expected a Feature, got ${describe(f)}`, argument, i);
  }
  return features as readonly Feature[];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}

/** Origins as users have them: features (a FeatureCollection or an array) or bare [lon, lat] positions. */
export type PointInput = FeatureInput | readonly (Feature | Position)[];

/**
 * The positions (a Point, or a point on any other geometry) and ids of features or bare positions,
 * in order. A bare position's id is its index.
 */
export function pointList(input: unknown, argument: string): { positions: Position[]; ids: (string | number)[] } {
  const items: readonly unknown[] = Array.isArray(input) ? input : featureList(input, argument);
  const positions: Position[] = [];
  const ids: (string | number)[] = [];
  items.forEach((item, i) => {
    if (Array.isArray(item)) {
      checkPosition(item, argument, i, 'position');
      positions.push(item);
      ids.push(i);
    } else if (isObject(item)) {
      positions.push(featurePosition(item as unknown as Feature, argument, i));
      ids.push(featureId(item as unknown as Feature, i));
    } else {
      throw new InputError(`expected a Feature or a [longitude, latitude] position, got ${describe(item)}`, argument, i);
    }
  });
  return { positions, ids };
}
