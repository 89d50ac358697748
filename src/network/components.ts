/**
 * Connected components by union-find over the edges. Component ids follow the order in which
 * their first node appears, so they are the same from run to run.
 */
export function labelComponents(
  nodeCount: number,
  edgeCount: number,
  edgeFrom: Int32Array,
  edgeTo: Int32Array,
  edgeGeomStart: Int32Array,
): { componentCount: number; nodeComponent: Int32Array; componentVertexCount: Int32Array } {
  const parent = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) parent[n] = n;
  const find = (n: number): number => {
    while (parent[n] !== n) {
      parent[n] = parent[parent[n]];
      n = parent[n];
    }
    return n;
  };
  for (let e = 0; e < edgeCount; e++) {
    const a = find(edgeFrom[e]), b = find(edgeTo[e]);
    if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
  }
  const nodeComponent = new Int32Array(nodeCount).fill(-1);
  const rootComponent = new Int32Array(nodeCount).fill(-1);
  let componentCount = 0;
  for (let n = 0; n < nodeCount; n++) {
    const r = find(n);
    if (rootComponent[r] < 0) rootComponent[r] = componentCount++;
    nodeComponent[n] = rootComponent[r];
  }
  const componentVertexCount = new Int32Array(componentCount);
  for (let n = 0; n < nodeCount; n++) componentVertexCount[nodeComponent[n]]++;
  // Interior vertices of an edge belong to that edge alone.
  for (let e = 0; e < edgeCount; e++) {
    componentVertexCount[nodeComponent[edgeFrom[e]]] += edgeGeomStart[e + 1] - edgeGeomStart[e] - 2;
  }
  return { componentCount, nodeComponent, componentVertexCount };
}
