/**
 * The walkable lines of a street layer as columns: every line part (a LineString, or one line of a
 * MultiLineString) of every feature the walkable filter kept, in input order, with its positions in
 * two flat arrays. The network is built from this (network/build-network.ts, pass 1 onwards); a large
 * street file is scanned straight into it (io/scan-line-collection.ts) without a Feature per street,
 * whose parsing and garbage collection cost more than the build itself.
 */
export interface LineParts {
  /** Features read, walkable or not. */
  readonly featureCount: number;
  /** Features the walkable filter left out. */
  readonly notWalkable: number;
  readonly partCount: number;
  /** Part p's positions are lon/lat[partStart[p] .. partStart[p + 1]); sized for at least partCount + 1. */
  readonly partStart: Int32Array;
  /** The input feature of each part. */
  readonly partFeature: Int32Array;
  /** WGS-84 longitude, latitude of every position of the parts; the first `positions` are used. */
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly positions: number;
  /** The extent of those positions (Infinity / -Infinity when there are none). */
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}
