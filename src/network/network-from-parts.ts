import Flatbush from 'flatbush';
import { InputError } from '../errors.js';
import type { LineParts } from '../geo/line-parts.js';
import { localPlane, toX, toY } from '../geo/local-plane.js';
import type { Network } from './network.js';
import { labelComponents } from './components.js';
import { VertexIndex } from './vertex-index.js';
import { hilbertOrder } from './hilbert-order.js';

// The walking graph from the walkable line parts, passes 2 onwards of buildNetwork (build-network.ts,
// which takes the parts out of Features). Apart from it because the network worker scans a street
// file straight into parts (io/scan-line-collection.ts) and so need not load what reading Features takes.

/**
 * buildNetwork from the walkable line parts already taken out of the features (pass 1), as the
 * network worker scans them from a street file (io/scan-line-collection.ts). `source` names the input in errors.
 */
export function buildNetworkFromParts(walk: LineParts, source = 'network'): Network {
  if (walk.featureCount === 0) throw new InputError('the network has no features', source);
  if (walk.partCount === 0) throw new InputError('the network has no walkable lines', source);

  const plane = localPlane((walk.minLon + walk.maxLon) / 2, (walk.minLat + walk.maxLat) / 2);
  const runs = vertexRuns(walk);
  const { vertexCount } = runs;
  const vertexX = new Float64Array(vertexCount);
  const vertexY = new Float64Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) {
    vertexX[v] = toX(plane, runs.vertexLon[v]);
    vertexY[v] = toY(plane, runs.vertexLat[v]);
  }
  const nodes = chooseNodes(runs, vertexX, vertexY);
  const edges = cutEdges(runs, nodes.vertexNode, vertexX, vertexY);
  const { componentCount, nodeComponent, componentVertexCount } =
    labelComponents(nodes.nodeCount, edges.edgeCount, edges.edgeFrom, edges.edgeTo, edges.edgeGeomStart);
  const index = segmentTree(edges, vertexX, vertexY);

  let largest = 0;
  for (let c = 0; c < componentCount; c++) largest = Math.max(largest, componentVertexCount[c]);

  return {
    plane,
    vertexCount,
    vertexLon: runs.vertexLon,
    vertexLat: runs.vertexLat,
    vertexX, vertexY,
    nodeCount: nodes.nodeCount, nodeVertex: nodes.nodeVertex,
    edgeCount: edges.edgeCount, edgeFrom: edges.edgeFrom, edgeTo: edges.edgeTo, edgeLengthM: edges.edgeLengthM,
    edgeFeature: edges.edgeFeature, edgeGeomStart: edges.edgeGeomStart, geomVertex: edges.geomVertex, geomOffsetM: edges.geomOffsetM,
    ...adjacency(nodes.nodeCount, edges),
    componentCount, nodeComponent, componentVertexCount,
    segmentIndex: index.segmentIndex, segmentGeom: index.segmentGeom, segmentEdge: index.segmentEdge,
    stats: {
      features: walk.featureCount,
      notWalkable: walk.notWalkable,
      degenerateLines: runs.degenerateLines,
      degenerateLineFeatures: runs.degenerateLineFeatures,
      vertices: vertexCount,
      nodes: nodes.nodeCount,
      edges: edges.edgeCount,
      segments: index.segments,
      components: componentCount,
      largestComponentVertices: largest,
      lengthM: edges.lengthM,
    },
  };
}

/** The lines as runs of vertex ids, each a line of at least two distinct vertices. */
interface VertexRuns {
  readonly vertexCount: number;
  /** Each vertex's position as first given. */
  readonly vertexLon: Float64Array;
  readonly vertexLat: Float64Array;
  /** Line l's vertices are lineVertex[lineStart[l] .. lineStart[l + 1]). */
  readonly lineVertex: Int32Array;
  readonly lineStart: readonly number[];
  readonly lineFeature: readonly number[];
  readonly degenerateLines: number;
  readonly degenerateLineFeatures: number[];
}

/**
 * Pass 2: one id per distinct vertex (equal to 1e-7 degrees); each part becomes a run of vertex ids
 * without repeats. A part left with fewer than two is dropped and counted.
 */
function vertexRuns(walk: LineParts): VertexRuns {
  const { partCount, partStart, partFeature, lon: partLon, lat: partLat, positions } = walk;
  const vertexIds = new VertexIndex(positions);
  // Where each vertex first occurs: its coordinates are copied once the count is known, so no array
  // sized for every position holds them (fresh memory costs a page fault every 4 KB).
  const vertexFirst = new Int32Array(positions);
  const lineVertex = new Int32Array(positions);
  const lineStart: number[] = [];
  const lineFeature: number[] = [];
  let vertexCount = 0;
  let cursor = 0;
  let degenerateLines = 0;
  const degenerateLineFeatures: number[] = [];
  for (let p = 0; p < partCount; p++) {
    const start = cursor;
    for (let k = partStart[p], end = partStart[p + 1]; k < end; k++) {
      const lon = partLon[k], lat = partLat[k];
      const v = vertexIds.idOf(lon, lat);
      if (v === vertexCount) vertexFirst[vertexCount++] = k;
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
  const vertexLon = new Float64Array(vertexCount);
  const vertexLat = new Float64Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) {
    vertexLon[v] = partLon[vertexFirst[v]];
    vertexLat[v] = partLat[vertexFirst[v]];
  }
  return { vertexCount, vertexLon, vertexLat, lineVertex, lineStart, lineFeature, degenerateLines, degenerateLineFeatures };
}

/**
 * Pass 3: a vertex is a node where the graph can branch: a line end, or any vertex touched by
 * other than exactly two segment ends (shared interior vertices of crossing ways have four).
 * Node ids follow a Hilbert curve rather than the input order, so routing touches memory locally.
 */
function chooseNodes(runs: VertexRuns, vertexX: Float64Array, vertexY: Float64Array) {
  const { vertexCount, lineVertex, lineStart } = runs;
  const lineCount = lineStart.length - 1;
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
  const nodeVertex = hilbertOrder(vertexX, vertexY, nodeVertexInInputOrder);
  // The node of each vertex, -1 for a vertex inside an edge.
  const vertexNode = new Int32Array(vertexCount).fill(-1);
  for (let n = 0; n < nodeCount; n++) vertexNode[nodeVertex[n]] = n;
  return { nodeCount, nodeVertex, vertexNode };
}

/** The edges: node to node, with their vertices and the distance along them to each. */
type Edges = Pick<Network, 'edgeCount' | 'edgeFrom' | 'edgeTo' | 'edgeLengthM' | 'edgeFeature' | 'edgeGeomStart' | 'geomVertex' | 'geomOffsetM'> & {
  /** Total length of the network, metres. */
  readonly lengthM: number;
};

/** Pass 4: every line cut at its nodes into edges. Counted first so the arrays are sized exactly. */
function cutEdges(runs: VertexRuns, vertexNode: Int32Array, vertexX: Float64Array, vertexY: Float64Array): Edges {
  const { lineVertex, lineStart, lineFeature } = runs;
  const lineCount = lineFeature.length;
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
  return { edgeCount, edgeFrom, edgeTo, edgeLengthM, edgeFeature, edgeGeomStart, geomVertex, geomOffsetM, lengthM };
}

/** Adjacency in CSR form, each edge both ways. */
function adjacency(nodeCount: number, edges: Edges) {
  const { edgeCount, edgeFrom, edgeTo, edgeLengthM } = edges;
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
  return { adjStart, adjNode, adjEdge, adjLengthM };
}

/** Static R-tree over segments: linking asks it for the nearest street. */
function segmentTree(edges: Edges, vertexX: Float64Array, vertexY: Float64Array) {
  const { edgeCount, edgeGeomStart, geomVertex } = edges;
  const segments = geomVertex.length - edgeCount;
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
  return { segments, segmentGeom, segmentEdge, segmentIndex };
}
