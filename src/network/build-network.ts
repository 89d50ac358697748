import type { Feature, Geometry, GeoJsonProperties, Position } from 'geojson';
import { InputError } from '../errors.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';
import type { LineParts } from '../geo/line-parts.js';
import type { Network } from './network.js';
import { buildNetworkFromParts } from './network-from-parts.js';
import { isWalkable } from './walkable.js';

export interface BuildNetworkOptions {
  /** Name of the input, used in error messages (a file name). Default "network". */
  source?: string;
  /**
   * Which lines are walkable. Default: the OSM-tag filter `isWalkable` (README, "What the numbers mean").
   * Pass `() => true` for a network that is already filtered.
   */
  walkable?: (props: GeoJsonProperties) => boolean;
}

/**
 * Builds the walking graph from LineString / MultiLineString features.
 * Lines join where they share a vertex, at their ends or in their interiors; lines that merely
 * cross do not join (bridges and tunnels stay apart). Takes a FeatureCollection or an array of
 * features. Bad input throws `InputError`. The passes: walkable parts, vertex runs, nodes, edges,
 * adjacency, components, the segment index (ARCHITECTURE.md, "Key data structures").
 */
export function buildNetwork(lines: FeatureInput, opts: BuildNetworkOptions = {}): Network {
  const source = opts.source ?? 'network';
  const features = featureList(lines, source);
  return buildNetworkFromParts(walkableParts(features, source, opts.walkable ?? isWalkable), source);
}

/** Pass 1: every feature validated; the walkable line parts kept, with their feature and the extent. */
function walkableParts(features: readonly Feature[], source: string, walkable: (props: GeoJsonProperties) => boolean): LineParts {
  const parts: Position[][] = [];
  const partFeature: number[] = [];
  let notWalkable = 0;
  let positions = 0;
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const lines = lineParts(f, source, i);
    if (!walkable(f.properties ?? null)) {
      notWalkable++;
      continue;
    }
    for (let p = 0; p < lines.length; p++) {
      const line = lines[p];
      for (let k = 0; k < line.length; k++) {
        const pos = line[k];
        checkPosition(pos, source, i, lines.length > 1 || f.geometry.type === 'MultiLineString'
          ? `geometry.coordinates[${p}][${k}]` : `geometry.coordinates[${k}]`);
        const lon = pos[0], lat = pos[1];
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
      positions += line.length;
      parts.push(line);
      partFeature.push(i);
    }
  }
  // The positions as columns, read from here on without a property lookup per coordinate.
  const lon = new Float64Array(positions), lat = new Float64Array(positions);
  const partStart = new Int32Array(parts.length + 1);
  let cursor = 0;
  for (let p = 0; p < parts.length; p++) {
    const line = parts[p];
    partStart[p] = cursor;
    for (let k = 0; k < line.length; k++, cursor++) {
      lon[cursor] = line[k][0];
      lat[cursor] = line[k][1];
    }
  }
  partStart[parts.length] = cursor;
  return {
    featureCount: features.length, notWalkable, partCount: parts.length, partStart, partFeature: Int32Array.from(partFeature),
    lon, lat, positions, minLon, minLat, maxLon, maxLat,
  };
}

/** The line parts of a network feature, or an InputError saying why it is not one. */
function lineParts(f: Feature, source: string, index: number): Position[][] {
  if (!f || typeof f !== 'object' || f.type !== 'Feature') {
    throw new InputError('expected a GeoJSON Feature', source, index, 'type');
  }
  const geom = f.geometry as Geometry | null;
  if (!geom) throw new InputError('the feature has no geometry; a network needs LineString or MultiLineString', source, index, 'geometry');
  if (geom.type === 'LineString') {
    if (!Array.isArray(geom.coordinates)) throw new InputError('coordinates must be an array', source, index, 'geometry.coordinates');
    return [geom.coordinates];
  }
  if (geom.type === 'MultiLineString') {
    if (!Array.isArray(geom.coordinates) || !geom.coordinates.every(Array.isArray)) {
      throw new InputError('coordinates must be an array of lines', source, index, 'geometry.coordinates');
    }
    return geom.coordinates;
  }
  throw new InputError(`a network needs LineString or MultiLineString geometries, got ${String(geom.type)}`, source, index, 'geometry.type');
}
