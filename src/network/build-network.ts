import Flatbush from 'flatbush';
import type { Feature, Geometry, GeoJsonProperties, Position } from 'geojson';
import { InputError } from '../errors.js';
import { checkPosition } from '../geo/validate-coordinates.js';
import { localPlane } from '../geo/local-plane.js';
import { featureList, type FeatureInput } from '../geo/feature-input.js';
import type { Network } from './network.js';
import { isWalkable } from './walkable.js';
import { labelComponents } from './components.js';
import { VertexIndex } from './vertex-index.js';
import { hilbertOrder } from './hilbert-order.js';

export interface BuildNetworkOptions {
  /** Name of the input, used in error messages (a file name). Default "network". */
  source?: string;
  /**
   * Which lines are walkable. Default: the OSM-tag filter of DESIGN section 2 (`isWalkable`).
   * Pass `() => true` for a network that is already filtered.
   */
  walkable?: (props: GeoJsonProperties) => boolean;
}


/**
 * Builds the walking graph from LineString / MultiLineString features.
 * Lines join where they share a vertex, at their ends or in their interiors; lines that merely
 * cross do not join (bridges and tunnels stay apart). Takes a FeatureCollection or an array of
 * features. Bad input throws `InputError`.
 */
export function buildNetwork(lines: FeatureInput, opts: BuildNetworkOptions = {}): Network {
  const source = opts.source ?? 'network';
  const features = featureList(lines, source);
  const walkable = opts.walkable ?? isWalkable;

  // Pass 1: validate every feature, keep the walkable line parts, measure the extent.
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
  if (features.length === 0) throw new InputError('the network has no features', source);
  if (parts.length === 0) throw new InputError('the network has no walkable lines', source);

  const plane = localPlane((minLon + maxLon) / 2, (minLat + maxLat) / 2);

  // Pass 2: one id per distinct vertex; each part becomes a run of vertex ids without repeats.
  const vertexIds = new VertexIndex(positions);
  const vertexLon = new Float64Array(positions);
  const vertexLat = new Float64Array(positions);
  const lineVertex = new Int32Array(positions);
  const lineStart: number[] = [];
  const lineFeature: number[] = [];
  let vertexCount = 0;
  let cursor = 0;
  let degenerateLines = 0;
  const degenerateLineFeatures: number[] = [];
  for (let p = 0; p < parts.length; p++) {
    const line = parts[p];
    const start = cursor;
    for (let k = 0; k < line.length; k++) {
      const lon = line[k][0], lat = line[k][1];
      const v = vertexIds.idOf(lon, lat);
      if (v === vertexCount) {
        vertexCount++;
        vertexLon[v] = lon;
        vertexLat[v] = lat;
      }
      if (cursor > start && lineVertex[cursor - 1] === v) continue;
      lineVertex[cursor++] = v;
    }
    if (cursor - start < 2) {
      cursor = start;
      degenerateLines++;
      if (degenerateLineFeatures.length < 20 && degenerateLineFeatures[degenerateLineFeatures.length - 1] !== partFeature[p]) degenerateLineFeatures.push(partFeature[p]);
      continue;
    }
    lineStart.push(start);
    lineFeature.push(partFeature[p]);
  }
  lineStart.push(cursor);
  const lineCount = lineFeature.length;

  const vertexX = new Float64Array(vertexCount);
  const vertexY = new Float64Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) {
    vertexX[v] = (vertexLon[v] - plane.lon0) * plane.kx;
    vertexY[v] = (vertexLat[v] - plane.lat0) * plane.ky;
  }

  // Pass 3: a vertex is a node where the graph can branch: a line end, or any vertex touched by
  // other than exactly two segment ends (shared interior vertices of crossing ways have four).
  const touches = new Int32Array(vertexCount);
  const isNode = new Uint8Array(vertexCount);
  for (let l = 0; l < lineCount; l++) {
    const a = lineStart[l], b = lineStart[l + 1];
    isNode[lineVertex[a]] = 1;
    isNode[lineVertex[b - 1]] = 1;
    for (let k = a; k < b; k++) touches[lineVertex[k]] += k === a || k === b - 1 ? 1 : 2;
  }
  let nodeCount = 0;
  for (let v = 0; v < vertexCount; v++) if (isNode[v] || touches[v] !== 2) nodeCount++;
  const nodeVertexInInputOrder = new Int32Array(nodeCount);
  for (let v = 0, n = 0; v < vertexCount; v++) if (isNode[v] || touches[v] !== 2) nodeVertexInInputOrder[n++] = v;
  // Node ids follow a Hilbert curve rather than the input order, so routing touches memory locally.
  const nodeVertex = hilbertOrder(vertexX, vertexY, nodeVertexInInputOrder);
  const vertexNode = new Int32Array(vertexCount).fill(-1);
  for (let n = 0; n < nodeCount; n++) vertexNode[nodeVertex[n]] = n;

  // Pass 4: cut every line at its nodes into edges. Count first so the arrays are sized exactly.
  let edgeCount = 0;
  let geomCount = 0;
  for (let l = 0; l < lineCount; l++) {
    const a = lineStart[l], b = lineStart[l + 1];
    let nodesOnLine = 0;
    for (let k = a; k < b; k++) if (vertexNode[lineVertex[k]] >= 0) nodesOnLine++;
    edgeCount += nodesOnLine - 1;
    geomCount += b - a + nodesOnLine - 2;
  }
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  const edgeLengthM = new Float64Array(edgeCount);
  const edgeFeature = new Int32Array(edgeCount);
  const edgeGeomStart = new Int32Array(edgeCount + 1);
  const geomVertex = new Int32Array(geomCount);
  const geomOffsetM = new Float64Array(geomCount);
  let e = 0;
  let g = 0;
  let lengthM = 0;
  for (let l = 0; l < lineCount; l++) {
    const a = lineStart[l], b = lineStart[l + 1];
    let along = 0;
    edgeGeomStart[e] = g;
    edgeFrom[e] = vertexNode[lineVertex[a]];
    geomVertex[g] = lineVertex[a];
    geomOffsetM[g++] = 0;
    for (let k = a + 1; k < b; k++) {
      const v = lineVertex[k], u = lineVertex[k - 1];
      along += Math.hypot(vertexX[v] - vertexX[u], vertexY[v] - vertexY[u]);
      geomVertex[g] = v;
      geomOffsetM[g++] = along;
      const node = vertexNode[v];
      if (node < 0) continue;
      edgeTo[e] = node;
      edgeLengthM[e] = along;
      edgeFeature[e] = lineFeature[l];
      lengthM += along;
      e++;
      if (k === b - 1) break;
      // The node closes this edge and opens the next one.
      edgeGeomStart[e] = g;
      edgeFrom[e] = node;
      geomVertex[g] = v;
      geomOffsetM[g++] = 0;
      along = 0;
    }
  }
  edgeGeomStart[edgeCount] = g;

  // Adjacency in CSR form, each edge both ways.
  const adjStart = new Int32Array(nodeCount + 1);
  for (let i = 0; i < edgeCount; i++) {
    adjStart[edgeFrom[i] + 1]++;
    adjStart[edgeTo[i] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) adjStart[n + 1] += adjStart[n];
  const fill = adjStart.slice(0, nodeCount);
  const adjNode = new Int32Array(2 * edgeCount);
  const adjEdge = new Int32Array(2 * edgeCount);
  const adjLengthM = new Float64Array(2 * edgeCount);
  for (let i = 0; i < edgeCount; i++) {
    const u = edgeFrom[i], v = edgeTo[i];
    let s = fill[u]++;
    adjNode[s] = v; adjEdge[s] = i; adjLengthM[s] = edgeLengthM[i];
    s = fill[v]++;
    adjNode[s] = u; adjEdge[s] = i; adjLengthM[s] = edgeLengthM[i];
  }

  const { componentCount, nodeComponent, componentVertexCount } =
    labelComponents(nodeCount, edgeCount, edgeFrom, edgeTo, edgeGeomStart);

  // Static R-tree over segments: linking asks it for the nearest street.
  const segments = geomCount - edgeCount;
  const segmentGeom = new Int32Array(segments);
  const segmentEdge = new Int32Array(segments);
  const segmentIndex = new Flatbush(Math.max(segments, 1));
  let s = 0;
  for (let i = 0; i < edgeCount; i++) {
    for (let k = edgeGeomStart[i]; k < edgeGeomStart[i + 1] - 1; k++) {
      const v0 = geomVertex[k], v1 = geomVertex[k + 1];
      const x0 = vertexX[v0], y0 = vertexY[v0], x1 = vertexX[v1], y1 = vertexY[v1];
      segmentIndex.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      segmentGeom[s] = k;
      segmentEdge[s++] = i;
    }
  }
  if (segments === 0) segmentIndex.add(0, 0, 0, 0);
  segmentIndex.finish();

  let largest = 0;
  for (let c = 0; c < componentCount; c++) largest = Math.max(largest, componentVertexCount[c]);

  return {
    plane,
    vertexCount,
    vertexLon: vertexLon.slice(0, vertexCount),
    vertexLat: vertexLat.slice(0, vertexCount),
    vertexX, vertexY,
    nodeCount, nodeVertex,
    edgeCount, edgeFrom, edgeTo, edgeLengthM, edgeFeature, edgeGeomStart, geomVertex, geomOffsetM,
    adjStart, adjNode, adjEdge, adjLengthM,
    componentCount, nodeComponent, componentVertexCount,
    segmentIndex, segmentGeom, segmentEdge,
    stats: {
      features: features.length,
      notWalkable,
      degenerateLines,
      degenerateLineFeatures,
      vertices: vertexCount,
      nodes: nodeCount,
      edges: edgeCount,
      segments,
      components: componentCount,
      largestComponentVertices: largest,
      lengthM,
    },
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
