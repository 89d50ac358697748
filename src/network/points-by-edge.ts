import type { Links } from './link-points.js';

/**
 * Linked points grouped by the edge they lie on, as compressed sparse rows: the points of edge e are
 * `point[start[e]] .. point[start[e + 1] - 1]`, in index order. A search that reaches an edge finds
 * the points along it without a pass over all points: distance fields use it for sources sharing a
 * point's edge, 2SFCA and site search for the residents along the edges a catchment reaches.
 */
export interface PointsByEdge {
  readonly start: Int32Array;
  readonly point: Int32Array;
}

/** Groups the linked points of `links` by edge; `keep` leaves points out (unlinked ones always are). */
export function pointsByEdge(edgeCount: number, links: Links, keep?: (i: number) => boolean): PointsByEdge {
  const start = new Int32Array(edgeCount + 1);
  const kept = (i: number) => links.edge[i] >= 0 && (!keep || keep(i));
  for (let i = 0; i < links.count; i++) if (kept(i)) start[links.edge[i] + 1]++;
  for (let e = 0; e < edgeCount; e++) start[e + 1] += start[e];
  const fill = start.slice(0, edgeCount);
  const point = new Int32Array(start[edgeCount]);
  for (let i = 0; i < links.count; i++) if (kept(i)) point[fill[links.edge[i]]++] = i;
  return { start, point };
}
