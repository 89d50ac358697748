import type Flatbush from 'flatbush';
import type { LocalPlane } from '../geo/local-plane.js';
import { InputError } from '../errors.js';

/**
 * A walking network as flat typed arrays.
 *
 * Three layers of the same streets:
 * - vertices: every distinct position of the walkable lines (positions equal to 1e-7 degrees are one);
 * - nodes: the vertices where the graph branches (line ends, and any vertex shared by lines or by
 *   two passes of one line); routing runs on these only;
 * - edges: the chains of segments between two nodes, walkable both ways, with their geometry.
 * Distances are metres on the network's local plane.
 */
export interface Network {
  readonly plane: LocalPlane;

  readonly vertexCount: number;
  /** Vertex longitude and latitude as given (first occurrence), for output geometry. */
  readonly vertexLon: Float64Array;
  readonly vertexLat: Float64Array;
  /** Vertex position on the local plane, metres. */
  readonly vertexX: Float64Array;
  readonly vertexY: Float64Array;

  readonly nodeCount: number;
  /** The vertex each node stands on. Node ids follow a Hilbert curve over the plane, not the input order. */
  readonly nodeVertex: Int32Array;

  readonly edgeCount: number;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeLengthM: Float64Array;
  /** Index of the input feature the edge came from. */
  readonly edgeFeature: Int32Array;
  /** Edge e's geometry is geomVertex[edgeGeomStart[e] .. edgeGeomStart[e + 1]). */
  readonly edgeGeomStart: Int32Array;
  readonly geomVertex: Int32Array;
  /** Distance along the edge at each geometry position, from 0 at edgeFrom to edgeLengthM at edgeTo. */
  readonly geomOffsetM: Float64Array;

  /** Node adjacency (CSR): neighbours of n are adjNode[adjStart[n] .. adjStart[n + 1]). */
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjEdge: Int32Array;
  readonly adjLengthM: Float64Array;

  readonly componentCount: number;
  readonly nodeComponent: Int32Array;
  /** Distinct vertices (not only nodes) in each component: the island rule counts these. */
  readonly componentVertexCount: Int32Array;

  /** Segments (one per consecutive pair of geometry positions) in a static R-tree, metres. */
  readonly segmentIndex: Flatbush;
  /** Geometry position at which each segment starts, and the edge it belongs to. */
  readonly segmentGeom: Int32Array;
  readonly segmentEdge: Int32Array;

  readonly stats: NetworkStats;
}

export interface NetworkStats {
  /** Input features read. */
  readonly features: number;
  /** Features left out by the walkable filter. */
  readonly notWalkable: number;
  /** Line parts dropped because they had fewer than two distinct positions. */
  readonly degenerateLines: number;
  /** Features of the first 20 such lines (dropped, each named in a warning). */
  readonly degenerateLineFeatures: readonly number[];
  readonly vertices: number;
  readonly nodes: number;
  readonly edges: number;
  readonly segments: number;
  readonly components: number;
  /** Vertices in the largest component. */
  readonly largestComponentVertices: number;
  /** Total walkable length, metres. */
  readonly lengthM: number;
}

/**
 * Throws an InputError naming `argument` unless `x` is a network from `buildNetwork`: a common slip is
 * to pass the street lines themselves, which would otherwise fail deep inside with a raw TypeError.
 */
export function checkNetwork(x: unknown, argument: string): asserts x is Network {
  const n = x as Partial<Network> | null;
  if (typeof n === 'object' && n !== null && typeof n.plane === 'object' && n.plane !== null && n.adjStart instanceof Int32Array) return;
  const got = Array.isArray(x) ? 'an array' : typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string'
    ? `a ${(x as { type: string }).type}` : x === null ? 'null' : `a ${typeof x}`;
  throw new InputError(`expected a network built with buildNetwork(lines), got ${got}`, argument);
}
