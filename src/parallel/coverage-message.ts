import type { MultiPolygon, Position } from 'geojson';
import type { CoverageGroup, DrawingNetwork } from '../isochrone/coverage-stack.js';
import type { ResolvedDrawOptions } from '../isochrone/options.js';
import type { SentError } from './network-message.js';

/** What the main thread asks the coverage worker: draw these groups over this (shared) network. */
export interface CoverageRequest {
  network: DrawingNetwork;
  groups: CoverageGroup[];
  options: ResolvedDrawOptions;
}

/** Shapes as flat typed arrays, transferred rather than cloned: cloning nested arrays of 300,000 positions costs the receiving thread about as much as drawing them. */
export interface PackedShapes {
  /** Per group, its levels; per shape (group, then level), its polygons; per polygon, its rings; per ring, its positions. */
  levels: Int32Array;
  polygons: Int32Array;
  rings: Int32Array;
  positions: Int32Array;
  /** lon, lat of every position in order. */
  coords: Float64Array;
}

export type CoverageReply =
  | { kind: 'group'; drawn: number }
  | { kind: 'done'; shapes: PackedShapes }
  | { kind: 'failed'; error: SentError };

export function packShapes(shapes: readonly (readonly MultiPolygon[])[]): PackedShapes {
  const levels: number[] = [], polygons: number[] = [], rings: number[] = [], positions: number[] = [];
  let n = 0;
  for (const group of shapes) {
    levels.push(group.length);
    for (const shape of group) {
      polygons.push(shape.coordinates.length);
      for (const polygon of shape.coordinates) {
        rings.push(polygon.length);
        for (const ring of polygon) { positions.push(ring.length); n += ring.length; }
      }
    }
  }
  const coords = new Float64Array(2 * n);
  let k = 0;
  for (const group of shapes) for (const shape of group) for (const polygon of shape.coordinates) for (const ring of polygon) {
    for (const p of ring) { coords[k++] = p[0]; coords[k++] = p[1]; }
  }
  return { levels: Int32Array.from(levels), polygons: Int32Array.from(polygons), rings: Int32Array.from(rings), positions: Int32Array.from(positions), coords };
}

export function unpackShapes(packed: PackedShapes): MultiPolygon[][] {
  const { levels, polygons, rings, positions, coords } = packed;
  let s = 0, p = 0, r = 0, k = 0;
  const out: MultiPolygon[][] = [];
  for (let g = 0; g < levels.length; g++) {
    const group: MultiPolygon[] = [];
    for (let l = 0; l < levels[g]; l++) {
      const coordinates: Position[][][] = [];
      for (let q = 0, nq = polygons[s++]; q < nq; q++) {
        const polygon: Position[][] = [];
        for (let h = 0, nh = rings[p++]; h < nh; h++) {
          const ring: Position[] = [];
          for (let v = 0, nv = positions[r++]; v < nv; v++, k += 2) ring.push([coords[k], coords[k + 1]]);
          polygon.push(ring);
        }
        coordinates.push(polygon);
      }
      group.push({ type: 'MultiPolygon', coordinates });
    }
    out.push(group);
  }
  return out;
}

export function packedBuffers(packed: PackedShapes): ArrayBuffer[] {
  return [packed.levels, packed.polygons, packed.rings, packed.positions, packed.coords].map((a) => a.buffer as ArrayBuffer);
}
