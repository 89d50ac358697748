import type { Network } from './network.js';
import { extentOf } from '../geo/extent.js';

/**
 * A uniform grid over the network's segments, for the nearest-street query that links every resident
 * (a million of them on a city). Each segment is listed in every cell its bounding box touches, so the
 * cells covering a query box hold every segment whose box meets it (and some more): the same candidates
 * the R-tree gives, found by arithmetic instead of a descent through five levels of nodes. Measured on
 * spread-L (1M segments, 1M residents): see benchmarks/ENGINE-CHANGES.md.
 *
 * A grid only pays where the streets fill their extent; one far-off stray line would stretch it over
 * empty land. `segmentGrid` gives up (undefined) when its cells, or its cell lists, would exceed
 * `MAX_CELLS_PER_SEGMENT` per segment, and linking then uses the R-tree.
 */
export interface SegmentGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly cols: number;
  readonly rows: number;
  /** Segments of cell `row * cols + col`: cellSegment[cellStart[c] .. cellStart[c + 1]). */
  readonly cellStart: Int32Array;
  readonly cellSegment: Int32Array;
}

/** Cell side, metres: the first search box of linking is 80 m wide, so it mostly touches 2 × 2 to 3 × 3 cells. */
export const SEGMENT_CELL_M = 50;
/** Cells, and cell list entries, allowed per segment (plus a small town's worth): 64 bytes each at most. */
const MAX_CELLS_PER_SEGMENT = 16;
const SMALL_TOWN_CELLS = 4096;

const grids = new WeakMap<Network, SegmentGrid | null>();

/** The network's segment grid, built once per network on first use; undefined when a grid does not fit (see above). */
export function segmentGridOf(network: Network): SegmentGrid | undefined {
  let grid = grids.get(network);
  if (grid === undefined) {
    grid = segmentGrid(network) ?? null;
    grids.set(network, grid);
  }
  return grid ?? undefined;
}

export function segmentGrid(network: Network, cellM = SEGMENT_CELL_M): SegmentGrid | undefined {
  const { segmentGeom, geomVertex, vertexX, vertexY } = network;
  const segments = segmentGeom.length;
  if (segments === 0) return undefined;
  const [x0, y0, x1, y1] = extentOf(vertexX, vertexY);
  const cols = Math.floor((x1 - x0) / cellM) + 1;
  const rows = Math.floor((y1 - y0) / cellM) + 1;
  if (cols * rows > MAX_CELLS_PER_SEGMENT * segments + SMALL_TOWN_CELLS) return undefined;

  // Two passes over the segments (count per cell, then place), so the lists are one flat array.
  const cellStart = new Int32Array(cols * rows + 1);
  const visitCells = (s: number, onCell: (cell: number) => void) => {
    const k = segmentGeom[s];
    const a = geomVertex[k], b = geomVertex[k + 1];
    const c0 = Math.floor((Math.min(vertexX[a], vertexX[b]) - x0) / cellM), c1 = Math.floor((Math.max(vertexX[a], vertexX[b]) - x0) / cellM);
    const r0 = Math.floor((Math.min(vertexY[a], vertexY[b]) - y0) / cellM), r1 = Math.floor((Math.max(vertexY[a], vertexY[b]) - y0) / cellM);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) onCell(r * cols + c);
  };
  for (let s = 0; s < segments; s++) visitCells(s, (cell) => { cellStart[cell + 1]++; });
  for (let c = 0; c < cols * rows; c++) cellStart[c + 1] += cellStart[c];
  // Long diagonal segments are listed in every cell of their box; a network of many would bloat the lists.
  if (cellStart[cols * rows] > MAX_CELLS_PER_SEGMENT * segments + SMALL_TOWN_CELLS) return undefined;
  const fill = cellStart.slice(0, cols * rows);
  const cellSegment = new Int32Array(cellStart[cols * rows]);
  for (let s = 0; s < segments; s++) visitCells(s, (cell) => { cellSegment[fill[cell]++] = s; });
  return { x0, y0, cellM, cols, rows, cellStart, cellSegment };
}

/**
 * Visits the segments listed in the grid cells that the box touches: every segment whose box meets
 * it, some more, and a segment spanning several of the cells more than once (harmless: `visit` keeps
 * a minimum with ties to the lower id).
 */
export function searchSegmentGrid(grid: SegmentGrid, minX: number, minY: number, maxX: number, maxY: number, visit: (s: number) => boolean): void {
  const { x0, y0, cellM, cols, rows, cellStart, cellSegment } = grid;
  const c0 = Math.max(0, Math.floor((minX - x0) / cellM)), c1 = Math.min(cols - 1, Math.floor((maxX - x0) / cellM));
  const r0 = Math.max(0, Math.floor((minY - y0) / cellM)), r1 = Math.min(rows - 1, Math.floor((maxY - y0) / cellM));
  for (let r = r0; r <= r1; r++) {
    for (let c = r * cols + c0, end = r * cols + c1; c <= end; c++) {
      for (let k = cellStart[c], e = cellStart[c + 1]; k < e; k++) visit(cellSegment[k]);
    }
  }
}
