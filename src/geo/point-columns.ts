import { InputError } from '../errors.js';

/**
 * Weighted points as columns: a population layer of a million points without a million Feature
 * objects (which cost seconds of parsing and garbage collection and hundreds of MB). Point i is
 * feature i of the file it came from, so messages name features as they would for the features.
 * `analyze` takes this for `population` as well as features; `lifecircle/node`'s readPopulation makes
 * it from a file.
 */
export interface PointColumns {
  readonly type: 'PointColumns';
  readonly count: number;
  /** WGS-84 longitude, latitude of each point. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  /** Each point's weight as its source states it (people, or a building's floor area); checked where it is used. */
  readonly weight: Float64Array;
  /** The property the weights were read from, named in messages about them. */
  readonly field: string;
}

export function isPointColumns(x: unknown): x is PointColumns {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'PointColumns';
}

/**
 * A PointColumns a caller built, checked for its shape (the values are checked where they are used,
 * point by point, as features' are): a wrong shape is an InputError naming `argument`.
 */
export function checkPointColumns(x: PointColumns, argument: string): PointColumns {
  const n = x.count;
  if (!Number.isInteger(n) || n < 0) throw new InputError(`PointColumns needs a whole count, got ${String(n)}`, argument, undefined, 'count');
  for (const key of ['lon', 'lat', 'weight'] as const) {
    const a = x[key];
    if (!(a instanceof Float64Array) || a.length < n) throw new InputError(`PointColumns needs ${key} as a Float64Array of at least ${n} values`, argument, undefined, key);
  }
  if (typeof x.field !== 'string') throw new InputError('PointColumns needs the name of its weight field', argument, undefined, 'field');
  return x;
}
